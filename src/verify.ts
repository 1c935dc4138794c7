/**
 * The pipeline: the only file that knows the order of the steps. Each step runs only when every
 * earlier one passed, and the first failure is the result (RFC 7519 §7.2: claims are judged only
 * after the signature verified). Nothing a token or key set contains makes these functions throw.
 */
import { checkClaims } from './claims.js'
import { parseCompact } from './format.js'
import { own } from './json.js'
import { applyCallOptions, resolveOptions, type CallOptions, type Settings, type VerifyOptions } from './options.js'
import { claimsFailure, type AccessTokenClaims, type JoseHeader, type VerifyResult } from './result.js'
import { checkScopes } from './scopes.js'
import { checkSignature } from './signature.js'

/** Verifies one token against settings that were validated already. */
async function run<Claims extends object>(token: unknown, settings: Settings): Promise<VerifyResult<Claims>> {
  const parsed = parseCompact(token, settings.maxTokenLength)
  if ('ok' in parsed) return parsed

  // With a key set per issuer, the unverified iss only chooses which set to try; claims.ts
  // still checks it after the signature. Security: an issuer without a key set has no key to
  // verify with. This is the one claim answered before the signature, as the contract for
  // several issuers requires; it reveals only whether an issuer is configured, which its public
  // metadata says anyway.
  const keys = settings.keys instanceof Map ? settings.keys.get(own(parsed.unverifiedPayload, 'iss') as string) : settings.keys
  if (keys === undefined) return claimsFailure('issuer_mismatch', 'iss')

  const signature = await checkSignature(parsed, settings.algorithms, keys)
  if (signature !== undefined) return signature

  const now = (settings.currentDate ?? new Date()).getTime() / 1000
  const claims = checkClaims(parsed, settings, now)
  if (claims !== undefined) return claims

  const scopes = checkScopes(parsed.unverifiedPayload, settings)
  if ('ok' in scopes) return scopes

  return {
    ok: true,
    claims: parsed.unverifiedPayload as Claims & AccessTokenClaims,
    header: parsed.unverifiedHeader as JoseHeader,
    scopes,
  }
}

/**
 * A verifier made by `createVerifier`: options checked once, keys imported once. Its claims type
 * is the one named at creation, or one named per call.
 */
export interface Verifier<Default extends object = AccessTokenClaims> {
  /** `options` change the required scopes for this call only (a `TypeError` rejects a mistake). */
  <Claims extends object = Default>(token: unknown, options?: CallOptions): Promise<VerifyResult<Claims>>
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
  // Async, so a mistake in a call's options rejects like every other outcome of a call.
  const verify = (async (token: unknown, call?: CallOptions) =>
    run(token, call === undefined ? settings : applyCallOptions(settings, call))) as Verifier<Claims>
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
  return run<Claims>(token, resolveOptions(options))
}
