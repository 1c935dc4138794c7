/**
 * Options, their defaults and units, validated once. Caller mistakes throw a `TypeError` here,
 * before any token is seen; nothing a token or key set contains is judged in this file.
 */
import { DEFAULT_ALGORITHMS, lookupAlgorithm, type Algorithm, type AlgorithmEntry } from './algorithms.js'
import { createStaticKeySource, KEY_SOURCE, type JsonWebKeySet, type KeySource } from './jwks.js'
import type { RemoteJwks } from './remote.js'
import type { ScopeClaim } from './result.js'

/**
 * A key set: given as data (read once), remote (`createRemoteJwks`), or a promise of either (such
 * as `discoverJwks(issuer)` not awaited: a rejected one makes the key set unavailable).
 */
export type KeySetInput = JsonWebKeySet | RemoteJwks | PromiseLike<JsonWebKeySet | RemoteJwks>

/** Options of `verifyAccessToken` and `createVerifier`. */
export interface VerifyOptions {
  /**
   * The issuer's key set (RFC 7517 §5), or, for a verifier that serves several issuers, one key
   * set per entry of `issuer` (an array in the same order) or a map from each issuer to its key
   * set (a `Map` or a plain object). Then the token's `iss` chooses the key set, and a token
   * naming any other issuer fails with `issuer_mismatch`.
   */
  readonly jwks: KeySetInput | readonly KeySetInput[] | ReadonlyMap<string, KeySetInput> | Readonly<Record<string, KeySetInput>>
  /**
   * Accepted `iss` values, compared exactly: no case or trailing-slash normalisation (RFC 9068 §4).
   * With a `jwks` map, it must name exactly the map's issuers (JavaScript callers may leave it out).
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
   * The time to verify at, for tests and replays; `createVerifier` keeps this one instant for
   * every call. Default: the current time at each verification.
   */
  readonly currentDate?: Date
  /** Longest accepted token, in characters, checked before any decoding. Default 16384 (16 KiB). */
  readonly maxTokenLength?: number
  /**
   * `'rfc9068'` requires `typ` `at+jwt` and the claims `sub`, `client_id`, `iat` and `jti` (RFC 9068
   * §2.1, §2.2). Default: `typ` may be absent, `JWT` or `at+jwt`, and those claims are optional.
   */
  readonly profile?: 'rfc9068'
}

/**
 * Options of one call of a verifier (`verify(token, { scopes })`), so one verifier and its key set
 * serve routes that require different scopes. Each one given replaces the verifier's for that call.
 */
export interface CallOptions {
  /** Scopes this call requires, instead of the verifier's `scopes`; `[]` requires none, `undefined` keeps them. */
  readonly scopes?: string | readonly string[] | undefined
  /** `'all'` or `'any'` for this call, instead of the verifier's `scopeMatch`; `undefined` keeps it. */
  readonly scopeMatch?: 'all' | 'any' | undefined
}

/** Validated options, as the steps read them. */
export interface Settings {
  /** One key source for every issuer, or one per issuer, chosen by the token's `iss`. */
  readonly keys: KeySource | ReadonlyMap<string, KeySource>
  readonly issuers: readonly string[]
  readonly audiences: readonly string[]
  readonly requiredScopes: readonly string[]
  readonly scopeClaim: ScopeClaim
  readonly anyScope: boolean
  readonly algorithms: ReadonlyMap<string, AlgorithmEntry>
  readonly clockTolerance: number
  readonly maxTokenAge: number | undefined
  readonly currentDate: Date | undefined
  readonly maxTokenLength: number
  readonly rfc9068: boolean
}

export const DEFAULT_MAX_TOKEN_LENGTH = 16384

/** The largest accepted clockTolerance, in seconds. */
export const MAX_CLOCK_TOLERANCE = 3600

const OPTION_NAMES: ReadonlySet<string> = new Set([
  'jwks', 'issuer', 'audience', 'scopes', 'scopeClaim', 'scopeMatch', 'algorithms', 'clockTolerance',
  'maxTokenAge', 'currentDate', 'maxTokenLength', 'profile',
] satisfies (keyof VerifyOptions)[])

const CALL_OPTION_NAMES: ReadonlySet<string> = new Set(['scopes', 'scopeMatch'] satisfies (keyof CallOptions)[])

const SCOPE_CLAIMS: readonly ScopeClaim[] = ['scope', 'scp', 'permissions']

function fail(message: string): never {
  throw new TypeError(`verify-access-token: ${message}`)
}

/** Validates options once; throws a `TypeError` naming the first mistake. */
export function resolveOptions(input: VerifyOptions): Settings {
  if (typeof input !== 'object' || input === null) fail('options must be an object')
  if (typeof globalThis.crypto?.subtle?.verify !== 'function') {
    fail('WebCrypto (globalThis.crypto.subtle) is not available in this runtime')
  }
  // Own properties only, copied once: a polluted Object.prototype cannot supply an option.
  const options: Partial<VerifyOptions> = Object.assign(Object.create(null), input)
  for (const name of Object.keys(options)) {
    // Security: a misspelt or foreign option (`scope`, `requiredScopes`, `audiences`) would
    // otherwise be ignored silently, and with it the check the caller meant to ask for.
    if (!OPTION_NAMES.has(name)) fail(`unknown option ${JSON.stringify(name)}${name === 'scope' ? ' (did you mean "scopes"?)' : ''}`)
  }
  const { issuers, keys } = resolveKeys(options.jwks, options.issuer)
  const scopeClaim = options.scopeClaim ?? 'scope'
  if (!SCOPE_CLAIMS.includes(scopeClaim)) fail('scopeClaim must be "scope", "scp" or "permissions"')
  if (options.profile !== undefined && options.profile !== 'rfc9068') fail('profile must be "rfc9068" when given')
  return {
    keys,
    issuers,
    audiences: Object.freeze(stringList(options.audience, 'audience', true)),
    requiredScopes: resolveScopes(options.scopes ?? []),
    scopeClaim,
    anyScope: resolveScopeMatch(options.scopeMatch ?? 'all'),
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
  }
}

/**
 * The settings of one verifier call: the verifier's, with the scopes the call names. Checked like
 * the verifier's own options, on every call that passes them; throws a `TypeError` on a mistake.
 */
export function applyCallOptions(settings: Settings, input: CallOptions): Settings {
  if (typeof input !== 'object' || input === null) fail('the options of a call must be an object')
  // Own properties only, as for the verifier's options.
  const options: Partial<CallOptions> = Object.assign(Object.create(null), input)
  for (const name of Object.keys(options)) {
    // Security: a misspelt `scope` would drop the check the route meant to ask for; anything else
    // (audience, jwks ...) belongs to the verifier, which is made once for one key set.
    if (!CALL_OPTION_NAMES.has(name)) fail(`unknown option ${JSON.stringify(name)} for a call (only "scopes" and "scopeMatch" can change per call)`)
  }
  return {
    ...settings,
    requiredScopes: options.scopes === undefined ? settings.requiredScopes : resolveScopes(options.scopes),
    anyScope: options.scopeMatch === undefined ? settings.anyScope : resolveScopeMatch(options.scopeMatch),
  }
}

function resolveScopes(value: unknown): readonly string[] {
  // A required scope with a space could never match one space-delimited scope token.
  // Frozen, like every list here: a caller holding a result can never change what is required.
  return Object.freeze(stringList(value, 'scopes', false).map((scope) =>
    /\s/.test(scope) ? fail('a required scope must not contain white space') : scope))
}

/** True for `'any'`. */
function resolveScopeMatch(value: unknown): boolean {
  if (value !== 'all' && value !== 'any') fail('scopeMatch must be "all" or "any"')
  return value === 'any'
}

/** Reads the key-set forms: one set for every issuer, one per issuer in order, or a map. */
function resolveKeys(jwks: unknown, issuer: unknown): Pick<Settings, 'issuers' | 'keys'> {
  const single = keySource(jwks)
  if (single !== undefined) return { issuers: Object.freeze(stringList(issuer, 'issuer', true)), keys: single }
  if (Array.isArray(jwks)) {
    const issuers = Object.freeze(stringList(issuer, 'issuer', true))
    if (jwks.length !== issuers.length) fail('a jwks array needs one key set per issuer, in the order of issuer')
    return { issuers, keys: new Map(issuers.map((name, i) => [name, keySource(jwks[i]) ?? fail(KEY_SET_MISTAKE)])) }
  }
  if (typeof jwks !== 'object' || jwks === null) fail(KEY_SET_MISTAKE)
  const entries = jwks instanceof Map ? [...jwks as Map<unknown, unknown>] : Object.entries(jwks)
  const byIssuer = new Map<string, KeySource>()
  for (const [name, value] of entries) {
    if (typeof name !== 'string' || name === '') fail('jwks map keys must be issuer strings')
    byIssuer.set(name, keySource(value) ?? fail(KEY_SET_MISTAKE))
  }
  if (byIssuer.size === 0) fail(KEY_SET_MISTAKE)
  const issuers = Object.freeze(issuer === undefined ? [...byIssuer.keys()] : stringList(issuer, 'issuer', true))
  // Both directions: a missing entry could never verify, an extra one is a forgotten issuer.
  for (const name of issuers) if (!byIssuer.has(name)) fail('every issuer needs an entry in the jwks map')
  for (const name of byIssuer.keys()) if (!issuers.includes(name)) fail('every jwks map entry must be an accepted issuer')
  return { issuers, keys: byIssuer }
}

const KEY_SET_MISTAKE = 'jwks must be a JSON Web Key Set with a non-empty "keys" array, a remote key set, ' +
  'a promise of one, or an array (one per issuer) or map (issuer to key set) of those'

/** The key source of a JWKS object or a remote key set; undefined for anything else. */
function keySource(value: unknown): KeySource | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  if (KEY_SOURCE in value) return (value as RemoteJwks)[KEY_SOURCE]
  if (typeof (value as { then?: unknown }).then === 'function') return deferredKeySource(value as PromiseLike<unknown>)
  try {
    const keys = (value as { keys?: unknown }).keys
    return Array.isArray(keys) && keys.length > 0 ? createStaticKeySource({ keys }) : undefined
  } catch {
    // A getter or proxy that throws while the key set is read is the caller's object, not data.
    return fail('jwks could not be read')
  }
}

/**
 * A key set that arrives later. Until it does, tokens wait for it; if the promise rejects or
 * gives something that is not a key set, the key set is unavailable (`jwks_unavailable`), as an
 * endpoint that cannot be read would be: a failed discovery never makes verification throw.
 */
function deferredKeySource(promise: PromiseLike<unknown>): KeySource {
  const ready: Promise<KeySource | 'unavailable'> = Promise.resolve(promise)
    .then((value) => keySource(value) ?? 'unavailable')
    .catch(() => 'unavailable' as const)
  return {
    async candidates(kid, alg) {
      const source = await ready
      return source === 'unavailable' ? source : source.candidates(kid, alg)
    },
  }
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
    if (entry === undefined) fail(`algorithm ${JSON.stringify(name)} is not supported (none and HS* never are)`)
    allowed.set(entry.name, entry)
  }
  return allowed
}

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
