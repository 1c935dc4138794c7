/**
 * Step "dpop" (RFC 9449 §4.3, §7.1): each check of a proof, in order, after the four token
 * steps; replay detection and server nonces; and what a call without a proof does with a
 * DPoP-bound token. vectors/dpop.json pins the same rules as data.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import {
  createDpopReplayStore, createDpopVerifier, createVerifier, verifyAccessToken, type DpopNonceProvider, type DpopOptions, type VerifyOptions,
} from '../src/index.js'
import { ath, bindingFailure, boundToken, dpopFailure, makeProof, METHOD, publicJwk, thumbprint, URL } from './dpop-helpers.js'
import { failure, generateKey, makeToken, NOW, options, segmentsOf, validClaims, withSignature, type TestKey } from './helpers.js'

let issuer: TestKey
let client: TestKey
let other: TestKey
let edClient: TestKey
let rsaClient: TestKey
beforeAll(() => {
  issuer = generateKey('P-256', 'issuer')
  client = generateKey('P-256', 'client')
  other = generateKey('P-256', 'other')
  edClient = generateKey('Ed25519', 'ed-client')
  rsaClient = generateKey('RSA', 'rsa-client')
})

/** A verifier with DPoP (made from `dpop`, the options of createDpopVerifier) and options changed as asked. */
const verifierFor = (overrides: Partial<VerifyOptions> = {}, dpop: DpopOptions = {}) =>
  createVerifier(options(issuer, { dpop: createDpopVerifier(dpop), ...overrides }))

/** Verifies a token bound to `key` with a proof by `key` covering it, both changed as asked. */
async function check(proof: (token: string) => Parameters<typeof makeProof>[0], extra: { method?: string; url?: string; options?: Partial<VerifyOptions>; dpop?: DpopOptions } = {}) {
  const token = boundToken(issuer, client)
  return verifierFor(extra.options, extra.dpop)(token, { dpop: { proof: makeProof(proof(token)), method: extra.method ?? METHOD, url: extra.url ?? URL } })
}

describe('valid proofs', () => {
  it('ES256 proof by the bound key, covering the token → ok', async () => {
    expect(await check((token) => ({ key: client, token }))).toMatchObject({ ok: true, claims: { cnf: { jkt: thumbprint(client.jwk) } } })
  })

  it.each([['EdDSA', () => edClient], ['RS256', () => rsaClient], ['PS256', () => rsaClient]] as const)('%s proof by the bound key → ok', async (alg, key) => {
    const token = boundToken(issuer, key())
    const result = await verifierFor()(token, { dpop: { proof: makeProof({ key: key(), alg, token }), method: METHOD, url: URL } })
    expect(result.ok).toBe(true)
  })

  it.each(['application/dpop+jwt', 'DPoP+JWT'])('typ %s (media types compare case-insensitively) → ok', async (typ) => {
    expect((await check((token) => ({ key: client, token, header: { typ } }))).ok).toBe(true)
  })

  it('proof with a kid, x5c and unknown header members beside jwk → ok (only jwk is the key)', async () => {
    const result = await check((token) => ({ key: client, token, header: { kid: 'k', x5c: ['MIIB'], foo: 1 } }))
    expect(result.ok).toBe(true)
  })
})

describe('createDpopVerifier', () => {
  it('algorithms given → exposed in that order, for dpopAnswer; none given → every supported algorithm', () => {
    expect(createDpopVerifier({ algorithms: ['EdDSA', 'ES256'] }).algorithms).toEqual(['EdDSA', 'ES256'])
    expect(createDpopVerifier().algorithms).toEqual(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'])
  })

  it('the object → frozen, its algorithms too', () => {
    const dpop = createDpopVerifier()
    expect(Object.isFrozen(dpop) && Object.isFrozen(dpop.algorithms)).toBe(true)
  })

  it('maxAge 1.5 and clockTolerance 0.5 → accepted (seconds need not be whole)', () => {
    expect(() => createDpopVerifier({ maxAge: 1.5, clockTolerance: 0.5 })).not.toThrow()
  })
})

describe('invalid proofs, one check at a time (RFC 9449 §4.3)', () => {
  it('proof that is not a compact JWS → dpop/invalid_dpop_proof malformed', async () => {
    const token = boundToken(issuer, client)
    for (const proof of ['x', 'a.b', 'a.b.c', `${makeProof({ key: client, token })}.`, ' '.repeat(3)]) {
      expect(await verifierFor()(token, { dpop: { proof, method: METHOD, url: URL } })).toEqual(dpopFailure('invalid_dpop_proof', 'malformed'))
    }
  })

  it('proof longer than 8192 characters → dpop/invalid_dpop_proof malformed', async () => {
    expect(await check((token) => ({ key: client, token, claims: { pad: 'x'.repeat(8192) } }))).toEqual(dpopFailure('invalid_dpop_proof', 'malformed'))
  })

  it.each([['JWT'], ['at+jwt'], [undefined], [42]])('typ %s → dpop/invalid_dpop_proof type', async (typ) => {
    expect(await check((token) => ({ key: client, token, header: { typ } }))).toEqual(dpopFailure('invalid_dpop_proof', 'type'))
  })

  it('alg none, unsigned → dpop/invalid_dpop_proof algorithm', async () => {
    const token = boundToken(issuer, client)
    const [header, payload] = segmentsOf(makeProof({ key: client, token, header: { alg: 'none' } }))
    const proof = `${header}.${payload}.`
    expect(await verifierFor()(token, { dpop: { proof, method: METHOD, url: URL } })).toEqual(dpopFailure('invalid_dpop_proof', 'algorithm'))
  })

  it('alg HS256 → dpop/invalid_dpop_proof algorithm', async () => {
    expect(await check((token) => ({ key: client, token, header: { alg: 'HS256' } }))).toEqual(dpopFailure('invalid_dpop_proof', 'algorithm'))
  })

  it('alg ES256 outside dpop.algorithms → dpop/invalid_dpop_proof algorithm', async () => {
    const result = await check((token) => ({ key: client, token }), { dpop: { algorithms: ['EdDSA'] } })
    expect(result).toEqual(dpopFailure('invalid_dpop_proof', 'algorithm'))
  })

  it('no jwk header → dpop/invalid_dpop_proof key not_a_jwk', async () => {
    expect(await check((token) => ({ key: client, token, header: { jwk: undefined } }))).toEqual(dpopFailure('invalid_dpop_proof', 'key', { rule: 'not_a_jwk' }))
  })

  it('jwk holding the private key → dpop/invalid_dpop_proof key private_key', async () => {
    const priv = client.privateKey.export({ format: 'jwk' })
    expect(await check((token) => ({ key: client, token, header: { jwk: priv } }))).toEqual(dpopFailure('invalid_dpop_proof', 'key', { rule: 'private_key' }))
  })

  it('jwk an oct key → dpop/invalid_dpop_proof key private_key', async () => {
    expect(await check((token) => ({ key: client, token, header: { jwk: { kty: 'oct', k: 'c2VjcmV0' } } }))).toEqual(dpopFailure('invalid_dpop_proof', 'key', { rule: 'private_key' }))
  })

  it('jwk off the curve → dpop/invalid_dpop_proof key point', async () => {
    const jwk = { ...publicJwk(client), y: publicJwk(client).x }
    expect(await check((token) => ({ key: client, token, header: { jwk } }))).toEqual(dpopFailure('invalid_dpop_proof', 'key', { rule: 'point' }))
  })

  it('EC jwk with alg RS256 → dpop/invalid_dpop_proof key key_type', async () => {
    expect(await check((token) => ({ key: client, token, header: { alg: 'RS256' } }))).toEqual(dpopFailure('invalid_dpop_proof', 'key', { rule: 'key_type' }))
  })

  it('signed by another key than its jwk → dpop/invalid_dpop_proof signature', async () => {
    expect(await check((token) => ({ key: client, signer: other, token }))).toEqual(dpopFailure('invalid_dpop_proof', 'signature'))
  })

  it('signature one octet short → dpop/invalid_dpop_proof signature, the proof key never imported', async () => {
    // The library checks the length the algorithm defines itself, as for tokens (signature.ts).
    const token = boundToken(issuer, client)
    const proof = withSignature(makeProof({ key: client, token }), new Uint8Array(63))
    const importKey = vi.spyOn(crypto.subtle, 'importKey')
    try {
      expect(await verifierFor()(token, { dpop: { proof, method: METHOD, url: URL } })).toEqual(dpopFailure('invalid_dpop_proof', 'signature'))
      expect(importKey.mock.calls.filter(([, jwk]) => (jwk as JsonWebKey).x === publicJwk(client).x)).toEqual([])
    } finally {
      importKey.mockRestore()
    }
  })

  it('proof key the runtime refuses to import → dpop/invalid_dpop_proof key', async () => {
    const importKey = crypto.subtle.importKey.bind(crypto.subtle)
    const spy = vi.spyOn(crypto.subtle, 'importKey').mockImplementation(((...args: Parameters<SubtleCrypto['importKey']>) =>
      (args[2] as { name: string }).name === 'Ed25519' ? Promise.reject(new DOMException('refused', 'DataError')) : importKey(...args)) as never)
    try {
      const token = boundToken(issuer, edClient)
      const result = await verifierFor()(token, { dpop: { proof: makeProof({ key: edClient, token }), method: METHOD, url: URL } })
      expect(result).toEqual(dpopFailure('invalid_dpop_proof', 'key'))
    } finally {
      spy.mockRestore()
    }
  })

  it.each([
    ['throws', () => { throw new DOMException('refused', 'OperationError') }],
    ['rejects', () => Promise.reject(new DOMException('refused', 'OperationError'))],
  ])('WebCrypto verify that %s for the proof → dpop/invalid_dpop_proof signature (never ok)', async (_what, refuse) => {
    const verify = crypto.subtle.verify.bind(crypto.subtle)
    const spy = vi.spyOn(crypto.subtle, 'verify').mockImplementation((...args: Parameters<SubtleCrypto['verify']>) =>
      (args[0] as { name: string }).name === 'Ed25519' ? refuse() : verify(...args))
    try {
      const token = boundToken(issuer, edClient)
      const result = await verifierFor()(token, { dpop: { proof: makeProof({ key: edClient, token }), method: METHOD, url: URL } })
      expect(result).toEqual(dpopFailure('invalid_dpop_proof', 'signature'))
      expect(spy.mock.calls.some(([params]) => (params as { name: string }).name === 'Ed25519')).toBe(true)
    } finally {
      spy.mockRestore()
    }
  })

  it.each([
    ['no jti', { jti: undefined }], ['an empty jti', { jti: '' }], ['a numeric jti', { jti: 1 }],
    ['no htm', { htm: undefined }], ['no htu', { htu: undefined }], ['a numeric htu', { htu: 1 }],
    ['no iat', { iat: undefined }], ['a string iat', { iat: String(NOW) }], ['no ath', { ath: undefined }], ['a numeric ath', { ath: 1 }],
  ])('proof with %s → dpop/invalid_dpop_proof claims', async (_what, claims) => {
    expect(await check((token) => ({ key: client, token, claims }))).toEqual(dpopFailure('invalid_dpop_proof', 'claims'))
  })

  it.each([['POST'], ['get']])('request method %s for a GET proof → dpop/invalid_dpop_proof method', async (method) => {
    expect(await check((token) => ({ key: client, token }), { method })).toEqual(dpopFailure('invalid_dpop_proof', 'method'))
  })

  it.each([
    ['another path', 'https://api.example/payments'],
    ['another host', 'https://evil.example/orders'],
    ['http for https', 'http://api.example/orders'],
    ['a trailing slash', 'https://api.example/orders/'],
    ['not a URL', 'orders'],
  ])('request URL with %s → dpop/invalid_dpop_proof url', async (_what, url) => {
    expect(await check((token) => ({ key: client, token }), { url })).toEqual(dpopFailure('invalid_dpop_proof', 'url'))
  })

  it('request URL with a query and fragment → ok (ignored, RFC 9449 §4.3 point 9)', async () => {
    expect((await check((token) => ({ key: client, token }), { url: `${URL}?page=2#top` })).ok).toBe(true)
  })

  it('htu with a query → ok (ignored on both sides)', async () => {
    expect((await check((token) => ({ key: client, token, claims: { htu: `${URL}?page=1` } }))).ok).toBe(true)
  })

  it('htu differing only by case of scheme and host, default port and %7E → ok', async () => {
    const url = 'https://api.example/~orders'
    const result = await check((token) => ({ key: client, token, claims: { htu: 'HTTPS://API.Example:443/%7Eorders' } }), { url })
    expect(result.ok).toBe(true)
  })

  it('iat exactly maxAge (300 s) ago → dpop/invalid_dpop_proof stale', async () => {
    expect(await check((token) => ({ key: client, token, claims: { iat: NOW - 300 } }))).toEqual(dpopFailure('invalid_dpop_proof', 'stale'))
  })

  it('iat 299 s ago → ok', async () => {
    expect((await check((token) => ({ key: client, token, claims: { iat: NOW - 299 } }))).ok).toBe(true)
  })

  it('iat 30 s ahead (the clockTolerance) → ok', async () => {
    expect((await check((token) => ({ key: client, token, claims: { iat: NOW + 30 } }))).ok).toBe(true)
  })

  it('iat 31 s ahead → dpop/invalid_dpop_proof future', async () => {
    expect(await check((token) => ({ key: client, token, claims: { iat: NOW + 31 } }))).toEqual(dpopFailure('invalid_dpop_proof', 'future'))
  })

  it('dpop.maxAge 60 and iat 60 s ago → dpop/invalid_dpop_proof stale', async () => {
    const result = await check((token) => ({ key: client, token, claims: { iat: NOW - 60 } }), { dpop: { maxAge: 60 } })
    expect(result).toEqual(dpopFailure('invalid_dpop_proof', 'stale'))
  })

  it('ath of another token → dpop/invalid_dpop_proof access_token_hash', async () => {
    expect(await check(() => ({ key: client, claims: { ath: ath('another-token') } }))).toEqual(dpopFailure('invalid_dpop_proof', 'access_token_hash'))
  })

  it('token bound to another key → dpop/key_mismatch thumbprint', async () => {
    const token = boundToken(issuer, other)
    const result = await verifierFor()(token, { dpop: { proof: makeProof({ key: client, token }), method: METHOD, url: URL } })
    expect(result).toEqual(dpopFailure('key_mismatch', 'thumbprint'))
  })

  it('token bound to no key, with a valid proof → dpop/key_mismatch not_bound', async () => {
    const token = makeToken({ key: issuer })
    const result = await verifierFor()(token, { dpop: { proof: makeProof({ key: client, token }), method: METHOD, url: URL } })
    expect(result).toEqual(dpopFailure('key_mismatch', 'not_bound'))
  })
})

describe('order: the token steps first, then the proof', () => {
  it('expired bound token with a malformed proof → claims/expired', async () => {
    const token = boundToken(issuer, client, { exp: NOW - 1 })
    expect(await verifierFor()(token, { dpop: { proof: 'x', method: METHOD, url: URL } })).toEqual(failure.claims('expired', 'exp'))
  })

  it('bound token lacking a required scope, with a malformed proof → scopes/insufficient_scope', async () => {
    const token = boundToken(issuer, client)
    const result = await verifierFor()(token, { scopes: 'admin', dpop: { proof: 'x', method: METHOD, url: URL } })
    expect(result).toEqual(failure.scopes('insufficient_scope', 'scope', ['admin']))
  })

  it('proof wrong in method, URL and age at once → dpop/invalid_dpop_proof method (htm is checked first)', async () => {
    const result = await check((token) => ({ key: client, token, claims: { iat: NOW - 1000 } }), { method: 'POST', url: 'https://x.example/' })
    expect(result).toEqual(dpopFailure('invalid_dpop_proof', 'method'))
  })
})

describe('replay (RFC 9449 §11.1)', () => {
  it('one proof twice to one verifier → ok, then dpop/invalid_dpop_proof replayed', async () => {
    const verify = verifierFor()
    const token = boundToken(issuer, client)
    const dpop = { proof: makeProof({ key: client, token }), method: METHOD, url: URL }
    expect((await verify(token, { dpop })).ok).toBe(true)
    expect(await verify(token, { dpop })).toEqual(dpopFailure('invalid_dpop_proof', 'replayed'))
  })

  it('one proof to two DPoP verifiers → ok at each (the default store is per createDpopVerifier)', async () => {
    const token = boundToken(issuer, client)
    const dpop = { proof: makeProof({ key: client, token }), method: METHOD, url: URL }
    expect((await verifierFor()(token, { dpop })).ok).toBe(true)
    expect((await verifierFor()(token, { dpop })).ok).toBe(true)
  })

  it('two verifiers given one createDpopVerifier → the second use is replayed (one store)', async () => {
    const shared = createDpopVerifier()
    const token = boundToken(issuer, client)
    const dpop = { proof: makeProof({ key: client, token }), method: METHOD, url: URL }
    expect((await createVerifier(options(issuer, { dpop: shared }))(token, { dpop })).ok).toBe(true)
    expect(await createVerifier(options(issuer, { dpop: shared, scopes: 'read' }))(token, { dpop })).toEqual(dpopFailure('invalid_dpop_proof', 'replayed'))
  })

  it('two verifiers sharing a replay store → the second use is replayed', async () => {
    const replayStore = createDpopReplayStore()
    const token = boundToken(issuer, client)
    const dpop = { proof: makeProof({ key: client, token }), method: METHOD, url: URL }
    expect((await verifierFor({}, { replayStore })(token, { dpop })).ok).toBe(true)
    expect(await verifierFor({}, { replayStore })(token, { dpop })).toEqual(dpopFailure('invalid_dpop_proof', 'replayed'))
  })

  it('a custom store → gets a 43-character id (never the jti) and the seconds left, only for proofs that passed', async () => {
    const add = vi.fn(async (_id: string, _ttl: number) => true)
    const verify = verifierFor({}, { replayStore: { add } })
    const token = boundToken(issuer, client)
    await verify(token, { dpop: { proof: makeProof({ key: client, token, claims: { jti: 'failing' } }), method: 'POST', url: URL } })
    expect(add).not.toHaveBeenCalled()
    await verify(token, { dpop: { proof: makeProof({ key: client, token, claims: { jti: 'the-jti', iat: NOW - 100 } }), method: METHOD, url: URL } })
    expect(add).toHaveBeenCalledTimes(1)
    const [id, ttl] = add.mock.calls[0]!
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(id).not.toContain('the-jti')
    expect(ttl).toBe(200)
  })

  it.each([
    ['throws', () => { throw new Error('down') }],
    ['rejects', () => Promise.reject(new Error('down'))],
    ['answers a non-boolean', () => 'OK'],
  ])('a store that %s → dpop/dpop_unavailable replay_store', async (_what, add) => {
    const result = await check((token) => ({ key: client, token }), { dpop: { replayStore: { add } as never } })
    expect(result).toEqual(dpopFailure('dpop_unavailable', 'replay_store', { retryAfter: 1 }))
  })
})

describe('server nonces (RFC 9449 §9)', () => {
  const nonce: DpopNonceProvider = { current: () => 'n-current', check: (value) => value === 'n-current' }

  it('proof with the current nonce → ok', async () => {
    expect((await check((token) => ({ key: client, token, claims: { nonce: 'n-current' } }), { dpop: { nonce } })).ok).toBe(true)
  })

  it('proof without a nonce → dpop/use_dpop_nonce missing', async () => {
    expect(await check((token) => ({ key: client, token }), { dpop: { nonce } })).toEqual(dpopFailure('use_dpop_nonce', 'missing'))
  })

  it.each([['an old nonce', 'n-old'], ['a numeric nonce', 7], ['a nonce with a space', 'n current']])('proof with %s → dpop/use_dpop_nonce mismatch', async (_what, value) => {
    const result = await check((token) => ({ key: client, token, claims: { nonce: value } }), { dpop: { nonce } })
    expect(result).toEqual(dpopFailure('use_dpop_nonce', 'mismatch'))
  })

  it.each([['a numeric nonce', 7], ['a nonce with a space', 'n current']])('proof with %s, a provider that would accept anything → dpop/use_dpop_nonce mismatch, the provider not asked', async (_what, value) => {
    const lenient = { current: () => 'n-current', check: vi.fn(() => true) }
    const result = await check((token) => ({ key: client, token, claims: { nonce: value } }), { dpop: { nonce: lenient } })
    expect(result).toEqual(dpopFailure('use_dpop_nonce', 'mismatch'))
    expect(lenient.check).not.toHaveBeenCalled()
  })

  it('a provider whose check throws → dpop/dpop_unavailable nonce_provider', async () => {
    const broken = { current: () => 'n', check: () => { throw new Error('down') } }
    const result = await check((token) => ({ key: client, token, claims: { nonce: 'n' } }), { dpop: { nonce: broken } })
    expect(result).toEqual(dpopFailure('dpop_unavailable', 'nonce_provider', { retryAfter: 1 }))
  })

  it('no nonce configured and a proof with a nonce → ok (nothing to compare it with)', async () => {
    expect((await check((token) => ({ key: client, token, claims: { nonce: 'anything' } }))).ok).toBe(true)
  })
})

describe('bound tokens without a proof (RFC 9449 §7.2)', () => {
  it('DPoP-bound token and no dpop input → claims/binding_not_verified jkt', async () => {
    expect(await verifierFor()(boundToken(issuer, client))).toEqual(bindingFailure('binding_not_verified', 'jkt'))
  })

  it.each([[null], [undefined], ['']])('DPoP-bound token and dpop.proof %s → claims/binding_not_verified jkt', async (proof) => {
    const result = await verifierFor()(boundToken(issuer, client), { dpop: { proof, method: METHOD, url: URL } })
    expect(result).toEqual(bindingFailure('binding_not_verified', 'jkt'))
  })

  it('DPoP-bound token to verifyAccessToken → claims/binding_not_verified jkt', async () => {
    expect(await verifyAccessToken(boundToken(issuer, client), options(issuer))).toEqual(bindingFailure('binding_not_verified', 'jkt'))
  })

  it('DPoP-bound token, acceptBoundTokensAsBearer, no proof → ok', async () => {
    expect((await verifierFor({ acceptBoundTokensAsBearer: true })(boundToken(issuer, client))).ok).toBe(true)
  })

  it('DPoP-bound token, acceptBoundTokensAsBearer, a proof by another key → dpop/key_mismatch thumbprint (a proof given is checked)', async () => {
    const token = boundToken(issuer, other)
    const result = await verifierFor({ acceptBoundTokensAsBearer: true })(token, { dpop: { proof: makeProof({ key: client, token }), method: METHOD, url: URL } })
    expect(result).toEqual(dpopFailure('key_mismatch', 'thumbprint'))
  })

  it('unbound token and dpop.proof null → ok (a bearer token stays one)', async () => {
    expect((await verifierFor()(makeToken({ key: issuer }), { dpop: { proof: null, method: METHOD, url: URL } })).ok).toBe(true)
  })
})

describe('caller mistakes → TypeError', () => {
  const token = () => boundToken(issuer, client)

  it.each([
    ['options not an object', 'x'],
    ['maxAge 0', { maxAge: 0 }],
    ['maxAge in milliseconds', { maxAge: 300_000 }],
    ['clockTolerance negative', { clockTolerance: -1 }],
    ['algorithms with HS256', { algorithms: ['HS256'] }],
    ['algorithms with none', { algorithms: ['none'] }],
    ['algorithms empty', { algorithms: [] }],
    ['replayStore without add', { replayStore: {} }],
    ['nonce without current', { nonce: { check: () => true } }],
    ['a misspelt option', { maxage: 60 }],
    ['per-request input', { proof: 'x', method: 'GET', url: URL }],
    ['algorithms with a nested ["ES256"]', { algorithms: [['ES256']] }],
    ['replayStore a function with an add member', { replayStore: Object.assign(() => true, { add: () => true }) as object }],
    ['nonce a function with current and check members', { nonce: Object.assign(() => true, { current: () => 'n', check: () => true }) as object }],
  ])('createDpopVerifier with %s → throws TypeError', (_what, dpop) => {
    expect(() => createDpopVerifier(dpop as never)).toThrow(TypeError)
  })

  it('per-request input in the DPoP options → TypeError saying where it goes', () => {
    expect(() => createDpopVerifier({ proof: 'x' } as never)).toThrow(/verify\(token, \{ dpop/)
    expect(() => createDpopVerifier({ url: URL } as never)).toThrow(/verify\(token, \{ dpop/)
  })

  it.each([
    ['options null', null, 'createDpopVerifier options must be an object'],
    ['options a string', 'x', 'createDpopVerifier options must be an object'],
    ['options a function with a url member', Object.assign(() => true, { url: URL }), 'createDpopVerifier options must be an object'],
    ['maxAge 0', { maxAge: 0 }, 'maxAge of createDpopVerifier must be a number of seconds from 1 to 3600'],
    ['clockTolerance 301', { clockTolerance: 301 }, 'clockTolerance of createDpopVerifier must be a number of seconds from 0 to 300'],
    ['algorithms empty', { algorithms: [] }, 'algorithms of createDpopVerifier must be a non-empty array'],
    ['algorithms with HS256', { algorithms: ['ES256', 'HS256'] },
      'createDpopVerifier algorithms: "HS256" is not supported; use asymmetric ones from RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519'],
  ])('createDpopVerifier with %s → TypeError saying so', (_what, dpop, message) => {
    expect(() => createDpopVerifier(dpop as never)).toThrow(new TypeError(`verify-access-token: ${message}`))
  })

  it('DPoP options whose members cannot be read (a throwing Proxy) → TypeError naming them, the error as its cause', () => {
    const cause = new Error('trap')
    const dpop = new Proxy({}, { getOwnPropertyDescriptor: () => { throw cause } })
    expect(() => createDpopVerifier(dpop)).toThrow(new TypeError('verify-access-token: createDpopVerifier options could not be read'))
    expect(() => createDpopVerifier(dpop)).toThrow(expect.objectContaining({ cause }))
  })

  it.each([['its options instead of createDpopVerifier(options)', { algorithms: ['ES256'] }], ['true', true]])('createVerifier with dpop %s → throws TypeError naming createDpopVerifier', (_what, dpop) => {
    expect(() => createVerifier(options(issuer, { dpop: dpop as never }))).toThrow(/createDpopVerifier/)
  })

  it('a verifier without dpop, a call with dpop input → rejects with a TypeError naming createDpopVerifier', async () => {
    const verify = createVerifier(options(issuer))
    await expect(verify(token(), { dpop: { proof: null, method: METHOD, url: URL } })).rejects.toThrow(/createDpopVerifier/)
  })

  it('acceptBoundTokensAsBearer "yes" → throws TypeError', () => {
    expect(() => createVerifier(options(issuer, { acceptBoundTokensAsBearer: 'yes' as never }))).toThrow(TypeError)
  })

  it('verifyAccessToken with dpop options → rejects with a TypeError naming createVerifier', async () => {
    await expect(verifyAccessToken(token(), options(issuer, { dpop: createDpopVerifier() }))).rejects.toThrow(/createVerifier/)
  })

  it.each([
    ['dpop without method', { proof: 'x', url: URL }],
    ['dpop.method empty', { proof: 'x', method: '', url: URL }],
    ['dpop.url a URL object', { proof: 'x', method: 'GET', url: new globalThis.URL(URL) }],
    ['dpop.proof a number', { proof: 1, method: 'GET', url: URL }],
    ['dpop with an unknown member', { proof: 'x', method: 'GET', url: URL, htm: 'GET' }],
  ])('a call with %s → rejects with a TypeError', async (_what, dpop) => {
    await expect(verifierFor()(token(), { dpop: dpop as never })).rejects.toThrow(TypeError)
  })

  it.each([[42], [{}], [new ArrayBuffer(4)]])('clientCertificate %s → rejects with a TypeError', async (clientCertificate) => {
    await expect(verifierFor()(token(), { clientCertificate: clientCertificate as never })).rejects.toThrow(TypeError)
  })
})

describe('totality and no proof content in failures', () => {
  it('any string as the proof → a result, never a throw, never ok', async () => {
    const verify = verifierFor()
    const token = boundToken(issuer, client)
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 200 }), async (proof) => {
      const result = await verify(token, { dpop: { proof, method: METHOD, url: URL } })
      return proof === '' ? result.ok === false && result.step === 'claims' : result.ok === false && result.step === 'dpop'
    }), { numRuns: 200 })
  })

  it('any one-character change to a valid proof → not ok', async () => {
    const token = boundToken(issuer, client)
    const proof = makeProof({ key: client, token })
    await fc.assert(fc.asyncProperty(fc.nat(proof.length - 1), fc.constantFrom(...'ABCxyz019-_.'), async (at, c) => {
      const changed = proof.slice(0, at) + c + proof.slice(at + 1)
      fc.pre(changed !== proof)
      // A fresh verifier each time, so a rejection is never only a replay.
      return (await verifierFor()(token, { dpop: { proof: changed, method: METHOD, url: URL } })).ok === false
    }), { numRuns: 100 })
  })

  it('every failing proof of this file → no run of 12 proof characters in the result', async () => {
    const token = boundToken(issuer, client)
    const proofs = [
      makeProof({ key: client, token, claims: { htm: 'POST' } }),
      makeProof({ key: client, token, header: { typ: 'JWT' } }),
      makeProof({ key: other, token }),
      makeProof({ key: client, token, claims: { iat: 1 } }),
    ]
    for (const proof of proofs) {
      const text = JSON.stringify(await verifierFor()(token, { dpop: { proof, method: METHOD, url: URL } }))
      for (const segment of proof.split('.')) {
        for (let i = 0; i + 12 <= segment.length; i += 4) expect(text).not.toContain(segment.slice(i, i + 12))
      }
    }
  })

  it('validClaims with cnf of the wrong shape → claims/invalid_claim cnf, also with acceptBoundTokensAsBearer', async () => {
    for (const cnf of ['x', [], {}, null, { jkt: 42 }, { jkt: 'short' }, { 'x5t#S256': 'a'.repeat(43) + '=' }]) {
      const token = makeToken({ key: issuer, claims: validClaims({ cnf }) })
      expect(await verifierFor()(token)).toEqual(failure.claims('invalid_claim', 'cnf'))
      expect(await verifierFor({ acceptBoundTokensAsBearer: true })(token)).toEqual(failure.claims('invalid_claim', 'cnf'))
    }
  })
})
