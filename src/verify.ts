/**
 * The pipeline: the only file that knows the order of the steps. Each step returns its output
 * with `ok: true` or its failure with `ok: false`, and the first failure is the result (RFC 7519
 * §7.2: claims are judged only after the signature verified). Nothing a token or key set contains
 * makes these functions throw.
 */
import { checkClaims } from './claims.js'
import { parseCompact, unverifiedHeader, type ParsedToken } from './format.js'
import { own } from './json.js'
import { chooseKeySet } from './keyset.js'
import { rememberedSettings, resolveCall, resolveOptions, type CallOptions, type Settings, type VerifyOptions } from './options.js'
import type { AccessTokenClaims, JoseHeader, SignatureFailure, VerifyResult } from './result.js'
import { checkScopes, type ScopeRule } from './scopes.js'
import { checkSignature, isPending, type Verified } from './signature.js'

/**
 * Verifies one token against settings that were validated already. Not an async function: the
 * steps before and after the signature are synchronous, so the only promise awaited is the one
 * WebCrypto returns (a remote key set may add its fetch). Each `await` of a value already known
 * costs a sequential verifier about as much as a microsecond of work (test/bench).
 */
function run<Claims extends object>(token: unknown, settings: Settings, scopes: ScopeRule): Promise<VerifyResult<Claims>> {
  const parsed = parseCompact(token, settings.maxTokenLength)
  if (parsed.ok === false) return Promise.resolve(parsed)

  const keySet = chooseKeySet(settings.keys, own(parsed.unverifiedPayload, 'iss'))
  if (keySet.ok === false) return Promise.resolve(keySet)

  const signature = checkSignature(parsed, settings.algorithms, keySet.source, settings.verdicts)
  // Promise.resolve returns a promise of this realm as it is, so the common case adds no step.
  return isPending(signature)
    ? Promise.resolve(signature).then((verified) => conclude<Claims>(parsed, verified, settings, scopes))
    : Promise.resolve(conclude<Claims>(parsed, signature, settings, scopes))
}

/** The steps after the signature: claims at the current time, then scopes, then the result. */
function conclude<Claims extends object>(
  parsed: ParsedToken,
  signature: Verified | SignatureFailure,
  settings: Settings,
  scopes: ScopeRule,
): VerifyResult<Claims> {
  if (signature.ok !== true) {
    if (signature.ok === false) return signature
    // Security: only an explicit verdict goes on. Should a bug ever hand over anything else (a
    // promise not awaited, say), nothing was verified: refuse, never go on to the claims.
    throw new TypeError('verify-access-token: internal error: the signature step gave no verdict')
  }

  // No Date object per token: a fixed currentDate is read, otherwise the clock.
  const now = (settings.currentDate?.getTime() ?? Date.now()) / 1000
  const claims = checkClaims(parsed, settings, now)
  if (claims.ok === false) return claims

  const granted = checkScopes(parsed.unverifiedPayload, scopes)
  if (granted.ok === false) return granted

  return {
    ok: true,
    claims: parsed.unverifiedPayload as Claims & AccessTokenClaims,
    header: unverifiedHeader(parsed) as JoseHeader,
    scopes: granted.scopes,
  }
}

/**
 * A verifier made by `createVerifier`: options checked once, keys imported once. Its claims type
 * is the one named at creation, or one named per call. A call may require other scopes than the
 * verifier (`verify(token, { scopes: 'admin' })`), so one verifier serves every route.
 */
export interface Verifier<Default extends object = AccessTokenClaims> {
  <Claims extends object = Default>(token: unknown, call?: CallOptions): Promise<VerifyResult<Claims>>
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
  const verify = ((token: unknown, call?: CallOptions) => {
    try {
      return run(token, settings, call === undefined ? settings.scopes : resolveCall(call, settings.scopes))
    } catch (error) {
      // A mistake in the call's options is the caller's: it rejects, like a mistake in the options.
      // (`run` itself never throws; should a bug make it, the caller still gets a rejection.)
      return Promise.reject(error)
    }
  }) as Verifier<Claims>
  return Object.defineProperty(verify, 'verify', { value: verify, enumerable: true })
}

/**
 * Verifies an OAuth 2.0 JWT access token in one call. Rejects with a `TypeError` for invalid
 * options; every token outcome is a resolved result. Called again with the same options object,
 * unchanged, it reuses the settings and key set validated the first time, so it costs what a
 * `createVerifier` call does (see `rememberedSettings` for what counts as a change). Keys already
 * imported for an identical key (from any earlier call) are reused whatever the options object.
 * @see RFC 9068 §4
 */
export function verifyAccessToken<Claims extends object = AccessTokenClaims>(
  token: unknown,
  options: VerifyOptions,
): Promise<VerifyResult<Claims>> {
  try {
    const settings = rememberedSettings(options)
    return run<Claims>(token, settings, settings.scopes)
  } catch (error) {
    // Invalid options reject, as from the async function this was.
    return Promise.reject(error)
  }
}
