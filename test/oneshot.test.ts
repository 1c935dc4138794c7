/**
 * verifyAccessToken called again with the same options object reuses what it validated the first
 * time (src/options.ts `rememberedSettings`), so a one-shot call costs what a verifier's call does;
 * a change to the object is honoured, a change deep inside a value is not (README, Options).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { verifyAccessToken, type VerifyOptions } from '../src/index.js'
import { AUDIENCE, failure, generateKey, generateKeys, ISSUER, makeToken, NOW, options, validClaims, type KeySet, type TestKey } from './helpers.js'

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

describe('a change the walk of the options object must not miss', () => {
  it('the only key in jwks.keys replaced, jwks the last option → tokens of the old one signature/key_not_found', async () => {
    // The last value compared is the replaced key: the walk ends there and must say "changed".
    const other = generateKey('P-256', 'other-last')
    const { jwks: _, ...rest } = options(key)
    const jwks = { keys: [key.jwk] }
    const opts = { ...rest, jwks }
    expect(await verifyAccessToken(makeToken({ key }), opts)).toMatchObject({ ok: true })
    jwks.keys[0] = other.jwk
    expect(await verifyAccessToken(makeToken({ key }), opts)).toEqual(failure.signature('key_not_found', 'no_matching_kid'))
  })

  it('an empty scopes array given an element in place → the new scope required: scopes/insufficient_scope', async () => {
    // Only the array's length says it changed: it had no elements to compare before.
    const scopes: string[] = []
    const opts = { ...options(key), scopes }
    expect(await verifyAccessToken(makeToken({ key }), opts)).toMatchObject({ ok: true })
    scopes.push('admin')
    expect(await verifyAccessToken(makeToken({ key }), opts)).toMatchObject({ ok: false, step: 'scopes', code: 'insufficient_scope' })
  })

  it('scopes deleted and the audience array grown in place to [aud, "scopes", the scopes array, "read"] → validated again: rejects with TypeError', async () => {
    // Leaving the lengths out, both walks list the same values in the same order.
    const tail = (scopes: string[]) => ['scopes', scopes, 'read']
    const scopes = ['read']
    const audience: unknown[] = [AUDIENCE]
    const { audience: _a, ...rest } = options(key)
    const opts: Record<string, unknown> = { ...rest, audience, scopes }
    const token = makeToken({ key, claims: validClaims({ scope: 'read' }) })
    expect(await verifyAccessToken(token, opts as unknown as VerifyOptions)).toMatchObject({ ok: true })
    delete opts['scopes']
    audience.push(...tail(scopes))
    await expect(verifyAccessToken(token, opts as unknown as VerifyOptions)).rejects.toThrow(/^verify-access-token: audience must be/)
  })

  it('an option getter that throws from the second use on → the next call validates again: rejects with TypeError (options could not be read)', async () => {
    let reads = 0
    let broken = false
    const opts = { ...options(key) } as Record<string, unknown>
    Object.defineProperty(opts, 'issuer', { enumerable: true, get() { reads++; if (broken) throw new Error('boom'); return ISSUER } })
    expect(await verifyAccessToken(makeToken({ key }), opts as unknown as VerifyOptions)).toMatchObject({ ok: true })
    expect(reads).toBeGreaterThan(0)
    broken = true
    await expect(verifyAccessToken(makeToken({ key }), opts as unknown as VerifyOptions)).rejects.toThrow(/^verify-access-token: options could not be read$/)
  })
})

describe('a change deep inside a value is not seen (documented)', () => {
  it('claimValues { keys: [t1] } with its list edited in place → not seen: a token of t1 still ok (only jwks.keys is looked inside)', async () => {
    const tenants = ['t1']
    const opts = { ...options(key), claimValues: { keys: tenants } }
    const token = makeToken({ key, claims: validClaims({ keys: 't1' }) })
    expect(await verifyAccessToken(token, opts)).toMatchObject({ ok: true })
    tenants[0] = 't2'
    expect(await verifyAccessToken(token, opts)).toMatchObject({ ok: true })
  })

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
