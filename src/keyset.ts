/**
 * Key sets (RFC 7517 §5): reading the `jwks` option, the key source seam the signature step asks
 * for candidate keys, the static source for a set given as data, the deferred source for a
 * promise of a set, and the choice of a set by the token's issuer. A remote set (`remote.ts`)
 * plugs into the same seam through `KEY_SOURCE`; this file never imports it.
 */
import type { AlgorithmEntry } from './algorithms.js'
import { couldFit, fitsAlgorithm, isPrepared, prepareKey, type PreparedKey, type RefusedKey } from './key.js'
import { fail, guarded, read } from './mistakes.js'
import { own, type JsonObject } from './json.js'
import { claimsFailure, keyNotFound, unavailable, type ClaimsFailure, type KeyNotFoundFailure, type UnavailableFailure, type UnavailableReason } from './result.js'

/** A JSON Web Key Set as an issuer publishes it at its `jwks_uri`. */
export interface JsonWebKeySet {
  readonly keys: readonly unknown[]
}

/** The keys that may verify one token, in key-set order. */
export interface Candidates {
  readonly ok: true
  readonly keys: readonly PreparedKey[]
}

/** What a key source answers: candidates, why there are none, or that the set cannot be read. */
export type KeyLookup = Candidates | KeyNotFoundFailure | UnavailableFailure

/**
 * Where the signature step gets candidate keys. Answers synchronously when it can (a static set,
 * a fresh remote set), so the hot path awaits nothing it already has. Never throws.
 */
export interface KeySource {
  candidates(kid: string | undefined, alg: AlgorithmEntry): KeyLookup | Promise<KeyLookup>
  /** What the set is doing, for logs and health checks; never token content. */
  status?(): KeySetStatus
}

/**
 * A key set's state, as `verifier.keySets()` reports it: `ready` (keys can be read), `pending`
 * (nothing read yet: a discovery or first fetch under way or not started), `unavailable` (the
 * last attempt failed; `reason` says why, and for a failed discovery `error` is its `Error`).
 */
export interface KeySetStatus {
  readonly state: 'ready' | 'pending' | 'unavailable'
  readonly reason?: UnavailableReason
  /** A remote set's last fetch. */
  readonly lastFetch?: { readonly at: number; readonly ok: boolean; readonly status?: number; readonly reason?: UnavailableReason }
  /** The rejection of a discovery given unawaited as `jwks`. */
  readonly error?: unknown
}

/**
 * The property through which a key-set object (a remote set) hands over its key source. A global
 * symbol, so that copies of the library loaded twice (ESM and CommonJS) still recognise each other.
 */
export const KEY_SOURCE: unique symbol = Symbol.for('verify-access-token.keySource') as never

/** The most keys tried for one token when several fit (no `kid`, or a repeated `kid`). */
export const MAX_KEY_ATTEMPTS = 3

/** A key set given as data: answers at once and is never unavailable. */
export interface StaticKeySource extends KeySource {
  candidates(kid: string | undefined, alg: AlgorithmEntry): Candidates | KeyNotFoundFailure
}

const READY: KeySetStatus = Object.freeze({ state: 'ready' })

/** A key set given as data, read once: later changes to the caller's object are not seen. */
export function createStaticKeySource(jwks: JsonWebKeySet): StaticKeySource {
  const keys: PreparedKey[] = []
  const refused: RefusedKey[] = []
  // By index, so a hole in the array is an (ignored) undefined entry, never skipped silently.
  for (let i = 0; i < jwks.keys.length; i++) {
    const key = prepareKey(jwks.keys[i])
    if (isPrepared(key)) keys.push(key)
    else refused.push(key)
  }
  // The keys that fit each algorithm, indexed by kid, worked out once per algorithm on first use.
  const byAlgorithm = new Map<AlgorithmEntry, { all: Candidates; byKid: Map<string, Candidates> }>()
  return {
    status: () => READY,
    candidates(kid, alg) {
      let fitting = byAlgorithm.get(alg)
      if (fitting === undefined) fitting = index(keys, alg, byAlgorithm)
      // RFC 7515 §4.1.4: with a kid, only keys with that exact kid; without one, any key that fits.
      const found = kid === undefined ? fitting.all : fitting.byKid.get(kid)
      return found !== undefined && found.keys.length > 0 ? found : explainMiss(kid, alg, keys, refused)
    },
  }
}

function index(keys: readonly PreparedKey[], alg: AlgorithmEntry, into: Map<AlgorithmEntry, { all: Candidates; byKid: Map<string, Candidates> }>) {
  const all = keys.filter((key) => fitsAlgorithm(key, alg))
  const byKid = new Map<string, Candidates>()
  for (const key of all) {
    if (key.kid === undefined) continue
    const same = byKid.get(key.kid)
    if (same === undefined) byKid.set(key.kid, { ok: true, keys: [key] })
    else if (same.keys.length < MAX_KEY_ATTEMPTS) (same.keys as PreparedKey[]).push(key) // no more are ever tried
  }
  const fitting = { all: { ok: true as const, keys: all }, byKid }
  into.set(alg, fitting)
  return fitting
}

/**
 * Why no key fits: the cold path, so it may look through the whole set. A refused key with the
 * token's kid (or any, without one) whose type and curve fit the algorithm is most likely the key
 * the token was signed for, so its rule is the answer; then an accepted key of the wrong type;
 * then any refused key with the kid.
 */
function explainMiss(kid: string | undefined, alg: AlgorithmEntry, keys: readonly PreparedKey[], refused: readonly RefusedKey[]): KeyNotFoundFailure {
  const named = (key: { readonly kid: string | undefined }) => kid === undefined || key.kid === kid
  const meant = refused.find((key) => named(key) && couldFit(key, alg))
  if (meant !== undefined) return keyNotFound('key_rejected', meant.rule)
  if (keys.some(named)) return keyNotFound('no_key_for_algorithm')
  const rejected = refused.find(named)
  if (rejected !== undefined) return keyNotFound('key_rejected', rejected.rule)
  return keyNotFound(kid === undefined ? 'no_key_for_algorithm' : 'no_matching_kid')
}

/**
 * The property of a `discoverJwks` promise that starts the same discovery again, so a verifier
 * given the promise unawaited recovers once the issuer answers.
 */
export const RETRY: unique symbol = Symbol.for('verify-access-token.retry') as never

/** The longest wait between two attempts of a failed discovery, in milliseconds. */
const MAX_RETRY_WAIT = 30_000

type Settled = { readonly ok: true; readonly source: KeySource } | UnavailableFailure

/**
 * A key set that arrives later (`discoverJwks(issuer)` not awaited). Until it does, tokens wait
 * for it. If the promise rejects, the set is unavailable (`jwks_unavailable`, reason
 * `discovery_failed`) and a discovery is tried again after 1 s, doubling up to 30 s; a value
 * that is not a key set makes it unavailable for good (`not_a_key_set`).
 */
function deferredKeySource(promise: PromiseLike<unknown>): KeySource {
  let settled: Settled | undefined
  let pending: Promise<Settled> | undefined
  let failures = 0
  let retryAt = 0
  let error: unknown
  const settle = (next: PromiseLike<unknown>) => (pending = Promise.resolve(next).then(
    (value) => {
      const source = sourceOf(value)
      return source === undefined ? unavailable('not_a_key_set', MAX_RETRY_WAIT / 1000) : { ok: true, source } as const
    },
    (reason: unknown) => {
      // Kept for verifier.keySets(): the discovery's own message names the URLs and issuers.
      error = reason
      const wait = Math.min(1000 * 2 ** Math.min(failures++, 30), MAX_RETRY_WAIT)
      retryAt = Date.now() + wait
      return unavailable('discovery_failed', wait / 1000)
    },
  ).then((result) => {
    pending = undefined
    return (settled = result)
  }))
  settle(promise)
  const ask = (s: Settled, kid: string | undefined, alg: AlgorithmEntry) => s.ok === true ? s.source.candidates(kid, alg) : s
  return {
    status() {
      if (settled === undefined) return { state: 'pending' }
      if (settled.ok === true) return settled.source.status?.() ?? READY
      return { state: 'unavailable', reason: settled.reason, ...(error === undefined ? {} : { error }) }
    },
    candidates(kid, alg) {
      if (pending === undefined && settled?.ok === false && settled.reason === 'discovery_failed') {
        const retry = read(promise, RETRY)
        const wait = retryAt - Date.now()
        if (typeof retry !== 'function') return settled
        if (wait > 0) return unavailable('discovery_failed', Math.ceil(wait / 1000))
        settle(retry() as PromiseLike<unknown>)
      }
      return pending === undefined ? ask(settled!, kid, alg) : pending.then((s) => ask(s, kid, alg))
    },
  }
}

/** The key source of a key set, a remote set or a promise of either; undefined for anything else. */
function sourceOf(value: unknown): KeySource | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const remote = read(value, KEY_SOURCE)
  if (remote !== undefined) return remote as KeySource
  if (isThenable(value)) return deferredKeySource(value)
  const keys = read(value, 'keys')
  return Array.isArray(keys) && keys.length > 0 ? createStaticKeySource({ keys }) : undefined
}

function isThenable(value: object): value is PromiseLike<unknown> {
  return value instanceof Promise || typeof read(value, 'then') === 'function'
}

/**
 * Gives every promise among the `jwks` values a rejection handler at once, before any option is
 * judged: a caller whose options are refused must not also get an unhandled rejection later.
 */
export function settleEarly(jwks: unknown): void {
  guarded('jwks', () => {
    const values = jwks instanceof Map ? [...jwks.values()] : isPlainObject(jwks) ? Object.values(jwks) : [jwks]
    for (const item of values) {
      const value = entryOf(item)?.jwks ?? item
      if (typeof value === 'object' && value !== null && isThenable(value)) Promise.resolve(value).then(undefined, () => {})
    }
  })
}

/**
 * A key source chosen for a token: the `ok` form the pipeline reads. `Local` is the settings
 * type of options.ts, which this file does not know (it sits below the options).
 */
export interface ChosenKeySet<Local = unknown> {
  readonly ok: true
  readonly source: KeySource
  /** An issuer entry as given (`{ jwks, audience, ... }`), for options.ts to read. */
  readonly entry?: object
  /** The settings for this issuer's tokens, when its entry changes the verifier's. */
  readonly settings?: Local
}

/**
 * An issuer entry `{ jwks, audience, clientId, scopes }`: an object with its own `jwks` member,
 * which no key set, remote key set or promise has; undefined for anything else.
 */
function entryOf(value: unknown): { readonly jwks: unknown } | undefined {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, 'jwks') ? value as { jwks: unknown } : undefined
}

/** One source for every issuer, or one per issuer chosen by the token's `iss`. */
export type KeySets<Local = unknown> = ChosenKeySet<Local> | ReadonlyMap<string, ChosenKeySet<Local>>

/** Reads the `jwks` and `issuer` options: one key set for every issuer, or a map by issuer. */
export function readKeySets(jwks: unknown, issuer: readonly string[]): { issuers: readonly string[]; keys: KeySets<never> } {
  return guarded('jwks', () => {
    const single = sourceOf(jwks)
    if (single !== undefined) return { issuers: issuer, keys: { ok: true, source: single } }
    const entries = jwks instanceof Map ? [...(jwks as Map<unknown, unknown>)] : isIssuerMap(jwks) ? Object.entries(jwks) : fail(mistake(jwks))
    const byIssuer = new Map<string, ChosenKeySet<never>>()
    for (const [name, item] of entries) {
      if (typeof name !== 'string' || name === '') fail('jwks map keys must be issuer strings')
      const entry = entryOf(item)
      const value = entry === undefined ? item : entry.jwks
      const source = sourceOf(value) ?? fail(`jwks for ${JSON.stringify(name)}: ${mistake(value)}`)
      byIssuer.set(name, entry === undefined ? { ok: true, source } : { ok: true, source, entry })
    }
    if (byIssuer.size === 0) fail('jwks map is empty')
    const issuers = issuer
    // Both directions: a missing entry could never verify, an extra one is a forgotten issuer.
    for (const name of issuers) if (!byIssuer.has(name)) fail(`issuer ${JSON.stringify(name)} has no entry in the jwks map`)
    for (const name of byIssuer.keys()) if (!issuers.includes(name)) fail(`jwks map entry ${JSON.stringify(name)} is not in issuer`)
    return { issuers, keys: byIssuer }
  })
}

function isPlainObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** A plain object not itself shaped like a key set, a key or an entry: an issuer → key set map. */
function isIssuerMap(value: unknown): value is JsonObject {
  return isPlainObject(value) && own(value, 'keys') === undefined && own(value, 'kty') === undefined && entryOf(value) === undefined
}

/** The remedy for a wrong `jwks` shape: name the shape, then the fix. */
function mistake(value: unknown): string {
  if (typeof value === 'string') {
    const text = value.trim()
    if (/^https?:/i.test(text)) return 'jwks is a URL string: pass createRemoteJwks(url), or await discoverJwks(issuer)'
    if (text.startsWith('-----BEGIN')) return 'jwks is PEM text: convert it with await createJwksFromPem(pem, { alg })'
    if (text.startsWith('{')) return 'jwks is a JSON string: pass JSON.parse(text)'
  }
  if (typeof URL === 'function' && value instanceof URL) return 'jwks is a URL: pass createRemoteJwks(url)'
  if (typeof CryptoKey === 'function' && value instanceof CryptoKey) {
    return 'jwks is a CryptoKey: pass its public JWK as { keys: [jwk] } (crypto.subtle.exportKey("jwk", key))'
  }
  if (Array.isArray(value)) {
    return value.some((item) => isPlainObject(item) && own(item, 'kty') !== undefined)
      ? 'jwks is an array of JWKs: wrap it as { keys: [...] }'
      : 'jwks is an array: for several issuers pass a Map from issuer to key set'
  }
  if (isPlainObject(value) && own(value, 'kty') !== undefined) return 'jwks is a single JWK: wrap it as { keys: [jwk] }'
  if (isPlainObject(value) && Array.isArray(own(value, 'keys'))) return 'jwks has an empty "keys" array'
  return 'jwks must be { keys: [...] }, createRemoteJwks(url), a promise of either, or a Map from issuer to those'
}

/**
 * The key set for a token, chosen by its unverified `iss` when there is one per issuer; claims.ts
 * still checks `iss` after the signature. Security: an issuer without a key set has no key to
 * verify with. This is the one claim answered before the signature, as the contract for several
 * issuers requires; it tells only whether an issuer is configured, which its metadata says anyway.
 */
export function chooseKeySet<Local>(keys: KeySets<Local>, unverifiedIss: unknown): ChosenKeySet<Local> | ClaimsFailure {
  if (!(keys instanceof Map)) return keys as ChosenKeySet<Local>
  return (typeof unverifiedIss === 'string' ? keys.get(unverifiedIss) : undefined) ?? claimsFailure('issuer_mismatch', 'iss')
}
