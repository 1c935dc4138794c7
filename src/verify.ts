/**
 * The pipeline: the only file that knows the order of the steps. Each step returns its output
 * with `ok: true` or its failure with `ok: false`, and the first failure is the result (RFC 7519
 * §7.2: claims are judged only after the signature verified). Nothing a token or key set contains
 * makes these functions throw.
 */
import { runClaimChecks } from './checks.js'
import { checkClaims } from './claims.js'
import { parseCompact } from './format.js'
import { nameGraphToken } from './graph.js'
import { own } from './json.js'
import { chooseKeySet, type ChosenKeySet, type KeySetStatus, type KeySource } from './keyset.js'
import { resolveCall, resolveOptions, withCall, type CallOptions, type CallRule, type PerIssuerOptions, type Settings, type VerifyOptions } from './options.js'
import type { AccessTokenClaims, JoseHeader, VerifyResult } from './result.js'
import { checkRoles } from './roles.js'
import { checkScopes } from './scopes.js'
import { checkSignature } from './signature.js'

/** Verifies one token against settings that were validated already, with a call's own rules. */
async function run<Claims extends object>(token: unknown, settings: Settings, call?: CallRule): Promise<VerifyResult<Claims>> {
  const parsed = parseCompact(token, settings.maxTokenLength)
  if (parsed.ok === false) return parsed

  const keySet = chooseKeySet(settings.keys, own(parsed.unverifiedPayload, 'iss'))
  if (keySet.ok === false) return keySet

  const signature = await checkSignature(parsed, settings.algorithms, keySet.source, settings.algorithmsFromKeys)
  if (signature.ok === false) return nameGraphToken(signature, parsed)

  // The issuer's own audience and scopes, where its jwks entry gives them.
  const local = keySet.settings ?? settings
  const claims = checkClaims(parsed, local, settings.clock())
  if (claims.ok === false) return claims

  if (settings.claimChecks.length > 0) {
    const checked = await runClaimChecks(parsed, settings.claimChecks)
    if (checked.ok === false) return checked
  }

  const granted = checkScopes(parsed.unverifiedPayload, withCall(local.scopes, call?.scopes, call?.scopeAny))
  if (granted.ok === false) return granted

  const roles = checkRoles(parsed.unverifiedPayload, withCall(local.roles, call?.roles, call?.roleAny))
  if (roles.ok === false) return roles

  return {
    ok: true,
    claims: parsed.unverifiedPayload as Claims & AccessTokenClaims,
    header: parsed.unverifiedHeader as JoseHeader,
    scopes: granted.scopes,
  }
}

/**
 * A verifier made by `createVerifier`: options checked once, keys imported once. Its claims type
 * is the one named at creation, or one named per call. A call may require other scopes or roles
 * than the verifier (`verify(token, { scopes: 'admin', roles: ['clerk'] })`), so one verifier
 * serves every route.
 */
export interface Verifier<Default extends object = AccessTokenClaims> {
  <Claims extends object = Default>(token: unknown, call?: CallOptions): Promise<VerifyResult<Claims>>
  /** The same function, for code that calls `verifier.verify(token)`. */
  readonly verify: Verifier<Default>
  /**
   * The state of each key set, for logs and health checks: a remote set's last fetch, and the
   * error of a discovery given unawaited that failed. With several issuers, each names its issuer.
   */
  keySets(): readonly (KeySetStatus & { readonly issuer?: string })[]
}

/**
 * Validates `options` once (throwing a `TypeError` on a mistake) and returns `verify(token)`.
 * The key set is read now; its `CryptoKey`s are imported on first use and reused.
 * @see RFC 9068 §4
 */
export function createVerifier<Claims extends object = AccessTokenClaims>(options: VerifyOptions | PerIssuerOptions): Verifier<Claims> {
  const settings = resolveOptions(options)
  const verify = ((token: unknown, call?: CallOptions) => {
    if (call === undefined) return run(token, settings)
    try {
      return run(token, settings, resolveCall(call))
    } catch (error) {
      // A mistake in the call's options is the caller's: it rejects, like a mistake in the options.
      return Promise.reject(error)
    }
  }) as Verifier<Claims>
  const status = (source: KeySource) => source.status?.() ?? { state: 'ready' as const }
  const keySets = () => settings.keys instanceof Map
    ? [...settings.keys].map(([issuer, chosen]) => ({ issuer, ...status(chosen.source) }))
    : [status((settings.keys as ChosenKeySet<Settings>).source)]
  Object.defineProperty(verify, 'keySets', { value: keySets, enumerable: true })
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
  options: VerifyOptions | PerIssuerOptions,
): Promise<VerifyResult<Claims>> {
  const settings = resolveOptions(options)
  return run<Claims>(token, settings)
}
