/**
 * The pipeline: the only file that knows the order of the steps. Each step returns its output
 * with `ok: true` or its failure with `ok: false`, and the first failure is the result (RFC 7519
 * §7.2: claims are judged only after the signature verified). Nothing a token, key set, DPoP
 * proof or client certificate contains makes these functions throw.
 */
import { checkBinding } from './binding.js'
import { checkClaims } from './claims.js'
import type { DpopFailure } from './dpop-result.js'
import { parseCompact } from './format.js'
import { own } from './json.js'
import { chooseKeySet } from './keyset.js'
import { fail } from './mistakes.js'
import {
  resolveCall, resolveOptions, type BearerCallOptions, type CallOptions, type CallRule, type Settings, type VerifyOptions,
} from './options.js'
import type { AccessTokenClaims, JoseHeader, VerifyResult } from './result.js'
import { checkScopes } from './scopes.js'
import { checkSignature } from './signature.js'

/** Verifies one token against settings that were validated already. */
async function run<Claims extends object>(token: unknown, settings: Settings, call: CallRule): Promise<VerifyResult<Claims> | DpopFailure> {
  const parsed = parseCompact(token, settings.maxTokenLength)
  if (parsed.ok === false) return parsed

  const keySet = chooseKeySet(settings.keys, own(parsed.unverifiedPayload, 'iss'))
  if (keySet.ok === false) return keySet

  const signature = await checkSignature(parsed, settings.algorithms, keySet.source)
  if (signature.ok === false) return signature

  const now = (settings.currentDate ?? new Date()).getTime() / 1000
  const claims = checkClaims(parsed, settings, now)
  if (claims.ok === false) return claims

  // Still step claims: cnf. Awaited only when a client certificate has to be hashed.
  const binding = checkBinding(parsed.unverifiedPayload, { hasProof: call.proof !== undefined, certificate: call.certificate }, settings.acceptBoundTokensAsBearer)
  const bound = binding instanceof Promise ? await binding : binding
  if (bound.ok === false) return bound

  const granted = checkScopes(parsed.unverifiedPayload, call.scopes)
  if (granted.ok === false) return granted

  // The fifth step, on the DPoP proof, for calls that pass one (RFC 9449 §7.1).
  if (call.proof !== undefined && settings.dpop !== undefined) {
    const proof = await settings.dpop.check(call.proof, token as string, parsed.unverifiedPayload, now)
    if (proof.ok === false) return proof
  }

  return {
    ok: true,
    claims: parsed.unverifiedPayload as Claims & AccessTokenClaims,
    header: parsed.unverifiedHeader as JoseHeader,
    scopes: granted.scopes,
  }
}

/**
 * A verifier made by `createVerifier`: options checked once, keys imported once. Its claims type
 * is the one named at creation, or one named per call. A call may require other scopes than the
 * verifier (`verify(token, { scopes: 'admin' })`), so one verifier serves every route, and passes
 * what the request proves: a client certificate, or a DPoP proof (`verify(token, { dpop })`), in
 * which case a fifth step, `dpop`, may fail: its result type says so.
 */
export interface Verifier<Default extends object = AccessTokenClaims> {
  <Claims extends object = Default>(token: unknown, call?: BearerCallOptions): Promise<VerifyResult<Claims>>
  <Claims extends object = Default>(token: unknown, call: CallOptions): Promise<VerifyResult<Claims> | DpopFailure>
  /** The same function, for code that calls `verifier.verify(token)`. */
  readonly verify: Verifier<Default>
}

/**
 * Validates `options` once (throwing a `TypeError` on a mistake) and returns `verify(token)`.
 * The key set is read now; its `CryptoKey`s are imported on first use and reused.
 * @see RFC 9068 §4
 */
export function createVerifier<Claims extends object = AccessTokenClaims>(options: VerifyOptions): Verifier<Claims> {
  const settings = resolveOptions(options)
  const bearer: CallRule = Object.freeze({ scopes: settings.scopes, dpop: false, proof: undefined, certificate: undefined })
  const verify = ((token: unknown, call?: CallOptions) => {
    if (call === undefined) return run(token, settings, bearer)
    try {
      const rule = resolveCall(call, settings.scopes)
      if (rule.dpop && settings.dpop === undefined) {
        fail('this verifier takes no DPoP proofs: create it with dpop: createDpopVerifier() in its options')
      }
      return run(token, settings, rule)
    } catch (error) {
      // A mistake in the call's options is the caller's: it rejects, like a mistake in the options.
      return Promise.reject(error)
    }
  }) as Verifier<Claims>
  return Object.defineProperty(verify, 'verify', { value: verify, enumerable: true })
}

/**
 * Verifies an OAuth 2.0 JWT access token in one call. Rejects with a `TypeError` for invalid
 * options; every token outcome is a resolved result. Keys already imported for an identical key
 * (from any earlier call) are reused; use `createVerifier` to also skip re-reading the options.
 * @see RFC 9068 §4
 */
export async function verifyAccessToken<Claims extends object = AccessTokenClaims>(
  token: unknown,
  options: VerifyOptions,
): Promise<VerifyResult<Claims>> {
  const settings = resolveOptions(options)
  // Security: a proof is only as good as the replay store that remembers it, which one call
  // cannot keep; DPoP input goes to a verifier, `verify(token, { dpop })`, never here.
  if (settings.dpop !== undefined) fail('verifyAccessToken does not verify DPoP proofs: create a verifier with createVerifier(options) and call verify(token, { dpop: { proof, method, url } })')
  return run<Claims>(token, settings, { scopes: settings.scopes, dpop: false, proof: undefined, certificate: undefined }) as Promise<VerifyResult<Claims>>
}
