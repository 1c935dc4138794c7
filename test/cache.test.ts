/**
 * The opt-in verdict cache (option `cache`, src/cache.ts): a token whose signature verified
 * before skips WebCrypto's verify and nothing else; claims are judged at the current time and
 * scopes per call; failures are never kept; a verdict dies with its key; bounded.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createRemoteJwks, createVerifier, verifyAccessToken, type VerifyOptions } from '../src/index.js'
import { failure, generateKey, makeToken, NOW, options, segmentsOf, validClaims, type TestKey } from './helpers.js'

let key: TestKey
beforeAll(() => {
  key = generateKey('P-256')
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

const cached = (extra: Partial<VerifyOptions> = {}) => options(key, { cache: {}, ...extra })
const verifySpy = () => vi.spyOn(crypto.subtle, 'verify')

describe('off by default', () => {
  it('the same token twice without the option → verified twice', async () => {
    const spy = verifySpy()
    const verify = createVerifier(options(key))
    const token = makeToken({ key })
    await verify(token)
    await verify(token)
    expect(spy).toHaveBeenCalledTimes(2)
  })
})

describe('a hit skips the verify, and only the verify', () => {
  it('the same token twice → verified once, the same result twice', async () => {
    const spy = verifySpy()
    const verify = createVerifier(cached())
    const token = makeToken({ key })
    const first = await verify(token)
    const second = await verify(token)
    expect(spy).toHaveBeenCalledTimes(1)
    expect(second).toEqual(first)
    expect(second).toEqual(await createVerifier(options(key))(token))
  })

  it('a hit after the token expired → claims/expired (claims judged at the current time)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(NOW * 1000)
    const spy = verifySpy()
    const { currentDate: _, ...live } = cached()
    const verify = createVerifier(live as VerifyOptions)
    const token = makeToken({ key, claims: validClaims({ exp: NOW + 60 }) })
    expect(await verify(token)).toMatchObject({ ok: true })
    vi.setSystemTime((NOW + 60) * 1000)
    expect(await verify(token)).toEqual(failure.claims('expired', 'exp'))
    expect(spy).toHaveBeenCalledTimes(1)
  })

  it('a hit with other required scopes → scopes judged per call', async () => {
    const spy = verifySpy()
    const verify = createVerifier(cached())
    const token = makeToken({ key })
    expect(await verify(token)).toMatchObject({ ok: true })
    expect(await verify(token, { scopes: 'admin' })).toMatchObject({ ok: false, step: 'scopes', code: 'insufficient_scope' })
    expect(spy).toHaveBeenCalledTimes(1)
  })

  it('an expired token twice → claims/expired twice, its signature verified once', async () => {
    // What is kept is the signature's verdict; the claims failure is judged again on every call.
    const spy = verifySpy()
    const verify = createVerifier(cached())
    const token = makeToken({ key, claims: validClaims({ exp: NOW - 1 }) })
    expect(await verify(token)).toEqual(failure.claims('expired', 'exp'))
    expect(await verify(token)).toEqual(failure.claims('expired', 'exp'))
    expect(spy).toHaveBeenCalledTimes(1)
  })

  it('a hit whose caller mutated the first result → a fresh result', async () => {
    const verify = createVerifier(cached())
    const token = makeToken({ key })
    const first = await verify(token)
    if (!first.ok) throw new Error('expected ok')
    ;(first.claims as Record<string, unknown>)['sub'] = 'changed'
    expect(await verify(token)).toMatchObject({ ok: true, claims: { sub: validClaims().sub } })
  })

  it('the same options object in one-shot calls → one cache for all of them', async () => {
    const spy = verifySpy()
    const opts = cached()
    const token = makeToken({ key })
    await verifyAccessToken(token, opts)
    await verifyAccessToken(token, opts)
    expect(spy).toHaveBeenCalledTimes(1)
  })
})

describe('failures are never kept', () => {
  it('a tampered signature twice → verified twice, signature/invalid_signature twice', async () => {
    const spy = verifySpy()
    const verify = createVerifier(cached())
    const [h, p, s] = segmentsOf(makeToken({ key }))
    const tampered = `${h}.${p}.${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`
    expect(await verify(tampered)).toEqual(failure.signature('invalid_signature'))
    expect(await verify(tampered)).toEqual(failure.signature('invalid_signature'))
    expect(spy).toHaveBeenCalledTimes(2)
  })
})

describe('a verdict dies with its key', () => {
  it('key removed from a remote set, then back → key_not_found, then verified again', async () => {
    let served: unknown = { keys: [key.jwk] }
    const jwks = createRemoteJwks('https://as.example/jwks.json', { fetch: async () => new Response(JSON.stringify(served)) })
    const spy = verifySpy()
    const verify = createVerifier(cached({ jwks }))
    const token = makeToken({ key })
    expect(await verify(token)).toMatchObject({ ok: true })
    served = { keys: [generateKey('P-256', 'other').jwk] }
    expect(await jwks.reload()).toBe(true)
    expect(await verify(token)).toEqual(failure.signature('key_not_found'))
    served = { keys: [key.jwk] }
    expect(await jwks.reload()).toBe(true)
    expect(await verify(token)).toMatchObject({ ok: true })
    expect(spy).toHaveBeenCalledTimes(2)
  })

  it('the same key material fetched again (a refresh) → still a hit', async () => {
    const jwks = createRemoteJwks('https://as.example/jwks.json', { fetch: async () => new Response(JSON.stringify({ keys: [key.jwk] })) })
    const spy = verifySpy()
    const verify = createVerifier(cached({ jwks }))
    const token = makeToken({ key })
    await verify(token)
    expect(await jwks.reload()).toBe(true)
    expect(await verify(token)).toMatchObject({ ok: true })
    expect(spy).toHaveBeenCalledTimes(1)
  })
})

describe('bounds', () => {
  const tokens = () => [1, 2, 3].map((n) => makeToken({ key, claims: validClaims({ sub: `user-${n}` }) }))

  it('entries 2: t1, t2, t1 again, t3 → t2 forgotten (least recently used), t1 kept', async () => {
    const [t1, t2, t3] = tokens() as [string, string, string]
    const verify = createVerifier(cached({ cache: { entries: 2 } }))
    await verify(t1)
    await verify(t2)
    await verify(t1)
    await verify(t3)
    const spy = verifySpy()
    await verify(t1)
    expect(spy).toHaveBeenCalledTimes(0)
    await verify(t2)
    expect(spy).toHaveBeenCalledTimes(1)
  })

  it('bytes smaller than two tokens → only the last one kept', async () => {
    const [t1, t2] = [1, 2].map((n) => makeToken({ key, claims: validClaims({ sub: `user-${n}`, pad: 'x'.repeat(400) }) })) as [string, string]
    expect(t1.length).toBeGreaterThan(512)
    expect(t1.length).toBeLessThan(1024)
    const verify = createVerifier(cached({ cache: { bytes: 1024 } }))
    await verify(t1)
    await verify(t2)
    const spy = verifySpy()
    await verify(t2)
    await verify(t1)
    expect(spy).toHaveBeenCalledTimes(1)
  })

  it.each([
    ['entries 0', { entries: 0 }],
    ['entries 1.5', { entries: 1.5 }],
    ['bytes 100', { bytes: 100 }],
    ['an unknown member', { size: 10 }],
    ['a number', 1000],
    ['true', true],
  ])('cache %s → TypeError', (_, cache) => {
    expect(() => createVerifier(options(key, { cache } as never))).toThrow(TypeError)
  })
})
