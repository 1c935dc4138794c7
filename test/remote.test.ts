/**
 * `createRemoteJwks` against a real HTTP server on 127.0.0.1 (no fetch mocks) while the endpoint
 * works: single flight, the quiet period that bounds refetches caused by unknown kids, rotation,
 * Cache-Control and `lastFetch`. Durations are the shortest the options allow (1 s: below that is
 * a unit mistake); upper time bounds are generous for loaded machines. A failing endpoint:
 * outage.test.ts; option mistakes: remote-options.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRemoteJwks, createVerifier, verifyAccessToken, type RemoteJwks } from '../src/index.js'
import { failure, generateKey, makeToken, options, type TestKey } from './helpers.js'
import { delayed, json, sleep, startServer, status, until, type Handler, type TestServer } from './http-server.js'

let server: TestServer
let k1: TestKey
let k2: TestKey
beforeAll(async () => {
  server = await startServer()
  k1 = generateKey('P-256', 'k1')
  k2 = generateKey('P-256', 'k2')
})
afterAll(() => server.close())

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

  it('reload() → fetches at once while fresh or backing off; true on success, false on failure', async () => {
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
    // reload() bypasses the failure backoff that the failed reload started.
    down = false
    expect(await jwks.reload()).toBe(true)
    expect(e.count()).toBe(4)
  })
})

describe('unknown kids and rotation', () => {
  it('storm of 100 random kids → signature/key_not_found, at most one request per cooldown', async () => {
    const cooldown = 1000 // the shortest quiet period there is: below 1 s is a unit mistake
    const e = endpoint(json(() => setOf(k1)))
    const jwks = createRemoteJwks(e.url, { cooldown })
    const random = () => Array.from({ length: 100 }, () => makeToken({ key: k1, header: { kid: `random-${Math.random()}` } }))
    const burst = (tokens = random()) => Promise.all(tokens.map((token) => verifyAccessToken(token, options(k1, { jwks }))))
    const first = random() // signed beforehand, so the burst lands well within the cooldown
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    // The first unknown kid refetches once; the rest of the burst joins that fetch or waits.
    const notFound = failure.signature('key_not_found', 'no_matching_kid')
    for (const result of await burst(first)) expect(result).toEqual(notFound)
    expect(e.count()).toBe(2)
    // Within the cooldown, more unknown kids fetch nothing.
    for (const result of await burst()) expect(result).toEqual(notFound)
    expect(e.count()).toBe(2)
    // Once the cooldown has passed, a concurrent burst costs exactly one request.
    await sleep(cooldown + 50)
    const start = performance.now()
    for (const result of await burst()) expect(result).toEqual(notFound)
    expect(e.count()).toBe(3)
    // A sustained storm (over two cooldowns, so at least one refetch is due): one refetch per
    // elapsed cooldown at most, and known kids still verify.
    while (performance.now() - start < 2200) {
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
    const jwks = createRemoteJwks(e.url, { cooldown: 1000 })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    published = setOf(k1, k2)
    expect(await verify(jwks, k2)).toMatchObject({ ok: true })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
  })

  it('key added after an unknown-kid refetch → signature/key_not_found within the cooldown, ok after it', async () => {
    let published = setOf(k1)
    const e = endpoint(json(() => published))
    const jwks = createRemoteJwks(e.url, { cooldown: 1000 })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(await verify(jwks, k1, 'not-published-yet')).toEqual(failure.signature('key_not_found', 'no_matching_kid'))
    expect(e.count()).toBe(2)
    published = setOf(k1, k2)
    // The refetch succeeded and lacked the kid: the quiet period, not a request per token.
    expect(await verify(jwks, k2)).toEqual(failure.signature('key_not_found', 'no_matching_kid'))
    expect(e.count()).toBe(2)
    await sleep(1100)
    expect(await verify(jwks, k2)).toMatchObject({ ok: true })
    expect(e.count()).toBe(3)
  })

  // The first token's refetch is under way when the others arrive: they join it, no new request.
  it('key added, 10 concurrent tokens with its kid after the cooldown → all ok, one request', async () => {
    let published = setOf(k1)
    const e = endpoint(delayed(50, json(() => published)))
    const jwks = createRemoteJwks(e.url, { cooldown: 1000 })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    published = setOf(k1, k2)
    await sleep(1050)
    for (const result of await Promise.all(Array.from({ length: 10 }, () => verify(jwks, k2)))) {
      expect(result).toMatchObject({ ok: true })
    }
    expect(e.count()).toBe(2)
  })

  // staleIfError 0: past freshness the set is gone, so the token waits for the refetch as before.
  // With a stale window the old set answers while one refresh runs: see outage.test.ts.
  it('key removed at the endpoint → verifies until the set expires, then signature/key_not_found', async () => {
    let published = setOf(k1, k2)
    const e = endpoint(json(() => published))
    const jwks = createRemoteJwks(e.url, { cooldown: 1000, cacheMaxAge: 1000, staleIfError: 0 })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    published = setOf(k2)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true }) // still fresh
    await sleep(1100)
    expect(await verify(jwks, k1)).toEqual(failure.signature('key_not_found', 'no_matching_kid'))
    expect(await verify(jwks, k2)).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
  })

  // Reversed from the old contract's key_not_found: a kid that could not be checked is a 503, and
  // a failed refetch starts the failure backoff, not the quiet period (issue 15: outage.test.ts).
  it('unknown kid while the endpoint is down → signature/jwks_unavailable, and the fetched set keeps serving', async () => {
    let down = false
    const e = endpoint((request, response) => (down ? status(500) : json(() => setOf(k1)))(request, response))
    const jwks = createRemoteJwks(e.url)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    down = true
    expect(await verify(jwks, k1, 'rotated')).toEqual(failure.signature('jwks_unavailable', 'http_status'))
    expect(e.count()).toBe(2) // the refetch was tried, failed, and changed nothing
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    // Within the backoff another unknown kid fails at once, without a request.
    expect(await verify(jwks, k1, 'rotated-2')).toEqual(failure.signature('jwks_unavailable', 'http_status'))
    expect(e.count()).toBe(2)
  })

  it('key removed, then reload() → signature/key_not_found at once', async () => {
    let published = setOf(k1, k2)
    const e = endpoint(json(() => published))
    const jwks = createRemoteJwks(e.url)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    published = setOf(k2)
    expect(await jwks.reload()).toBe(true)
    expect(await verify(jwks, k1)).toEqual(failure.signature('key_not_found', 'no_matching_kid'))
    // The first unknown kid refetches once (the reload does not start the kid cooldown).
    expect(e.count()).toBe(3)
  })
})

// A stale set answers at once and refreshes in the background (outage.test.ts), so "refetched"
// is read from the server's count once that refresh has reached it.
describe('Cache-Control', () => {
  it('max-age=1 with cacheMaxAge 60 s → fresh for one second, then refetched', async () => {
    const e = endpoint(json(() => setOf(k1), { 'cache-control': 'public, max-age=1' }))
    const jwks = createRemoteJwks(e.url, { cooldown: 1000, cacheMaxAge: 60_000 })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    await sleep(400)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(e.count()).toBe(1)
    await sleep(800)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    await until(() => e.count() === 2)
  })

  it('Cache-Control no-store, no-cache, max-age=0 → fresh for the one-second floor, then refetched', async () => {
    await Promise.all(['no-store', 'no-cache', 'max-age=0'].map(async (header) => {
      const e = endpoint(json(() => setOf(k1), { 'cache-control': header }))
      const jwks = createRemoteJwks(e.url, { cooldown: 1000, cacheMaxAge: 60_000 })
      await verify(jwks, k1)
      expect(await verify(jwks, k1)).toMatchObject({ ok: true })
      expect(e.count()).toBe(1) // never a fetch per token, whatever the endpoint says
      await sleep(1100)
      expect(await verify(jwks, k1)).toMatchObject({ ok: true })
      await until(() => e.count() === 2)
    }))
  })

  it('max-age=1 with the default cooldown of 30 s → refetched after one second', async () => {
    // The cooldown limits refetches for unknown kids and failing endpoints, not honoured max-age.
    const e = endpoint(json(() => setOf(k1), { 'cache-control': 'max-age=1' }))
    const jwks = createRemoteJwks(e.url)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    await sleep(1100)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    await until(() => e.count() === 2)
  })

  it('max-age of a year → clamped to cacheMaxAge, then refetched', async () => {
    const e = endpoint(json(() => setOf(k1), { 'cache-control': 'max-age=31536000' }))
    const jwks = createRemoteJwks(e.url, { cooldown: 1000, cacheMaxAge: 1000 })
    await verify(jwks, k1)
    await sleep(1100)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    await until(() => e.count() === 2)
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
  it('cacheMaxAge 1000, staleIfError 0, cooldown 10 s, token after 1.1 s → ok (refetched)', async () => {
    const e = endpoint(json(() => setOf(k1)))
    const jwks = createRemoteJwks(e.url, { cooldown: 10_000, cacheMaxAge: 1000, staleIfError: 0 })
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    await sleep(1100)
    expect(await verify(jwks, k1)).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
  })
})

describe('lastFetch', () => {
  it('remote set before its first fetch ends, then after a success → undefined, then { at, ok: true, status: 200 }, frozen', async () => {
    const e = endpoint(delayed(500, json(() => setOf(k1))))
    const jwks = createRemoteJwks(e.url)
    expect(jwks.lastFetch).toBeUndefined()
    const asked = Date.now()
    const pending = verify(jwks, k1)
    await until(() => e.count() === 1)
    expect(jwks.lastFetch).toBeUndefined() // asked, not answered yet
    expect(await pending).toMatchObject({ ok: true })
    expect(jwks.lastFetch).toEqual({ at: expect.any(Number), ok: true, status: 200 })
    expect(jwks.lastFetch!.at).toBeGreaterThanOrEqual(asked)
    expect(jwks.lastFetch!.at).toBeLessThanOrEqual(Date.now())
    expect(Object.isFrozen(jwks.lastFetch)).toBe(true)
  })

  it('remote set whose reload() meets a 503 → { at, ok: false, status: 503, reason: http_status }', async () => {
    let down = false
    const e = endpoint((request, response) => (down ? status(503) : json(() => setOf(k1)))(request, response))
    const jwks = createRemoteJwks(e.url)
    expect(await jwks.reload()).toBe(true)
    const ok = jwks.lastFetch
    down = true
    expect(await jwks.reload()).toBe(false)
    expect(jwks.lastFetch).toEqual({ at: expect.any(Number), ok: false, status: 503, reason: 'http_status' })
    expect(jwks.lastFetch!.at).toBeGreaterThanOrEqual(ok!.at)
    expect(ok).toEqual({ at: expect.any(Number), ok: true, status: 200 }) // a snapshot, never updated
  })
})
