/**
 * The failure constructors of src/result.ts and src/dpop-result.ts: each failure carries the one fixed sentence of its
 * code (or reason) and nothing else a caller did not ask for. The sentences are pinned here, so a
 * change to one is a decision taken in a diff, not a side effect (README: "a fixed English
 * sentence per code, safe to log").
 */
import { describe, expect, it } from 'vitest'
import {
  bindingFailure, claimsFailure, customFailure, formatFailure, keyNotFound, rolesFailure, scopesFailure, signatureFailure, unavailable,
  type ClaimsCode, type FormatReason, type KeyNotFoundReason, type UnavailableReason,
} from '../src/result.js'
import { dpopUnavailable, invalidProof, keyMismatch, nonceFailure, type DpopReason } from '../src/dpop-result.js'

const FORMAT: Record<FormatReason, string> = {
  not_a_string: 'The token is not a string.',
  too_large: 'The token is longer than the configured maximum.',
  segments: 'The token is not a compact JWS of three segments with a header and a payload.',
  base64url: 'A token segment is not canonical unpadded base64url.',
  utf8: 'The header or payload is not valid UTF-8 without a byte order mark.',
  json: 'The header or payload is not valid JSON.',
  duplicate_member: 'The header or payload repeats a member name.',
  not_object: 'The header or payload is not a JSON object.',
  header: 'The header lacks a string "alg" or has a non-string "kid".',
  unsupported_header: 'The header uses crit, b64, zip, enc or a nested token, which are not supported.',
  auth_scheme: 'The token still starts with an authorization scheme such as "Bearer ": pass the credential alone (bearerToken extracts it).',
  whitespace: 'The token has white space before or after it: pass it trimmed.',
}

const KEY: Record<KeyNotFoundReason, string> = {
  no_matching_kid: 'No key in the key set has the token\'s kid.',
  no_key_for_algorithm: 'No key matching the token fits its algorithm (key type, curve or alg).',
  key_rejected: 'The key matching the token was refused by the key policy.',
  import_failed: 'The runtime could not import the key matching the token.',
}

const UNAVAILABLE: Record<UnavailableReason, string> = {
  http_status: 'The key set endpoint answered with an error status.',
  timeout: 'The key set endpoint did not answer in time.',
  network: 'The key set endpoint could not be reached.',
  too_large: 'The key set endpoint sent too large a body.',
  not_a_key_set: 'The key set endpoint did not send a JSON Web Key Set.',
  discovery_failed: 'The issuer metadata could not be discovered.',
}

// The binding codes (binding_not_verified, certificate_mismatch) name a confirmation method too;
// their sentences are pinned below, beside the role and claim-check sentences.
const DPOP: Record<DpopReason, string> = {
  malformed: 'The DPoP proof is not a well-formed compact JWS.',
  type: 'The DPoP proof\'s typ is not dpop+jwt.',
  algorithm: 'The DPoP proof\'s algorithm is not an allowed asymmetric algorithm.',
  key: 'The DPoP proof has no usable public jwk header.',
  signature: 'The DPoP proof\'s signature does not verify with its jwk.',
  claims: 'The DPoP proof lacks a required claim or has one of the wrong type.',
  method: 'The DPoP proof is for another HTTP method.',
  url: 'The DPoP proof is for another URL.',
  stale: 'The DPoP proof is too old.',
  future: 'The DPoP proof is issued in the future.',
  access_token_hash: 'The DPoP proof is for another access token.',
  replayed: 'The DPoP proof was already used.',
}

const CLAIMS: Record<Exclude<ClaimsCode, 'binding_not_verified' | 'certificate_mismatch'>, string> = {
  expired: 'The token has expired.',
  not_yet_valid: 'The token is not valid yet.',
  issuer_mismatch: 'Unexpected issuer.',
  audience_mismatch: 'Unexpected audience.',
  type_mismatch: 'Not an access token type.',
  missing_claim: 'A required claim is missing.',
  invalid_claim: 'A claim has the wrong type or value.',
  id_token: 'An ID token, not an access token.',
  claim_mismatch: 'A claim has an unexpected value.',
}

describe('failure messages', () => {
  it.each(Object.entries(FORMAT) as [FormatReason, string][])('format reason %s → its sentence', (reason, message) => {
    expect(formatFailure(reason)).toStrictEqual({ ok: false, step: 'format', code: 'malformed', reason, message })
  })

  it('signature codes alg_not_allowed, invalid_signature → their sentences', () => {
    expect(signatureFailure('alg_not_allowed')).toStrictEqual({
      ok: false, step: 'signature', code: 'alg_not_allowed', message: 'The token\'s algorithm is not allowed.',
    })
    expect(signatureFailure('invalid_signature')).toStrictEqual({
      ok: false, step: 'signature', code: 'invalid_signature', message: 'The signature does not verify.',
    })
  })

  it.each(Object.entries(KEY) as [KeyNotFoundReason, string][])('key_not_found reason %s → its sentence, no rule unless given', (reason, message) => {
    expect(keyNotFound(reason)).toStrictEqual({ ok: false, step: 'signature', code: 'key_not_found', reason, message })
    expect(keyNotFound(reason, 'use')).toStrictEqual({ ok: false, step: 'signature', code: 'key_not_found', reason, rule: 'use', message })
  })

  it.each(Object.entries(UNAVAILABLE) as [UnavailableReason, string][])('jwks_unavailable reason %s → its sentence and retryAfter', (reason, message) => {
    expect(unavailable(reason, 7)).toStrictEqual({ ok: false, step: 'signature', code: 'jwks_unavailable', reason, retryAfter: 7, message })
  })

  it.each(Object.entries(CLAIMS) as [keyof typeof CLAIMS, string][])('claims code %s → its sentence', (code, message) => {
    expect(claimsFailure(code, 'exp' as never)).toStrictEqual({ ok: false, step: 'claims', code, claim: 'exp', message })
  })

  it('scopes codes → their sentences, with missing and required as given', () => {
    expect(scopesFailure('insufficient_scope', 'scp', ['b'], ['a', 'b'])).toStrictEqual({
      ok: false, step: 'scopes', code: 'insufficient_scope', claim: 'scp', missing: ['b'], required: ['a', 'b'],
      message: 'The token does not grant the required scopes.',
    })
    expect(scopesFailure('invalid_claim', 'permissions', ['a'], ['a'])).toStrictEqual({
      ok: false, step: 'scopes', code: 'invalid_claim', claim: 'permissions', missing: ['a'], required: ['a'],
      message: 'The scope claim has the wrong type.',
    })
  })

  it('binding codes certificate_mismatch, binding_not_verified → their sentences, with the confirmation method', () => {
    expect(bindingFailure('certificate_mismatch', 'x5t#S256')).toStrictEqual({
      ok: false, step: 'claims', code: 'certificate_mismatch', claim: 'cnf', confirmation: 'x5t#S256',
      message: 'The client certificate is not the one the token is bound to.',
    })
    expect(bindingFailure('binding_not_verified', 'jkt')).toStrictEqual({
      ok: false, step: 'claims', code: 'binding_not_verified', claim: 'cnf', confirmation: 'jkt',
      message: 'The token is bound to a key or certificate that this request did not prove.',
    })
  })

  it('roles codes invalid_claim, insufficient_role → their sentences, naming the role claim', () => {
    expect(rolesFailure(scopesFailure('invalid_claim', 'scope', ['admin'], ['admin']), 'roles')).toStrictEqual({
      ok: false, step: 'scopes', code: 'invalid_claim', claim: 'roles', missing: ['admin'], required: ['admin'],
      message: 'The role claim has the wrong type.',
    })
    expect(rolesFailure(scopesFailure('insufficient_scope', 'scope', ['admin'], ['admin']), 'roles')).toStrictEqual({
      ok: false, step: 'scopes', code: 'insufficient_role', claim: 'roles', missing: ['admin'], required: ['admin'],
      message: 'The token does not grant the required roles.',
    })
  })

  it('a claim check x_tenant refusing → claims/x_tenant with its sentence', () => {
    expect(customFailure('x_tenant', 'tid')).toStrictEqual({
      ok: false, step: 'claims', code: 'x_tenant', claim: 'tid', message: 'A claim check refused the token.',
    })
  })

  it.each(Object.entries(DPOP) as [DpopReason, string][])('dpop invalid_dpop_proof reason %s → its sentence, no rule unless given', (reason, message) => {
    expect(invalidProof(reason)).toStrictEqual({ ok: false, step: 'dpop', code: 'invalid_dpop_proof', reason, message })
    expect(invalidProof(reason, 'point')).toStrictEqual({ ok: false, step: 'dpop', code: 'invalid_dpop_proof', reason, rule: 'point', message })
  })

  it.each([
    ['missing', 'The server requires a nonce in the DPoP proof.'],
    ['mismatch', 'The DPoP proof\'s nonce is not one the server accepts.'],
  ] as const)('dpop use_dpop_nonce reason %s → its sentence', (reason, message) => {
    expect(nonceFailure(reason)).toStrictEqual({ ok: false, step: 'dpop', code: 'use_dpop_nonce', reason, message })
  })

  it.each([
    ['not_bound', 'The access token is not bound to a DPoP key.'],
    ['thumbprint', 'The access token is bound to another key than the DPoP proof\'s.'],
  ] as const)('dpop key_mismatch reason %s → its sentence', (reason, message) => {
    expect(keyMismatch(reason)).toStrictEqual({ ok: false, step: 'dpop', code: 'key_mismatch', reason, message })
  })

  it.each([
    ['replay_store', 'The DPoP replay store could not be used.'],
    ['nonce_provider', 'The DPoP nonce provider could not be used.'],
  ] as const)('dpop dpop_unavailable reason %s → its sentence and retryAfter 1', (reason, message) => {
    expect(dpopUnavailable(reason)).toStrictEqual({ ok: false, step: 'dpop', code: 'dpop_unavailable', reason, retryAfter: 1, message })
  })
})
