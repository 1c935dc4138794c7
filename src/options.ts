/**
 * Options, their defaults and units, validated once. Caller mistakes throw a `TypeError` here,
 * before any token is seen; nothing a token or key set contains is judged in this file.
 */
import { DEFAULT_ALGORITHMS, lookupAlgorithm, ALGORITHMS, type Algorithm, type AlgorithmEntry } from './algorithms.js'
import {
  readProofChecker, resolveCertificate, resolveDpopInput, type ClientCertificate, type DpopInput, type ProofChecker, type ProofRequest,
} from './binding.js'
import type { DpopVerifier } from './dpop.js'
import { readKeySets, settleEarly, type JsonWebKeySet, type KeySets } from './keyset.js'
import { fail, guarded, readOptions } from './mistakes.js'
import type { ScopeClaim } from './result.js'
import type { ScopeRule } from './scopes.js'

/**
 * A key set object made by `createRemoteJwks` (or `discoverJwks`): the type is declared here so
 * that options name it without importing the fetching code.
 */
export interface RemoteKeySet {
  /** The `jwks_uri` it fetches. */
  readonly url: string
}

/**
 * A key set: given as data (read once), remote (`createRemoteJwks`), or a promise of either (such
 * as `discoverJwks(issuer)` not awaited: a rejected one makes the key set unavailable).
 */
export type KeySetInput = JsonWebKeySet | RemoteKeySet | PromiseLike<JsonWebKeySet | RemoteKeySet>

/**
 * Several issuers: a map from each issuer to its key set. The string member only makes the type
 * error for a single JWK passed as `jwks` read as its fix (no issuer map holds it at run time).
 */
export type IssuerKeySets = ReadonlyMap<string, KeySetInput> | { readonly [issuer: string]: KeySetInput | NotAKeySet }

/** Shown by the compiler when one JWK is passed as `jwks`. */
export type NotAKeySet = 'a single JWK is not a key set: wrap it as { keys: [jwk] }'

/** Options of `verifyAccessToken` and `createVerifier`. */
export interface VerifyOptions {
  /**
   * The issuer's key set (RFC 7517 §5): `{ keys: [...] }`, `createRemoteJwks(url)`, or a promise of
   * either. For several issuers, a `Map` (or plain object) from each issuer to its key set: the
   * token's `iss` chooses one, and a token naming any other issuer fails with `issuer_mismatch`.
   */
  readonly jwks: KeySetInput | IssuerKeySets
  /**
   * Accepted `iss` values, compared exactly: no case or trailing-slash normalisation (RFC 9068 §4).
   * Required; with a `jwks` map, exactly the map's issuers.
   */
  readonly issuer: string | readonly string[]
  /** Accepted audiences; the token's `aud` must contain one of them (RFC 7519 §4.1.3). */
  readonly audience: string | readonly string[]
  /** Scopes the token must grant; all of them unless `scopeMatch` is `'any'`. Default: none. */
  readonly scopes?: string | readonly string[]
  /**
   * The claim granted scopes are read from. Default `'scope'` (a space-delimited string, RFC 9068
   * §2.2.3); `'scp'` takes a string or an array (Okta, Entra ID); `'permissions'` an array (Auth0).
   */
  readonly scopeClaim?: ScopeClaim
  /** `'all'` (default): every required scope must be granted; `'any'`: at least one. */
  readonly scopeMatch?: 'all' | 'any'
  /** Allowed signature algorithms. Default `['RS256', 'ES256']`. `none` and HS* are never allowed. */
  readonly algorithms?: readonly Algorithm[]
  /** Seconds of clock skew allowed on `exp`, `nbf` and `iat`. Default 0; at most 3600. */
  readonly clockTolerance?: number
  /** Maximum age in seconds, measured from `iat`, which then becomes required. Default: no limit. */
  readonly maxTokenAge?: number
  /**
   * The time to verify at, for tests and replays. Careful: `createVerifier` keeps this one instant
   * for every call, so its verifier never sees time move. Default: the current time at each call.
   */
  readonly currentDate?: Date
  /** Longest accepted token, in characters, checked before any decoding. Default 16384 (16 KiB). */
  readonly maxTokenLength?: number
  /**
   * `'rfc9068'` requires `typ` `at+jwt` and the claims `sub`, `client_id`, `iat` and `jti` (RFC 9068
   * §2.1, §2.2). Default: `typ` may be absent, `JWT` or `at+jwt`, and those claims are optional.
   */
  readonly profile?: 'rfc9068'
  /**
   * DPoP (RFC 9449): `createDpopVerifier(options)`, which holds the proof policy and the replay
   * store. With it, calls may pass a proof, `verify(token, { dpop })`; without it, passing one is
   * a `TypeError`. Only `createVerifier` takes it: proofs need a replay store that lasts.
   */
  readonly dpop?: DpopVerifier
  /**
   * Accept tokens bound to a key or certificate (`cnf`) that the call does not prove, as bearer
   * tokens. Default `false`: such a token fails with `claims`/`binding_not_verified` (RFC 9449
   * §7.2, RFC 8705 §3). Only for a server that knows its tokens' bindings are checked elsewhere,
   * such as by a gateway: anyone who copies a bound token can then use it.
   */
  readonly acceptBoundTokensAsBearer?: boolean
}

/** Options one call of a verifier may set: a route's own scopes, and what the request proves. */
export interface CallOptions {
  /** Scopes this call requires, instead of the verifier's. */
  readonly scopes?: string | readonly string[]
  /** `'all'` or `'any'` for this call's scopes; default: the verifier's. */
  readonly scopeMatch?: 'all' | 'any'
  /**
   * The request's DPoP proof, method and URL (RFC 9449 §7.1). With a proof, step `dpop` runs
   * after the four token steps, and a DPoP-bound token (`cnf.jkt`) can verify.
   */
  readonly dpop?: DpopInput | undefined
  /** The TLS client certificate, which a certificate-bound token (`cnf["x5t#S256"]`) needs (RFC 8705 §3). */
  readonly clientCertificate?: ClientCertificate | null | undefined
}

/** Call options without DPoP input: a call with these cannot fail at step `dpop`. */
export type BearerCallOptions = Omit<CallOptions, 'dpop'> & { readonly dpop?: undefined }

/** What one call requires and proves, validated. */
export interface CallRule {
  readonly scopes: ScopeRule
  /** Whether the call passed `dpop` input at all, with a proof or without. */
  readonly dpop: boolean
  /** The DPoP proof and request, when the call passed a proof. */
  readonly proof: ProofRequest | undefined
  readonly certificate: ClientCertificate | undefined
}

/** Validated options, as the steps read them. */
export interface Settings {
  readonly keys: KeySets
  readonly issuers: readonly string[]
  readonly audiences: readonly string[]
  readonly scopes: ScopeRule
  readonly algorithms: ReadonlyMap<string, AlgorithmEntry>
  readonly clockTolerance: number
  readonly maxTokenAge: number | undefined
  readonly currentDate: Date | undefined
  readonly maxTokenLength: number
  readonly rfc9068: boolean
  /** The dpop step of the `dpop` option, or undefined: this verifier takes no proofs. */
  readonly dpop: ProofChecker | undefined
  readonly acceptBoundTokensAsBearer: boolean
}

export const DEFAULT_MAX_TOKEN_LENGTH = 16384

/** The largest accepted clockTolerance, in seconds. */
export const MAX_CLOCK_TOLERANCE = 3600

const OPTION_NAMES = [
  'jwks', 'issuer', 'audience', 'scopes', 'scopeClaim', 'scopeMatch', 'algorithms', 'clockTolerance',
  'maxTokenAge', 'currentDate', 'maxTokenLength', 'profile', 'dpop', 'acceptBoundTokensAsBearer',
] as const satisfies readonly (keyof VerifyOptions)[]

const CALL_OPTION_NAMES = ['scopes', 'scopeMatch', 'dpop', 'clientCertificate'] as const satisfies readonly (keyof CallOptions)[]

const SCOPE_CLAIMS: readonly ScopeClaim[] = ['scope', 'scp', 'permissions']

/** Validates options once; throws a `TypeError` naming the first mistake and its fix. */
export function resolveOptions(input: VerifyOptions): Settings {
  // First of all, so that a caller whose options are refused gets no unhandled rejection later.
  if (typeof input === 'object' && input !== null) settleEarly(guarded('options', () => Object.hasOwn(input, 'jwks') ? input.jwks : undefined))
  if (typeof globalThis.crypto?.subtle?.verify !== 'function') {
    fail('WebCrypto (globalThis.crypto.subtle) is not available in this runtime')
  }
  // Own properties only, copied once: a polluted Object.prototype cannot supply an option.
  const options = guarded('options', () => readOptions<VerifyOptions>(input, OPTION_NAMES))
  const issuer = stringList(options.issuer, 'issuer', true)
  const { issuers, keys } = readKeySets(options.jwks, issuer)
  const scopeClaim = options.scopeClaim ?? 'scope'
  if (!SCOPE_CLAIMS.includes(scopeClaim)) fail('scopeClaim must be "scope", "scp" or "permissions"')
  if (options.profile !== undefined && options.profile !== 'rfc9068') fail('profile must be "rfc9068" when given')
  const acceptBound = options.acceptBoundTokensAsBearer ?? false
  if (typeof acceptBound !== 'boolean') fail('acceptBoundTokensAsBearer must be true or false')
  return {
    keys,
    issuers: Object.freeze(issuers),
    audiences: Object.freeze(stringList(options.audience, 'audience', true)),
    scopes: scopeRule(options.scopes, options.scopeMatch, scopeClaim),
    algorithms: resolveAlgorithms(options.algorithms ?? DEFAULT_ALGORITHMS),
    // More than an hour of skew is a unit mistake (milliseconds given for seconds), not a clock.
    clockTolerance: seconds(options.clockTolerance ?? 0, 'clockTolerance') <= MAX_CLOCK_TOLERANCE
      ? options.clockTolerance ?? 0
      : fail(`clockTolerance is in seconds and at most ${MAX_CLOCK_TOLERANCE}`),
    // Zero would reject every token, which is never what a caller means.
    maxTokenAge: options.maxTokenAge === undefined || seconds(options.maxTokenAge, 'maxTokenAge') > 0
      ? options.maxTokenAge
      : fail('maxTokenAge must be a positive number of seconds'),
    currentDate: resolveDate(options.currentDate),
    maxTokenLength: resolveLength(options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH),
    rfc9068: options.profile === 'rfc9068',
    dpop: options.dpop === undefined ? undefined : readProofChecker(options.dpop),
    acceptBoundTokensAsBearer: acceptBound,
  }
}

/**
 * One call's rule: the verifier's scopes, with this call's scopes or match where given, and the
 * DPoP proof and client certificate the request carries, if any.
 */
export function resolveCall(input: CallOptions, base: ScopeRule): CallRule {
  const call = guarded('call options', () => readOptions<CallOptions>(input, CALL_OPTION_NAMES, 'call options'))
  const scopes = call.scopes === undefined && call.scopeMatch === undefined
    ? base
    : scopeRule(call.scopes ?? base.required, call.scopeMatch ?? (base.any ? 'any' : 'all'), base.claim)
  return {
    scopes,
    dpop: call.dpop !== undefined,
    proof: call.dpop === undefined ? undefined : resolveDpopInput(call.dpop),
    certificate: resolveCertificate(call.clientCertificate),
  }
}

function scopeRule(scopes: unknown, match: unknown, claim: ScopeClaim): ScopeRule {
  if (match !== undefined && match !== 'all' && match !== 'any') fail('scopeMatch must be "all" or "any"')
  // A required scope with a space could never match one space-delimited scope token.
  // Frozen, like every list here: a caller holding a result can never change what is required.
  const required = Object.freeze(stringList(scopes ?? [], 'scopes', false).map((scope) =>
    /\s/.test(scope) ? fail('a required scope must not contain white space') : scope))
  return Object.freeze({ required, any: match === 'any', claim })
}

function stringList(value: unknown, name: string, required: boolean): string[] {
  const list = typeof value === 'string' ? [value] : value
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string' && item.length > 0)) {
    fail(`${name} must be a non-empty string or an array of non-empty strings`)
  }
  if (required && list.length === 0) fail(`${name} is required`)
  return [...new Set<string>(list)]
}

function resolveAlgorithms(value: unknown): Map<string, AlgorithmEntry> {
  if (!Array.isArray(value) || value.length === 0) fail('algorithms must be a non-empty array')
  const allowed = new Map<string, AlgorithmEntry>()
  for (const name of value) {
    const entry = typeof name === 'string' ? lookupAlgorithm(name) : undefined
    // Security: `none` and HS* are not in the table, so no spelling of them can be allowed.
    if (entry === undefined) fail(`algorithm ${JSON.stringify(name)} is not supported; use one of ${Object.keys(ALGORITHMS).join(', ')}`)
    allowed.set(entry.name, entry)
  }
  return allowed
}

/** The allow-list for the lower layers (the conformance entry points), by the same rule. */
export const allowedAlgorithms = resolveAlgorithms as (names: readonly Algorithm[]) => ReadonlyMap<string, AlgorithmEntry>

function seconds(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    fail(`${name} must be a finite, non-negative number of seconds`)
  }
  return value
}

function resolveDate(value: unknown): Date | undefined {
  if (value === undefined) return undefined
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) fail('currentDate must be a valid Date')
  return new Date(value.getTime())
}

function resolveLength(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    fail('maxTokenLength must be a positive whole number of characters')
  }
  return value
}
