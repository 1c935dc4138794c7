/**
 * Test helpers for sender-constrained tokens: DPoP proofs, JWK thumbprints and access token
 * hashes made with node:crypto, independent of src/, as helpers.ts makes tokens.
 */
import { createHash } from 'node:crypto'
import { expect } from 'vitest'
import { b64url, makeToken, NOW, signSegments, validClaims, type Part, type TestKey } from './helpers.js'
import type { Algorithm } from '../src/index.js'

/** The request the proofs below are made for. */
export const METHOD = 'GET'
export const URL = 'https://api.example/orders'

/** RFC 7638 thumbprint of a public JWK, computed from its required members. */
export function thumbprint(jwk: Record<string, unknown>): string {
  const required = jwk.kty === 'RSA' ? ['e', 'kty', 'n'] : jwk.kty === 'EC' ? ['crv', 'kty', 'x', 'y'] : ['crv', 'kty', 'x']
  const json = `{${required.map((name) => `${JSON.stringify(name)}:${JSON.stringify(jwk[name])}`).join(',')}}`
  return b64url(createHash('sha256').update(json).digest())
}

/** RFC 9449 §4.2 ath: base64url SHA-256 of the token's ASCII. */
export function ath(token: string): string {
  return b64url(createHash('sha256').update(token, 'ascii').digest())
}

/** A public JWK for a proof header: the test key's, without its kid. */
export function publicJwk(key: TestKey): Record<string, unknown> {
  const { kid: _kid, ...jwk } = key.jwk
  return jwk
}

const NATURAL: Readonly<Record<TestKey['kind'], Algorithm>> = {
  'RSA': 'RS256', 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512', 'Ed25519': 'EdDSA',
}

export interface ProofInput {
  readonly key: TestKey
  readonly alg?: Algorithm
  /** The access token the proof covers (its ath); omit `ath` from claims to leave it out. */
  readonly token?: string
  /** Merged over { typ, alg, jwk }; a string or bytes replace the header. */
  readonly header?: Part
  /** Merged over { jti, htm, htu, iat, ath }; members set to undefined are dropped. */
  readonly claims?: Record<string, unknown>
  readonly signer?: TestKey
}

let counter = 0

/** A DPoP proof that verifies for METHOD and URL at NOW, signed by `key` (or `signer`). */
export function makeProof(input: ProofInput): string {
  const alg = input.alg ?? NATURAL[input.key.kind]
  const header = typeof input.header === 'string' || input.header instanceof Uint8Array
    ? input.header
    : { typ: 'dpop+jwt', alg, jwk: publicJwk(input.key), ...(input.header as object | undefined) }
  const claims: Record<string, unknown> = {
    jti: `proof-${++counter}`, htm: METHOD, htu: URL, iat: NOW - 1,
    ...(input.token === undefined ? {} : { ath: ath(input.token) }),
    ...input.claims,
  }
  for (const name of Object.keys(claims)) if (claims[name] === undefined) delete claims[name]
  const encode = (part: Part) => typeof part === 'string' || part instanceof Uint8Array ? b64url(part) : b64url(JSON.stringify(part))
  return signSegments(input.signer ?? input.key, alg, encode(header), encode(claims))
}

/** An access token bound to `proofKey` (cnf.jkt), signed by the issuer key. */
export function boundToken(issuer: TestKey, proofKey: TestKey, claims: Record<string, unknown> = {}): string {
  return makeToken({ key: issuer, claims: validClaims({ cnf: { jkt: thumbprint(proofKey.jwk) }, ...claims }) })
}

/** The exact shape of a dpop failure; `message` is fixed English, only its presence is pinned. */
export const dpopFailure = (code: string, reason: string, extra: Record<string, unknown> = {}) =>
  ({ ok: false, step: 'dpop', code, reason, message: expect.any(String), ...extra })

/** The exact shape of a binding failure (step claims, claim cnf). */
export const bindingFailure = (code: 'binding_not_verified' | 'certificate_mismatch', confirmation: string) =>
  ({ ok: false, step: 'claims', code, claim: 'cnf', confirmation, message: expect.any(String) })
