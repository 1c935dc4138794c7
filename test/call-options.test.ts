/**
 * Per-call options: `verify(token, { scopes, scopeMatch })` lets one verifier (one key set, keys
 * imported once) serve routes that require different scopes. The call's options replace the
 * verifier's for that call only, and are checked like the verifier's own options.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createVerifier, type CallOptions, type Verifier } from '../src/index.js'
import { failure, generateKey, makeToken, options, validClaims, type TestKey } from './helpers.js'

let key: TestKey
let readOnly: string
beforeAll(() => {
  key = generateKey('P-256')
  readOnly = makeToken({ key, claims: validClaims({ scope: 'read' }) })
})

describe('scopes per call', () => {
  it('verifier without scopes, call requiring admin → scopes/insufficient_scope naming admin', async () => {
    const verify = createVerifier(options(key))
    expect(await verify(readOnly, { scopes: 'admin' })).toEqual(failure.scopes('insufficient_scope', 'scope', ['admin']))
  })

  it('verifier requiring write, call requiring read → ok (the call replaces the verifier\'s scopes)', async () => {
    const verify = createVerifier(options(key, { scopes: 'write' }))
    expect(await verify(readOnly, { scopes: ['read'] })).toMatchObject({ ok: true, scopes: ['read'] })
  })

  it('verifier requiring admin, call requiring [] → ok (no scope required for this call)', async () => {
    const verify = createVerifier(options(key, { scopes: 'admin' }))
    expect(await verify(readOnly, { scopes: [] })).toMatchObject({ ok: true })
  })

  it('call requiring read and admin → required lists both, missing only admin', async () => {
    const verify = createVerifier(options(key))
    expect(await verify(readOnly, { scopes: ['read', 'admin'] }))
      .toEqual(failure.scopes('insufficient_scope', 'scope', ['admin'], ['read', 'admin']))
  })

  it('call with scopes undefined → the verifier\'s scopes apply', async () => {
    const verify = createVerifier(options(key, { scopes: 'admin' }))
    expect(await verify(readOnly, { scopes: undefined })).toEqual(failure.scopes('insufficient_scope', 'scope', ['admin']))
  })

  it('call with scopeMatch any over admin and read → ok', async () => {
    const verify = createVerifier(options(key))
    expect(await verify(readOnly, { scopes: ['admin', 'read'], scopeMatch: 'any' })).toMatchObject({ ok: true })
  })

  it('call with only scopeMatch any → the verifier\'s scopes, matched any', async () => {
    const verify = createVerifier(options(key, { scopes: ['admin', 'read'] }))
    expect(await verify(readOnly)).toEqual(failure.scopes('insufficient_scope', 'scope', ['admin'], ['admin', 'read']))
    expect(await verify(readOnly, { scopeMatch: 'any' })).toMatchObject({ ok: true })
  })

  it('verifier matching any, call with scopeMatch all → all required for this call', async () => {
    const verify = createVerifier(options(key, { scopes: ['admin', 'read'], scopeMatch: 'any' }))
    expect(await verify(readOnly, { scopeMatch: 'all' })).toEqual(failure.scopes('insufficient_scope', 'scope', ['admin'], ['admin', 'read']))
  })

  it('wrongly typed scope claim with a call requiring admin → scopes/invalid_claim naming admin', async () => {
    const verify = createVerifier(options(key))
    const token = makeToken({ key, claims: validClaims({ scope: ['read'] }) })
    expect(await verify(token, { scopes: 'admin' })).toEqual(failure.scopes('invalid_claim', 'scope', ['admin']))
  })
})

describe('one verifier, several routes', () => {
  it('calls with different scopes, concurrently → each answer names the scopes of its own call', async () => {
    const verify = createVerifier(options(key))
    const [orders, admin, none] = await Promise.all([
      verify(readOnly, { scopes: 'read' }),
      verify(readOnly, { scopes: ['admin', 'write'] }),
      verify(readOnly),
    ])
    expect(orders).toMatchObject({ ok: true })
    expect(admin).toEqual(failure.scopes('insufficient_scope', 'scope', ['admin', 'write']))
    expect(none).toMatchObject({ ok: true })
  })

  it('a call requiring admin, then a call without options → ok (the verifier is unchanged)', async () => {
    const verify = createVerifier(options(key))
    await verify(readOnly, { scopes: 'admin' })
    expect(await verify(readOnly)).toMatchObject({ ok: true })
  })

  it('required of one failure mutated, then the same call → the same required', async () => {
    const verify = createVerifier(options(key))
    const first = await verify(readOnly, { scopes: ['admin'] })
    if (!first.ok && first.step === 'scopes') (first.required as string[]).length = 0
    expect(await verify(readOnly, { scopes: ['admin'] })).toEqual(failure.scopes('insufficient_scope', 'scope', ['admin']))
  })

  it('verify.verify with call options → the same function, the same answer', async () => {
    const verify = createVerifier(options(key))
    expect(await verify.verify(readOnly, { scopes: 'admin' })).toEqual(failure.scopes('insufficient_scope', 'scope', ['admin']))
  })
})

describe('a call that leaves the match out', () => {
  it('verifier with scopeMatch any, call options {} without scopeMatch, granting read of [read, admin] → ok (the verifier\'s match kept)', async () => {
    const verify = createVerifier(options(key, { scopes: ['read', 'admin'], scopeMatch: 'any' }))
    expect(await verify(readOnly, {})).toMatchObject({ ok: true })
    expect(await verify(readOnly, { scopes: ['read', 'admin'] })).toMatchObject({ ok: true })
  })

  it('verifier with roleMatch any, call giving roles without roleMatch, holding one of two → ok (the verifier\'s match kept)', async () => {
    const verify = createVerifier(options(key, { roles: ['a'], roleMatch: 'any' }))
    const token = makeToken({ key, claims: validClaims({ roles: ['editor'] }) })
    expect(await verify(token, { roles: ['editor', 'admin'] })).toMatchObject({ ok: true })
  })
})

describe('mistakes in the call options', () => {
  let verify: Verifier
  beforeAll(() => { verify = createVerifier(options(key)) })
  const bad = (value: unknown) => value as CallOptions

  it.each([
    ['null', bad(null)],
    ['a string', bad('admin')],
    ['scope instead of scopes', bad({ scope: 'admin' })],
    ['audience (a verifier option, not a call option)', bad({ audience: 'https://other.example' })],
    ['scopes with white space', bad({ scopes: 'read write' })],
    ['scopes holding an empty string', bad({ scopes: [''] })],
    ['scopes a number', bad({ scopes: 42 })],
    ['scopeMatch unknown', bad({ scopeMatch: 'some' })],
  ])('call options %s → rejects with TypeError', async (_, call) => {
    await expect(verify(readOnly, call)).rejects.toThrow(TypeError)
  })

  it.each([
    ['a string', () => bad('admin'), 'call options must be an object'],
    ['a revoked Proxy', () => { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return bad(proxy) }, 'call options could not be read'],
    ['scopeMatch some', () => bad({ scopeMatch: 'some' }), 'scopeMatch must be "all" or "any"'],
    ['roleMatch some', () => bad({ roleMatch: 'some' }), 'roleMatch must be "all" or "any"'],
  ] as const)('call options %s → rejects with TypeError: %s', async (_, call, message) => {
    await expect(verify(readOnly, call())).rejects.toThrow(new TypeError(`verify-access-token: ${message}`))
  })

  it('call options with scopes only inherited from the prototype → ignored, ok', async () => {
    const inherited = Object.create({ scopes: 'admin' }) as CallOptions
    expect(await verify(readOnly, inherited)).toMatchObject({ ok: true })
  })

  it('call options mistaken and token malformed → rejects (options are checked before the token)', async () => {
    await expect(verify('not a token', bad({ scope: 'admin' }))).rejects.toThrow(TypeError)
  })
})
