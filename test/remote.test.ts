/**
 * `createRemoteJwks` against a real HTTP server on 127.0.0.1 (no fetch mocks): single flight,
 * the cooldown that bounds refetches caused by unknown kids, rotation, Cache-Control, stale-if-error,
 * and every way an endpoint fails, with the requests each costs and the time each failure takes.
 * Durations are small (cooldowns of 100–400 ms); upper time bounds are generous for loaded machines.
 */
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRemoteJwks, createVerifier, verifyAccessToken, type RemoteJwks, type RemoteJwksOptions } from '../src/index.js'
import { failure, generateKey, makeToken, options, type TestKey } from './helpers.js'
import {
  closedPortUrl, delayed, endless, json, raw, redirect, stalledBody, startServer, status, truncated,
  type Handler, type TestServer,
} from './http-server.js'

let server: TestServer
let k1: TestKey
let k2: TestKey
beforeAll(async () => {
  server = await startServer()
  k1 = generateKey('P-256', 'k1')
  k2 = generateKey('P-256', 'k2')
})
afterAll(() => server.close())

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const setOf = (...keys: TestKey[]) => ({ keys: keys.map((key) => key.jwk) })

let routes = 0
/** A fresh path per test, so that request counts never mix. */
function endpoint(handler: Handler): { url: string; count: () => number } {
  const path = `/r${++routes}/jwks.json`
  return { url: server.route(path, handler), count: () => server.count(path) }
}

/** Verifies a token signed by `key` (with `kid` in its header, by default the key's own). */
function verify(jwks: RemoteJwks, key: TestKey, kid: string = key.kid) {
  return verifyAccessToken(makeToken({ key, header: { kid } }), options(key, { jwks }))
}

/** The result and how long it took, in ms. */
async function timed<T>(promise: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now()
  const value = await promise()
  return { value, ms: performance.now() - start }
}

describe('fetching and single flight', () => {
  it('token whose key the endpoint serves → ok, one request, then served from the cache', async () => {
    const e = endpoint(json(() => setOf(k1)))
    const jwks = createRemoteJwks(e.url)
    expect(e.count()).toBe(0) // creating the set fetches nothing
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(e.count()).toBe(1)
    expect(jwks.url).toBe(e.url)
  })

  it('cold cache, 25 concurrent verifications → ok, one request (single flight)', async () => {
    const e = endpoint(delayed(100, json(() => setOf(k1))))
    const jwks = createRemoteJwks(e.url)
    const results = await Promise.all(Array.from({ length: 25 }, () => verify(jwks, k1)))
    for (const result of results) expect(result).toMatchObject({ ok: true })
    expect(e.count()).toBe(1)
  })

  it('createVerifier and verifyAccessToken with one remote set → ok, sharing its cache', async () => {
    const e = endpoint(json(() => setOf(k1, k2)))
    const jwks = createRemoteJwks(e.url)
    const verifier = createVerifier(options(k1, { jwks }))
    expect(await verifier(makeToken({ key: k1 }))).toMatchObject({ ok: true, header: { kid: 'k1' } })
    expect(await verifyAccessToken(makeToken({ key: k2 }), options(k2, { jwks }))).toMatchObject({ ok: true })
    expect(e.count()).toBe(1)
  })

  it('headers option and custom fetch → sent on the request, redirects set to manual', async () => {
    const e = endpoint(json(() => setOf(k1)))
    const seen: RequestInit[] = []
    const jwks = createRemoteJwks(e.url, {
      headers: { 'x-tenant': 'blue' },
      // A wrapper around the real fetch, recording what the library asks for.
      fetch: (input, init) => (seen.push(init), fetch(input, init)),
    })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ redirect: 'manual' })
    const path = new URL(e.url).pathname
    expect(server.headers(path)).toMatchObject({ 'x-tenant': 'blue' })
    expect(server.headers(path)?.accept).toContain('application/jwk-set+json')
  })

  it('reload() → fetches at once while fresh; true on success, false on failure', async () => {
    let down = false
    const e = endpoint((request, response) => (down ? status(503) : json(() => setOf(k1)))(request, response))
    const jwks = createRemoteJwks(e.url)
    expect(await jwks.reload()).toBe(true)
    expect(await jwks.reload()).toBe(true)
    expect(e.count()).toBe(2)
    down = true
    expect(await jwks.reload()).toBe(false)
    expect(e.count()).toBe(3)
    // The set from before the failed reload keeps serving.
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(e.count()).toBe(3)
  })
})

describe('unknown kids and rotation', () => {
  it('storm of 100 random kids → signature/key_not_found, at most one request per cooldown', async () => {
    const cooldown = 400
    const e = endpoint(json(() => setOf(k1)))
    const jwks = createRemoteJwks(e.url, { cooldown })
    const random = () => Array.from({ length: 100 }, () => makeToken({ key: k1, header: { kid: `random-${Math.random()}` } }))
    const burst = (tokens = random()) => Promise.all(tokens.map((token) => verifyAccessToken(token, options(k1, { jwks }))))
    const first = random() // signed beforehand, so the burst lands well within the cooldown
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    // The first unknown kid refetches once; the rest of the burst joins that fetch or waits.
    for (const result of await burst(first)) expect(result).toEqual(failure.signature('key_not_found'))
    expect(e.count()).toBe(2)
    // Within the cooldown, more unknown kids fetch nothing.
    for (const result of await burst()) expect(result).toEqual(failure.signature('key_not_found'))
    expect(e.count()).toBe(2)
    // Once the cooldown has passed, a concurrent burst costs exactly one request.
    await sleep(cooldown + 50)
    const start = performance.now()
    for (const result of await burst()) expect(result).toEqual(failure.signature('key_not_found'))
    expect(e.count()).toBe(3)
    // A sustained storm: one refetch per elapsed cooldown at most, and known kids still verify.
    while (performance.now() - start < 1000) {
      await Promise.all(Array.from({ length: 10 }, () => verify(jwks, k1, `random-${Math.random()}`)))
      await sleep(10)
    }
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    const extra = e.count() - 3
    expect(extra).toBeGreaterThanOrEqual(1)
    expect(extra).toBeLessThanOrEqual(Math.floor((performance.now() - start) / cooldown))
  })

  it('key added at the endpoint → ok from its first token, one refetch', async () => {
    let published = setOf(k1)
    const e = endpoint(json(() => published))
    const jwks = createRemoteJwks(e.url, { cooldown: 200 })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    published = setOf(k1, k2)
    expect(await verify(jwks, k2)).toMatchObject({ ok: true })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
  })

  it('key added after an unknown-kid refetch → signature/key_not_found within the cooldown, ok after it', async () => {
    let published = setOf(k1)
    const e = endpoint(json(() => published))
    const jwks = createRemoteJwks(e.url, { cooldown: 200 })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(await verify(jwks, k1, 'not-published-yet')).toEqual(failure.signature('key_not_found'))
    expect(e.count()).toBe(2)
    published = setOf(k1, k2)
    expect(await verify(jwks, k2)).toEqual(failure.signature('key_not_found'))
    expect(e.count()).toBe(2)
    await sleep(250)
    expect(await verify(jwks, k2)).toMatchObject({ ok: true })
    expect(e.count()).toBe(3)
  })

  // The first token's refetch is under way when the others arrive: they join it, no new request.
  it('key added, 10 concurrent tokens with its kid after the cooldown → all ok, one request', async () => {
    let published = setOf(k1)
    const e = endpoint(delayed(50, json(() => published)))
    const jwks = createRemoteJwks(e.url, { cooldown: 100 })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    published = setOf(k1, k2)
    await sleep(150)
    for (const result of await Promise.all(Array.from({ length: 10 }, () => verify(jwks, k2)))) {
      expect(result).toMatchObject({ ok: true })
    }
    expect(e.count()).toBe(2)
  })

  it('key removed at the endpoint → verifies until the set goes stale, then signature/key_not_found', async () => {
    let published = setOf(k1, k2)
    const e = endpoint(json(() => published))
    const jwks = createRemoteJwks(e.url, { cooldown: 100, cacheMaxAge: 300 })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    published = setOf(k2)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true }) // still fresh
    await sleep(400)
    expect(await verify(jwks, k1)).toEqual(failure.signature('key_not_found'))
    expect(await verify(jwks, k2)).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
  })

  it('unknown kid while the endpoint is down → signature/key_not_found, and the fetched set keeps serving', async () => {
    let down = false
    const e = endpoint((request, response) => (down ? status(500) : json(() => setOf(k1)))(request, response))
    const jwks = createRemoteJwks(e.url, { cooldown: 100 })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    down = true
    await sleep(150)
    expect(await verify(jwks, k1, 'rotated')).toEqual(failure.signature('key_not_found'))
    expect(e.count()).toBe(2) // the refetch was tried, failed, and changed nothing
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
  })

  it('key removed, then reload() → signature/key_not_found at once', async () => {
    let published = setOf(k1, k2)
    const e = endpoint(json(() => published))
    const jwks = createRemoteJwks(e.url)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    published = setOf(k2)
    expect(await jwks.reload()).toBe(true)
    expect(await verify(jwks, k1)).toEqual(failure.signature('key_not_found'))
    // The first unknown kid refetches once (the reload does not start the kid cooldown).
    expect(e.count()).toBe(3)
  })
})

describe('Cache-Control and stale-if-error', () => {
  it('max-age=1 with cacheMaxAge 60 s → fresh for one second, then refetched', async () => {
    const e = endpoint(json(() => setOf(k1), { 'cache-control': 'public, max-age=1' }))
    const jwks = createRemoteJwks(e.url, { cooldown: 100, cacheMaxAge: 60_000 })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    await sleep(400)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(e.count()).toBe(1)
    await sleep(800)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
  })

  it('Cache-Control no-store, no-cache, max-age=0 → fresh for the one-second floor, then refetched', async () => {
    await Promise.all(['no-store', 'no-cache', 'max-age=0'].map(async (header) => {
      const e = endpoint(json(() => setOf(k1), { 'cache-control': header }))
      const jwks = createRemoteJwks(e.url, { cooldown: 150, cacheMaxAge: 60_000 })
      await verify(jwks, k1)
      expect(await verify(jwks, k1)).toMatchObject({ ok: true })
      expect(e.count()).toBe(1) // never a fetch per token, whatever the endpoint says
      await sleep(1100)
      expect(await verify(jwks, k1)).toMatchObject({ ok: true })
      expect(e.count()).toBe(2)
    }))
  })

  it('max-age=1 with the default cooldown of 30 s → refetched after one second', async () => {
    // The cooldown limits refetches for unknown kids and failing endpoints, not honoured max-age.
    const e = endpoint(json(() => setOf(k1), { 'cache-control': 'max-age=1' }))
    const jwks = createRemoteJwks(e.url)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    await sleep(1100)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
  })

  it('max-age of a year → clamped to cacheMaxAge, then refetched', async () => {
    const e = endpoint(json(() => setOf(k1), { 'cache-control': 'max-age=31536000' }))
    const jwks = createRemoteJwks(e.url, { cooldown: 100, cacheMaxAge: 300 })
    await verify(jwks, k1)
    await sleep(400)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
  })

  it('endpoint fails after a fetch → stale set serves within staleIfError, then signature/jwks_unavailable', async () => {
    let down = false
    const e = endpoint((request, response) => (down ? status(500) : json(() => setOf(k1)))(request, response))
    const jwks = createRemoteJwks(e.url, { cooldown: 200, cacheMaxAge: 200, staleIfError: 1000 })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    const fetchedAt = Date.now() // freshness ends by fetchedAt + 200, serving by fetchedAt + 1200
    down = true
    await sleep(300)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true }) // stale: refetch failed, served anyway
    expect(await verify(jwks, k1)).toMatchObject({ ok: true }) // within the cooldown: no refetch
    expect(e.count()).toBe(2)
    await sleep(250)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(e.count()).toBe(3) // one failed refetch per cooldown
    await sleep(Math.max(0, fetchedAt + 1300 - Date.now()))
    expect(await verify(jwks, k1)).toEqual(failure.signature('jwks_unavailable'))
    // Recovery: the next refetch (after the cooldown) replaces the set.
    down = false
    await sleep(250)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
  })
})

describe('serving window shorter than the cooldown, endpoint up', () => {
  // A set fresh for no time at all still serves the token whose fetch brought it.
  it.each([
    ['cacheMaxAge 0', { cooldown: 0, cacheMaxAge: 0, staleIfError: 0 }, {}],
    ['cacheMaxAge 0 and Cache-Control no-store', { cooldown: 0, cacheMaxAge: 0, staleIfError: 0 }, { 'cache-control': 'no-store' }],
  ] as const)('%s, cooldown 0, staleIfError 0 → ok, one request per token', async (_, settings, headers) => {
    const e = endpoint(json(() => setOf(k1), headers))
    const jwks = createRemoteJwks(e.url, settings)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
  })

  // Past the stale window the set no longer serves, so the endpoint is asked whatever the cooldown.
  it('cacheMaxAge 100, staleIfError 0, cooldown 10 s, token after 200 ms → ok (refetched)', async () => {
    const e = endpoint(json(() => setOf(k1)))
    const jwks = createRemoteJwks(e.url, { cooldown: 10_000, cacheMaxAge: 100, staleIfError: 0 })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    await sleep(200)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
  })
})

describe('endpoint failures → signature/jwks_unavailable', () => {
  const CAP = 4096
  // Valid key sets padded with trailing white space to exactly `size` bytes.
  const padded = (size: number) => {
    const text = JSON.stringify(setOf(k1))
    return text + ' '.repeat(size - text.length)
  }

  // Fast failures run with a long timeout: they must fail on their own, not by waiting for it.
  const FAST: readonly [string, () => Handler][] = [
    ['status 500', () => status(500)],
    ['status 404', () => status(404)],
    ['status 204', () => status(204)],
    ['invalid JSON', () => raw('{"keys": [')],
    ['HTML', () => raw('<html>login</html>', { 'content-type': 'text/html' })],
    ['a JSON array', () => raw('[]')],
    ['keys not an array', () => raw('{"keys":{"0":{}}}')],
    ['keys as a string', () => raw('{"keys":"[]"}')],
    ['no keys member', () => raw('{"jwks":[]}')],
    ['a repeated keys member', () => raw('{"keys":[],"keys":[]}')],
    // Oversized bodies are valid key sets (padded), so only the cap can make them fail.
    ['a content-length of 600 KiB (default cap 512 KiB)', () => raw(padded(600 * 1024))],
    ['a chunked 600 KiB body (default cap 512 KiB)', () => raw(padded(600 * 1024), {}, true)],
    ['a body that never ends', () => endless()],
    // About 8 KiB on the wire, 8 MiB once fetch has inflated it: the cap applies to what is read.
    ['a gzip body inflating to 8 MiB', () => raw(gzipSync(padded(8 << 20)), { 'content-encoding': 'gzip' })],
    ['a connection reset mid-body', () => truncated()],
    ['a 302 to a valid key set (not followed)', () => redirect(endpoint(json(() => setOf(k1))).url)],
  ]

  it.each(FAST)('cold cache, endpoint answers %s → signature/jwks_unavailable, fast', async (_, handler) => {
    const e = endpoint(handler())
    const jwks = createRemoteJwks(e.url, { timeout: 4000 })
    const { value, ms } = await timed(() => verify(jwks, k1))
    expect(value).toEqual(failure.signature('jwks_unavailable'))
    // Exactly the four members, and nothing from the endpoint or its URL.
    expect(Object.keys(value).sort()).toEqual(['code', 'message', 'ok', 'step'])
    expect(JSON.stringify(value)).not.toContain('127.0.0.1')
    expect(e.count()).toBe(1)
    expect(ms).toBeLessThan(1500)
  })

  // The bodies on either side of the cap differ by one byte of white space, so the cap alone decides.
  const SHAPES: Readonly<Record<string, (body: string) => Handler>> = {
    'content-length': (body) => raw(body),
    'chunked': (body) => raw(body, {}, true),
    'gzip': (body) => raw(gzipSync(body), { 'content-encoding': 'gzip' }),
  }
  it.each(Object.keys(SHAPES))('%s key set of exactly maxBodySize bytes → ok', async (shape) => {
    const e = endpoint(SHAPES[shape]!(padded(CAP)))
    expect(await verify(createRemoteJwks(e.url, { maxBodySize: CAP }), k1)).toMatchObject({ ok: true })
  })
  it.each(Object.keys(SHAPES))('%s key set one byte over maxBodySize → signature/jwks_unavailable', async (shape) => {
    const e = endpoint(SHAPES[shape]!(padded(CAP + 1)))
    expect(await verify(createRemoteJwks(e.url, { maxBodySize: CAP }), k1)).toEqual(failure.signature('jwks_unavailable'))
    expect(e.count()).toBe(1)
  })

  it('302 to a valid key set → the target is never requested', async () => {
    const target = endpoint(json(() => setOf(k1)))
    const e = endpoint(redirect(target.url))
    expect(await verify(createRemoteJwks(e.url), k1)).toEqual(failure.signature('jwks_unavailable'))
    expect(target.count()).toBe(0)
  })

  it.each([
    ['headers later than the timeout', () => delayed(2000, json(() => setOf(k1)))],
    ['a body that stalls past the timeout', () => stalledBody()],
  ] as const)('timeout 300 ms, endpoint sends %s → signature/jwks_unavailable after the timeout', async (_, handler) => {
    const e = endpoint(handler())
    const jwks = createRemoteJwks(e.url, { timeout: 300 })
    const { value, ms } = await timed(() => verify(jwks, k1))
    expect(value).toEqual(failure.signature('jwks_unavailable'))
    expect(ms).toBeGreaterThanOrEqual(280)
    expect(ms).toBeLessThan(1500)
    expect(e.count()).toBe(1)
  })

  it('connection refused → signature/jwks_unavailable, fast, and reload() false', async () => {
    const jwks = createRemoteJwks(await closedPortUrl(), { timeout: 4000 })
    const { value, ms } = await timed(() => verify(jwks, k1))
    expect(value).toEqual(failure.signature('jwks_unavailable'))
    expect(ms).toBeLessThan(1500)
    expect(await jwks.reload()).toBe(false)
  })

  it('cold cache after a failure → the next token fetches again, and succeeds once the endpoint is back', async () => {
    let down = true
    const e = endpoint((request, response) => (down ? status(500) : json(() => setOf(k1)))(request, response))
    const jwks = createRemoteJwks(e.url, { cooldown: 10_000 })
    expect(await verify(jwks, k1)).toEqual(failure.signature('jwks_unavailable'))
    down = false
    // Nothing to serve yet, so the cooldown does not hold back the fetch.
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
  })
})

describe('caller mistakes → TypeError', () => {
  it.each([
    ['http: to a remote host', 'http://as.example/jwks.json'],
    ['http: to a host that starts like loopback', 'http://127.0.0.1.nip.io/jwks.json'],
    ['http: to localhost as a subdomain', 'http://localhost.as.example/jwks.json'],
    ['ftp:', 'ftp://as.example/jwks.json'],
    ['file:', 'file:///etc/jwks.json'],
    ['not a URL', 'jwks.json'],
    ['the empty string', ''],
  ])('key set URL %s → TypeError', (_, url) => {
    expect(() => createRemoteJwks(url)).toThrow(TypeError)
  })

  // The web fetch refuses URLs with credentials, so such a key set could never be read.
  it('key set URL with credentials → TypeError', () => {
    expect(() => createRemoteJwks('https://user:secret@as.example/jwks.json')).toThrow(TypeError)
  })

  it.each([
    'https://as.example/jwks.json', 'http://localhost:8080/jwks.json', 'http://127.0.0.1/jwks.json',
    'http://127.1.2.3:9/jwks.json', 'http://[::1]:8080/jwks.json',
  ])('key set URL %s → accepted', (url) => {
    expect(createRemoteJwks(url).url).toBe(new URL(url).href)
    expect(createRemoteJwks(new URL(url)).url).toBe(new URL(url).href)
  })

  it.each([
    ['timeout -1', { timeout: -1 }], ['timeout 0', { timeout: 0 }], ['timeout NaN', { timeout: Number.NaN }],
    ['timeout Infinity', { timeout: Number.POSITIVE_INFINITY }], ['timeout as a string', { timeout: '5000' }],
    ['cooldown -1', { cooldown: -1 }], ['cacheMaxAge -1', { cacheMaxAge: -1 }],
    ['staleIfError NaN', { staleIfError: Number.NaN }], ['maxBodySize 0', { maxBodySize: 0 }],
    ['fetch not a function', { fetch: 'fetch' }],
    // A misspelt or foreign option name would otherwise silently keep the default.
    ['cooldownDuration (another library\'s name)', { cooldownDuration: 1000 }], ['timeoutMs', { timeoutMs: 100 }],
  ])('option %s → TypeError', (_, bad) => {
    expect(() => createRemoteJwks('https://as.example/jwks.json', bad as RemoteJwksOptions)).toThrow(TypeError)
  })

  it('cooldown, cacheMaxAge and staleIfError of 0 → accepted', () => {
    expect(() => createRemoteJwks('https://as.example/j', { cooldown: 0, cacheMaxAge: 0, staleIfError: 0 })).not.toThrow()
  })
})
