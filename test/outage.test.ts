/**
 * `createRemoteJwks` while its endpoint fails, against a real HTTP server on 127.0.0.1 (no fetch
 * mocks): every way it fails, each with its reason, one request and a bounded time. One failure
 * state (a backoff of 1 s, doubling up to the cooldown, or the endpoint's Retry-After up to 300 s)
 * bounds the requests whatever the token rate (issue 9); a key rotated during an outage verifies
 * within one backoff interval of the endpoint's return (issue 15); a stale set answers at once
 * while one refresh runs in the background. Request counts are asserted exactly where the contract
 * fixes them; upper time bounds are generous for a loaded machine.
 */
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createRemoteJwks, createVerifier, verifyAccessToken, type RemoteJwks, type UnavailableReason, type VerifyResult,
} from '../src/index.js'
import { failure, generateKey, makeToken, options, validClaims, type TestKey } from './helpers.js'
import {
  closedPortUrl, delayed, endless, json, raw, redirect, sleep, stalledBody, startServer, status, switchable, truncated, until,
  type Handler, type TestServer,
} from './http-server.js'

let server: TestServer
let k1: TestKey
let k2: TestKey
/** 1,000 distinct tokens per key (a `jti` each), signed beforehand so loops time only verification. */
let byK1: string[]
let byK2: string[]
beforeAll(async () => {
  server = await startServer()
  k1 = generateKey('P-256', 'k1')
  k2 = generateKey('P-256', 'k2')
  const pool = (key: TestKey) => Array.from({ length: 1000 }, (_, i) => makeToken({ key, claims: validClaims({ jti: `t${i}` }) }))
  byK1 = pool(k1)
  byK2 = pool(k2)
})
afterAll(() => server.close())

const setOf = (...keys: TestKey[]) => ({ keys: keys.map((key) => key.jwk) })

let routes = 0
/** A fresh path per test, so that request counts never mix; its handler can be switched. */
function endpoint(initial: Handler) {
  const path = `/o${++routes}/jwks.json`
  const { handler, set } = switchable(initial)
  return { url: server.route(path, handler), count: () => server.count(path), set }
}

/** One fresh token signed by `key`, verified against `jwks`. */
const verifyOnce = (jwks: RemoteJwks, key: TestKey) => verifyAccessToken(makeToken({ key }), options(key, { jwks }))
/** The result and how long it took, in ms. */
async function timed<T>(promise: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now()
  const value = await promise()
  return { value, ms: performance.now() - start }
}

type Verify = (token: string) => Promise<VerifyResult>
const verifierOf = (jwks: RemoteJwks): Verify => createVerifier(options(k1, { jwks }))
async function sequential(verify: Verify, tokens: readonly string[]): Promise<VerifyResult[]> {
  const results: VerifyResult[] = []
  for (const token of tokens) results.push(await verify(token))
  return results
}
const concurrent = (verify: Verify, tokens: readonly string[]) => Promise.all(tokens.map((token) => verify(token)))
const MODES = [['sequential', sequential], ['concurrent', concurrent]] as const

/** Every result is `jwks_unavailable` for `reason`, with a Retry-After in [min, max] seconds. */
function expectUnavailable(results: readonly VerifyResult[], reason: string, min: number, max: number) {
  for (const result of results) {
    expect(result).toEqual(failure.signature('jwks_unavailable', reason))
    const { retryAfter } = result as { retryAfter: number }
    expect(Number.isInteger(retryAfter)).toBe(true)
    expect(retryAfter).toBeGreaterThanOrEqual(min)
    expect(retryAfter).toBeLessThanOrEqual(max)
  }
}

describe('each way an endpoint fails → signature/jwks_unavailable with its reason', () => {
  const CAP = 4096
  // Valid key sets padded with trailing white space to exactly `size` bytes.
  const padded = (size: number) => {
    const text = JSON.stringify(setOf(k1))
    return text + ' '.repeat(size - text.length)
  }

  // Fast failures run with a long timeout: they must fail on their own, not by waiting for it.
  // Each names its reason, and the status when one is certain (a reset loses it).
  const FAST: readonly [string, () => Handler, UnavailableReason, number?][] = [
    ['status 500', () => status(500), 'http_status', 500],
    ['status 404', () => status(404), 'http_status', 404],
    // A 2xx without a body answered, but with no key set: not an error status.
    ['status 204', () => status(204), 'not_a_key_set', 204],
    ['invalid JSON', () => raw('{"keys": ['), 'not_a_key_set', 200],
    ['HTML', () => raw('<html>login</html>', { 'content-type': 'text/html' }), 'not_a_key_set', 200],
    ['a JSON array', () => raw('[]'), 'not_a_key_set', 200],
    ['keys not an array', () => raw('{"keys":{"0":{}}}'), 'not_a_key_set', 200],
    ['keys as a string', () => raw('{"keys":"[]"}'), 'not_a_key_set', 200],
    ['no keys member', () => raw('{"jwks":[]}'), 'not_a_key_set', 200],
    ['a repeated keys member', () => raw('{"keys":[],"keys":[]}'), 'not_a_key_set', 200],
    // Oversized bodies are valid key sets (padded), so only the cap can make them fail.
    ['a content-length of 600 KiB (default cap 512 KiB)', () => raw(padded(600 * 1024)), 'too_large', 200],
    ['a chunked 600 KiB body (default cap 512 KiB)', () => raw(padded(600 * 1024), {}, true), 'too_large', 200],
    ['a body that never ends', () => endless(), 'too_large', 200],
    // About 8 KiB on the wire, 8 MiB once fetch has inflated it: the cap applies to what is read.
    ['a gzip body inflating to 8 MiB', () => raw(gzipSync(padded(8 << 20)), { 'content-encoding': 'gzip' }), 'too_large', 200],
    ['a connection reset mid-body', () => truncated(), 'network'],
    ['a 302 to a valid key set (not followed)', () => redirect(endpoint(json(() => setOf(k1))).url), 'http_status', 302],
  ]

  it.each(FAST)('cold cache, endpoint answers %s → signature/jwks_unavailable, fast', async (_, handler, reason, code) => {
    const e = endpoint(handler())
    const jwks = createRemoteJwks(e.url, { timeout: 4000 })
    const { value, ms } = await timed(() => verifyOnce(jwks, k1))
    expect(value).toEqual(failure.signature('jwks_unavailable', reason))
    // Exactly these members, and nothing from the endpoint or its URL.
    expect(Object.keys(value).sort()).toEqual(['code', 'message', 'ok', 'reason', 'retryAfter', 'step'])
    expect(value).toMatchObject({ retryAfter: 1 }) // the first backoff, 1 s
    expect(JSON.stringify(value)).not.toContain('127.0.0.1')
    expect(jwks.lastFetch).toMatchObject({ ok: false, reason, ...(code === undefined ? {} : { status: code }) })
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
    expect(await verifyOnce(createRemoteJwks(e.url, { maxBodySize: CAP }), k1)).toMatchObject({ ok: true })
  })
  it.each(Object.keys(SHAPES))('%s key set one byte over maxBodySize → signature/jwks_unavailable', async (shape) => {
    const e = endpoint(SHAPES[shape]!(padded(CAP + 1)))
    expect(await verifyOnce(createRemoteJwks(e.url, { maxBodySize: CAP }), k1)).toEqual(failure.signature('jwks_unavailable', 'too_large'))
    expect(e.count()).toBe(1)
  })

  it('302 to a valid key set → the target is never requested', async () => {
    const target = endpoint(json(() => setOf(k1)))
    const e = endpoint(redirect(target.url))
    expect(await verifyOnce(createRemoteJwks(e.url), k1)).toEqual(failure.signature('jwks_unavailable', 'http_status'))
    expect(target.count()).toBe(0)
  })

  it.each([
    ['headers later than the timeout', () => delayed(2000, json(() => setOf(k1)))],
    ['a body that stalls past the timeout', () => stalledBody()],
  ] as const)('timeout 300 ms, endpoint sends %s → signature/jwks_unavailable after the timeout', async (_, handler) => {
    const e = endpoint(handler())
    const jwks = createRemoteJwks(e.url, { timeout: 300 })
    const { value, ms } = await timed(() => verifyOnce(jwks, k1))
    expect(value).toEqual(failure.signature('jwks_unavailable', 'timeout'))
    expect(jwks.lastFetch).toMatchObject({ ok: false, reason: 'timeout' })
    expect(ms).toBeGreaterThanOrEqual(280)
    expect(ms).toBeLessThan(1500)
    expect(e.count()).toBe(1)
  })

  it('connection refused → signature/jwks_unavailable, fast, and reload() false', async () => {
    const jwks = createRemoteJwks(await closedPortUrl(), { timeout: 4000 })
    const { value, ms } = await timed(() => verifyOnce(jwks, k1))
    expect(value).toEqual(failure.signature('jwks_unavailable', 'network'))
    expect(ms).toBeLessThan(1500)
    expect(await jwks.reload()).toBe(false)
    expect(jwks.lastFetch).toEqual({ at: expect.any(Number), ok: false, reason: 'network' }) // no status: nothing answered
  })
  // A cold cache after a failure waits out the backoff before it asks again: outage.test.ts.
})

describe('an endpoint that keeps failing → one request per backoff interval, not one per token (issue 9)', () => {
  // Without Retry-After the first backoff is 1 s: 1,000 sequential tokens take far less, so they
  // cost one request; ≤ 3 leaves room for a loaded machine (backoffs of 1 s, 2 s). With
  // Retry-After: 3600 the wait is capped at 300 s, so exactly one request, and 300 s is announced.
  const ENDPOINTS = [
    ['500', () => status(500), 1, 4, 3],
    ['404', () => status(404), 1, 4, 3],
    ['429 with Retry-After: 3600', () => status(429, { 'retry-after': '3600' }), 295, 300, 1],
    ['503 with Retry-After: 3600', () => status(503, { 'retry-after': '3600' }), 295, 300, 1],
  ] as const

  for (const [mode, run] of MODES) {
    it.each(ENDPOINTS)(`cold cache, endpoint answers %s, 1,000 ${mode} tokens → signature/jwks_unavailable, few requests`, async (_, handler, min, max, most) => {
      const e = endpoint(handler())
      const results = await run(verifierOf(createRemoteJwks(e.url)), byK1)
      expectUnavailable(results, 'http_status', min, max)
      // Concurrent tokens share the one fetch (single flight), whatever the status.
      if (mode === 'concurrent') expect(e.count()).toBe(1)
      else expect(e.count()).toBeLessThanOrEqual(most)
    })
  }

  it('set expired (cacheMaxAge 1000, staleIfError 0), endpoint now answers 500, 2 s of sequential tokens → signature/jwks_unavailable, at most 3 requests', async () => {
    const e = endpoint(json(() => setOf(k1)))
    const jwks = createRemoteJwks(e.url, { cacheMaxAge: 1000, staleIfError: 0 })
    const verify = verifierOf(jwks)
    expect(await verify(byK1[0]!)).toMatchObject({ ok: true })
    e.set(status(500))
    await sleep(jwks.lastFetch!.at + 1050 - Date.now())
    const start = performance.now()
    let tokens = 0
    while (performance.now() - start < 2000) {
      expectUnavailable([await verify(byK1[tokens++ % 1000]!)], 'http_status', 1, 4)
      if (tokens % 100 === 0) await new Promise(setImmediate) // let the server and timers run
    }
    // Backoffs of 1 s then 2 s: failed refetches at about 0 s and 1 s of the 2 s, whatever the
    // thousands of tokens (the old contract fetched once per token past the stale window).
    expect(e.count() - 1).toBeLessThanOrEqual(3)
    expect(tokens).toBeGreaterThan(100)
  })
})

describe('recovery after a failure', () => {
  it('cold cache, endpoint fails then comes back → signature/jwks_unavailable at once for 1 s (no request), then ok', async () => {
    const e = endpoint(status(500))
    // The cooldown of 10 s caps later backoffs; the first one is 1 s whatever the cooldown.
    const jwks = createRemoteJwks(e.url, { cooldown: 10_000 })
    const verify = verifierOf(jwks)
    expectUnavailable([await verify(byK1[0]!)], 'http_status', 1, 1)
    const failedAt = jwks.lastFetch!.at
    e.set(json(() => setOf(k1)))
    let slowest = 0
    let result: VerifyResult
    for (let i = 1; ; i++) {
      const start = performance.now()
      result = await verify(byK1[i]!)
      if (result.ok) break
      slowest = Math.max(slowest, performance.now() - start)
      expect(result).toEqual(failure.signature('jwks_unavailable', 'http_status'))
      expect(e.count()).toBe(1) // the backoff holds even though the endpoint is back
      await sleep(20)
    }
    const recoveredAt = Date.now()
    // No request before the backoff ended, and the first token after it fetched and verified.
    expect(recoveredAt - failedAt).toBeGreaterThanOrEqual(1000)
    expect(recoveredAt - failedAt).toBeLessThan(2000)
    expect(slowest).toBeLessThan(500) // failed at once, without waiting for the endpoint
    expect(e.count()).toBe(2)
  })
})

describe('a key rotated during an outage (issue 15), default cooldown of 30 s', () => {
  for (const [mode, run] of MODES) {
    it(`warm set, endpoint down, 1,000 ${mode} tokens with the rotated kid → signature/jwks_unavailable, then ok within one backoff interval of its return`, async () => {
      const e = endpoint(json(() => setOf(k1)))
      const jwks = createRemoteJwks(e.url)
      const verify = verifierOf(jwks)
      expect(await verify(byK1[0]!)).toMatchObject({ ok: true })
      e.set(status(500))

      // Stage 1, outage: the kid could not be checked, so 503 (not 401) and no quiet period.
      expectUnavailable(await run(verify, byK2), 'http_status', 1, 4)
      const failures = e.count() - 1
      if (mode === 'concurrent') expect(failures).toBe(1)
      else expect(failures).toBeLessThanOrEqual(3)
      const failedAt = jwks.lastFetch!.at
      const backoff = 1000 * 2 ** (failures - 1)
      expect(await verify(byK1[1]!)).toMatchObject({ ok: true }) // known kids verify all along
      expect(e.count()).toBe(1 + failures)

      // Stage 2, the endpoint is back with the rotated key: nothing is asked before the backoff ends.
      e.set(json(() => setOf(k1, k2)))
      expectUnavailable([await verify(byK2[0]!)], 'http_status', 1, 4)
      let recoveredAt: number
      if (mode === 'concurrent') {
        await sleep(failedAt + backoff + 10 - Date.now())
        let first = Number.POSITIVE_INFINITY // when the shared fetch answered the first of them
        const noted = byK2.map((token) => verify(token).then((result) => (first = Math.min(first, Date.now()), result)))
        for (const result of await Promise.all(noted)) expect(result).toMatchObject({ ok: true, header: { kid: 'k2' } })
        recoveredAt = first
      } else {
        // Tokens keep arriving (a few ms apart) through the backoff; the first after it recovers.
        let first: number | undefined
        for (const token of byK2) {
          const result = await verify(token)
          if (result.ok) first ??= Date.now()
          else expect([first, result]).toEqual([undefined, failure.signature('jwks_unavailable', 'http_status')])
          if (first === undefined) await sleep(3)
        }
        expect(first).toBeDefined()
        recoveredAt = first!
      }
      // One successful fetch for all 1,000 tokens, within one backoff interval, not after 30 s.
      expect(e.count()).toBe(2 + failures)
      expect(recoveredAt - failedAt).toBeGreaterThanOrEqual(backoff)
      expect(recoveredAt - failedAt).toBeLessThan(backoff + 1500)
    })
  }
})

describe('stale-while-revalidate', () => {
  it('warm set (cacheMaxAge 1000), endpoint now 3 s slow, 20 tokens once the set is stale → ok at once each, one refresh; its set then replaces the old', async () => {
    const e = endpoint(json(() => setOf(k1)))
    const jwks = createRemoteJwks(e.url, { cacheMaxAge: 1000 })
    const verify = verifierOf(jwks)
    expect(await verify(byK1[0]!)).toMatchObject({ ok: true })
    const fetchedAt = jwks.lastFetch!.at
    // The endpoint rotates: k1 removed, k2 added, served only after 3 s.
    e.set(delayed(3000, json(() => setOf(k2))))
    await sleep(fetchedAt + 1050 - Date.now())
    for (const token of byK1.slice(1, 21)) {
      const start = performance.now()
      expect(await verify(token)).toMatchObject({ ok: true })
      expect(performance.now() - start).toBeLessThan(1000) // far less than the 3 s the refresh takes
    }
    await until(() => e.count() === 2)
    expect(jwks.lastFetch!.at).toBe(fetchedAt) // the refresh is still under way: nobody waited for it
    expect(e.count()).toBe(2) // one background refresh for the 20 tokens (single flight)

    await until(() => jwks.lastFetch!.at > fetchedAt, 10_000)
    e.set(json(() => setOf(k2)))
    expect(await verify(byK2[0]!)).toMatchObject({ ok: true }) // the new set, without a request
    expect(e.count()).toBe(2)
    // k1 is now an unknown kid in a fresh set: one refetch confirms it is gone.
    expect(await verify(byK1[21]!)).toEqual(failure.signature('key_not_found', 'no_matching_kid'))
    expect(e.count()).toBe(3)
  })

  // Reversed from the old contract's "one failed refetch per cooldown": one per backoff interval.
  it('endpoint fails after a fetch → stale set serves within staleIfError, one failed refresh per backoff (1 s, then 2 s), then signature/jwks_unavailable; ok once back', async () => {
    const e = endpoint(json(() => setOf(k1)))
    // Fresh for 1 s, serving until 3 s; the backoff doubles from 1 s up to the cooldown of 2 s.
    const jwks = createRemoteJwks(e.url, { cooldown: 2000, cacheMaxAge: 1000, staleIfError: 2000 })
    const verify = verifierOf(jwks)
    expect(await verify(byK1[0]!)).toMatchObject({ ok: true })
    const fetchedAt = jwks.lastFetch!.at
    e.set(status(500))
    await sleep(fetchedAt + 1050 - Date.now())
    expect(await verify(byK1[1]!)).toMatchObject({ ok: true }) // stale: served, refreshed in the background
    await until(() => jwks.lastFetch!.ok === false)
    const first = jwks.lastFetch!.at
    expect(jwks.lastFetch).toEqual({ at: first, ok: false, status: 500, reason: 'http_status' })
    expect(await verify(byK1[2]!)).toMatchObject({ ok: true }) // within the 1 s backoff: no request
    expect(e.count()).toBe(2)

    await sleep(first + 1050 - Date.now())
    expect(await verify(byK1[3]!)).toMatchObject({ ok: true })
    await until(() => jwks.lastFetch!.at > first)
    const second = jwks.lastFetch!.at
    expect(e.count()).toBe(3)

    // Past the serving window, and past where a 1 s backoff would have ended: the doubled one holds.
    await sleep(Math.max(second + 1100, fetchedAt + 3050) - Date.now())
    expectUnavailable([await verify(byK1[4]!)], 'http_status', 1, 2)
    expect(e.count()).toBe(3)

    // Recovery: the first token after the 2 s backoff fetches the set again.
    e.set(json(() => setOf(k1)))
    let result = await verify(byK1[5]!)
    for (let i = 6; !result.ok; i++) {
      await sleep(20)
      result = await verify(byK1[i]!)
    }
    expect(Date.now() - second).toBeGreaterThanOrEqual(2000)
    expect(Date.now() - second).toBeLessThan(3500)
    expect(e.count()).toBe(4)
  })
})
