/**
 * The opt-in verdict cache (option `cache`, src/cache.ts): a token whose signature verified
 * before skips WebCrypto's verify and nothing else; claims are judged at the current time and
 * scopes per call; failures are never kept; a verdict dies with its key; bounded.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createVerdictCache } from '../src/cache.js'
import { parseCompact, type ParsedToken } from '../src/format.js'
import { createRemoteJwks, createVerifier, verifyAccessToken, type VerifyOptions } from '../src/index.js'
import { AUDIENCE, failure, generateKey, makeToken, NOW, options, segmentsOf, validClaims, type TestKey } from './helpers.js'

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

describe('a hit reuses the format step\'s parts, never hands them out', () => {
  it('a hit whose caller mutated nested claims and scopes → a fresh result', async () => {
    const verify = createVerifier(cached())
    const claims = validClaims({ aud: [AUDIENCE, 'https://other.example'], realm: { roles: ['a'] } })
    const token = makeToken({ key, claims })
    const first = await verify(token)
    if (!first.ok) throw new Error('expected ok')
    ;(first.claims.aud as string[]).push('https://attacker.example')
    ;((first.claims as Record<string, { roles: string[] }>)['realm']!.roles).push('admin')
    ;(first.scopes as string[]).push('admin')
    ;(first.header as Record<string, unknown>)['alg'] = 'none'
    const second = await verify(token)
    expect(second).toEqual(await createVerifier(options(key))(token))
    if (!second.ok) throw new Error('expected ok')
    ;(second.claims as Record<string, unknown>)['sub'] = 'changed'
    expect(await verify(token)).toMatchObject({ ok: true, claims: { sub: validClaims().sub } })
  })

  it('a payload nested deeper than the copy depth, hit → the same result as a miss', async () => {
    let deep: unknown = 'leaf'
    for (let i = 0; i < 12; i++) deep = i % 2 === 0 ? [deep] : { inner: deep }
    const token = makeToken({ key, claims: validClaims({ deep }) })
    const spy = verifySpy()
    const verify = createVerifier(cached())
    const first = await verify(token)
    const second = await verify(token)
    expect(spy).toHaveBeenCalledTimes(1)
    expect(second).toEqual(first)
    expect(second).toMatchObject({ ok: true, claims: { deep } })
  })

  it('a payload with an own "__proto__" member, hit → an own member, no prototype set', async () => {
    const payload = JSON.stringify(validClaims()).replace('{', '{"__proto__":{"admin":true},')
    const token = makeToken({ key, claims: payload })
    const verify = createVerifier(cached())
    await verify(token)
    const hit = await verify(token)
    if (!hit.ok) throw new Error('expected ok')
    expect(Object.hasOwn(hit.claims, '__proto__')).toBe(true)
    expect(Object.getPrototypeOf(hit.claims)).toBe(Object.prototype)
    expect((hit.claims as Record<string, unknown>)['admin']).toBeUndefined()
  })

  it('a remembered token longer than the call\'s maxTokenLength → no hit (format runs and says too_large)', () => {
    const token = makeToken({ key })
    const parsed = parseCompact(token, 8192) as ParsedToken
    const cache = createVerdictCache(10, 1 << 20)
    cache.set(parsed, { id: 'k' } as never)
    expect(cache.recall(token, token.length)).toMatchObject({ ok: true, token })
    expect(cache.recall(token, token.length - 1)).toBeUndefined()
    expect(parseCompact(token, token.length - 1)).toEqual(failure.format('too_large'))
    expect(cache.recall({ toString: () => token }, 8192)).toBeUndefined()
  })

  it('a hit with a clock moved past exp (now option) → claims/expired, then the signature is still remembered', async () => {
    let clock = NOW
    const spy = verifySpy()
    const { currentDate: _, ...rest } = cached()
    const verify = createVerifier({ ...rest, now: () => new Date(clock * 1000) } as VerifyOptions)
    const token = makeToken({ key, claims: validClaims({ exp: NOW + 10 }) })
    expect(await verify(token)).toMatchObject({ ok: true })
    clock = NOW + 10
    expect(await verify(token)).toEqual(failure.claims('expired', 'exp'))
    clock = NOW + 9
    expect(await verify(token)).toMatchObject({ ok: true })
    expect(spy).toHaveBeenCalledTimes(1)
  })
})

describe('failures are never kept', () => {
  it('a token whose alg is not allowed, twice → signature/alg_not_allowed twice, nothing remembered', async () => {
    const verify = createVerifier(cached({ algorithms: ['RS256'] }))
    const token = makeToken({ key })
    expect(await verify(token)).toEqual(failure.signature('alg_not_allowed'))
    expect(await verify(token)).toEqual(failure.signature('alg_not_allowed'))
  })

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

  it('entries 3: a, b, c, hit a, d, hit c, e, delete d, f → kept c, e, f in use order (least recently used first out)', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'] as const
    const parsed = Object.fromEntries(names.map((name) => [name, parseCompact(makeToken({ key, claims: validClaims({ sub: name }) }), 8192) as ParsedToken]))
    const cache = createVerdictCache(3, 1 << 20)
    const set = (name: string) => cache.set(parsed[name]!, { id: `key-${name}` } as never)
    const hit = (name: string) => cache.recall(parsed[name]!.token, 8192)
    const kept = () => names.filter((name) => cache.keyOf(parsed[name]!.token) !== undefined)
    set('a'); set('b'); set('c')
    expect(hit('a')).toMatchObject({ unverifiedPayload: { sub: 'a' } })
    set('d')
    expect(kept()).toEqual(['a', 'c', 'd'])
    hit('c')
    set('e')
    expect(kept()).toEqual(['c', 'd', 'e'])
    cache.delete(parsed['d']!.token)
    set('f')
    expect(kept()).toEqual(['c', 'e', 'f'])
    set('g')
    expect(kept()).toEqual(['e', 'f', 'g'])
    expect(cache.keyOf(parsed['g']!.token)).toBe('key-g')
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

describe('what an entry keeps (src/cache.ts set and recall, unit)', () => {
  const parse = (payload: string) => parseCompact(makeToken({ key, claims: payload }), 8192) as ParsedToken
  const k = { id: 'k' } as never

  it.each([[undefined], [null], [42]])('recall of %s (not a string) → undefined, no throw', (token) => {
    expect(createVerdictCache(10, 1 << 20).recall(token, 8192)).toBeUndefined()
  })

  it('a token longer than bytes → not kept, and the entries already kept stay', () => {
    const small = parse('{"sub":"a"}')
    const large = parse(JSON.stringify({ sub: 'b', pad: 'x'.repeat(200) }))
    const cache = createVerdictCache(10, large.token.length - 1)
    cache.set(small, k)
    cache.set(large, k)
    expect(cache.keyOf(small.token)).toBe('k')
    expect(cache.keyOf(large.token)).toBeUndefined()
  })

  it('a token exactly bytes long → kept (the bound is inclusive)', () => {
    const parsed = parse('{"sub":"a"}')
    const cache = createVerdictCache(10, parsed.token.length)
    cache.set(parsed, k)
    expect(cache.keyOf(parsed.token)).toBe('k')
  })

  it('two tokens filling bytes exactly → both kept', () => {
    const [a, b] = [parse('{"sub":"a"}'), parse('{"sub":"b"}')] as const
    const cache = createVerdictCache(10, a.token.length + b.token.length)
    cache.set(a, k)
    cache.set(b, k)
    expect([cache.keyOf(a.token), cache.keyOf(b.token)]).toEqual(['k', 'k'])
  })

  it.each([
    ['numbers and booleans only', '{"n":1,"b":true}'],
    ['a null member first', '{"z":null,"s":"x"}'],
    ['an object and an array of primitives', '{"o":{"k":1,"s":"x"},"a":[1,"x",null]}'],
    ['an object holding a primitive and an array', '{"ext":{"tier":"gold","roles":["a"]}}'],
  ])('payload with %s, set and recalled twice → equal to the payload each time', (_what, payload) => {
    const parsed = parse(payload)
    const cache = createVerdictCache(10, 1 << 20)
    cache.set(parsed, k)
    expect(cache.recall(parsed.token, 8192)?.unverifiedPayload).toEqual(JSON.parse(payload))
    expect(cache.recall(parsed.token, 8192)?.unverifiedPayload).toEqual(JSON.parse(payload))
  })

  it.each([
    ['an array', '{"a":["x"]}', (p: any) => p.a.push('admin')],
    ['an object', '{"o":{"k":"x"}}', (p: any) => { p.o.k = 'admin' }],
    ['an array inside an object', '{"ext":{"tier":"gold","roles":["a"]}}', (p: any) => p.ext.roles.push('admin')],
  ])('nested %s changed by the caller after set, and in a hit → the next hit unchanged', (_what, payload, change) => {
    // set's caller hands out `parsed` itself, so the entry must not share a nested value with it.
    const parsed = parse(payload)
    const cache = createVerdictCache(10, 1 << 20)
    cache.set(parsed, k)
    change(parsed.unverifiedPayload)
    change(cache.recall(parsed.token, 8192)!.unverifiedPayload)
    expect(cache.recall(parsed.token, 8192)?.unverifiedPayload).toEqual(JSON.parse(payload))
  })

  it('a nested payload whose octets are not UTF-8 (never past the format step) → not kept', () => {
    const parsed = { ...parse('{"d":{"e":{}}}'), payload: '\xff' }
    const cache = createVerdictCache(10, 1 << 20)
    cache.set(parsed, k)
    expect(cache.keyOf(parsed.token)).toBeUndefined()
    expect(cache.recall(parsed.token, 8192)).toBeUndefined()
  })
})
