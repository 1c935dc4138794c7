/**
 * Step "scopes": granted scopes from `scope`, `scp` or `permissions`, matched exactly against the
 * required ones (RFC 9068 §2.2.3, RFC 8693 §4.2, RFC 6749 §3.3). Claims are otherwise valid.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createVerifier, verifyAccessToken, type VerifyOptions } from '../src/index.js'
import { failure, generateKey, makeToken, options, validClaims, type TestKey } from './helpers.js'

let key: TestKey
beforeAll(() => { key = generateKey('P-256') })

/** Verifies a token whose scope-bearing claims are `grant` (scope removed unless given). */
const verify = (grant: Record<string, unknown>, overrides: Partial<VerifyOptions> = {}) =>
  verifyAccessToken(makeToken({ key, claims: validClaims({ scope: undefined, ...grant }) }), options(key, overrides))

describe('scope (space-delimited string)', () => {
  it('scope "read write" and no requirement → ok with both granted', async () => {
    expect(await verify({ scope: 'read write' })).toMatchObject({ ok: true, scopes: ['read', 'write'] })
  })

  it('scope "read write" requiring read → ok', async () => {
    expect(await verify({ scope: 'read write' }, { scopes: 'read' })).toMatchObject({ ok: true, scopes: ['read', 'write'] })
  })

  it('scope "read write" requiring read and write → ok', async () => {
    expect(await verify({ scope: 'read write' }, { scopes: ['write', 'read'] })).toMatchObject({ ok: true })
  })

  it('scope "read" requiring read and admin → scopes/insufficient_scope (missing admin)', async () => {
    expect(await verify({ scope: 'read' }, { scopes: ['read', 'admin'] })).toEqual(failure.scopes('insufficient_scope', 'scope', ['admin'], ['read', 'admin']))
  })

  it('scope "  read   write " with runs of spaces → ok with two scopes', async () => {
    expect(await verify({ scope: '  read   write ' })).toMatchObject({ ok: true, scopes: ['read', 'write'] })
  })

  it('scope "write read write" → ok, de-duplicated in token order', async () => {
    expect(await verify({ scope: 'write read write' })).toMatchObject({ ok: true, scopes: ['write', 'read'] })
  })

  it('scope empty → ok with no scopes', async () => {
    expect(await verify({ scope: '' })).toMatchObject({ ok: true, scopes: [] })
  })

  it.each([
    ['in another case', 'Read'], ['as a prefix', 'reader'], ['with a suffix', 'read:all'],
    // Only U+0020 separates scope tokens (RFC 6749 §3.3), so a tab joins two into one.
    ['joined by a tab', 'read\twrite'], ['joined by a non-breaking space', 'read\u00a0write'],
  ])('scope %s requiring read → scopes/insufficient_scope (missing read)', async (_, scope) => {
    expect(await verify({ scope }, { scopes: 'read' })).toEqual(failure.scopes('insufficient_scope', 'scope', ['read']))
  })

  it('scope absent and no requirement → ok with no scopes', async () => {
    expect(await verify({})).toMatchObject({ ok: true, scopes: [] })
  })

  it('scope absent requiring read and write → scopes/insufficient_scope (missing both)', async () => {
    expect(await verify({}, { scopes: ['read', 'write'] })).toEqual(failure.scopes('insufficient_scope', 'scope', ['read', 'write']))
  })

  it.each([['an array', ['read']], ['a number', 1], ['null', null], ['an object', { read: true }]])(
    'scope %s requiring read → scopes/invalid_claim (missing read)', async (_, scope) => {
      expect(await verify({ scope }, { scopes: 'read' })).toEqual(failure.scopes('invalid_claim', 'scope', ['read']))
    })

  it('scope an array and no requirement → scopes/invalid_claim (missing none)', async () => {
    // A wrongly typed scope claim fails even when nothing is required: it says so, not "no scopes".
    expect(await verify({ scope: ['read'] })).toEqual(failure.scopes('invalid_claim', 'scope', []))
  })

  it.each([['constructor'], ['toString'], ['__proto__']])(
    'scope absent requiring %s → scopes/insufficient_scope', async (name) => {
      // Inherited names must never count as granted.
      expect(await verify({}, { scopes: name })).toEqual(failure.scopes('insufficient_scope', 'scope', [name]))
    })

  it('scp granting read with the default scope claim → scopes/insufficient_scope', async () => {
    // Only the configured claim is read.
    expect(await verify({ scp: 'read' }, { scopes: 'read' })).toEqual(failure.scopes('insufficient_scope', 'scope', ['read']))
  })
})

describe('scp (string or array)', () => {
  const scp = { scopeClaim: 'scp' } as const
  it('scp "read write" → ok', async () => {
    expect(await verify({ scp: 'read write' }, { ...scp, scopes: 'write' })).toMatchObject({ ok: true, scopes: ['read', 'write'] })
  })

  it('scp ["read", "write", "read"] → ok, de-duplicated', async () => {
    expect(await verify({ scp: ['read', 'write', 'read'] }, { ...scp, scopes: 'read' })).toMatchObject({ ok: true, scopes: ['read', 'write'] })
  })

  it('scp ["read write"] requiring write → scopes/insufficient_scope (missing write)', async () => {
    // In array form each member is one scope; it is not split again.
    expect(await verify({ scp: ['read write'] }, { ...scp, scopes: 'write' })).toEqual(failure.scopes('insufficient_scope', 'scp', ['write']))
  })

  it.each([['an array with a number', ['read', 1]], ['a number', 1], ['an array with null', [null]]])(
    'scp %s → scopes/invalid_claim', async (_, value) => {
      expect(await verify({ scp: value }, { ...scp, scopes: ['read', 'write'] })).toEqual(failure.scopes('invalid_claim', 'scp', ['read', 'write']))
    })

  it('scp ["", "read"] → ok with the empty member kept', async () => {
    // Only a split string drops empty scopes (the gaps runs of spaces leave); an array member is
    // taken as the issuer wrote it.
    expect(await verify({ scp: ['', 'read'] }, { ...scp, scopes: 'read' })).toMatchObject({ ok: true, scopes: ['', 'read'] })
  })

  it('scp absent requiring read → scopes/insufficient_scope (missing read)', async () => {
    expect(await verify({ scope: 'read' }, { ...scp, scopes: 'read' })).toEqual(failure.scopes('insufficient_scope', 'scp', ['read']))
  })
})

describe('many granted scopes', () => {
  // Over 16 granted scopes are looked up through a set rather than searched directly.
  const many = Array.from({ length: 20 }, (_, i) => `s${i}`).join(' ')
  it('scope of 20 requiring s19 and admin → scopes/insufficient_scope (missing admin only)', async () => {
    expect(await verify({ scope: many }, { scopes: ['s19', 'admin'] })).toEqual(failure.scopes('insufficient_scope', 'scope', ['admin'], ['s19', 'admin']))
  })

  it('scope of 20 requiring s0 and s19 → ok', async () => {
    expect(await verify({ scope: many }, { scopes: ['s0', 's19'] })).toMatchObject({ ok: true })
  })
})

describe('permissions (array only)', () => {
  const permissions = { scopeClaim: 'permissions' } as const
  it('permissions ["read:orders"] requiring read:orders → ok', async () => {
    expect(await verify({ permissions: ['read:orders'] }, { ...permissions, scopes: 'read:orders' })).toMatchObject({ ok: true, scopes: ['read:orders'] })
  })

  it('permissions "read:orders" as a string → scopes/invalid_claim', async () => {
    expect(await verify({ permissions: 'read:orders' }, { ...permissions, scopes: 'read:orders' }))
      .toEqual(failure.scopes('invalid_claim', 'permissions', ['read:orders']))
  })

  it('permissions [] requiring read:orders → scopes/insufficient_scope', async () => {
    expect(await verify({ permissions: [] }, { ...permissions, scopes: 'read:orders' }))
      .toEqual(failure.scopes('insufficient_scope', 'permissions', ['read:orders']))
  })

  it('permissions absent and no requirement → ok with no scopes', async () => {
    expect(await verify({}, permissions)).toMatchObject({ ok: true, scopes: [] })
  })
})

describe('scopeMatch any', () => {
  const any = { scopeMatch: 'any' } as const
  it('scope "write" requiring read or write → ok', async () => {
    expect(await verify({ scope: 'write' }, { ...any, scopes: ['read', 'write'] })).toMatchObject({ ok: true, scopes: ['write'] })
  })

  it('scope "admin" requiring read or write → scopes/insufficient_scope (missing both)', async () => {
    // With 'any', every required scope is missing when the failure happens.
    expect(await verify({ scope: 'admin' }, { ...any, scopes: ['read', 'write'] }))
      .toEqual(failure.scopes('insufficient_scope', 'scope', ['read', 'write']))
  })

  it('scope absent and no requirement with any → ok', async () => {
    // No requirement is satisfied by nothing, for any as for all.
    expect(await verify({}, any)).toMatchObject({ ok: true, scopes: [] })
  })

  it('scope an array requiring read or write → scopes/invalid_claim (missing both)', async () => {
    expect(await verify({ scope: ['read'] }, { ...any, scopes: ['read', 'write'] })).toEqual(failure.scopes('invalid_claim', 'scope', ['read', 'write']))
  })
})

describe('results do not share state with the verifier', () => {
  // Plain JS ignores `readonly`: a caller mutating a failure must not change what is required.
  it('mutating missing of an invalid_claim failure, then a token without admin → scopes/insufficient_scope', async () => {
    const verifier = createVerifier(options(key, { scopes: ['admin'] }))
    const first = await verifier(makeToken({ key, claims: validClaims({ scope: ['admin'] }) }))
    expect(first).toEqual(failure.scopes('invalid_claim', 'scope', ['admin']))
    if (!first.ok && first.step === 'scopes') (first.missing as string[]).length = 0
    const second = await verifier(makeToken({ key, claims: validClaims({ scope: 'read' }) }))
    expect(second).toEqual(failure.scopes('insufficient_scope', 'scope', ['admin']))
  })

  it('mutating missing of an insufficient_scope failure, then the same token → scopes/insufficient_scope', async () => {
    const verifier = createVerifier(options(key, { scopes: ['admin'] }))
    const token = makeToken({ key, claims: validClaims({ scope: 'read' }) })
    const first = await verifier(token)
    if (!first.ok && first.step === 'scopes') (first.missing as string[]).length = 0
    expect(await verifier(token)).toEqual(failure.scopes('insufficient_scope', 'scope', ['admin']))
  })
})
