/**
 * The pipeline: the only file that knows the order of the steps. Each step returns its output
 * with `ok: true` or its failure with `ok: false`, and the first failure is the result (RFC 7519
 * §7.2: claims are judged only after the signature verified). Nothing a token, key set, DPoP
 * proof or client certificate contains makes these functions throw.
 */
import { checkBinding } from './binding.js'
import { runClaimChecks } from './checks.js'
import { checkClaims } from './claims.js'
import type { DpopFailure } from './dpop-result.js'
import { parseCompact, unverifiedHeader, type ParsedToken } from './format.js'
import { nameGraphToken } from './graph.js'
import { own } from './json.js'
import { chooseKeySet, type ChosenKeySet, type KeySetStatus, type KeySource } from './keyset.js'
import { fail } from './mistakes.js'
import {
  rememberedSettings, resolveCall, resolveOptions, withCall,
  type BearerCallOptions, type CallOptions, type CallRule, type PerIssuerOptions, type Settings, type VerifyOptions,
} from './options.js'
import type { AccessTokenClaims, JoseHeader, SignatureFailure, VerifyResult } from './result.js'
import { checkRoles } from './roles.js'
import { checkScopes } from './scopes.js'
import { checkSignature, isPending, type Verified } from './signature.js'

type Outcome<Claims extends object> = VerifyResult<Claims> | DpopFailure

/**
 * Verifies one token against settings that were validated already, with a call's own rules. Not
 * an async function: the steps before and after the signature are synchronous, so for a bearer
 * token without claim checks the only promise awaited is the one WebCrypto returns (a remote key
 * set may add its fetch). Each `await` of a value already known costs a sequential verifier
 * about as much as a microsecond of work (test/bench).
 */
function run<Claims extends object>(token: unknown, settings: Settings, call?: CallRule): Promise<Outcome<Claims>> {
  // A token whose signature the opt-in cache remembers skips the decoding and parsing too, never
  // the checks that depend on the call (cache.ts says why that is still the format step).
  const parsed = settings.verdicts?.recall(token, settings.maxTokenLength) ?? parseCompact(token, settings.maxTokenLength)
  if (parsed.ok === false) return Promise.resolve(parsed)

  const keySet = chooseKeySet(settings.keys, own(parsed.unverifiedPayload, 'iss'))
  if (keySet.ok === false) return Promise.resolve(keySet)

  const signature = checkSignature(parsed, settings.algorithms, keySet.source, settings.algorithmsFromKeys, settings.verdicts)
  // The issuer's own audience and scopes, where its jwks entry gives them.
  const local = keySet.settings ?? settings
  // Promise.resolve returns a promise of this realm as it is, so the common case adds no step.
  return isPending(signature)
    ? Promise.resolve(signature).then((verified) => conclude<Claims>(token, parsed, verified, settings, local, call))
    : Promise.resolve(conclude<Claims>(token, parsed, signature, settings, local, call))
}

/** The steps after the signature: claims at the current time, binding, checks, scopes, roles, dpop. */
function conclude<Claims extends object>(
  token: unknown,
  parsed: ParsedToken,
  signature: Verified | SignatureFailure,
  settings: Settings,
  local: Settings,
  call: CallRule | undefined,
): Outcome<Claims> | Promise<Outcome<Claims>> {
  if (signature.ok !== true) {
    if (signature.ok === false) return nameGraphToken(signature, parsed)
    // Security: only an explicit verdict goes on. Should a bug ever hand over anything else (a
    // promise not awaited, say), nothing was verified: refuse, never go on to the claims.
    throw new TypeError('verify-access-token: internal error: the signature step gave no verdict')
  }

  // Asked once: the claims and the DPoP proof are judged at the same instant.
  const now = settings.clock()
  const claims = checkClaims(parsed, local, now)
  if (claims.ok === false) return claims

  // Still step claims: cnf, after the built-in claims and before the caller's own checks.
  // Awaited only when a client certificate has to be hashed.
  const binding = checkBinding(parsed.unverifiedPayload, { hasProof: call?.proof !== undefined, certificate: call?.certificate }, settings.acceptBoundTokensAsBearer)
  if (isPending(binding) || settings.claimChecks.length > 0 || call?.proof !== undefined) {
    return finish<Claims>(token, parsed, binding, settings, local, call, now)
  }
  if (binding.ok === false) return binding
  return grant<Claims>(parsed, local, call)
}

/** The same steps from the binding on, for the calls that must await one of them. */
async function finish<Claims extends object>(
  token: unknown,
  parsed: ParsedToken,
  binding: ReturnType<typeof checkBinding>,
  settings: Settings,
  local: Settings,
  call: CallRule | undefined,
  now: number,
): Promise<Outcome<Claims>> {
  const bound = await binding
  if (bound.ok === false) return bound

  if (settings.claimChecks.length > 0) {
    const checked = await runClaimChecks(parsed, settings.claimChecks)
    if (checked.ok === false) return checked
  }

  const granted = grant<Claims>(parsed, local, call)
  if (granted.ok === false) return granted

  // The fifth step, on the DPoP proof, for calls that pass one (RFC 9449 §7.1).
  if (call?.proof !== undefined && settings.dpop !== undefined) {
    const proof = await settings.dpop.check(call.proof, token as string, parsed.unverifiedPayload, now)
    if (proof.ok === false) return proof
  }
  return granted
}

/** Scopes, then roles, then the result: each result gets its own copy of the header. */
function grant<Claims extends object>(parsed: ParsedToken, local: Settings, call: CallRule | undefined): VerifyResult<Claims> {
  const granted = checkScopes(parsed.unverifiedPayload, withCall(local.scopes, call?.scopes, call?.scopeAny))
  if (granted.ok === false) return granted

  const roles = checkRoles(parsed.unverifiedPayload, withCall(local.roles, call?.roles, call?.roleAny))
  if (roles.ok === false) return roles

  return {
    ok: true,
    claims: parsed.unverifiedPayload as Claims & AccessTokenClaims,
    header: unverifiedHeader(parsed) as JoseHeader,
    scopes: granted.scopes,
  }
}

/**
 * A verifier made by `createVerifier`: options checked once, keys imported once. Its claims type
 * is the one named at creation, or one named per call. A call may require other scopes or roles
 * than the verifier (`verify(token, { scopes: 'admin', roles: ['clerk'] })`), so one verifier
 * serves every route, and passes what the request proves: a client certificate, or a DPoP proof
 * (`verify(token, { dpop })`), in which case a fifth step, `dpop`, may fail: its result type says so.
 */
export interface Verifier<Default extends object = AccessTokenClaims> {
  <Claims extends object = Default>(token: unknown, call?: BearerCallOptions): Promise<VerifyResult<Claims>>
  <Claims extends object = Default>(token: unknown, call?: CallOptions): Promise<VerifyResult<Claims> | DpopFailure>
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
    try {
      if (call === undefined) return run(token, settings)
      const rule = resolveCall(call)
      if (rule.dpop && settings.dpop === undefined) {
        fail('this verifier takes no DPoP proofs: create it with dpop: createDpopVerifier() in its options')
      }
      return run(token, settings, rule)
    } catch (error) {
      // A mistake in the call's options is the caller's: it rejects, like a mistake in the options.
      // (`run` itself never throws; should a bug make it, the caller still gets a rejection.)
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
 * options; every token outcome is a resolved result. Called again with the same options object,
 * unchanged, it reuses the settings and key set validated the first time, so it costs what a
 * `createVerifier` call does (see `rememberedSettings` for what counts as a change). Keys already
 * imported for an identical key (from any earlier call) are reused whatever the options object.
 * @see RFC 9068 §4
 */
export function verifyAccessToken<Claims extends object = AccessTokenClaims>(
  token: unknown,
  options: VerifyOptions | PerIssuerOptions,
): Promise<VerifyResult<Claims>> {
  try {
    const settings = rememberedSettings(options)
    // Security: a proof is only as good as the replay store that remembers it, which one call
    // cannot keep; DPoP input goes to a verifier, `verify(token, { dpop })`, never here.
    if (settings.dpop !== undefined) fail('verifyAccessToken does not verify DPoP proofs: create a verifier with createVerifier(options) and call verify(token, { dpop: { proof, method, url } })')
    // Without call options no proof is passed, so step dpop never runs.
    return run<Claims>(token, settings) as Promise<VerifyResult<Claims>>
  } catch (error) {
    // Invalid options reject, as from the async function this was.
    return Promise.reject(error)
  }
}
