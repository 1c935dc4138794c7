/**
 * verifyAccessToken called again with the same options object reuses what it validated the first
 * time (src/options.ts `rememberedSettings`), so a one-shot call costs what a verifier's call does;
 * a change to the object is honoured, a change deep inside a value is not (README, Options).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { verifyAccessToken, type VerifyOptions } from '../src/index.js'
import { failure, generateKey, generateKeys, ISSUER, makeToken, NOW, options, validClaims, type KeySet, type TestKey } from './helpers.js'

let keys: KeySet
let key: TestKey
beforeAll(() => {
  keys = generateKeys(['P-256'])
  key = keys['P-256']
})

/** A key set arriving through a thenable that counts how often it is asked. */
function countedKeySet(jwks: unknown) {
  const counter = { reads: 0 }
  const thenable = { then(resolve: (value: unknown) => void) { counter.reads++; resolve(jwks) } }
  return { counter, thenable }
}

describe('the same options object', () => {
  it('verified twice → its key set read once, both ok', async () => {
    const { counter, thenable } = countedKeySet({ keys: [key.jwk] })
    const opts = { ...options(key), jwks: thenable } as unknown as VerifyOptions
    expect(await verifyAccessToken(makeToken({ key }), opts)).toMatchObject({ ok: true })
    const afterFirst = counter.reads
    expect(await verifyAccessToken(makeToken({ key, claims: validClaims({ sub: 'user-2' }) }), opts)).toMatchObject({ ok: true })
    expect(counter.reads).toBe(afterFirst)
  })

  it('an equal but new options object → validated again', async () => {
    const { counter, thenable } = countedKeySet({ keys: [key.jwk] })
    const opts = () => ({ ...options(key), jwks: thenable }) as unknown as VerifyOptions
    await verifyAccessToken(makeToken({ key }), opts())
    const afterFirst = counter.reads
    await verifyAccessToken(makeToken({ key }), opts())
    expect(counter.reads).toBeGreaterThan(afterFirst)
  })
})

describe('a change to the options object is honoured', () => {
  it('audience replaced → claims/audience_mismatch', async () => {
    const opts: Record<string, unknown> = { ...options(key) }
    expect(await verifyAccessToken(makeToken({ key }), opts as unknown as VerifyOptions)).toMatchObject({ ok: true })
    opts['audience'] = 'https://other.example'
    expect(await verifyAccessToken(makeToken({ key }), opts as unknown as VerifyOptions)).toEqual(failure.claims('audience_mismatch', 'aud'))
  })

  it('an issuer pushed onto the issuer array → that issuer accepted', async () => {
    const issuer = [ISSUER]
    const opts = { ...options(key), issuer }
    const other = makeToken({ key, claims: validClaims({ iss: 'https://second.example' }) })
    expect(await verifyAccessToken(other, opts)).toEqual(failure.claims('issuer_mismatch', 'iss'))
    issuer.push('https://second.example')
    expect(await verifyAccessToken(other, opts)).toMatchObject({ ok: true })
  })

  it('a key pushed onto jwks.keys → tokens signed with it verify', async () => {
    const added = generateKey('P-256', 'added')
    const jwks = { keys: [key.jwk] }
    const opts = { ...options(key), jwks }
    expect(await verifyAccessToken(makeToken({ key: added }), opts)).toEqual(failure.signature('key_not_found', 'no_matching_kid'))
    jwks.keys.push(added.jwk)
    expect(await verifyAccessToken(makeToken({ key: added }), opts)).toMatchObject({ ok: true })
  })

  it('the only key in jwks.keys replaced by another → tokens of the old one signature/key_not_found', async () => {
    const other = generateKey('P-256', 'other')
    const jwks = { keys: [key.jwk] }
    const opts = { ...options(key), jwks }
    expect(await verifyAccessToken(makeToken({ key }), opts)).toMatchObject({ ok: true })
    jwks.keys[0] = other.jwk
    expect(await verifyAccessToken(makeToken({ key }), opts)).toEqual(failure.signature('key_not_found', 'no_matching_kid'))
    expect(await verifyAccessToken(makeToken({ key: other }), opts)).toMatchObject({ ok: true })
  })

  it('an option deleted and another added in its place → validated again, the new one applies', async () => {
    const opts: Record<string, unknown> = { ...options(key) }
    const token = makeToken({ key })
    expect(await verifyAccessToken(token, opts as unknown as VerifyOptions)).toMatchObject({ ok: true })
    delete opts['algorithms']
    opts['scopes'] = 'admin'
    expect(await verifyAccessToken(token, opts as unknown as VerifyOptions)).toMatchObject({ ok: false, step: 'scopes', code: 'insufficient_scope' })
  })

  it('currentDate set to a later time → claims/expired', async () => {
    const currentDate = new Date(NOW * 1000)
    const opts = { ...options(key), currentDate }
    const token = makeToken({ key, claims: validClaims({ exp: NOW + 60 }) })
    expect(await verifyAccessToken(token, opts)).toMatchObject({ ok: true })
    currentDate.setTime((NOW + 60) * 1000)
    expect(await verifyAccessToken(token, opts)).toEqual(failure.claims('expired', 'exp'))
  })

  it('scopes removed → no scope required any more', async () => {
    const opts: Record<string, unknown> = { ...options(key), scopes: 'admin' }
    const token = makeToken({ key })
    expect(await verifyAccessToken(token, opts as unknown as VerifyOptions)).toMatchObject({ ok: false, step: 'scopes' })
    delete opts['scopes']
    expect(await verifyAccessToken(token, opts as unknown as VerifyOptions)).toMatchObject({ ok: true })
  })

  it('an unknown option added after the first use → rejects with a TypeError', async () => {
    const opts: Record<string, unknown> = { ...options(key) }
    expect(await verifyAccessToken(makeToken({ key }), opts as unknown as VerifyOptions)).toMatchObject({ ok: true })
    opts['scope'] = 'admin'
    await expect(verifyAccessToken(makeToken({ key }), opts as unknown as VerifyOptions)).rejects.toThrow(TypeError)
  })
})

describe('a change deep inside a value is not seen (documented)', () => {
  it('a key object edited in place → the key set read the first time still verifies', async () => {
    const jwk = { ...key.jwk }
    const opts = { ...options(key), jwks: { keys: [jwk] } }
    expect(await verifyAccessToken(makeToken({ key }), opts)).toMatchObject({ ok: true })
    jwk['kid'] = 'renamed'
    expect(await verifyAccessToken(makeToken({ key }), opts)).toMatchObject({ ok: true })
    // A new key-set object is a change: the edited key is read, and the old kid no longer matches.
    expect(await verifyAccessToken(makeToken({ key }), { ...opts, jwks: { keys: [jwk] } })).toEqual(failure.signature('key_not_found', 'no_matching_kid'))
  })
})

describe('results stay independent', () => {
  it('a result mutated by its caller → the next result from the same options unaffected', async () => {
    const opts = options(key)
    const first = await verifyAccessToken(makeToken({ key }), opts)
    if (!first.ok) throw new Error('expected ok')
    ;(first.header as Record<string, unknown>)['kid'] = 'changed'
    ;(first.scopes as string[]).push('changed')
    const second = await verifyAccessToken(makeToken({ key }), opts)
    expect(second).toMatchObject({ ok: true, header: { kid: key.kid } })
    if (second.ok) expect(second.scopes).not.toContain('changed')
  })
})
