/**
 * `createRemoteJwks` by the millisecond: a scripted endpoint (the `fetch` option) and vitest's fake
 * clock, so each rule of freshness, Cache-Control, the failure state (backoff, Retry-After), the
 * unknown-kid cooldown and stale-if-error is checked at its exact boundary, in milliseconds of
 * real time and without sockets. test/remote.test.ts and test/outage.test.ts check the same
 * behaviour against a real server and real time; these are the ones mutation testing runs.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createRemoteJwks, createVerifier, discoverJwks, type RemoteJwks, type RemoteJwksOptions, type VerifyResult } from '../src/index.js'
import { failure, generateKey, makeToken, options, validClaims, type TestKey } from './helpers.js'

let k1: TestKey
let k2: TestKey
beforeAll(() => {
  k1 = generateKey('P-256', 'k1')
  k2 = generateKey('P-256', 'k2')
})
// A whole second, so HTTP dates (whole seconds) land exactly.
const START = 1_800_000_000_000
beforeEach(() => { vi.useFakeTimers({ now: START }) })
afterEach(() => { vi.useRealTimers() })

const URL_ = 'https://as.example/jwks.json'
const setOf = (...keys: TestKey[]) => ({ keys: keys.map((key) => key.jwk) })

/** What the scripted endpoint does: answer, never answer (until aborted), or fail to connect. */
type Reply = { status?: number; body?: unknown; headers?: Record<string, string> } | 'never' | 'refused' | 'deferred'

/** A scripted endpoint: its fetch, the times it was called, and a switch for its next replies. */
function endpoint(initial: Reply = {}) {
  let reply = initial
  const calls: { at: number; url: string; init: RequestInit }[] = []
  const pending: ((next: Exclude<Reply, 'never' | 'refused' | 'deferred'>) => void)[] = []
  const respond = (r: Exclude<Reply, 'never' | 'refused' | 'deferred'>) => {
    const status = r.status ?? 200
    const body = typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? setOf(k1))
    return new Response(status === 204 ? null : body, { status, headers: r.headers ?? {} })
  }
  const fetch = (url: string, init: RequestInit): Promise<Response> => {
    calls.push({ at: Date.now() - START, url, init })
    const r = reply
    if (r === 'refused') return Promise.reject(new TypeError('fetch failed'))
    if (r === 'never' || r === 'deferred') {
      return new Promise((resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
        if (r === 'deferred') pending.push((next) => resolve(respond(next)))
      })
    }
    return Promise.resolve(respond(r))
  }
  return {
    fetch,
    calls,
    count: () => calls.length,
    set: (next: Reply) => { reply = next },
    /** Answers every deferred request, by default with the key set of k1. */
    release: (next: Exclude<Reply, 'never' | 'refused' | 'deferred'> = {}) => { for (const answer of pending.splice(0)) answer(next) },
  }
}

type Endpoint = ReturnType<typeof endpoint>
const remote = (e: Endpoint, extra: Omit<RemoteJwksOptions, 'fetch'> = {}) => createRemoteJwks(URL_, { fetch: e.fetch, ...extra })
/** Verifies a fresh token signed by `key` with `kid` in its header. */
const check = (jwks: RemoteJwks, key: TestKey = k1, kid: string = key.kid): Promise<VerifyResult> =>
  createVerifier(options(key, { jwks }))(makeToken({ key, header: { kid } }))
/** Moves the fake clock and runs what became due, promises included. */
const wait = (ms: number) => vi.advanceTimersByTimeAsync(ms)
const unavailable = (reason: string, retryAfter: number) => ({ ...failure.signature('jwks_unavailable', reason), retryAfter })

describe('freshness and Cache-Control', () => {
  it('cacheMaxAge 10 s → no fetch until 10 s; then the stale set answers at once and one refresh runs', async () => {
    const e = endpoint()
    const jwks = remote(e, { cacheMaxAge: 10_000 })
    expect(e.count()).toBe(0)
    expect(await check(jwks)).toMatchObject({ ok: true })
    await wait(9_999)
    expect(await check(jwks)).toMatchObject({ ok: true })
    expect(e.count()).toBe(1)
    await wait(1)
    expect(await check(jwks)).toMatchObject({ ok: true })
    expect(await check(jwks)).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
    await wait(0)
    // The refresh made the set fresh again from now.
    await wait(9_999)
    expect(await check(jwks)).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
  })

  it.each([
    ['max-age=5', 5000],
    ['MAX-AGE=5', 5000],
    ['private, max-age=5', 5000],
    ['max-age=5, must-revalidate', 5000],
    ['max-age="5"', 5000],
    ['max-age = 5', 5000],
    ['no-store', 1000],
    ['no-cache', 1000],
    ['public, no-cache', 1000],
    ['max-age=0', 1000],
    ['max-age=120', 60_000],
    ['max-age=30', 30_000],
    ['max-age=5 , private', 5000],
    ['no-store , max-age=5', 1000],
    ['s-maxage=5', 60_000],
    ['max-age=abc', 60_000],
    ['max-age=1234567890', 60_000],
    ['', 60_000],
  ])('Cache-Control %j with cacheMaxAge 60 s → fresh for %i ms', async (header, fresh) => {
    const e = endpoint({ headers: { 'cache-control': header } })
    const jwks = remote(e, { cacheMaxAge: 60_000 })
    expect(await check(jwks)).toMatchObject({ ok: true })
    await wait(fresh - 1)
    expect(await check(jwks)).toMatchObject({ ok: true })
    expect(e.count()).toBe(1)
    await wait(1)
    expect(await check(jwks)).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
  })

  it('cacheMaxAge 0 (staleIfError on) → every token answered from the set, one refresh at a time', async () => {
    const e = endpoint({ headers: { 'cache-control': 'max-age=60' } })
    const jwks = remote(e, { cacheMaxAge: 0 })
    expect(await check(jwks)).toMatchObject({ ok: true })
    e.set('deferred')
    const results = await Promise.all([check(jwks), check(jwks), check(jwks)])
    for (const result of results) expect(result).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
    e.release()
    await wait(0)
  })

  it('cacheMaxAge 0 and staleIfError 0 → every token waits for its own fetch', async () => {
    const e = endpoint()
    const jwks = remote(e, { cacheMaxAge: 0, staleIfError: 0 })
    for (let i = 1; i <= 3; i++) {
      expect(await check(jwks)).toMatchObject({ ok: true })
      expect(e.count()).toBe(i)
    }
  })

  it('a successful refresh replaces the set: a removed key stops verifying at once', async () => {
    const e = endpoint({ body: setOf(k1, k2) })
    const jwks = remote(e, { cacheMaxAge: 1000 })
    expect(await check(jwks, k2)).toMatchObject({ ok: true })
    e.set({ body: setOf(k1) })
    await wait(1000)
    expect(await check(jwks, k1)).toMatchObject({ ok: true }) // starts the refresh
    await wait(0)
    expect(await check(jwks, k2)).toEqual(failure.signature('key_not_found', 'no_matching_kid'))
  })
})

describe('the failure state', () => {
  it('cold cache, 500 → unavailable at once; no fetch before 1, 2, 4, 5, 5 s after each failure (cooldown 5 s)', async () => {
    const e = endpoint({ status: 500 })
    const jwks = remote(e, { cooldown: 5000 })
    expect(await check(jwks)).toEqual(unavailable('http_status', 1))
    expect(jwks.lastFetch).toEqual({ at: START, ok: false, status: 500, reason: 'http_status' })
    for (const gap of [1000, 2000, 4000, 5000, 5000]) {
      const before = e.count()
      expect(await check(jwks)).toEqual(unavailable('http_status', gap / 1000))
      await wait(gap - 1)
      expect(await check(jwks)).toEqual(unavailable('http_status', 1))
      expect(e.count()).toBe(before)
      await wait(1)
      expect(await check(jwks)).toEqual(unavailable('http_status', Math.min(2 * gap, 5000) / 1000))
      expect(e.count()).toBe(before + 1)
    }
  })

  it('cooldown 0 → the backoff stays at its floor of 1 s', async () => {
    const e = endpoint({ status: 503 })
    const jwks = remote(e, { cooldown: 0 })
    await check(jwks)
    for (let i = 0; i < 3; i++) {
      await wait(999)
      expect(await check(jwks)).toEqual(unavailable('http_status', 1))
      await wait(1)
      await check(jwks)
    }
    expect(e.count()).toBe(4)
  })

  it('the endpoint back after a failure → the first fetch after the backoff succeeds, and the failure count restarts', async () => {
    const e = endpoint({ status: 500 })
    const jwks = remote(e, { cooldown: 10_000, cacheMaxAge: 1000, staleIfError: 0 })
    await check(jwks)
    await wait(1000)
    await check(jwks)
    await wait(2000)
    e.set({})
    expect(await check(jwks)).toMatchObject({ ok: true })
    expect(jwks.lastFetch).toEqual({ at: START + 3000, ok: true, status: 200 })
    expect(jwks.lastFetch).toStrictEqual({ at: START + 3000, ok: true, status: 200 }) // no reason member at all
    expect(Object.isFrozen(jwks.lastFetch)).toBe(true)
    // Failing again: the backoff starts over at 1 s, not at 4 s.
    e.set({ status: 500 })
    await wait(1000)
    expect(await check(jwks)).toEqual(unavailable('http_status', 1))
    await wait(1000)
    await check(jwks)
    expect(e.count()).toBe(5)
  })

  it.each([
    ['7', 7000],
    ['0', 1000],
    ['-3', 1000],
    ['abc', 1000],
    ['1.5', 1000],
    ['400', 300_000],
    [' 9 ', 9000],
  ])('429 with Retry-After %j → no fetch for %i ms', async (value, ms) => {
    const e = endpoint({ status: 429, headers: { 'retry-after': value } })
    const jwks = remote(e)
    expect(await check(jwks)).toEqual(unavailable('http_status', ms / 1000))
    await wait(ms - 1)
    await check(jwks)
    expect(e.count()).toBe(1)
    await wait(1)
    await check(jwks)
    expect(e.count()).toBe(2)
  })

  it('503 with an HTTP-date Retry-After 9 s ahead → no fetch for 9 s', async () => {
    const e = endpoint({ status: 503, headers: { 'retry-after': new Date(START + 9000).toUTCString() } })
    const jwks = remote(e)
    expect(await check(jwks)).toEqual(unavailable('http_status', 9))
    await wait(8999)
    await check(jwks)
    expect(e.count()).toBe(1)
    await wait(1)
    await check(jwks)
    expect(e.count()).toBe(2)
  })

  it('Retry-After shorter than the backoff → the backoff', async () => {
    const e = endpoint({ status: 500 })
    const jwks = remote(e)
    await check(jwks)
    await wait(1000)
    await check(jwks)
    await wait(2000)
    e.set({ status: 429, headers: { 'retry-after': '1' } })
    expect(await check(jwks)).toEqual(unavailable('http_status', 4))
  })

  it('fetch never answers → unavailable (timeout) exactly at the timeout', async () => {
    const e = endpoint('never')
    const jwks = remote(e, { timeout: 2000 })
    let result: VerifyResult | undefined
    void check(jwks).then((r) => { result = r })
    await wait(1999)
    expect(result).toBeUndefined()
    await wait(1)
    expect(result).toEqual(unavailable('timeout', 1))
    expect(jwks.lastFetch).toEqual({ at: START + 2000, ok: false, reason: 'timeout' })
  })

  it('fetch rejects → unavailable (network), no status', async () => {
    const e = endpoint('refused')
    const jwks = remote(e)
    expect(await check(jwks)).toEqual(unavailable('network', 1))
    expect(jwks.lastFetch).toEqual({ at: START, ok: false, reason: 'network' })
    expect(jwks.lastFetch).toStrictEqual({ at: START, ok: false, reason: 'network' }) // no status member at all
  })

  it('500 without a body → unavailable (http_status), status kept', async () => {
    const jwks = createRemoteJwks(URL_, { fetch: async () => new Response(null, { status: 500 }) })
    expect(await check(jwks)).toEqual(unavailable('http_status', 1))
    expect(jwks.lastFetch).toEqual({ at: START, ok: false, status: 500, reason: 'http_status' })
  })

  // A fetch adapter (over another HTTP client) may hand over header values as received, unlike Headers.
  it('429 with Retry-After " 9 " from a fetch whose headers are not trimmed → no fetch for 9 s', async () => {
    let calls = 0
    const fetch = async () => {
      calls++
      return { ok: false, status: 429, body: null, headers: { get: (name: string) => name === 'retry-after' ? ' 9 ' : null } } as unknown as Response
    }
    const jwks = createRemoteJwks(URL_, { fetch })
    expect(await check(jwks)).toEqual(unavailable('http_status', 9))
    await wait(8999)
    await check(jwks)
    expect(calls).toBe(1)
  })

  it('a fetch that ended → its timeout timer is cleared: no timer left, the signal never aborted', async () => {
    const e = endpoint()
    const jwks = remote(e, { timeout: 2000 })
    expect(await check(jwks)).toMatchObject({ ok: true })
    expect(vi.getTimerCount()).toBe(0)
    await wait(2000)
    expect(e.calls[0]?.init.signal?.aborted).toBe(false)
  })

  it('clock stepped back while the refetch of an expired set fails → the set, usable again by the clock, answers', async () => {
    const e = endpoint()
    const jwks = remote(e, { cacheMaxAge: 1000, staleIfError: 1000 })
    expect(await check(jwks)).toMatchObject({ ok: true })
    await wait(2000) // the set may no longer serve: the token waits for a fetch
    e.set('deferred')
    const result = check(jwks)
    await wait(0)
    vi.setSystemTime(START + 1500)
    e.release({ status: 500 })
    expect(await result).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
  })

  it.each([
    ['204', { status: 204 }, 204],
    ['HTML', { body: '<html></html>' }, 200],
    ['a JSON array', { body: '[]' }, 200],
    ['keys not an array', { body: '{"keys":{}}' }, 200],
    ['no keys member', { body: '{"k":[]}' }, 200],
    ['a repeated keys member', { body: '{"keys":[],"keys":[]}' }, 200],
  ])('endpoint answers %s → unavailable (not_a_key_set), status kept', async (_, reply, status) => {
    const e = endpoint(reply)
    const jwks = remote(e)
    expect(await check(jwks)).toEqual(unavailable('not_a_key_set', 1))
    expect(jwks.lastFetch).toEqual({ at: START, ok: false, status, reason: 'not_a_key_set' })
  })

  it('a body that breaks off after the headers → unavailable (network), status kept', async () => {
    const body = new ReadableStream({ start(controller) { controller.enqueue(new TextEncoder().encode('{"keys":[')); controller.error(new Error('reset')) } })
    const jwks = createRemoteJwks(URL_, { fetch: async () => new Response(body, { status: 200 }) })
    expect(await check(jwks)).toEqual(unavailable('network', 1))
    expect(jwks.lastFetch).toEqual({ at: START, ok: false, status: 200, reason: 'network' })
  })

  it('declared and streamed bodies at maxBodySize → ok; one byte more → unavailable (too_large)', async () => {
    const text = JSON.stringify(setOf(k1))
    const sized = (size: number) => text + ' '.repeat(size - text.length)
    const stream = (value: string) => new ReadableStream({
      start(controller) {
        const bytes = new TextEncoder().encode(value)
        controller.enqueue(bytes.subarray(0, 100))
        controller.enqueue(bytes.subarray(100))
        controller.close()
      },
    })
    const cases: [string, (size: number) => Response][] = [
      ['declared', (size) => new Response(sized(size), { headers: { 'content-length': String(size) } })],
      ['streamed', (size) => new Response(stream(sized(size)))],
    ]
    for (const [, make] of cases) {
      const ok = createRemoteJwks(URL_, { maxBodySize: 2048, fetch: async () => make(2048) })
      expect(await check(ok)).toMatchObject({ ok: true })
      const over = createRemoteJwks(URL_, { maxBodySize: 2048, fetch: async () => make(2049) })
      expect(await check(over)).toEqual(unavailable('too_large', 1))
      expect(over.lastFetch).toEqual({ at: START, ok: false, status: 200, reason: 'too_large' })
    }
  })

  it('stale set, endpoint failing → served until staleIfError ends, refreshes tried per the backoff, then unavailable', async () => {
    const e = endpoint()
    const jwks = remote(e, { cacheMaxAge: 1000, staleIfError: 5000, cooldown: 30_000 })
    expect(await check(jwks)).toMatchObject({ ok: true })
    e.set({ status: 500 })
    await wait(1000) // stale: answered from the set, one refresh (fails: next after 1 s)
    expect(await check(jwks)).toMatchObject({ ok: true })
    await wait(0)
    expect(e.count()).toBe(2)
    await wait(999)
    expect(await check(jwks)).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
    await wait(1) // 2 s: the backoff has passed, another refresh (fails: next after 2 s, at 4 s)
    expect(await check(jwks)).toMatchObject({ ok: true })
    await wait(0)
    expect(e.count()).toBe(3)
    await wait(2000) // 4 s: refresh (fails: next after 4 s, at 8 s)
    expect(await check(jwks)).toMatchObject({ ok: true })
    await wait(0)
    expect(e.count()).toBe(4)
    await wait(1999) // 5.999 s: still within the 1 s fresh + 5 s stale-if-error
    expect(await check(jwks)).toMatchObject({ ok: true })
    await wait(1) // 6 s: the set may no longer serve, and the backoff forbids a fetch until 8 s
    expect(await check(jwks)).toEqual(unavailable('http_status', 2))
    expect(e.count()).toBe(4)
  })
})

describe('unknown kids and rotation', () => {
  it('unknown kid → one refetch, then no other for exactly the cooldown', async () => {
    const e = endpoint()
    const jwks = remote(e, { cooldown: 5000 })
    expect(await check(jwks)).toMatchObject({ ok: true })
    expect(await check(jwks, k1, 'x')).toEqual(failure.signature('key_not_found', 'no_matching_kid'))
    expect(e.count()).toBe(2)
    await wait(4999)
    expect(await check(jwks, k1, 'y')).toEqual(failure.signature('key_not_found', 'no_matching_kid'))
    expect(e.count()).toBe(2)
    await wait(1)
    expect(await check(jwks, k1, 'z')).toEqual(failure.signature('key_not_found', 'no_matching_kid'))
    expect(e.count()).toBe(3)
  })

  it('unknown kid on the first fetch → key_not_found, and that fetch starts the cooldown: the next unknown kid fetches nothing', async () => {
    // The set was read and the kid is not in it, whatever started the fetch: a second unknown kid
    // must not fetch again the set just read.
    const e = endpoint()
    const jwks = remote(e, { cooldown: 5000 })
    expect(await check(jwks, k1, 'x')).toEqual(failure.signature('key_not_found', 'no_matching_kid'))
    expect(await check(jwks, k1, 'y')).toEqual(failure.signature('key_not_found', 'no_matching_kid'))
    expect(e.count()).toBe(1)
    await wait(5000)
    expect(await check(jwks, k1, 'z')).toEqual(failure.signature('key_not_found', 'no_matching_kid'))
    expect(e.count()).toBe(2)
  })

  it('a key published after the first fetch → ok from its first token, one refetch', async () => {
    const e = endpoint()
    const jwks = remote(e)
    expect(await check(jwks)).toMatchObject({ ok: true })
    e.set({ body: setOf(k1, k2) })
    expect(await check(jwks, k2)).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
  })

  it('a known kid never refetches, even within a quiet cooldown', async () => {
    const e = endpoint()
    const jwks = remote(e)
    await check(jwks)
    await check(jwks, k1, 'x')
    for (let i = 0; i < 5; i++) expect(await check(jwks)).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
  })

  it('unknown kids while a fetch is under way → they join it: one request', async () => {
    const e = endpoint()
    const jwks = remote(e)
    await check(jwks)
    e.set('deferred')
    const results = Promise.all([check(jwks, k2), check(jwks, k2), check(jwks, k1, 'x')])
    await wait(0)
    expect(e.count()).toBe(2)
    e.set({ body: setOf(k1, k2) })
    e.release()
    const [a, b, c] = await results
    // The deferred answer is k1's set: k2 is still unknown, and so is x.
    expect(a).toEqual(failure.signature('key_not_found', 'no_matching_kid'))
    expect(b).toEqual(a)
    expect(c).toEqual(a)
    expect(e.count()).toBe(2)
  })

  it('unknown kid during the failure state → unavailable, no request; the known kid still verifies', async () => {
    const e = endpoint()
    const jwks = remote(e, { cacheMaxAge: 1000 })
    await check(jwks)
    e.set({ status: 500 })
    await wait(1000)
    await check(jwks) // stale: a refresh that fails
    await wait(0)
    expect(await check(jwks, k2)).toEqual(unavailable('http_status', 1))
    expect(await check(jwks)).toMatchObject({ ok: true })
    expect(e.count()).toBe(2)
  })

  it('two keys published one after the other, within the cooldown → each ok from its first token: a found kid starts no cooldown', async () => {
    const k3 = generateKey('P-256', 'k3')
    const e = endpoint()
    const jwks = remote(e, { cooldown: 30_000 })
    expect(await check(jwks)).toMatchObject({ ok: true })
    e.set({ body: setOf(k1, k2) })
    expect(await check(jwks, k2)).toMatchObject({ ok: true })
    e.set({ body: setOf(k1, k2, k3) })
    expect(await check(jwks, k3)).toMatchObject({ ok: true })
    expect(e.count()).toBe(3)
  })

  it('unknown kid within the cooldown while a refresh is under way → it joins the refresh and verifies with its key', async () => {
    const e = endpoint()
    const jwks = remote(e, { cacheMaxAge: 1000, cooldown: 30_000 })
    await check(jwks)
    expect(await check(jwks, k1, 'x')).toEqual(failure.signature('key_not_found', 'no_matching_kid')) // quiet for 30 s
    await wait(1000)
    e.set('deferred')
    expect(await check(jwks)).toMatchObject({ ok: true }) // stale: starts the refresh
    let result: VerifyResult | undefined
    const joined = check(jwks, k2).then((r) => (result = r))
    await wait(0)
    expect(result).toBeUndefined() // waiting for the refresh, not answered key_not_found from the quiet set
    e.release({ body: setOf(k1, k2) })
    expect(await joined).toMatchObject({ ok: true })
    expect(e.count()).toBe(3)
  })

  it('unknown kid that joins a refresh which fails → unavailable, not key_not_found', async () => {
    const e = endpoint()
    const jwks = remote(e, { cacheMaxAge: 1000 })
    await check(jwks)
    await wait(1000)
    e.set('deferred')
    await check(jwks) // stale: starts the refresh
    const joined = check(jwks, k2)
    await wait(0)
    e.release({ status: 500 })
    expect(await joined).toEqual(unavailable('http_status', 1))
    expect(e.count()).toBe(2)
  })

  it('unknown kid after a failed refetch → unavailable until the backoff ends, refetches exactly then', async () => {
    const e = endpoint()
    const jwks = remote(e)
    await check(jwks)
    e.set({ status: 500 })
    expect(await check(jwks, k2)).toEqual(unavailable('http_status', 1))
    await wait(999)
    expect(await check(jwks, k2)).toEqual(unavailable('http_status', 1))
    expect(e.count()).toBe(2)
    await wait(1)
    e.set({ body: setOf(k1, k2) })
    expect(await check(jwks, k2)).toMatchObject({ ok: true })
    expect(e.count()).toBe(3)
  })

  it('unknown kid whose refetch fails → unavailable, not key_not_found', async () => {
    const e = endpoint()
    const jwks = remote(e)
    await check(jwks)
    e.set({ status: 500 })
    expect(await check(jwks, k2)).toEqual(unavailable('http_status', 1))
    expect(e.count()).toBe(2)
  })

  it('cold cache, ten concurrent tokens → one fetch (single flight)', async () => {
    const e = endpoint('deferred')
    const jwks = remote(e)
    const results = Promise.all(Array.from({ length: 10 }, () => check(jwks)))
    await wait(0)
    e.release()
    for (const result of await results) expect(result).toMatchObject({ ok: true })
    expect(e.count()).toBe(1)
  })
})

describe('reload() and the request', () => {
  it('reload() → fetches while fresh and while backing off; true on a key set, false otherwise; concurrent calls share one fetch', async () => {
    const e = endpoint()
    const jwks = remote(e)
    expect(jwks.lastFetch).toBeUndefined()
    expect(await jwks.reload()).toBe(true)
    expect(await jwks.reload()).toBe(true)
    e.set({ status: 500 })
    expect(await jwks.reload()).toBe(false)
    expect(await jwks.reload()).toBe(false)
    expect(e.count()).toBe(4)
    e.set('deferred')
    const both = Promise.all([jwks.reload(), jwks.reload()])
    await wait(0)
    e.release()
    expect(await both).toEqual([true, true])
    expect(e.count()).toBe(5)
    expect(jwks.url).toBe(URL_)
  })

  it('each request → GET of the URL with the accept header, extra headers lower-cased, no redirects, an abort signal', async () => {
    const e = endpoint()
    const jwks = remote(e, { headers: { 'X-Tenant': 'blue' } })
    await check(jwks)
    const [call] = e.calls
    expect(call?.url).toBe(URL_)
    expect(call?.init.headers).toEqual({ accept: 'application/jwk-set+json, application/json', 'x-tenant': 'blue' })
    expect(call?.init.redirect).toBe('manual')
    expect(call?.init.signal).toBeInstanceOf(AbortSignal)
    expect(call?.init.signal?.aborted).toBe(false)
  })
})

describe('verifier.keySets() for a remote set', () => {
  it('pending before a fetch, ready while usable, pending once it may no longer serve, unavailable after a failed fetch', async () => {
    const e = endpoint()
    const jwks = remote(e, { cacheMaxAge: 1000, staleIfError: 1000 })
    const verify = createVerifier(options(k1, { jwks }))
    expect(verify.keySets()).toStrictEqual([{ state: 'pending' }])
    expect(await verify(makeToken({ key: k1 }))).toMatchObject({ ok: true })
    const fetched = { at: START, ok: true, status: 200 }
    expect(verify.keySets()).toStrictEqual([{ state: 'ready', lastFetch: fetched }])
    await wait(1999) // fresh for 1 s, then stale but usable for 1 s
    expect(verify.keySets()).toStrictEqual([{ state: 'ready', lastFetch: fetched }])
    await wait(1)
    expect(verify.keySets()).toStrictEqual([{ state: 'pending', lastFetch: fetched }])
    expect(e.count()).toBe(1)
    e.set({ status: 500 })
    await verify(makeToken({ key: k1 }))
    expect(verify.keySets()).toStrictEqual([{ state: 'unavailable', reason: 'http_status', lastFetch: { at: START + 2000, ok: false, status: 500, reason: 'http_status' } }])
  })
})

describe('discoverJwks with a scripted issuer', () => {
  /** Serves metadata documents and a key set by URL; every other URL answers 404. */
  function issuerSite(documents: Record<string, unknown>) {
    const calls: string[] = []
    const fetch = async (url: string) => {
      calls.push(url)
      if (url.endsWith('/jwks')) return Response.json(setOf(k1))
      return Object.hasOwn(documents, url) ? Response.json(documents[url]) : new Response('no', { status: 404 })
    }
    return { fetch, calls }
  }
  const rejection = async (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a rejection') }, (error: unknown) => error as Error)

  it.each([
    ['https://as.example', ['https://as.example/.well-known/openid-configuration', 'https://as.example/.well-known/oauth-authorization-server']],
    ['https://as.example/', ['https://as.example/.well-known/openid-configuration', 'https://as.example/.well-known/oauth-authorization-server']],
    ['https://as.example/t/1', ['https://as.example/t/1/.well-known/openid-configuration', 'https://as.example/.well-known/oauth-authorization-server/t/1']],
    ['https://as.example/t/1/', ['https://as.example/t/1/.well-known/openid-configuration', 'https://as.example/.well-known/oauth-authorization-server/t/1']],
  ])('issuer %s, no metadata → asks these two documents in order, then rejects naming them', async (issuer, documents) => {
    const site = issuerSite({})
    const error = await rejection(discoverJwks(issuer, { fetch: site.fetch }))
    expect(site.calls).toEqual(documents)
    expect(error.constructor).toBe(Error)
    expect(error.message).toBe(`verify-access-token: no issuer metadata could be read from ${documents[0]} or ${documents[1]}`)
  })

  it('OpenID document missing, RFC 8414 document present → its jwks_uri, with the options passed on', async () => {
    const issuer = 'https://as.example/t'
    const site = issuerSite({ 'https://as.example/.well-known/oauth-authorization-server/t': { issuer, jwks_uri: 'https://keys.example/jwks' } })
    const jwks = await discoverJwks(issuer, { fetch: site.fetch, headers: { 'x-tenant': 't' } })
    expect(jwks.url).toBe('https://keys.example/jwks')
    expect(site.calls).toHaveLength(2)
    const verify = createVerifier(options(k1, { jwks, issuer }))
    expect(await verify(makeToken({ key: k1, claims: validClaims({ iss: issuer }) }))).toMatchObject({ ok: true })
    expect(site.calls).toEqual([...site.calls.slice(0, 2), 'https://keys.example/jwks'])
  })

  it.each([
    ['another issuer', { issuer: 'https://evil.example', jwks_uri: 'https://as.example/jwks' },
      'the metadata at https://as.example/.well-known/openid-configuration names a different issuer: "https://evil.example", not "https://as.example" (compared exactly, trailing slash included)'],
    ['no issuer', { jwks_uri: 'https://as.example/jwks' },
      'the metadata at https://as.example/.well-known/openid-configuration names a different issuer: undefined, not "https://as.example" (compared exactly, trailing slash included)'],
    ['no jwks_uri', { issuer: 'https://as.example' }, 'the metadata at https://as.example/.well-known/openid-configuration has no jwks_uri'],
    ['an http jwks_uri', { issuer: 'https://as.example', jwks_uri: 'http://as.example/jwks' },
      'the jwks_uri in https://as.example/.well-known/openid-configuration is not an https URL'],
  ])('OpenID metadata with %s → rejects with its message, RFC 8414 not asked', async (_, document, message) => {
    const site = issuerSite({ 'https://as.example/.well-known/openid-configuration': document })
    const error = await rejection(discoverJwks('https://as.example', { fetch: site.fetch }))
    expect(error.constructor).toBe(Error)
    expect(error.message).toBe(`verify-access-token: ${message}`)
    expect(site.calls).toHaveLength(1)
  })

  it('metadata requests → accept application/json with the extra headers; the key set request → the key set media types', async () => {
    const seen: [string, unknown][] = []
    const fetch = async (url: string, init: RequestInit) => {
      seen.push([url, init.headers])
      return url.endsWith('/jwks') ? Response.json(setOf(k1)) : Response.json({ issuer: 'https://as.example', jwks_uri: 'https://as.example/jwks' })
    }
    const jwks = await discoverJwks('https://as.example', { fetch, headers: { 'X-Tenant': 't' } })
    await check(jwks)
    expect(seen).toEqual([
      ['https://as.example/.well-known/openid-configuration', { accept: 'application/json', 'x-tenant': 't' }],
      ['https://as.example/jwks', { accept: 'application/jwk-set+json, application/json', 'x-tenant': 't' }],
    ])
  })

  it('metadata that is not a JSON object → the next document is asked', async () => {
    const calls: string[] = []
    const fetch = async (url: string) => {
      calls.push(url)
      return url.includes('openid') ? new Response('[1]') : Response.json({ issuer: 'https://as.example', jwks_uri: 'https://as.example/jwks' })
    }
    expect((await discoverJwks('https://as.example', { fetch })).url).toBe('https://as.example/jwks')
    expect(calls).toHaveLength(2)
  })

  it('an unawaited discovery that fails → unavailable (discovery_failed), retried after 1, 2, 4 … 30 s, then ok once the issuer answers', async () => {
    let up = false
    let calls = 0
    const fetch = async (url: string) => {
      calls++
      if (!up) return new Response('down', { status: 503 })
      return url.endsWith('/jwks') ? Response.json(setOf(k1)) : Response.json({ issuer: 'https://as.example', jwks_uri: 'https://as.example/jwks' })
    }
    const verify = createVerifier(options(k1, { jwks: discoverJwks('https://as.example', { fetch }), issuer: 'https://as.example' }))
    const token = () => makeToken({ key: k1, claims: validClaims({ iss: 'https://as.example' }) })
    expect(await verify(token())).toEqual(unavailable('discovery_failed', 1))
    expect(calls).toBe(2)
    for (const wait_ of [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]) {
      expect(await verify(token())).toEqual(unavailable('discovery_failed', wait_ / 1000))
      await wait(wait_ - 1)
      expect(await verify(token())).toEqual(unavailable('discovery_failed', 1))
      const before = calls
      await wait(1)
      await verify(token())
      expect(calls).toBe(before + 2)
    }
    up = true
    await wait(30_000)
    expect(await verify(token())).toMatchObject({ ok: true })
  })

  it('a promise of something that is not a key set → unavailable (not_a_key_set) for good, retryAfter 30', async () => {
    const verify = createVerifier(options(k1, { jwks: Promise.resolve({ keys: 'no' } as never) }))
    expect(await verify(makeToken({ key: k1 }))).toEqual(unavailable('not_a_key_set', 30))
    await wait(60_000)
    expect(await verify(makeToken({ key: k1 }))).toEqual(unavailable('not_a_key_set', 30))
  })

  it('a promise of a key set given as data → ok', async () => {
    const verify = createVerifier(options(k1, { jwks: Promise.resolve(setOf(k1)) }))
    expect(await verify(makeToken({ key: k1 }))).toMatchObject({ ok: true })
  })

  it('a promise of a key set given as data, three tokens → ok each time; keySets() pending, then ready', async () => {
    const verify = createVerifier(options(k1, { jwks: Promise.resolve(setOf(k1)) }))
    expect(verify.keySets()).toEqual([{ state: 'pending' }])
    for (let i = 0; i < 3; i++) expect(await verify(makeToken({ key: k1 }))).toMatchObject({ ok: true })
    expect(verify.keySets()).toEqual([{ state: 'ready' }])
  })

  it('a promise of a remote set → keySets() reports the remote set\'s own state and last fetch', async () => {
    const e = endpoint()
    const verify = createVerifier(options(k1, { jwks: Promise.resolve(remote(e)) }))
    expect(await verify(makeToken({ key: k1 }))).toMatchObject({ ok: true })
    expect(verify.keySets()).toEqual([{ state: 'ready', lastFetch: { at: START, ok: true, status: 200 } }])
  })

  it('a promise of a key source without a status method → keySets() reports ready', async () => {
    const source = { candidates: () => ({ ok: true, keys: [] }) }
    const verify = createVerifier(options(k1, { jwks: Promise.resolve({ [Symbol.for('verify-access-token.keySource')]: source }) as never }))
    await verify(makeToken({ key: k1 }))
    expect(verify.keySets()).toEqual([{ state: 'ready' }])
  })

  it('a promise of something that is not a key set → keySets() unavailable (not_a_key_set), with no error member', async () => {
    const verify = createVerifier(options(k1, { jwks: Promise.resolve({ keys: 'no' } as never) }))
    await verify(makeToken({ key: k1 }))
    expect(verify.keySets()).toStrictEqual([{ state: 'unavailable', reason: 'not_a_key_set' }])
  })

  it('a promise that is not a key set but carries the retry hook → unavailable (not_a_key_set), never retried', async () => {
    let retries = 0
    const promise = Object.assign(Promise.resolve({ keys: 'no' }), {
      [Symbol.for('verify-access-token.retry')]: () => { retries++; return Promise.resolve(setOf(k1)) },
    })
    const verify = createVerifier(options(k1, { jwks: promise as never }))
    for (let i = 0; i < 3; i++) {
      expect(await verify(makeToken({ key: k1 }))).toEqual(unavailable('not_a_key_set', 30))
      await wait(60_000)
    }
    expect(retries).toBe(0)
  })

  it('a plain rejected promise (no discovery to retry) → unavailable (discovery_failed), the same answer after the wait', async () => {
    const verify = createVerifier(options(k1, { jwks: Promise.reject(new Error('down')) }))
    expect(await verify(makeToken({ key: k1 }))).toEqual(unavailable('discovery_failed', 1))
    await wait(5000)
    expect(await verify(makeToken({ key: k1 }))).toEqual(unavailable('discovery_failed', 1))
  })

  it('an unawaited discovery retried after 1 s, two tokens while it runs → one discovery, both ok', async () => {
    let up = false
    let calls = 0
    const held: (() => void)[] = []
    const fetch = async (url: string) => {
      calls++
      if (!up) return new Response('down', { status: 503 })
      if (url.endsWith('/jwks')) return Response.json(setOf(k1))
      await new Promise<void>((resolve) => held.push(resolve))
      return Response.json({ issuer: 'https://as.example', jwks_uri: 'https://as.example/jwks' })
    }
    const verify = createVerifier(options(k1, { jwks: discoverJwks('https://as.example', { fetch }), issuer: 'https://as.example' }))
    const token = () => makeToken({ key: k1, claims: validClaims({ iss: 'https://as.example' }) })
    expect(await verify(token())).toEqual(unavailable('discovery_failed', 1))
    expect(calls).toBe(2)
    up = true
    await wait(1000)
    const first = verify(token())
    const second = verify(token())
    await wait(0)
    expect(calls).toBe(3)
    for (const answer of held.splice(0)) answer()
    expect(await first).toMatchObject({ ok: true })
    expect(await second).toMatchObject({ ok: true })
    expect(calls).toBe(4)
  })
})
