/**
 * A key set fetched from the issuer's `jwks_uri` (RFC 8414 §2, OpenID Connect Discovery §3) and
 * kept current while keys rotate, the endpoint is slow or down, and tokens arrive with random
 * `kid`s. Only the web `fetch` API is used. Nothing here throws into verification: every failure
 * of the endpoint becomes `jwks_unavailable` with its reason.
 *
 * One failure state governs every fetch: after a failed fetch no new one starts before the
 * backoff has passed (1 s, doubling up to the cooldown, or the endpoint's `Retry-After` up to
 * five minutes), whatever the token rate, and tokens that need the endpoint meanwhile fail at once.
 */
import { own, parseJsonObject } from './json.js'
import { createStaticKeySource, KEY_SOURCE, RETRY, type KeyLookup, type KeySource, type StaticKeySource } from './keyset.js'
import { duration, fail, readOptions } from './mistakes.js'
import { unavailable, type UnavailableReason } from './result.js'
import type { FetchInit, FetchResponse, WebUrl } from './web.js'

/** Options of `createRemoteJwks` and `discoverJwks`; every duration is in milliseconds. */
export interface RemoteJwksOptions {
  /** Longest time one fetch may take, body included. Default 5000; 100 to 60000. */
  readonly timeout?: number
  /**
   * After a successful fetch that lacked a token's `kid`, no other unknown `kid` refetches for this
   * long; also the longest failure backoff. Default 30000; 0, or 1000 to 3600000.
   */
  readonly cooldown?: number
  /**
   * How long a fetched set is fresh. A `Cache-Control: max-age` from the endpoint shortens it,
   * but never below one second. Default 600000 (10 minutes); 0, or 1000 to 604800000 (7 days).
   */
  readonly cacheMaxAge?: number
  /**
   * How long past freshness a fetched set keeps serving while refreshes fail (RFC 5861's
   * stale-if-error). Default 3600000; 0, or 1000 to 604800000.
   */
  readonly staleIfError?: number
  /** Largest accepted response body in bytes, enforced while reading. Default 524288; 1024 to 16777216. */
  readonly maxBodySize?: number
  /** The fetch to use (a proxy, a test double). Default `globalThis.fetch`. */
  readonly fetch?: (input: string, init: FetchInit) => Promise<FetchResponse>
  /** Extra request headers, for endpoints that need them; checked when the set is created. */
  readonly headers?: Readonly<Record<string, string>>
}

/** What the last fetch of a remote set did, for logs and health checks. */
export interface FetchOutcome {
  /** When it ended, in milliseconds since the epoch. */
  readonly at: number
  readonly ok: boolean
  /** The HTTP status, when the endpoint answered. */
  readonly status?: number
  /** Why it failed, when it did. */
  readonly reason?: UnavailableReason
}

/** A remote key set, usable wherever `jwks` is accepted. Create it once, at module scope. */
export interface RemoteJwks {
  /** The `jwks_uri` it fetches. */
  readonly url: string
  /** Fetches now, bypassing freshness, cooldown and backoff; resolves to whether a valid set was received. */
  reload(): Promise<boolean>
  /** The outcome of the last fetch, or undefined before the first one ended. */
  readonly lastFetch: FetchOutcome | undefined
  /** @internal The key source the signature step reads; not part of the public contract. */
  readonly [KEY_SOURCE]: unknown
}

/** The least time a fetched set is fresh, whatever the endpoint says (unless cacheMaxAge is less). */
const MIN_FRESHNESS = 1000
/** The first failure backoff; it doubles up to the cooldown. */
const FIRST_BACKOFF = 1000
/** The longest `Retry-After` honoured: longer would leave a verifier unavailable for too long. */
const MAX_RETRY_AFTER = 300_000

const DAY = 86_400_000
// name: [default, min, max]; 0 is allowed where the minimum is 1000 (a unit mistake lies between).
const LIMITS = {
  timeout: [5000, 100, 60_000],
  cooldown: [30_000, 1000, 3_600_000],
  cacheMaxAge: [600_000, 1000, 7 * DAY],
  staleIfError: [3_600_000, 1000, 7 * DAY],
  maxBodySize: [524_288, 1024, 16_777_216],
} as const

interface Fetched {
  readonly source: StaticKeySource
  /** Milliseconds since the epoch until which the set is fresh, then until which it may serve. */
  readonly freshUntil: number
  readonly usableUntil: number
}

type Body = { readonly ok: true; readonly body: Uint8Array; readonly status: number; readonly maxAge: number | undefined }
type Failed = { readonly ok: false; readonly reason: UnavailableReason; readonly status?: number; readonly retryAfter?: number }

/** Creates a remote key set for a `jwks_uri`; throws a `TypeError` for a URL or option mistake. */
export function createRemoteJwks(url: string | WebUrl, options: RemoteJwksOptions = {}): RemoteJwks {
  const href = checkUrl(url, 'the key set URL')
  const { timeout, cooldown, cacheMaxAge, staleIfError, maxBodySize, fetchImpl, headers } =
    resolveRemoteOptions(options, 'application/jwk-set+json, application/json')

  let current: Fetched | undefined
  let inflight: Promise<boolean> | undefined
  let lastFetch: FetchOutcome | undefined
  // The failure state: consecutive failures, the earliest time of the next fetch, the last reason.
  let failures = 0
  let retryAt = 0
  let reason: UnavailableReason = 'network'
  // Until when unknown kids refetch nothing: set after a successful fetch that lacked a kid.
  let kidQuietUntil = 0

  /** One fetch at a time: concurrent callers share it (single flight). Never rejects. */
  function refresh(): Promise<boolean> {
    inflight ??= load().finally(() => { inflight = undefined })
    return inflight
  }

  async function load(): Promise<boolean> {
    const response = await fetchBody(fetchImpl, href, headers, timeout, maxBodySize)
    const json = response.ok ? parseJsonObject(response.body) : undefined
    const keys = typeof json === 'object' ? own(json, 'keys') : undefined
    const now = Date.now()
    // A body that is not a JSON key set is a failure of the endpoint, like a 500: keep the old set.
    if (!response.ok || !Array.isArray(keys)) {
      const failed: Failed = response.ok ? { ok: false, reason: 'not_a_key_set', status: response.status } : response
      failures++
      reason = failed.reason
      const backoff = Math.min(FIRST_BACKOFF * 2 ** Math.min(failures - 1, 30), Math.max(cooldown, FIRST_BACKOFF))
      retryAt = now + Math.max(backoff, Math.min(failed.retryAfter ?? 0, MAX_RETRY_AFTER))
      lastFetch = outcome(now, false, failed.status, failed.reason)
      return false
    }
    failures = 0
    retryAt = 0
    lastFetch = outcome(now, true, response.status, undefined)
    // max-age, when sent, within [min(1 s, cacheMaxAge), cacheMaxAge]: never a fetch per token.
    const freshFor = Math.max(Math.min(MIN_FRESHNESS, cacheMaxAge), Math.min(cacheMaxAge, response.maxAge ?? cacheMaxAge))
    // Replaced whole: a token sees the old set or the new one, never a mix.
    current = { source: createStaticKeySource({ keys }), freshUntil: now + freshFor, usableUntil: now + freshFor + staleIfError }
    return true
  }

  /** The failure for a token that needs the endpoint while it fails. */
  const down = () => unavailable(reason, Math.max(1, Math.ceil((retryAt - Date.now()) / 1000)))

  /** Asks the endpoint unless the backoff forbids it; resolves to whether a fresh set arrived. */
  const ask = (): Promise<boolean> | false => inflight ?? (Date.now() < retryAt ? false : refresh())

  async function afterFetch(fetched: Promise<boolean> | false, kid: string | undefined, alg: Parameters<KeySource['candidates']>[1], kidMiss: boolean): Promise<KeyLookup> {
    const ok = fetched !== false && await fetched
    if (!ok) {
      // Security: an unknown kid that could not be checked is not a verdict on the token: 503.
      if (kidMiss || current === undefined || Date.now() >= current.usableUntil) return down()
      return current.source.candidates(kid, alg)
    }
    const found = current!.source.candidates(kid, alg)
    // The set was read and the kid is not in it: now, and only now, unknown kids go quiet, whatever
    // started the fetch (a first or expired-set fetch that lacks the kid counts too; otherwise
    // the next unknown kid would fetch again the set just read).
    if (found.ok === false) kidQuietUntil = Date.now() + cooldown
    return found
  }

  const source: KeySource = {
    status() {
      const usable = current !== undefined && Date.now() < current.usableUntil
      const state = usable ? 'ready' : lastFetch?.ok === false ? 'unavailable' : 'pending'
      return { state, ...(state === 'unavailable' ? { reason } : {}), ...(lastFetch === undefined ? {} : { lastFetch }) }
    },
    candidates(kid, alg) {
      const now = Date.now()
      const set = current
      // No usable set: wait for a fetch, unless the backoff says the endpoint is failing.
      if (set === undefined || now >= set.usableUntil) return afterFetch(ask(), kid, alg, false)
      // Stale but usable: answer now and refresh in the background (stale-while-revalidate).
      if (now >= set.freshUntil && inflight === undefined && now >= retryAt) void refresh()
      const found = set.source.candidates(kid, alg)
      if (found.ok === true) return found
      // Security: an unknown kid refetches only when the endpoint is healthy and no unknown kid
      // refetched within the cooldown, so random kids cannot turn each token into a request to
      // the issuer; a burst joins the fetch under way. A newly rotated key verifies at once.
      if (inflight !== undefined) return afterFetch(inflight, kid, alg, true)
      if (now < retryAt) return down()
      if (now < kidQuietUntil) return found
      return afterFetch(refresh(), kid, alg, true)
    },
  }

  return Object.freeze({
    url: href,
    reload: () => refresh(),
    get lastFetch() { return lastFetch },
    [KEY_SOURCE]: source,
  })
}

function outcome(at: number, ok: boolean, status: number | undefined, reason: UnavailableReason | undefined): FetchOutcome {
  return Object.freeze({ at, ok, ...(status === undefined ? {} : { status }), ...(reason === undefined ? {} : { reason }) })
}

/** The response body and its Cache-Control max-age in ms, or why there is none. Never rejects. */
async function fetchBody(
  fetchImpl: NonNullable<RemoteJwksOptions['fetch']>,
  url: string,
  headers: Record<string, string>,
  timeout: number,
  maxBodySize: number,
): Promise<Body | Failed> {
  const controller = new AbortController()
  let timedOut = false
  let status: number | undefined
  const timer = setTimeout(() => { timedOut = true; controller.abort() }, timeout)
  try {
    // Security: redirects are not followed, so the https-only rule cannot be sidestepped.
    const response = await fetchImpl(url, { headers, redirect: 'manual', signal: controller.signal })
    status = response.status
    if (!response.ok) {
      await response.body?.cancel().catch(() => {})
      return { ok: false, reason: 'http_status', status, ...retryAfterOf(response.headers.get('retry-after')) }
    }
    // A 2xx without a body (204, 205) answered, but sent no key set: not an error status.
    if (response.body === null) return { ok: false, reason: 'not_a_key_set', status }
    const declared = Number(response.headers.get('content-length') ?? 0)
    if (declared > maxBodySize) {
      await response.body.cancel().catch(() => {})
      return { ok: false, reason: 'too_large', status }
    }
    const body = await readLimited(response.body, maxBodySize)
    if (body === undefined) return { ok: false, reason: 'too_large', status }
    return { ok: true, body, status, maxAge: parseMaxAge(response.headers.get('cache-control')) }
  } catch {
    // Refused connections, resets, timeouts (the abort), unreadable bodies.
    // The status stays known when the body broke off after the endpoint answered.
    return { ok: false, reason: timedOut ? 'timeout' : 'network', ...(status === undefined ? {} : { status }) }
  } finally {
    clearTimeout(timer)
  }
}

/** `Retry-After` (RFC 9110 §10.2.3) in ms: delay-seconds or an HTTP date. */
function retryAfterOf(value: string | null): { retryAfter?: number } {
  if (value === null) return {}
  const ms = /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) * 1000 : Date.parse(value) - Date.now()
  return Number.isFinite(ms) && ms > 0 ? { retryAfter: ms } : {}
}

/** Reads a stream into one array, giving up (and cancelling it) past `limit` bytes. */
async function readLimited(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | undefined> {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    // Security: the cap holds while reading, so a body that never ends cannot exhaust memory.
    if (size > limit) {
      await reader.cancel().catch(() => {})
      return undefined
    }
    chunks.push(value)
  }
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

/** `max-age` in milliseconds; `no-store` and `no-cache` count as zero (RFC 9111 §5.2.2). */
function parseMaxAge(cacheControl: string | null): number | undefined {
  if (cacheControl === null) return undefined
  if (/(?:^|,)\s*no-(?:store|cache)\s*(?:,|$)/i.test(cacheControl)) return 0
  const match = /(?:^|,)\s*max-age\s*=\s*"?(\d{1,9})"?\s*(?:,|$)/i.exec(cacheControl)
  return match === null ? undefined : Number(match[1]) * 1000
}

/**
 * Reads the issuer's metadata (OpenID Connect Discovery §4, then RFC 8414 §3), checks that its
 * `issuer` is exactly the given one (RFC 8414 §3.3), and returns a remote key set for its
 * `jwks_uri`. Rejects with an `Error` naming the URL asked when no valid metadata can be read.
 */
export function discoverJwks(issuer: string, options: RemoteJwksOptions = {}): Promise<RemoteJwks> {
  // A verifier given this promise unawaited retries the discovery through this hook if it fails.
  return Object.defineProperty(discover(issuer, options), RETRY, { value: () => discoverJwks(issuer, options) })
}

async function discover(issuer: string, options: RemoteJwksOptions): Promise<RemoteJwks> {
  const base = new URL(checkUrl(issuer, 'the issuer'))
  const { timeout, maxBodySize, fetchImpl, headers } = resolveRemoteOptions(options, 'application/json')
  const path = base.pathname.replace(/\/$/, '')
  const documents = [
    `${base.origin}${path}/.well-known/openid-configuration`,
    `${base.origin}/.well-known/oauth-authorization-server${path}`,
  ]
  const said = (text: string) => new Error(`verify-access-token: ${text}`)
  for (const document of documents) {
    const response = await fetchBody(fetchImpl, document, headers, timeout, maxBodySize)
    const metadata = response.ok ? parseJsonObject(response.body) : undefined
    if (typeof metadata !== 'object') continue
    const named = own(metadata, 'issuer')
    // Security: metadata naming another issuer is an impersonation attempt (RFC 8414 §3.3).
    if (named !== issuer) {
      throw said(`the metadata at ${document} names a different issuer: ${JSON.stringify(named)}, not ${JSON.stringify(issuer)} (compared exactly, trailing slash included)`)
    }
    const jwksUri = own(metadata, 'jwks_uri')
    if (typeof jwksUri !== 'string') throw said(`the metadata at ${document} has no jwks_uri`)
    try {
      return createRemoteJwks(jwksUri, options)
    } catch {
      // The options were checked above, so this is the metadata's URL: remote content, not a caller mistake.
      throw said(`the jwks_uri in ${document} is not an https URL`)
    }
  }
  throw said(`no issuer metadata could be read from ${documents.join(' or ')}`)
}

const OPTION_NAMES = ['timeout', 'cooldown', 'cacheMaxAge', 'staleIfError', 'maxBodySize', 'fetch', 'headers'] as const satisfies readonly (keyof RemoteJwksOptions)[]

/** Checks the options shared by `createRemoteJwks` and `discoverJwks`, before any request. */
function resolveRemoteOptions(input: RemoteJwksOptions, accept: string) {
  const options = readOptions<RemoteJwksOptions>(input, OPTION_NAMES)
  const fetchImpl = options.fetch ?? globalThis.fetch
  if (typeof fetchImpl !== 'function') fail('fetch is not available; pass options.fetch')
  const limit = (name: keyof typeof LIMITS) => {
    const [fallback, min, max] = LIMITS[name]
    const value = options[name] ?? fallback
    // 0 turns a window off; values between 0 and the minimum are unit mistakes (seconds for ms).
    if (value === 0 && min === 1000) return 0
    return duration(value, name, min, max, name === 'maxBodySize' ? 'bytes' : 'milliseconds')
  }
  return {
    timeout: limit('timeout'),
    cooldown: limit('cooldown'),
    cacheMaxAge: limit('cacheMaxAge'),
    staleIfError: limit('staleIfError'),
    maxBodySize: limit('maxBodySize'),
    fetchImpl,
    headers: checkHeaders(options.headers, accept),
  }
}

const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'expect', 'host', 'content-length', 'te', 'trailer', 'proxy-connection',
])

/** The request headers, checked now: a header `fetch` would refuse must not fail every fetch later. */
function checkHeaders(extra: unknown, accept: string): Record<string, string> {
  const headers: Record<string, string> = { accept }
  if (extra === undefined) return headers
  if (typeof extra !== 'object' || extra === null) fail('headers must be an object of strings')
  for (const [name, value] of Object.entries(extra)) {
    // RFC 9110 §5.1 field names are tokens; §5.5 values are visible Latin-1 text, spaces and tabs:
    // no CR, LF, NUL or other control (runtimes refuse them), nothing past U+00FF (not a ByteString).
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || typeof value !== 'string' || /[^\t\x20-\x7e\x80-\xff]/.test(value) ||
      // Connection-level headers belong to the fetch implementation; Node refuses them per fetch.
      HOP_BY_HOP.has(name.toLowerCase())) {
      fail(`header ${JSON.stringify(name)} is not a valid HTTP header`)
    }
    headers[name.toLowerCase()] = value
  }
  return headers
}

/** https only, except loopback hosts (tests, local development). */
function checkUrl(value: string | WebUrl, what: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return fail(`${what} is not a valid URL`)
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname)
  // Security: key sets come only over TLS; a plain-http key set can be replaced in transit.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    fail(`${what} must use https: (http: only for loopback hosts)`)
  }
  // fetch refuses URLs with credentials, so such a key set could never be read.
  if (url.username !== '' || url.password !== '') fail(`${what} must not contain a user name or password`)
  return url.href
}
