/**
 * Required roles (step `scopes`, after the scopes): read from a claim path (`roles`,
 * `realm_access.roles`, `resource_access.<client>.roles`, `cognito:groups`, an Auth0 namespaced
 * claim), all-of or any-of, per verifier and per call; failures list the missing roles.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createVerifier, verifyAccessToken, type VerifyOptions } from '../src/index.js'
import { failure, generateKey, makeToken, options, validClaims, type TestKey } from './helpers.js'

let key: TestKey
beforeAll(() => { key = generateKey('P-256') })

const keycloak = {
  realm_access: { roles: ['clerk', 'offline_access'] },
  resource_access: { 'orders.api': { roles: ['orders.read'] }, account: { roles: ['view-profile'] } },
}
const verify = (claims: Record<string, unknown>, overrides: Partial<VerifyOptions>) =>
  verifyAccessToken(makeToken({ key, claims: validClaims(claims) }), options(key, overrides))

describe('where roles are read', () => {
  it.each([
    ['roles (default)', { roles: ['admin'] }, {}],
    ['realm_access.roles', keycloak, { roleClaim: 'realm_access.roles', roles: ['clerk'] }],
    ['["resource_access", "orders.api", "roles"] (a client ID with a dot)', keycloak, { roleClaim: ['resource_access', 'orders.api', 'roles'], roles: ['orders.read'] }],
    ['groups', { groups: ['admins'] }, { roleClaim: 'groups', roles: ['admins'] }],
    ['cognito:groups', { 'cognito:groups': ['admins'] }, { roleClaim: 'cognito:groups', roles: 'admins' }],
    ['["https://example.com/roles"] (an Auth0 namespaced claim)', { 'https://example.com/roles': ['admin'] }, { roleClaim: ['https://example.com/roles'], roles: ['admin'] }],
  ] as const)('role granted in %s → ok', async (_, claims, overrides) => {
    expect(await verify(claims, { roles: ['admin'], ...overrides } as Partial<VerifyOptions>)).toMatchObject({ ok: true })
  })

  it('role missing from realm_access.roles → scopes/insufficient_role, naming the path and the missing role', async () => {
    expect(await verify(keycloak, { roleClaim: 'realm_access.roles', roles: ['clerk', 'admin'] }))
      .toEqual(failure.roles('insufficient_role', 'realm_access.roles', ['admin'], ['clerk', 'admin']))
  })

  it.each([
    ['the claim absent', {}, 'roles'],
    ['realm_access absent', {}, 'realm_access.roles'],
    ['the client absent from resource_access', { resource_access: { account: { roles: ['admin'] } } }, 'resource_access.orders.roles'],
  ])('%s → scopes/insufficient_role (all required roles missing)', async (_, claims, roleClaim) => {
    const result = await verify(claims, { roleClaim, roles: ['admin'] })
    expect(result).toEqual(failure.roles('insufficient_role', roleClaim, ['admin'], ['admin']))
  })

  it.each([
    ['a string', { realm_access: { roles: 'admin' } }],
    ['an array holding a number', { realm_access: { roles: ['admin', 1] } }],
    ['realm_access a string', { realm_access: 'admin' }],
    ['realm_access an array', { realm_access: [{ roles: ['admin'] }] }],
    ['realm_access null', { realm_access: null }],
  ])('role claim %s → scopes/invalid_claim (nothing granted)', async (_, claims) => {
    const result = await verify(claims, { roleClaim: 'realm_access.roles', roles: ['admin'] })
    expect(result).toEqual(failure.roles('invalid_claim', 'realm_access.roles', ['admin'], ['admin']))
  })

  it('roles claim of the wrong type at the top level → claims/invalid_claim (roles), its type is checked there', async () => {
    expect(await verify({ roles: 'admin' }, { roles: ['admin'] })).toEqual(failure.claims('invalid_claim', 'roles'))
  })

  it('a role only on Object.prototype\'s names (constructor) → scopes/insufficient_role', async () => {
    expect(await verify({ roles: [] }, { roles: ['constructor'] })).toEqual(failure.roles('insufficient_role', 'roles', ['constructor'], ['constructor']))
  })

  it('no roles required and a malformed role path → ok (roles are read only when required)', async () => {
    expect(await verify({ realm_access: 'x' }, { roleClaim: 'realm_access.roles' })).toMatchObject({ ok: true })
  })
})

describe('all-of, any-of, and after the scopes', () => {
  it('roleMatch any, one of two granted → ok; none granted → both missing', async () => {
    expect(await verify({ roles: ['b'] }, { roles: ['a', 'b'], roleMatch: 'any' })).toMatchObject({ ok: true })
    expect(await verify({ roles: ['c'] }, { roles: ['a', 'b'], roleMatch: 'any' })).toEqual(failure.roles('insufficient_role', 'roles', ['a', 'b'], ['a', 'b']))
  })

  it('missing scope and missing role → scopes/insufficient_scope first', async () => {
    expect(await verify({ roles: [] }, { roles: ['admin'], scopes: ['admin'] })).toEqual(failure.scopes('insufficient_scope', 'scope', ['admin'], ['admin']))
  })

  it('expired token without the role → claims/expired (exp)', async () => {
    expect(await verify({ exp: 1 }, { roles: ['admin'] })).toEqual(failure.claims('expired', 'exp'))
  })
})

describe('per call', () => {
  it('verifier requires reader, the call requires admin → the call\'s roles apply', async () => {
    const verifier = createVerifier(options(key, { roles: ['reader'] }))
    const token = makeToken({ key, claims: validClaims({ roles: ['reader'] }) })
    expect(await verifier(token)).toMatchObject({ ok: true })
    expect(await verifier(token, { roles: ['admin'] })).toEqual(failure.roles('insufficient_role', 'roles', ['admin'], ['admin']))
    expect(await verifier(token, { roles: ['admin', 'reader'], roleMatch: 'any' })).toMatchObject({ ok: true })
  })

  it('the call sets only roleMatch any → the verifier\'s roles, any of them', async () => {
    const verifier = createVerifier(options(key, { roles: ['admin', 'reader'] }))
    const token = makeToken({ key, claims: validClaims({ roles: ['reader'] }) })
    expect(await verifier(token)).toMatchObject({ ok: false, code: 'insufficient_role', missing: ['admin'] })
    expect(await verifier(token, { roleMatch: 'any' })).toMatchObject({ ok: true })
  })

  it('the call sets scopes only → the verifier\'s roles still apply', async () => {
    const verifier = createVerifier(options(key, { roles: ['admin'] }))
    const token = makeToken({ key, claims: validClaims({ roles: ['reader'] }) })
    expect(await verifier(token, { scopes: ['read'] })).toMatchObject({ ok: false, code: 'insufficient_role' })
  })

  it.each([['roleMatch some', { roleMatch: 'some' }], ['roles holding an empty string', { roles: [''] }], ['role instead of roles', { role: 'admin' }]])(
    'call with %s → rejects with TypeError', async (_, call) => {
      const verifier = createVerifier(options(key))
      await expect(verifier(makeToken({ key }), call as never)).rejects.toThrow(TypeError)
    })
})

describe('option mistakes', () => {
  it.each([
    ['roleClaim empty', { roleClaim: '' }], ['roleClaim with an empty member', { roleClaim: 'realm_access..roles' }],
    ['roleClaim an empty array', { roleClaim: [] }], ['roleClaim a number', { roleClaim: 1 }],
    ['roles a number', { roles: 1 }], ['roleMatch some', { roleMatch: 'some' }],
  ])('%s → TypeError', (_, fields) => {
    expect(() => createVerifier({ ...options(key), ...fields } as VerifyOptions)).toThrow(TypeError)
  })
})
