/**
 * The caller's own claim checks (`claimChecks`): run after the signature verified and every
 * built-in claim check passed, before the scopes; a refusal, a throw or a rejection fails at
 * `claims` with the caller's `x_` code and the claim name; nothing a check does makes verification
 * throw.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { createVerifier, verifyAccessToken, type ClaimCheck, type VerifyOptions } from '../src/index.js'
import { failure, generateKey, makeToken, NOW, options, validClaims, type TestKey } from './helpers.js'

let key: TestKey
let stranger: TestKey
beforeAll(() => {
  key = generateKey('P-256')
  stranger = generateKey('P-256', 'P-256')
})

const custom = (code: string, claim: string) => ({ ok: false, step: 'claims', code, claim, message: expect.any(String) })
const tenant = (check: ClaimCheck['check']): ClaimCheck => ({ claim: 'tid', code: 'x_tenant_not_allowed', check })
const verify = (claims: Record<string, unknown>, checks: readonly ClaimCheck[], overrides: Partial<VerifyOptions> = {}) =>
  verifyAccessToken(makeToken({ key, claims: validClaims(claims) }), options(key, { claimChecks: checks, ...overrides }))

describe('verdicts', () => {
  it('check returning true, sync or async → ok', async () => {
    expect(await verify({ tid: 't1' }, [tenant((tid) => tid === 't1')])).toMatchObject({ ok: true })
    expect(await verify({ tid: 't1' }, [tenant(async (tid) => tid === 't1')])).toMatchObject({ ok: true })
  })

  it.each([
    ['false', () => false],
    ['undefined (a forgotten return)', () => undefined as unknown as boolean],
    ['"true" (a string)', () => 'true' as unknown as boolean],
    ['1', () => 1 as unknown as boolean],
    ['a promise of false', async () => false],
    ['a throw', () => { throw new Error('boom') }],
    ['a rejection', () => Promise.reject(new Error('boom'))],
    ['a thenable whose then throws', () => ({ then() { throw new Error('boom') } }) as unknown as PromiseLike<boolean>],
  ])('check answering %s → claims/x_tenant_not_allowed (tid)', async (_, check) => {
    expect(await verify({ tid: 't1' }, [tenant(check)])).toEqual(custom('x_tenant_not_allowed', 'tid'))
  })

  it('check arguments → the claim\'s own value, the verified claims and the header', async () => {
    const check = vi.fn(() => true)
    await verify({ tid: 't1' }, [tenant(check)])
    expect(check).toHaveBeenCalledWith('t1', expect.objectContaining({ tid: 't1', sub: 'user-1' }), expect.objectContaining({ alg: 'ES256' }))
    const inherited = vi.fn(() => true)
    await verify({}, [{ claim: 'toString', code: 'x_x', check: inherited }])
    expect(inherited).toHaveBeenCalledWith(undefined, expect.anything(), expect.anything())
  })

  it('two checks, the second refusing → its code; the first refusing → the second never runs', async () => {
    const second = vi.fn(() => false)
    expect(await verify({}, [{ claim: 'sub', code: 'x_first', check: () => true }, { claim: 'org', code: 'x_second', check: second }])).toEqual(custom('x_second', 'org'))
    second.mockClear()
    expect(await verify({}, [{ claim: 'sub', code: 'x_first', check: () => false }, { claim: 'org', code: 'x_second', check: second }])).toEqual(custom('x_first', 'sub'))
    expect(second).not.toHaveBeenCalled()
  })

  it('the failure carries no token content, whatever the check saw', async () => {
    const result = await verify({ tid: 'secret-tenant-value' }, [tenant(() => { throw new Error('secret-tenant-value') })])
    expect(JSON.stringify(result)).not.toContain('secret-tenant-value')
  })
})

describe('order: after the signature and every built-in check, before the scopes', () => {
  it('forged signature → signature/invalid_signature, the check never called', async () => {
    const check = vi.fn(() => true)
    const forged = makeToken({ key: stranger, claims: validClaims({ tid: 't1' }) })
    expect(await verifyAccessToken(forged, options(key, { claimChecks: [tenant(check)] }))).toEqual(failure.signature('invalid_signature'))
    expect(check).not.toHaveBeenCalled()
  })

  it('expired token → claims/expired (exp), the check never called', async () => {
    const check = vi.fn(() => false)
    expect(await verify({ exp: NOW - 1 }, [tenant(check)])).toEqual(failure.claims('expired', 'exp'))
    expect(check).not.toHaveBeenCalled()
  })

  it('claimValues failing too → claims/claim_mismatch first (built-in checks come first)', async () => {
    expect(await verify({ tid: 'x' }, [tenant(() => false)], { claimValues: { tid: 't1' } })).toEqual(failure.claims('claim_mismatch', 'tid'))
  })

  it('a missing scope too → claims/x_tenant_not_allowed (the claims step comes before the scopes)', async () => {
    expect(await verify({}, [tenant(() => false)], { scopes: ['admin'] })).toEqual(custom('x_tenant_not_allowed', 'tid'))
  })
})

describe('option mistakes → TypeError', () => {
  it.each<[string, unknown]>([
    ['a code without x_', { claim: 'tid', code: 'tenant_not_allowed', check: () => true }],
    ['a library code', { claim: 'tid', code: 'expired', check: () => true }],
    ['a code in upper case', { claim: 'tid', code: 'x_Tenant', check: () => true }],
    ['a code with a double underscore', { claim: 'tid', code: 'x__tenant', check: () => true }],
    ['a code ending in an underscore', { claim: 'tid', code: 'x_tenant_', check: () => true }],
    ['a code that is not a string', { claim: 'tid', code: { toString: () => 'x_a' }, check: () => true }],
    ['no claim', { code: 'x_a', check: () => true }],
    ['check not a function', { claim: 'tid', code: 'x_a', check: true }],
    ['an unknown member', { claim: 'tid', code: 'x_a', check: () => true, message: 'no' }],
    ['null', null],
  ])('claimChecks holding %s → TypeError', (_, check) => {
    expect(() => createVerifier(options(key, { claimChecks: [check as never] }))).toThrow(TypeError)
  })

  it('claimChecks a single check, not an array → TypeError', () => {
    expect(() => createVerifier(options(key, { claimChecks: tenant(() => true) as never }))).toThrow(/claimChecks must be/)
  })

  it('checks copied at creation: a later change to the caller\'s object is not seen', async () => {
    const check = { claim: 'tid', code: 'x_tenant_not_allowed' as const, check: () => true }
    const verifier = createVerifier(options(key, { claimChecks: [check] }))
    check.check = () => false
    expect(await verifier(makeToken({ key, claims: validClaims({ tid: 't' }) }))).toMatchObject({ ok: true })
  })
})
