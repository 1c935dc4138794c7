/**
 * Options, their defaults and units, validated once. Caller mistakes throw a `TypeError` here,
 * before any token is seen; nothing a token or key set contains is judged in this file.
 */
import { DEFAULT_ALGORITHMS, lookupAlgorithm, ALGORITHMS, type Algorithm, type AlgorithmEntry } from './algorithms.js'
import { readKeySets, settleEarly, type JsonWebKeySet, type KeySets } from './keyset.js'
import { createVerdictCache, type VerdictCache } from './cache.js'
import { fail, guarded, readOptions, whole } from './mistakes.js'
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

/** Several issuers: a map from each issuer to its key set. */
export type IssuerKeySets = ReadonlyMap<string, KeySetInput> | Readonly<Record<string, KeySetInput>>

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
   * Remember successful signature verifications by token, so a token seen again skips only the
   * signature maths: everything else (format, key lookup, claims at the current time, scopes) runs
   * on every call, and a verdict dies with its key. Off by default. `entries` (default 1000) and
   * `bytes` of token kept (default 1048576) bound it; the least recently used go first.
   */
  readonly cache?: CacheOptions
}

/** Bounds of the verdict cache (option `cache`). */
export interface CacheOptions {
  /** Most tokens remembered. Default 1000; 1 to 1000000. */
  readonly entries?: number
  /** Most bytes of token remembered in all. Default 1048576 (1 MiB); 1024 to 1073741824. */
  readonly bytes?: number
}

/** Options one call of a verifier may set, for routes with their own requirements. */
export interface CallOptions {
  /** Scopes this call requires, instead of the verifier's. */
  readonly scopes?: string | readonly string[]
  /** `'all'` or `'any'` for this call's scopes; default: the verifier's. */
  readonly scopeMatch?: 'all' | 'any'
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
  /** The verdict cache, when the `cache` option asks for one: one per validated options object. */
  readonly verdicts: VerdictCache | undefined
}

export const DEFAULT_MAX_TOKEN_LENGTH = 16384

/** The largest accepted clockTolerance, in seconds. */
export const MAX_CLOCK_TOLERANCE = 3600

const OPTION_NAMES = [
  'jwks', 'issuer', 'audience', 'scopes', 'scopeClaim', 'scopeMatch', 'algorithms', 'clockTolerance',
  'maxTokenAge', 'currentDate', 'maxTokenLength', 'profile', 'cache',
] as const satisfies readonly (keyof VerifyOptions)[]

const CALL_OPTION_NAMES = ['scopes', 'scopeMatch'] as const satisfies readonly (keyof CallOptions)[]

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
    verdicts: options.cache === undefined ? undefined : resolveCache(options.cache),
  }
}

function resolveCache(input: unknown): VerdictCache {
  const cache = guarded('cache', () => readOptions<CacheOptions>(input, ['entries', 'bytes'], 'cache'))
  return createVerdictCache(
    whole(cache.entries ?? 1000, 'cache.entries', 1, 1_000_000, 'tokens'),
    whole(cache.bytes ?? 1_048_576, 'cache.bytes', 1024, 2 ** 30, 'bytes'),
  )
}

/**
 * Settings already validated for an options object, with what it held then. `verifyAccessToken`
 * called again with the same object reuses them (and the key set read from it), so a one-shot
 * call costs what a verifier's call does. Weak, so an options object nobody holds is forgotten.
 */
const remembered = new WeakMap<object, { readonly held: readonly unknown[]; readonly settings: Settings }>()

/**
 * The settings for `input`, validated on its first use and again whenever it changed: an own
 * property added, removed or holding another value (compared with `Object.is`), an array among
 * them (or the `keys` of a `jwks` object) with other elements, a `currentDate` set to another
 * time. A change deeper inside (a key object edited in place, a Map of key sets changed) is not
 * seen: pass a new object for it. Throws a `TypeError` for invalid options, as `resolveOptions`.
 */
export function rememberedSettings(input: VerifyOptions): Settings {
  const kept = typeof input === 'object' && input !== null ? remembered.get(input) : undefined
  if (kept !== undefined && sameHeld(kept.held, input)) return kept.settings
  const settings = resolveOptions(input)
  // Valid options are a readable object, so listing what they hold cannot throw here.
  remembered.set(input, { held: held(input), settings })
  return settings
}

/** The own enumerable names and values of `input`, with the parts a change inside is looked for. */
function held(input: object): unknown[] {
  const out: unknown[] = []
  const add = (value: unknown) => {
    out.push(value)
    if (Array.isArray(value)) {
      out.push(value.length)
      // By index, not spread: a key set's array may be longer than a call's argument list.
      for (let i = 0; i < value.length; i++) out.push(value[i])
    } else if (value instanceof Date) {
      out.push(value.getTime())
    }
  }
  for (const [name, value] of Object.entries(input)) {
    out.push(name)
    add(value)
    if (name === 'jwks' && typeof value === 'object' && value !== null && Object.hasOwn(value, 'keys')) add((value as { keys: unknown }).keys)
  }
  return out
}

function sameHeld(before: readonly unknown[], input: object): boolean {
  let now: unknown[]
  try {
    now = held(input)
  } catch {
    // A getter or a Proxy that throws now: validate again, which says what is wrong.
    return false
  }
  return now.length === before.length && now.every((value, i) => Object.is(value, before[i]))
}

/** The scope rule of one call: the verifier's, with this call's scopes or match where given. */
export function resolveCall(input: CallOptions, base: ScopeRule): ScopeRule {
  const call = guarded('call options', () => readOptions<CallOptions>(input, CALL_OPTION_NAMES, 'call options'))
  if (call.scopes === undefined && call.scopeMatch === undefined) return base
  return scopeRule(call.scopes ?? base.required, call.scopeMatch ?? (base.any ? 'any' : 'all'), base.claim)
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
