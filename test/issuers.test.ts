/**
 * A verifier serving several issuers: `jwks` as a Map or a plain object from issuer to key set.
 * The token's unverified `iss` only chooses the set (right after the format step); the claims
 * step still checks it after the signature. Remote sets come from a real server on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRemoteJwks, createVerifier, verifyAccessToken, type RemoteJwks, type VerifyOptions } from '../src/index.js'
import { failure, generateKey, ISSUER, makeToken, options, validClaims, withSignature, type TestKey } from './helpers.js'
import { json, startServer, status, type TestServer } from './http-server.js'

const A = ISSUER
const B = 'https://b.example'

let server: TestServer
let keyA: TestKey
let keyB: TestKey
/** Another key published under B's kid: right kid, wrong key. */
let impostor: TestKey
beforeAll(async () => {
  server = await startServer()
  keyA = generateKey('P-256', 'a')
  keyB = generateKey('P-256', 'b')
  impostor = generateKey('P-256', 'b')
})
afterAll(() => server.close())

let routes = 0
/** A remote key set serving `keys`, with its request count; `down` makes it answer 503. */
function remote(keys: TestKey[], down = false): { jwks: RemoteJwks; count: () => number } {
  const path = `/i${++routes}/jwks.json`
  const url = server.route(path, down ? status(503) : json(() => ({ keys: keys.map((key) => key.jwk) })))
  return { jwks: createRemoteJwks(url, { cooldown: 60_000 }), count: () => server.count(path) }
}

/** A token signed by `key`, by default claiming that key's issuer; `{ iss: undefined }` drops iss. */
const tokenOf = (key: TestKey, claims: { iss: unknown } = { iss: key === keyA ? A : B }) => makeToken({ key, claims: validClaims(claims) })
const mapOptions = (jwks: VerifyOptions['jwks'], issuer: VerifyOptions['issuer'] = [A, B]) => options(keyA, { jwks, issuer })

describe('choosing the key set by iss', () => {
  const shapes = {
    Map: (a: RemoteJwks | object, b: RemoteJwks | object) => new Map([[A, a], [B, b]]),
    'plain object': (a: RemoteJwks | object, b: RemoteJwks | object) => ({ [A]: a, [B]: b }),
  } as const

  it.each(Object.keys(shapes) as (keyof typeof shapes)[])('%s of a remote and a static set, token of each issuer → ok', async (shape) => {
    const a = remote([keyA])
    const settings = mapOptions(shapes[shape](a.jwks, { keys: [keyB.jwk] }) as VerifyOptions['jwks'])
    expect(await verifyAccessToken(tokenOf(keyA), settings)).toMatchObject({ ok: true, claims: { iss: A } })
    expect(await verifyAccessToken(tokenOf(keyB), settings)).toMatchObject({ ok: true, claims: { iss: B } })
    expect(a.count()).toBe(1)
  })

  it('createVerifier with a Map of two remote sets → ok for each, one request each', async () => {
    const a = remote([keyA])
    const b = remote([keyB])
    const verify = createVerifier(mapOptions(new Map([[A, a.jwks], [B, b.jwks]])))
    for (let i = 0; i < 3; i++) {
      expect(await verify(tokenOf(keyA))).toMatchObject({ ok: true })
      expect(await verify(tokenOf(keyB))).toMatchObject({ ok: true })
    }
    expect([a.count(), b.count()]).toEqual([1, 1])
  })

  it('one remote set shared by two issuers → ok for each, one request', async () => {
    const shared = remote([keyA, keyB])
    const settings = mapOptions({ [A]: shared.jwks, [B]: shared.jwks })
    expect(await verifyAccessToken(tokenOf(keyA), settings)).toMatchObject({ ok: true })
    expect(await verifyAccessToken(tokenOf(keyB), settings)).toMatchObject({ ok: true })
    expect(shared.count()).toBe(1)
  })

  it('B\'s endpoint down → token of B → signature/jwks_unavailable, token of A → ok', async () => {
    const a = remote([keyA])
    const b = remote([keyB], true)
    const settings = mapOptions(new Map([[A, a.jwks], [B, b.jwks]]))
    expect(await verifyAccessToken(tokenOf(keyB), settings)).toEqual(failure.signature('jwks_unavailable'))
    expect(await verifyAccessToken(tokenOf(keyA), settings)).toMatchObject({ ok: true })
  })
})

describe('iss with no key set → claims/issuer_mismatch, before any fetch', () => {
  it.each([
    ['an unknown issuer', 'https://c.example'],
    ['A with a trailing slash', `${A}/`],
    ['A in upper case', A.toUpperCase()],
    ['absent', undefined],
    ['a number', 1],
    ['an array holding A', [A]],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['toString', 'toString'],
  ])('iss %s, plain-object map of remote sets → claims/issuer_mismatch', async (_, iss) => {
    const a = remote([keyA])
    const b = remote([keyB])
    const result = await verifyAccessToken(tokenOf(keyA, { iss }), mapOptions({ [A]: a.jwks, [B]: b.jwks }))
    expect(result).toEqual(failure.claims('issuer_mismatch', 'iss'))
    // Security: a token cannot make the verifier fetch for an issuer it does not serve.
    expect([a.count(), b.count()]).toEqual([0, 0])
  })

  it('unknown issuer with a broken signature → claims/issuer_mismatch (no key set to check it with)', async () => {
    const token = withSignature(tokenOf(keyA, { iss: 'https://c.example' }), new Uint8Array(64))
    expect(await verifyAccessToken(token, mapOptions(new Map([[A, { keys: [keyA.jwk] }], [B, { keys: [keyB.jwk] }]]))))
      .toEqual(failure.claims('issuer_mismatch', 'iss'))
  })

  it('malformed token naming no issuer → format/malformed first', async () => {
    const a = remote([keyA])
    expect(await verifyAccessToken('a.b', mapOptions({ [A]: a.jwks, [B]: { keys: [keyB.jwk] } })))
      .toEqual(failure.format('segments'))
    expect(a.count()).toBe(0)
  })
})

describe('iss of B, signed with another issuer\'s key → signature step', () => {
  it('A\'s key with A\'s kid, claiming B → signature/key_not_found, A\'s set never read', async () => {
    const a = remote([keyA])
    const b = remote([keyB])
    const result = await verifyAccessToken(tokenOf(keyA, { iss: B }), mapOptions(new Map([[A, a.jwks], [B, b.jwks]])))
    expect(result).toEqual(failure.signature('key_not_found'))
    expect([a.count(), b.count()]).toEqual([0, 1])
  })

  it('a key with B\'s kid that B does not publish, claiming B → signature/invalid_signature', async () => {
    const settings = mapOptions({ [A]: { keys: [keyA.jwk] }, [B]: { keys: [keyB.jwk] } })
    expect(await verifyAccessToken(tokenOf(impostor, { iss: B }), settings)).toEqual(failure.signature('invalid_signature'))
  })

  it('B\'s key claiming A, where both sets are static → signature/key_not_found', async () => {
    const settings = mapOptions({ [A]: { keys: [keyA.jwk] }, [B]: { keys: [keyB.jwk] } })
    expect(await verifyAccessToken(tokenOf(keyB, { iss: A }), settings)).toEqual(failure.signature('key_not_found'))
  })
})

describe('shapes that are no longer accepted for several issuers', () => {
  // The positional array (one key set per entry of issuer, by index) was dropped: a Map says which
  // set belongs to which issuer, an array only implies it.
  it('jwks an array parallel to issuer [A, B] → TypeError naming the Map form', () => {
    expect(() => createVerifier(mapOptions([{ keys: [keyA.jwk] }, { keys: [keyB.jwk] }] as never)))
      .toThrow(/jwks is an array: for several issuers pass a Map from issuer to key set/)
  })

  // The type requires issuer, and so does the run time: the accepted issuers are always spelt out.
  it('a Map and no issuer option (JavaScript) → TypeError', () => {
    const settings = { ...options(keyA), jwks: new Map([[A, { keys: [keyA.jwk] }], [B, { keys: [keyB.jwk] }]]), issuer: undefined }
    expect(() => createVerifier(settings as never)).toThrow(/issuer must be a non-empty string/)
  })
})

describe('issuer and map disagree, or the map is malformed → TypeError', () => {
  const set = { keys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] }
  const cases: readonly [string, () => VerifyOptions][] = [
    ['issuer [A, B], map of A only', () => mapOptions(new Map([[A, set]]))],
    ['issuer A, map of A and B', () => mapOptions({ [A]: set, [B]: set }, A)],
    ['issuer [A, B], map of A and B with a trailing slash', () => mapOptions({ [A]: set, [`${B}/`]: set })],
    ['an empty Map', () => mapOptions(new Map(), A)],
    ['an empty object', () => mapOptions({}, A)],
    ['a map entry with an empty keys array', () => mapOptions({ [A]: set, [B]: { keys: [] } })],
    ['a map entry that is a string', () => mapOptions({ [A]: set, [B]: 'https://b.example/jwks' } as never)],
    ['a map entry that is null', () => mapOptions({ [A]: set, [B]: null } as never)],
    ['a Map with a non-string key', () => mapOptions(new Map<unknown, object>([[A, set], [1, set]]) as never, A)],
    ['a Map with an empty-string key', () => mapOptions(new Map([[A, set], ['', set]]), A)],
    ['an array of three key sets for two issuers', () => mapOptions([set, set, set] as never)],
    ['an array holding a JWK instead of a key set', () => mapOptions([set, set.keys[0]] as never)],
  ]

  it('control: issuer [A, B] with a map of exactly A and B → accepted', () => {
    expect(() => createVerifier(mapOptions({ [A]: set, [B]: set }))).not.toThrow()
  })

  it.each(cases)('createVerifier with %s → TypeError', (_, settings) => {
    expect(() => createVerifier(settings())).toThrow(TypeError)
  })

  it.each(cases)('verifyAccessToken with %s → rejects with TypeError', async (_, settings) => {
    await expect(verifyAccessToken(tokenOf(keyA), settings())).rejects.toThrow(TypeError)
  })

  // The message names the mismatch, so the caller can fix the right side.
  it.each([
    ['issuer [A, B], map of A only', /issuer "https:\/\/b\.example" has no entry in the jwks map$/],
    ['issuer A, map of A and B', /jwks map entry "https:\/\/b\.example" is not in issuer$/],
    ['an empty Map', /jwks map is empty$/],
    ['an empty object', /jwks map is empty$/],
    ['a map entry that is null', /jwks for "https:\/\/b\.example": jwks must be \{ keys: \[\.\.\.\] \}/],
    ['a Map with a non-string key', /jwks map keys must be issuer strings$/],
    ['a Map with an empty-string key', /jwks map keys must be issuer strings$/],
  ])('createVerifier with %s → TypeError saying so', (name, message) => {
    const settings = cases.find(([n]) => n === name)![1]
    expect(() => createVerifier(settings())).toThrow(message)
  })

  it('a null-prototype object from issuer to key set → accepted, token of each issuer → ok', async () => {
    const jwks = Object.assign(Object.create(null) as Record<string, unknown>, { [A]: { keys: [keyA.jwk] }, [B]: { keys: [keyB.jwk] } })
    const verify = createVerifier(mapOptions(jwks as VerifyOptions['jwks']))
    expect(await verify(tokenOf(keyA))).toMatchObject({ ok: true, claims: { iss: A } })
    expect(await verify(tokenOf(keyB))).toMatchObject({ ok: true, claims: { iss: B } })
  })
})
