/**
 * Options, their defaults and units, validated once. Caller mistakes throw a `TypeError` here,
 * before any token is seen; nothing a token or key set contains is judged in this file.
 */
import { DEFAULT_ALGORITHMS, lookupAlgorithm, ALGORITHMS, type Algorithm, type AlgorithmEntry } from './algorithms.js'
import {
  readProofChecker, resolveCertificate, resolveDpopInput, type CertificateThumbprint, type ClientCertificate, type DpopInput, type ProofChecker, type ProofRequest,
} from './binding.js'
import { createVerdictCache, type VerdictCache } from './cache.js'
import type { ClaimCheck } from './checks.js'
import type { DpopVerifier } from './dpop.js'
import { mediaType } from './format.js'
import { readKeySets, settleEarly, type ChosenKeySet, type JsonWebKeySet, type KeySets } from './keyset.js'
import { duration, fail, guarded, readOptions } from './mistakes.js'
import type { ScopeClaim } from './result.js'
import type { RoleRule } from './roles.js'
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
 * One issuer's key set with the options that differ for its tokens. Told apart from a key set by
 * its own `jwks` member (no key set has one). Its `audience`, `clientId` and `scopes` replace the
 * verifier's for tokens of that issuer; a call's `scopes` still replace its `scopes`.
 */
export interface IssuerEntry {
  readonly jwks: KeySetInput
  readonly audience?: string | readonly string[]
  readonly clientId?: string | readonly string[]
  readonly scopes?: string | readonly string[]
}

/** Shown by the compiler when one JWK is passed as `jwks`. */
export type NotAKeySet = 'a single JWK is not a key set: wrap it as { keys: [jwk] }'

/**
 * Several issuers: a map from each issuer to its key set, or to an entry with its own options.
 * The string member only makes the type error for a single JWK passed as `jwks` read as its fix
 * (no issuer map holds it at run time).
 */
export type IssuerKeySets = ReadonlyMap<string, KeySetInput | IssuerEntry> | { readonly [issuer: string]: KeySetInput | IssuerEntry | NotAKeySet }

/** An issuer entry that names its own audience (or client), so the verifier needs none. */
export type AudiencedIssuerEntry = IssuerEntry & ({ readonly audience: string | readonly string[] } | { readonly clientId: string | readonly string[] })

/** Options of `verifyAccessToken` and `createVerifier`: `audience` is required, or `clientId` in its place. */
export type VerifyOptions = VerifyOptionsBase & (
  | { readonly audience: string | readonly string[] }
  | { readonly clientId: string | readonly string[] }
)

/**
 * Options for several issuers whose entries each name their own `audience` or `clientId`: the
 * verifier's may then be left out (it is the default for entries without one).
 */
export type PerIssuerOptions = VerifyOptionsBase & {
  readonly jwks: ReadonlyMap<string, AudiencedIssuerEntry> | Readonly<Record<string, AudiencedIssuerEntry>>
}

/** Every option; see `VerifyOptions` for which of `audience` and `clientId` are required. */
export interface VerifyOptionsBase {
  /**
   * The issuer's key set (RFC 7517 §5): `{ keys: [...] }`, `createRemoteJwks(url)`, or a promise of
   * either. For several issuers, a `Map` (or plain object) from each issuer to its key set, or to an
   * `IssuerEntry` `{ jwks, audience, clientId, scopes }`: the token's `iss` chooses one, and a token
   * naming any other issuer fails with `issuer_mismatch`.
   */
  readonly jwks: KeySetInput | IssuerKeySets
  /**
   * Accepted `iss` values, compared exactly: no case or trailing-slash normalisation (RFC 9068 §4).
   * Required; with a `jwks` map, exactly the map's issuers.
   */
  readonly issuer: string | readonly string[]
  /** Accepted audiences; the token's `aud` must contain one of them (RFC 7519 §4.1.3). */
  readonly audience?: string | readonly string[]
  /**
   * Accepted clients: the token's `client_id` (RFC 9068 §2.2) must be one of them. For issuers
   * whose access tokens have no `aud` (Amazon Cognito); with `audience` too, both must match.
   */
  readonly clientId?: string | readonly string[]
  /** Scopes the token must grant; all of them unless `scopeMatch` is `'any'`. Default: none. */
  readonly scopes?: string | readonly string[]
  /**
   * The claim granted scopes are read from. Default `'scope'` (a space-delimited string, RFC 9068
   * §2.2.3); `'scp'` takes a string or an array (Okta, Entra ID); `'permissions'` an array (Auth0).
   */
  readonly scopeClaim?: ScopeClaim
  /** `'all'` (default): every required scope must be granted; `'any'`: at least one. */
  readonly scopeMatch?: 'all' | 'any'
  /**
   * Allowed signature algorithms. Default: `RS256` and `ES256` for any key that fits, plus, for a
   * key that names its `alg`, that algorithm (with that key only). Given, the list is exact.
   * `none` and HS* are never allowed.
   */
  readonly algorithms?: readonly Algorithm[]
  /** Seconds of clock skew allowed on `exp`, `nbf` and `iat`. Default 0; at most 3600. */
  readonly clockTolerance?: number
  /** Maximum age in seconds, measured from `iat`, which then becomes required. Default: no limit. */
  readonly maxTokenAge?: number
  /**
   * The time to verify at, for tests and replays. Careful: `createVerifier` keeps this one instant
   * for every call, so its verifier never sees time move (use `now` for a clock that moves).
   * Default: the current time at each call.
   */
  readonly currentDate?: Date
  /**
   * A clock, asked at each verification: for tests whose time moves (fake timers, a test clock).
   * Not together with `currentDate`. Default: `new Date()`.
   */
  readonly now?: () => Date
  /** Longest accepted token, in characters, checked before any decoding. Default 16384 (16 KiB). */
  readonly maxTokenLength?: number
  /**
   * `'rfc9068'` requires `typ` `at+jwt` and the claims `sub`, `client_id`, `iat` and `jti` (RFC 9068
   * §2.1, §2.2). Default: `typ` may be absent, `JWT` or `at+jwt`, and those claims are optional.
   */
  readonly profile?: 'rfc9068'
  /**
   * Accepted `typ` header values (RFC 7515 §4.1.9: case-insensitive, `application/` implied), which
   * makes `typ` required, as jose's option of that name does. Default: absent, `JWT` or `at+jwt`.
   * Not with `profile`, which already requires `at+jwt`.
   */
  readonly typ?: string | readonly string[]
  /** The expected `sub`, compared exactly (RFC 7519 §4.1.2); `sub` becomes required. */
  readonly subject?: string
  /** Claims that must be present, with any value (`null` counts, absence does not). */
  readonly requiredClaims?: string | readonly string[]
  /**
   * Claims that must be present and a string equal to one of the values given (`true`: any value),
   * such as `{ token_use: 'access', tid: [tenantA, tenantB] }`. Absent fails with `missing_claim`,
   * another value with `claim_mismatch`. Checked after `requiredClaims` and `subject`.
   */
  readonly claimValues?: Readonly<Record<string, string | readonly string[] | true>>
  /**
   * Claims that mark the issuer's ID tokens: the claim's value in them (or one of several), or
   * `true` for any value (`{ token_use: 'id' }` for Cognito, `{ nonce: true }` for OpenID Connect
   * providers). A token carrying one fails with `id_token`, right after the `typ` check. Default: none.
   */
  readonly idTokenClaims?: Readonly<Record<string, string | readonly string[] | true>>
  /** Roles the token must grant; all of them unless `roleMatch` is `'any'`. Default: none. */
  readonly roles?: string | readonly string[]
  /**
   * Where granted roles are read: a claim holding an array of strings, given as a path of members,
   * dot-separated (`'realm_access.roles'`) or as an array (`['https://example.com/roles']`, for a
   * claim name with dots). Default `'roles'` (RFC 9068 §2.2.3.1).
   */
  readonly roleClaim?: string | readonly string[]
  /** `'all'` (default): every required role must be granted; `'any'`: at least one. */
  readonly roleMatch?: 'all' | 'any'
  /**
   * The caller's own claim checks, run in order after every built-in claim check passed: each
   * names a claim, a code `x_<snake_case>` and a test that must return (or resolve to) `true`.
   */
  readonly claimChecks?: readonly ClaimCheck[]
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

/** Options one call of a verifier may set: a route's own requirements, and what the request proves. */
export interface CallOptions {
  /** Scopes this call requires, instead of the verifier's (or its issuer entry's); `[]`: none; undefined keeps them. */
  readonly scopes?: string | readonly string[] | undefined
  /** `'all'` or `'any'` for this call's scopes; default: the verifier's. */
  readonly scopeMatch?: 'all' | 'any' | undefined
  /** Roles this call requires, instead of the verifier's. */
  readonly roles?: string | readonly string[] | undefined
  /** `'all'` or `'any'` for this call's roles; default: the verifier's. */
  readonly roleMatch?: 'all' | 'any' | undefined
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

/**
 * A call's options, validated: each requirement is undefined where the verifier's (or issuer's)
 * applies; `proof` and `certificate` are what the request proves.
 */
export interface CallRule {
  readonly scopes: readonly string[] | undefined
  readonly scopeAny: boolean | undefined
  readonly roles: readonly string[] | undefined
  readonly roleAny: boolean | undefined
  /** Whether the call passed `dpop` input at all, with a proof or without. */
  readonly dpop: boolean
  /** The DPoP proof and request, when the call passed a proof. */
  readonly proof: ProofRequest | undefined
  readonly certificate: CertificateThumbprint | undefined
}

/** Validated options, as the steps read them. */
export interface Settings {
  readonly keys: KeySets<Settings>
  readonly issuers: readonly string[]
  /** Undefined when only `clientId` ties tokens to this API. */
  readonly audiences: readonly string[] | undefined
  readonly clientIds: readonly string[] | undefined
  readonly scopes: ScopeRule
  readonly roles: RoleRule
  readonly algorithms: ReadonlyMap<string, AlgorithmEntry>
  /** No `algorithms` option: a key's own `alg` allows that algorithm for that key. */
  readonly algorithmsFromKeys: boolean
  readonly clockTolerance: number
  readonly maxTokenAge: number | undefined
  /** Seconds since the epoch at which to judge the claims, asked once per token. */
  readonly clock: () => number
  readonly maxTokenLength: number
  readonly rfc9068: boolean
  /** Accepted `typ` media types (see `mediaType`); undefined for the default. */
  readonly types: readonly string[] | undefined
  /** Claims whose presence (`true`) or value (one of a list) marks an ID token. */
  readonly idTokenClaims: ClaimRules
  /** Claims required present (`true`) or with one of the values, in check order. */
  readonly expected: ClaimRules
  readonly claimChecks: readonly ClaimCheck[]
  /** The dpop step of the `dpop` option, or undefined: this verifier takes no proofs. */
  readonly dpop: ProofChecker | undefined
  readonly acceptBoundTokensAsBearer: boolean
  /** The verdict cache, when the `cache` option asks for one: one per validated options object. */
  readonly verdicts: VerdictCache | undefined
}

/** Claim name, then `true` (present, any value) or the accepted string values. */
export type ClaimRules = readonly (readonly [string, true | readonly string[]])[]

export const DEFAULT_MAX_TOKEN_LENGTH = 16384

/** The largest accepted clockTolerance, in seconds. */
export const MAX_CLOCK_TOLERANCE = 3600

const OPTION_NAMES = [
  'jwks', 'issuer', 'audience', 'scopes', 'scopeClaim', 'scopeMatch', 'algorithms', 'clockTolerance',
  'maxTokenAge', 'currentDate', 'now', 'maxTokenLength', 'profile', 'clientId', 'typ', 'subject', 'requiredClaims',
  'claimValues', 'idTokenClaims', 'roles', 'roleClaim', 'roleMatch', 'claimChecks', 'dpop', 'acceptBoundTokensAsBearer', 'cache',
] as const satisfies readonly (keyof VerifyOptionsBase)[]

const CALL_OPTION_NAMES = ['scopes', 'scopeMatch', 'roles', 'roleMatch', 'dpop', 'clientCertificate'] as const satisfies readonly (keyof CallOptions)[]

const ENTRY_NAMES = ['jwks', 'audience', 'clientId', 'scopes'] as const satisfies readonly (keyof IssuerEntry)[]

const MATCHES = ['all', 'any']

/**
 * Validates options once; throws a `TypeError` naming the first mistake and its fix. Messages are
 * a few words each (the remedy); the README's option table carries the explanation.
 */
export function resolveOptions(input: VerifyOptions | PerIssuerOptions): Settings {
  // First of all, so that a caller whose options are refused gets no unhandled rejection later.
  if (typeof input === 'object' && input !== null) settleEarly(guarded('options', () => Object.hasOwn(input, 'jwks') ? input.jwks : undefined))
  if (typeof globalThis.crypto?.subtle?.verify !== 'function') fail('WebCrypto (globalThis.crypto.subtle) is not available in this runtime')
  // Own properties only, copied once: a polluted Object.prototype cannot supply an option.
  const o = guarded('options', () => readOptions<VerifyOptionsBase>(input, OPTION_NAMES))
  const { issuers, keys } = readKeySets(o.jwks, list(o.issuer, 'issuer', true))
  const scopeClaim = oneOf<ScopeClaim>(o.scopeClaim, 'scopeClaim', ['scope', 'scp', 'permissions']) ?? 'scope'
  const rfc9068 = oneOf(o.profile, 'profile', ['rfc9068']) !== undefined
  // Two answers to one question would interact silently: the profile fixes typ already.
  if (rfc9068 && o.typ !== undefined) fail('give typ or profile, not both')
  const settings: Settings = {
    keys,
    issuers: Object.freeze(issuers),
    audiences: optionalList(o.audience, 'audience'),
    clientIds: optionalList(o.clientId, 'clientId'),
    scopes: scopeRule(o.scopes, o.scopeMatch, scopeClaim),
    roles: roleRule(o.roles, o.roleMatch, o.roleClaim ?? 'roles'),
    types: rfc9068 ? ['at+jwt'] : optionalList(o.typ, 'typ')?.map(mediaType),
    idTokenClaims: claimRules(o.idTokenClaims, 'idTokenClaims'),
    expected: [
      ...list(o.requiredClaims, 'requiredClaims').map((name) => [name, true] as const),
      ...(o.subject === undefined ? [] : [['sub', list(o.subject, 'subject', true)] as const]),
      ...claimRules(o.claimValues, 'claimValues'),
    ],
    claimChecks: readChecks(o.claimChecks),
    algorithms: resolveAlgorithms(o.algorithms ?? DEFAULT_ALGORITHMS),
    algorithmsFromKeys: o.algorithms === undefined,
    // More than an hour of skew is a unit mistake (milliseconds given for seconds), not a clock.
    clockTolerance: duration(o.clockTolerance ?? 0, 'clockTolerance', 0, MAX_CLOCK_TOLERANCE, 'seconds', false),
    // Zero would reject every token, which is never what a caller means.
    maxTokenAge: o.maxTokenAge === undefined ? undefined
      : duration(o.maxTokenAge, 'maxTokenAge', Number.MIN_VALUE, Number.MAX_VALUE, 'seconds', false),
    clock: resolveClock(o.currentDate, o.now),
    maxTokenLength: duration(o.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH, 'maxTokenLength', 1, Number.MAX_SAFE_INTEGER, 'characters'),
    rfc9068,
    dpop: o.dpop === undefined ? undefined : readProofChecker(o.dpop),
    acceptBoundTokensAsBearer: oneOf(o.acceptBoundTokensAsBearer, 'acceptBoundTokensAsBearer', [true, false]) ?? false,
    verdicts: o.cache === undefined ? undefined : resolveCache(o.cache),
  }
  if (!(keys instanceof Map)) return requireAudience(settings, '')
  // Each issuer gets its own settings: the verifier's, with its entry's options in place.
  const byIssuer = new Map<string, ChosenKeySet<Settings>>()
  const shared = { ...settings, keys: byIssuer }
  for (const [name, { source, entry = {} }] of keys) {
    const given = guarded('jwks', () => readOptions<IssuerEntry>(entry, ENTRY_NAMES, `the jwks entry of ${name}`))
    byIssuer.set(name, {
      ok: true,
      source,
      settings: requireAudience({
        ...shared,
        audiences: optionalList(given.audience, 'audience') ?? shared.audiences,
        clientIds: optionalList(given.clientId, 'clientId') ?? shared.clientIds,
        scopes: given.scopes === undefined ? shared.scopes : scopeRule(given.scopes, o.scopeMatch, scopeClaim),
      }, name),
    })
  }
  return shared
}

/** A token must be tied to this API: by `aud`, by `client_id`, or both (RFC 9068 §4). */
function requireAudience(settings: Settings, issuer: string): Settings {
  if (settings.audiences === undefined && settings.clientIds === undefined) {
    fail(`audience is required${issuer && ` for ${issuer}`} (or clientId, where tokens have no aud)`)
  }
  return settings
}

function resolveCache(input: unknown): VerdictCache {
  const cache = guarded('cache', () => readOptions<CacheOptions>(input, ['entries', 'bytes'], 'cache'))
  return createVerdictCache(
    duration(cache.entries ?? 1000, 'cache.entries', 1, 1_000_000, 'tokens'),
    duration(cache.bytes ?? 1_048_576, 'cache.bytes', 1024, 2 ** 30, 'bytes'),
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
export function rememberedSettings(input: VerifyOptions | PerIssuerOptions): Settings {
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
  walkHeld(input, (value) => out.push(value) > 0)
  return out
}

/**
 * Whether `input` holds what `held` listed before, compared as it is walked: nothing is built, as
 * a one-shot call pays this on every token.
 */
function sameHeld(before: readonly unknown[], input: object): boolean {
  let at = 0
  try {
    return walkHeld(input, (value) => Object.is(value, before[at++])) && at === before.length
  } catch {
    // A getter or a Proxy that throws now: validate again, which says what is wrong.
    return false
  }
}

/** Hands `visit` each thing `held` lists, in order, until it answers false; says whether it never did. */
function walkHeld(input: object, visit: (value: unknown) => boolean): boolean {
  const add = (value: unknown): boolean => {
    if (!visit(value)) return false
    if (Array.isArray(value)) {
      if (!visit(value.length)) return false
      // By index, not spread: a key set's array may be longer than a call's argument list.
      for (let i = 0; i < value.length; i++) if (!visit(value[i])) return false
    } else if (value instanceof Date) {
      return visit(value.getTime())
    }
    return true
  }
  const names = Object.keys(input)
  for (let n = 0; n < names.length; n++) {
    const name = names[n]!
    const value: unknown = (input as Record<string, unknown>)[name]
    if (!visit(name) || !add(value)) return false
    if (name === 'jwks' && typeof value === 'object' && value !== null && Object.hasOwn(value, 'keys') && !add((value as { keys: unknown }).keys)) return false
  }
  return true
}

/**
 * A call's options, validated now, so that a mistake rejects the call before the token is read:
 * the route's own scopes and roles, and the DPoP proof and client certificate the request carries.
 */
export function resolveCall(input: CallOptions): CallRule {
  const call = guarded('call options', () => readOptions<CallOptions>(input, CALL_OPTION_NAMES, 'call options'))
  return {
    scopes: call.scopes === undefined ? undefined : scopeRule(call.scopes, undefined, 'scope').required,
    scopeAny: matchOf(call.scopeMatch, 'scopeMatch'),
    roles: call.roles === undefined ? undefined : roleRule(call.roles, undefined, 'roles').required,
    roleAny: matchOf(call.roleMatch, 'roleMatch'),
    dpop: call.dpop !== undefined,
    proof: call.dpop === undefined ? undefined : resolveDpopInput(call.dpop),
    certificate: resolveCertificate(call.clientCertificate),
  }
}

/** A rule with a call's list or match put in where the call gives them. */
export function withCall<Rule extends ScopeRule | RoleRule>(rule: Rule, required: readonly string[] | undefined, any: boolean | undefined): Rule {
  return required === undefined && any === undefined ? rule : { ...rule, required: required ?? rule.required, any: any ?? rule.any }
}

/** `value` when it is one of `allowed` (or undefined); otherwise a mistake listing them. */
function oneOf<T>(value: unknown, name: string, allowed: readonly T[]): T | undefined {
  if (value !== undefined && !allowed.includes(value as T)) fail(`${name} must be ${allowed.map((v) => JSON.stringify(v)).join(' or ')}`)
  return value as T | undefined
}

function matchOf(match: unknown, name: string): boolean | undefined {
  const given = oneOf(match, name, MATCHES)
  return given === undefined ? undefined : given === 'any'
}

function scopeRule(scopes: unknown, match: unknown, claim: ScopeClaim): ScopeRule {
  // A required scope with a space could never match one space-delimited scope token.
  const required = list(scopes, 'scopes').map((scope) => /\s/.test(scope) ? fail('scopes must not contain white space') : scope)
  // Frozen, like every list here: a caller holding a result can never change what is required.
  return Object.freeze({ required: Object.freeze(required), any: matchOf(match, 'scopeMatch') === true, claim })
}

function roleRule(roles: unknown, match: unknown, claim: unknown): RoleRule {
  // A dotted string is a path; an array spells the members out, for claim names with dots.
  // Checked as a list (members non-empty, at least one), but kept as given: not de-duplicated.
  const path = typeof claim === 'string' ? claim.split('.') : claim
  list(path, 'roleClaim', true)
  return Object.freeze({ required: list(roles, 'roles'), any: matchOf(match, 'roleMatch') === true, path: [...path as string[]], claim: (path as string[]).join('.') })
}

function optionalList(value: unknown, name: string): readonly string[] | undefined {
  return value === undefined ? undefined : list(value, name, true)
}

/** `claimValues` and `idTokenClaims`: claim name → `true`, a string, or a list of strings. */
function claimRules(value: unknown, name: string): ClaimRules {
  return guarded(name, () => value === undefined ? [] : Object.entries(typeof value === 'object' && value !== null && !Array.isArray(value) ? value : fail(`${name} must be an object`))
    .map(([claim, values]) => [claim, values === true || list(values, `${name}.${claim} (or true)`, true)] as const))
}

/** The caller's claim checks, copied: a later change to the caller's objects is not seen. */
function readChecks(value: unknown): ClaimCheck[] {
  const mistake = 'claimChecks must be [{ claim, code: "x_snake_case", check }]'
  return guarded('claimChecks', () => (value === undefined ? [] : Array.isArray(value) ? value : fail(mistake)).map((item: unknown) => {
    const { claim, code, check } = readOptions<ClaimCheck>(item, ['claim', 'code', 'check'], 'a claim check')
    // Security: a code in the caller's own namespace, `x_` then lower-case snake_case, can never
    // be mistaken for a code of the library, in this version or a later one.
    return typeof claim === 'string' && claim !== '' && typeof code === 'string' && /^x(_[a-z0-9]+)+$/.test(code) && typeof check === 'function'
      ? { claim, code, check }
      : fail(mistake)
  }))
}

/** A string or a list of strings, none empty, de-duplicated and frozen; `required`: not empty. */
function list(value: unknown, name: string, required = false): readonly string[] {
  const items = typeof value === 'string' ? [value] : value ?? []
  if (!Array.isArray(items) || !items.every((item) => typeof item === 'string' && item !== '') || (required && !items.length)) {
    fail(`${name} must be a non-empty string or ${required ? 'a non-empty' : 'an'} array of them`)
  }
  return Object.freeze([...new Set<string>(items)])
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

function resolveClock(date: unknown, now: unknown): () => number {
  if (date !== undefined && now !== undefined) fail('give currentDate or now, not both')
  const valid = (value: unknown, name: string) =>
    value instanceof Date && !Number.isNaN(value.getTime()) ? value.getTime() / 1000 : fail(`${name} must be a valid Date`)
  if (now !== undefined) {
    if (typeof now !== 'function') fail('now must be a function returning a Date')
    // A clock that answers nonsense is the caller's bug: the verification rejects with it.
    return () => valid(now(), 'now()')
  }
  if (date === undefined) return () => Date.now() / 1000
  // Copied now: a caller changing their Date object later does not move this verifier's time.
  const seconds = valid(date, 'currentDate')
  return () => seconds
}
