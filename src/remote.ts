/**
 * A key set fetched from the issuer's `jwks_uri` (RFC 8414 §2, OpenID Connect Discovery §3) and
 * kept current while keys rotate, the endpoint is slow or down, and tokens arrive with random
 * `kid`s. Only the web `fetch` API is used. Nothing here throws into verification: every failure
 * of the endpoint becomes "unavailable", which the signature step reports as `jwks_unavailable`.
 */
import { own, parseJsonObject } from './json.js'
import { createStaticKeySource, KEY_SOURCE, type KeySource, type PreparedKey, type StaticKeySource } from './jwks.js'

/** Options of `createRemoteJwks` and `discoverJwks`; every duration is in milliseconds. */
export interface RemoteJwksOptions {
  /** Longest time one fetch may take, body included. Default 5000. */
  readonly timeout?: number
  /** At most one refetch per cooldown is caused by a token whose key is unknown. Default 30000. */
  readonly cooldown?: number
  /**
   * How long a fetched set is fresh. A `Cache-Control: max-age` from the endpoint shortens it,
   * but never below one second (`no-store`, `no-cache` and `max-age=0` count as that). Default
   * 600000 (10 minutes).
   */
  readonly cacheMaxAge?: number
  /**
   * How long past freshness a fetched set keeps serving while the endpoint fails (RFC 5861's
   * stale-if-error). After a successful refetch the new set replaces it at once. Default 3600000.
   */
  readonly staleIfError?: number
  /** Largest accepted response body in bytes, enforced while reading. Default 524288 (512 KiB). */
  readonly maxBodySize?: number
  /** The fetch to use (a proxy, a test double). Default `globalThis.fetch`. */
  readonly fetch?: (input: string, init: RequestInit) => Promise<Response>
  /** Extra request headers, for endpoints that need them. */
  readonly headers?: Readonly<Record<string, string>>
}

/** A remote key set, usable wherever `jwks` is accepted. */
export interface RemoteJwks {
  /** The `jwks_uri` it fetches. */
  readonly url: string
  /** Fetches now, bypassing freshness and cooldown; resolves to whether a valid set was received. */
  reload(): Promise<boolean>
  /** @internal The key source the signature step reads. */
  readonly [KEY_SOURCE]: KeySource
}

interface Fetched {
  readonly source: StaticKeySource
  /** Milliseconds since the epoch until which the set is fresh. */
  readonly freshUntil: number
}

/** The least time a fetched set is fresh, whatever the endpoint says (unless cacheMaxAge is less). */
const MIN_FRESHNESS = 1000

const DEFAULTS = { timeout: 5000, cooldown: 30000, cacheMaxAge: 600000, staleIfError: 3600000, maxBodySize: 524288 }

/** Creates a remote key set for a `jwks_uri`; throws a `TypeError` for a URL or option mistake. */
export function createRemoteJwks(url: string | URL, options: RemoteJwksOptions = {}): RemoteJwks {
  const href = checkUrl(url, 'the key set URL')
  const { timeout, cooldown, cacheMaxAge, staleIfError, maxBodySize, fetchImpl } = resolveRemoteOptions(options)
  const headers = { accept: 'application/jwk-set+json, application/json', ...options.headers }

  let current: Fetched | undefined
  let inflight: Promise<boolean> | undefined
  let lastAttempt = Number.NEGATIVE_INFINITY
  let lastFailed = false
  // When a token with an unknown key last caused a refetch: the cooldown counts from here.
  let lastKidRefetch = Number.NEGATIVE_INFINITY

  /** One fetch at a time: concurrent callers share it (single flight). */
  function refresh(): Promise<boolean> {
    inflight ??= load().finally(() => { inflight = undefined })
    return inflight
  }

  async function load(): Promise<boolean> {
    lastAttempt = Date.now()
    const response = await fetchBody(fetchImpl, href, headers, timeout, maxBodySize)
    const json = response === undefined ? undefined : parseJsonObject(response.body)
    const keys = typeof json === 'object' ? own(json, 'keys') : undefined
    // A body that is not a JSON key set is a failure of the endpoint, like a 500: keep the old set.
    if (response === undefined || !Array.isArray(keys)) {
      lastFailed = true
      return false
    }
    lastFailed = false
    // max-age, when sent, within [min(1 s, cacheMaxAge), cacheMaxAge]: never a fetch per token.
    const freshFor = Math.max(Math.min(MIN_FRESHNESS, cacheMaxAge), Math.min(cacheMaxAge, response.maxAge ?? cacheMaxAge))
    current = { source: createStaticKeySource({ keys }), freshUntil: Date.now() + freshFor }
    return true
  }

  const source: KeySource = {
    async candidates(kid, alg) {
      const now = Date.now()
      let fetched = false
      // Absent or stale: fetch. A stale set whose refetch failed within the cooldown serves as is,
      // so an endpoint outage costs one request per cooldown, not one per token. Past the stale
      // window a set no longer serves, so then the endpoint is asked whatever the cooldown.
      const pastStaleWindow = current !== undefined && now >= current.freshUntil + staleIfError
      const stale = current !== undefined && now >= current.freshUntil && (!lastFailed || now - lastAttempt >= cooldown)
      if (current === undefined || pastStaleWindow || stale) {
        fetched = await refresh()
      }
      if (current === undefined) return 'unavailable'
      // A set this call just fetched serves it even when it is fresh for no time at all.
      if (!fetched && Date.now() >= current.freshUntil + staleIfError) return 'unavailable'
      let keys: readonly PreparedKey[] = current.source.candidates(kid, alg)
      // A set this call just fetched is as current as a refetch would make it.
      if (keys.length === 0 && !fetched) {
        // Security: an unknown kid refetches at most once per cooldown, so random kids cannot turn
        // each token into a request to the issuer; the first one after a quiet spell refetches at
        // once, so a newly rotated key verifies from its first token. Joining a fetch already
        // under way costs no request, so a burst of such tokens all wait for that one.
        const joining = inflight !== undefined
        if (joining || Date.now() - lastKidRefetch >= cooldown) {
          if (!joining) lastKidRefetch = Date.now()
          if (await refresh()) keys = current.source.candidates(kid, alg)
        }
      }
      return keys
    },
  }

  return Object.freeze({ url: href, reload: () => refresh(), [KEY_SOURCE]: source })
}

/** The response body and its Cache-Control max-age in ms, or undefined on any failure. */
async function fetchBody(
  fetchImpl: NonNullable<RemoteJwksOptions['fetch']>,
  url: string,
  headers: Record<string, string>,
  timeout: number,
  maxBodySize: number,
): Promise<{ readonly body: Uint8Array; readonly maxAge: number | undefined } | undefined> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeout)
  try {
    // Security: redirects are not followed, so the https-only rule cannot be sidestepped.
    const response = await fetchImpl(url, { headers, redirect: 'manual', signal: controller.signal })
    if (!response.ok || response.body === null) {
      await response.body?.cancel().catch(() => {})
      return undefined
    }
    const declared = Number(response.headers.get('content-length') ?? 0)
    if (declared > maxBodySize) {
      await response.body.cancel().catch(() => {})
      return undefined
    }
    const body = await readLimited(response.body, maxBodySize)
    return { body, maxAge: parseMaxAge(response.headers.get('cache-control')) }
  } catch {
    // Refused connections, resets, timeouts (the abort), oversized and unreadable bodies.
    return undefined
  } finally {
    clearTimeout(timer)
  }
}

/** Reads a stream into one array, giving up (and cancelling it) past `limit` bytes. */
async function readLimited(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
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
      throw new RangeError('body too large')
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
 * `jwks_uri`. Rejects with an `Error` when no valid metadata can be read.
 */
export async function discoverJwks(issuer: string, options: RemoteJwksOptions = {}): Promise<RemoteJwks> {
  const base = new URL(checkUrl(issuer, 'the issuer'))
  const { timeout, maxBodySize, fetchImpl } = resolveRemoteOptions(options)
  const path = base.pathname.replace(/\/$/, '')
  const documents = [
    `${base.origin}${path}/.well-known/openid-configuration`,
    `${base.origin}/.well-known/oauth-authorization-server${path}`,
  ]
  const headers = { accept: 'application/json', ...options.headers }
  for (const document of documents) {
    const response = await fetchBody(fetchImpl, document, headers, timeout, maxBodySize)
    const metadata = response === undefined ? undefined : parseJsonObject(response.body)
    if (typeof metadata !== 'object') continue
    // Security: metadata naming another issuer is an impersonation attempt (RFC 8414 §3.3).
    if (own(metadata, 'issuer') !== issuer) {
      throw new Error('verify-access-token: the discovered metadata names a different issuer')
    }
    const jwksUri = own(metadata, 'jwks_uri')
    if (typeof jwksUri !== 'string') throw new Error('verify-access-token: the issuer metadata has no jwks_uri')
    try {
      return createRemoteJwks(jwksUri, options)
    } catch {
      // The options were checked above, so this is the metadata's URL: remote content, not a caller mistake.
      throw new Error('verify-access-token: the issuer metadata\'s jwks_uri is not an https URL')
    }
  }
  throw new Error('verify-access-token: no issuer metadata could be read')
}

const OPTION_NAMES: ReadonlySet<string> = new Set([
  'timeout', 'cooldown', 'cacheMaxAge', 'staleIfError', 'maxBodySize', 'fetch', 'headers',
] satisfies (keyof RemoteJwksOptions)[])

/** Checks the options shared by `createRemoteJwks` and `discoverJwks`, before any request. */
function resolveRemoteOptions(input: RemoteJwksOptions) {
  if (typeof input !== 'object' || input === null) fail('options must be an object')
  // Own properties only; a misspelt option (`cooldownDuration`) is a mistake, not a default.
  const options: RemoteJwksOptions = Object.assign(Object.create(null), input)
  for (const name of Object.keys(options)) if (!OPTION_NAMES.has(name)) fail(`unknown option ${JSON.stringify(name)}`)
  const fetchImpl = options.fetch ?? globalThis.fetch
  if (typeof fetchImpl !== 'function') fail('fetch is not available; pass options.fetch')
  return {
    timeout: duration(options.timeout ?? DEFAULTS.timeout, 'timeout', 1),
    cooldown: duration(options.cooldown ?? DEFAULTS.cooldown, 'cooldown', 0),
    cacheMaxAge: duration(options.cacheMaxAge ?? DEFAULTS.cacheMaxAge, 'cacheMaxAge', 0),
    staleIfError: duration(options.staleIfError ?? DEFAULTS.staleIfError, 'staleIfError', 0),
    maxBodySize: duration(options.maxBodySize ?? DEFAULTS.maxBodySize, 'maxBodySize', 1),
    fetchImpl,
  }
}

/** https only, except loopback hosts (tests, local development). */
function checkUrl(value: string | URL, what: string): string {
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

function duration(value: unknown, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    fail(`${name} must be a finite number of at least ${min}`)
  }
  return value
}

function fail(message: string): never {
  throw new TypeError(`verify-access-token: ${message}`)
}
