/**
 * Step "signature" below the public API (src/signature.ts): key sources that misbehave, a
 * remembered verdict checked against the keys offered now, the synchronous answers the module
 * promises, and a WebCrypto that throws or rejects. Key sources here are scripted, so each
 * path is reached on purpose rather than through a remote set's timing.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { lookupAlgorithm, type AlgorithmEntry } from '../src/algorithms.js'
import { createVerdictCache } from '../src/cache.js'
import { parseCompact, signedBytes, type ParsedToken } from '../src/format.js'
import { isPrepared, prepareKey, type PreparedKey } from '../src/key.js'
import type { KeyLookup, KeySource } from '../src/keyset.js'
import { keyNotFound, unavailable, signatureFailure } from '../src/result.js'
import { checkSignature, isPending, verifyWithCandidates } from '../src/signature.js'
import { failure, generateKey, makeToken, withSignature, type TestKey } from './helpers.js'

const ES256 = lookupAlgorithm('ES256')!
const ONLY_ES256: ReadonlyMap<string, AlgorithmEntry> = new Map([['ES256', ES256]])

let a: TestKey
let b: TestKey
let c: TestKey
let d: TestKey
beforeAll(() => {
  // Four P-256 keys sharing one kid, so a kid lookup offers any of them.
  a = generateKey('P-256', 'shared')
  b = generateKey('P-256', 'shared')
  c = generateKey('P-256', 'shared')
  d = generateKey('P-256', 'shared')
})
afterEach(() => {
  vi.restoreAllMocks()
})

const prepared = (key: TestKey, extra: Record<string, unknown> = {}): PreparedKey => {
  const result = prepareKey({ ...key.jwk, ...extra })
  if (!isPrepared(result)) throw new Error('test key refused')
  return result
}
const parsed = (token: string): ParsedToken => {
  const result = parseCompact(token, 16384)
  if (result.ok === false) throw new Error('test token did not parse')
  return result
}
/** A key source answering `lookup` (a value, a promise, or a throw) to every request. */
const source = (lookup: () => KeyLookup | Promise<KeyLookup>): KeySource => ({ candidates: lookup })
const offering = (...keys: TestKey[]): KeySource => {
  const list = keys.map((key) => prepared(key))
  return source(() => ({ ok: true, keys: list }))
}

describe('isPending', () => {
  it('null → not pending (no property read)', () => {
    expect(isPending(null)).toBe(false)
  })
})

describe('a key source that misbehaves', () => {
  it('candidates throws → signature/jwks_unavailable (not_a_key_set)', () => {
    const token = parsed(makeToken({ key: a }))
    const outcome = checkSignature(token, ONLY_ES256, source(() => { throw new Error('broken source') }))
    expect(outcome).toEqual(unavailable('not_a_key_set', 1))
  })

  it('candidates rejects → signature/jwks_unavailable (not_a_key_set)', async () => {
    const token = parsed(makeToken({ key: a }))
    const outcome = checkSignature(token, ONLY_ES256, source(() => Promise.reject(new Error('broken source'))))
    expect(await outcome).toEqual(unavailable('not_a_key_set', 1))
  })

  it('a synchronous key_not_found → answered at once, no promise', () => {
    const token = parsed(makeToken({ key: a }))
    const outcome = checkSignature(token, ONLY_ES256, source(() => keyNotFound('no_matching_kid')))
    expect(isPending(outcome)).toBe(false)
    expect(outcome).toEqual(keyNotFound('no_matching_kid'))
  })
})

describe('an algorithm allowed only because a key declares it', () => {
  it('without fromKeys, PS256 token and a key declaring PS256 → signature/alg_not_allowed (the list is exact by default)', () => {
    const rsa = generateKey('RSA')
    const token = parsed(makeToken({ key: rsa, alg: 'PS256' }))
    const keys = source(() => ({ ok: true, keys: [prepared(rsa, { alg: 'PS256' })] }))
    expect(checkSignature(token, ONLY_ES256, keys)).toEqual(failure.signature('alg_not_allowed'))
  })

  it('key set unavailable → signature/jwks_unavailable, not alg_not_allowed (the caller answers 503)', async () => {
    const rsa = generateKey('RSA')
    const token = parsed(makeToken({ key: rsa, alg: 'PS256' }))
    const down = unavailable('network', 30)
    expect(checkSignature(token, ONLY_ES256, source(() => down), true)).toEqual(down)
    expect(await checkSignature(token, ONLY_ES256, source(() => Promise.resolve(down)), true)).toEqual(down)
  })
})

describe('a remembered verdict', () => {
  it('key set unavailable for a remembered token → the verdict stays (only key_not_found drops it)', async () => {
    const cache = createVerdictCache(10, 1 << 20)
    const token = parsed(makeToken({ key: a }))
    expect(await checkSignature(token, ONLY_ES256, offering(a), false, cache)).toMatchObject({ ok: true })
    const down = unavailable('network', 30)
    expect(checkSignature(token, ONLY_ES256, source(() => down), false, cache)).toEqual(down)
    expect(cache.keyOf(token.token)).toBe(prepared(a).id)
  })

  it('remembered key gone, another key with its kid offered → verified afresh: signature/invalid_signature', async () => {
    const cache = createVerdictCache(10, 1 << 20)
    const token = parsed(makeToken({ key: a }))
    expect(await checkSignature(token, ONLY_ES256, offering(a), false, cache)).toMatchObject({ ok: true })
    expect(await checkSignature(token, ONLY_ES256, offering(b), false, cache)).toEqual(failure.signature('invalid_signature'))
    expect(cache.keyOf(token.token)).toBeUndefined()
  })

  it('remembered key now second of two → a hit with that key', async () => {
    const cache = createVerdictCache(10, 1 << 20)
    const token = parsed(makeToken({ key: a }))
    expect(await checkSignature(token, ONLY_ES256, offering(a), false, cache)).toMatchObject({ ok: true })
    const spy = vi.spyOn(crypto.subtle, 'verify')
    const outcome = checkSignature(token, ONLY_ES256, offering(b, a), false, cache)
    expect(isPending(outcome)).toBe(false)
    expect(outcome).toEqual({ ok: true, key: prepared(a) })
    expect(spy).not.toHaveBeenCalled()
  })

  it('remembered key now fourth of four → beyond the three attempts: signature/invalid_signature', async () => {
    const cache = createVerdictCache(10, 1 << 20)
    const token = parsed(makeToken({ key: d }))
    expect(await checkSignature(token, ONLY_ES256, offering(d), false, cache)).toMatchObject({ ok: true })
    expect(await checkSignature(token, ONLY_ES256, offering(a, b, c, d), false, cache)).toEqual(failure.signature('invalid_signature'))
  })
})

describe('answers without WebCrypto are synchronous', () => {
  it('signature one octet short, key imported → signature/invalid_signature at once, WebCrypto not asked', async () => {
    const token = signedBytes(parsed(withSignature(makeToken({ key: a }), new Uint8Array(63))))
    const keys = [prepared(a)]
    await verifyWithCandidates(token, ES256, keys) // settles the import
    const spy = vi.spyOn(crypto.subtle, 'verify')
    const outcome = verifyWithCandidates(token, ES256, keys)
    expect(isPending(outcome)).toBe(false)
    expect(outcome).toEqual(signatureFailure('invalid_signature'))
    expect(spy).not.toHaveBeenCalled()
  })
})

describe('a WebCrypto that refuses', () => {
  it('verify throws synchronously → signature/invalid_signature at once (never ok)', async () => {
    const token = signedBytes(parsed(makeToken({ key: a })))
    const keys = [prepared(a)]
    await verifyWithCandidates(token, ES256, keys) // settles the import
    vi.spyOn(crypto.subtle, 'verify').mockImplementation(() => { throw new Error('refused') })
    const outcome = verifyWithCandidates(token, ES256, keys)
    expect(isPending(outcome)).toBe(false)
    expect(outcome).toEqual(signatureFailure('invalid_signature'))
  })

  it('verify rejects for the first key, the second is right → ok with the second', async () => {
    const token = signedBytes(parsed(makeToken({ key: b })))
    const keys = [prepared(a), prepared(b)]
    await verifyWithCandidates(token, ES256, keys) // settles both imports
    vi.spyOn(crypto.subtle, 'verify').mockImplementationOnce(() => Promise.reject(new Error('refused')))
    expect(await verifyWithCandidates(token, ES256, keys)).toEqual({ ok: true, key: keys[1] })
  })
})
