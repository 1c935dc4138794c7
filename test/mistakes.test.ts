/**
 * Caller mistakes are `TypeError`s, whatever the caller's objects do while they are read, and a
 * refused call leaves nothing behind: no unhandled rejection from a `jwks` promise it was given.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createRemoteJwks, createVerifier, discoverJwks, verifyAccessToken, type VerifyOptions } from '../src/index.js'
import { generateKey, makeToken, options, type TestKey } from './helpers.js'

let key: TestKey
beforeAll(() => {
  key = generateKey('P-256', 'k1')
})

const unhandled: unknown[] = []
const record = (reason: unknown) => unhandled.push(reason)
process.on('unhandledRejection', record)
afterEach(() => {
  unhandled.length = 0
})

/** Lets every pending rejection surface: Node reports unhandled ones after the microtask queue. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50))

describe('a refused call leaves no unhandled rejection', () => {
  // Each mistake is in the options beside a jwks promise that rejects (a failed discovery).
  const mistakes: Record<string, Record<string, unknown>> = {
    'an unknown option scope': { scope: 'read' },
    'a missing issuer': { issuer: undefined },
    'an empty audience': { audience: [] },
    'an unknown algorithm': { algorithms: ['HS256'] },
    'a negative clockTolerance': { clockTolerance: -1 },
    'an invalid currentDate': { currentDate: new Date(Number.NaN) },
    'a bad scopeMatch': { scopeMatch: 'some' },
  }
  const rejecting = () => Promise.reject(new Error('discovery failed'))

  it.each(Object.keys(mistakes))('createVerifier, jwks a rejecting promise, %s → TypeError, no unhandled rejection', async (name) => {
    expect(() => createVerifier({ ...options(key), jwks: rejecting(), ...mistakes[name] } as VerifyOptions)).toThrow(TypeError)
    await settle()
    expect(unhandled).toEqual([])
  })

  it.each(Object.keys(mistakes))('verifyAccessToken, jwks a rejecting promise, %s → rejects with TypeError, no unhandled rejection', async (name) => {
    await expect(verifyAccessToken('t', { ...options(key), jwks: rejecting(), ...mistakes[name] } as VerifyOptions)).rejects.toThrow(TypeError)
    await settle()
    expect(unhandled).toEqual([])
  })

  it('a Map of issuers to rejecting promises with an unknown option → TypeError, no unhandled rejection', async () => {
    const jwks = new Map([['https://as.example', rejecting()], ['https://other.example', rejecting()]])
    expect(() => createVerifier({ ...options(key), jwks, scope: 'x' } as never)).toThrow(TypeError)
    await settle()
    expect(unhandled).toEqual([])
  })

  it('discoverJwks of a closed port with the option scope (a typo) → TypeError caught, no unhandled rejection', async () => {
    // The reported crash: the caller catches the TypeError, then the discovery rejects unobserved.
    expect(() => createVerifier({ ...options(key), jwks: discoverJwks('http://127.0.0.1:9/'), scope: 'read' } as never)).toThrow(TypeError)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(unhandled).toEqual([])
  })

  it('verifier given a failing discovery unawaited → signature/jwks_unavailable (discovery_failed), no unhandled rejection', async () => {
    const verify = createVerifier({ ...options(key), jwks: discoverJwks('http://127.0.0.1:9/') })
    expect(await verify(makeToken({ key }))).toMatchObject({ ok: false, step: 'signature', code: 'jwks_unavailable', reason: 'discovery_failed' })
    await settle()
    expect(unhandled).toEqual([])
  })
})

describe('throwing caller objects → TypeError with the original as cause', () => {
  const boom = new Error('boom')
  const throwingProxy = (traps: ProxyHandler<object>) => new Proxy({ keys: [] }, traps)
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    return proxy
  }
  const withJwks = (jwks: unknown) => ({ ...options(key), jwks }) as VerifyOptions
  const cases: Record<string, () => unknown> = {
    'a key set Proxy whose get trap throws': () => withJwks(throwingProxy({ get: () => { throw boom } })),
    'a key set Proxy whose has trap throws': () => withJwks(throwingProxy({ has: () => { throw boom }, getOwnPropertyDescriptor: () => { throw boom } })),
    'a key set Proxy whose getPrototypeOf trap throws': () => withJwks(throwingProxy({ getPrototypeOf: () => { throw boom } })),
    'a revoked Proxy as the key set': () => withJwks(revoked()),
    'a revoked Proxy as the options': () => revoked(),
    'a key set whose then getter throws': () => withJwks(Object.defineProperty({}, 'then', { get: () => { throw boom } })),
    'a key set whose keys getter throws': () => withJwks(Object.defineProperty({}, 'keys', { get: () => { throw boom }, enumerable: true })),
    'a remote-set marker getter that throws': () => withJwks(Object.defineProperty({}, Symbol.for('verify-access-token.keySource'), { get: () => { throw boom } })),
    'an options object whose audience getter throws': () => Object.defineProperty({ ...options(key) }, 'audience', { get: () => { throw boom }, enumerable: true }),
  }

  it.each(Object.keys(cases))('createVerifier with %s → TypeError', (name) => {
    const input = cases[name]!()
    let thrown: unknown
    try {
      createVerifier(input as VerifyOptions)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(TypeError)
    expect((thrown as Error).message).toMatch(/^verify-access-token: /)
  })

  // Both places that read the jwks option name it: the early look for promises, and the key set reading.
  it.each([
    ['a key set Proxy whose getPrototypeOf trap throws', () => throwingProxy({ getPrototypeOf: () => { throw boom } })],
    ['a key set whose non-enumerable keys getter throws', () => Object.defineProperty({}, 'keys', { get: () => { throw boom } })],
  ])('createVerifier with %s → TypeError "jwks could not be read", the thrown error as cause', (_, make) => {
    let thrown: unknown
    try {
      createVerifier(withJwks(make()))
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(TypeError)
    expect((thrown as Error).message).toBe('verify-access-token: jwks could not be read')
    expect((thrown as Error).cause).toBe(boom)
  })

  it('a key set Proxy whose get trap throws → the TypeError\'s cause is the thrown error', () => {
    let thrown: unknown
    try {
      createVerifier({ ...options(key), jwks: throwingProxy({ get: () => { throw boom } }) as never })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(TypeError)
    expect((thrown as Error).cause).toBe(boom)
  })
})

describe('a wrong jwks shape → a TypeError that names the shape and its fix', () => {
  const jwk = () => ({ ...key.jwk })
  const GENERAL = /jwks must be \{ keys: \[\.\.\.\] \}, createRemoteJwks\(url\), a promise of either, or a Map from issuer to those/
  const cases: [string, () => unknown, RegExp][] = [
    ['a URL string', () => 'https://as.example/.well-known/jwks.json', /jwks is a URL string: pass createRemoteJwks\(url\), or await discoverJwks\(issuer\)/],
    ['a URL object', () => new URL('https://as.example/jwks'), /jwks is a URL: pass createRemoteJwks\(url\)/],
    ['one JWK', jwk, /jwks is a single JWK: wrap it as \{ keys: \[jwk\] \}/],
    ['an array of JWKs', () => [jwk(), jwk()], /jwks is an array of JWKs: wrap it as \{ keys: \[\.\.\.\] \}/],
    ['a PEM string', () => '-----BEGIN PUBLIC KEY-----\nMFkw…\n-----END PUBLIC KEY-----', /jwks is PEM text: convert it with await createJwksFromPem\(pem, \{ alg \}\)/],
    ['a JSON string', () => JSON.stringify({ keys: [jwk()] }), /jwks is a JSON string: pass JSON\.parse\(text\)/],
    ['an empty keys array', () => ({ keys: [] }), /jwks has an empty "keys" array/],
    ['a number', () => 42, /jwks must be \{ keys: \[\.\.\.\] \}, createRemoteJwks\(url\), a promise of either, or a Map from issuer to those/],
    ['an array of key sets (the removed positional form)', () => [{ keys: [jwk()] }], /for several issuers pass a Map from issuer to key set/],
    ['a URL string with blanks around it', () => '  https://as.example/jwks\n', /jwks is a URL string: pass createRemoteJwks\(url\)/],
    ['an http: URL string', () => 'http://127.0.0.1:8080/jwks', /jwks is a URL string: pass createRemoteJwks\(url\)/],
    ['a JSON string naming a URL', () => '{"jwks_uri":"https://as.example/jwks"}', /jwks is a JSON string: pass JSON\.parse\(text\)/],
    ['some other string', () => 'as.example', GENERAL],
    ['an array of a key set and a JWK', () => [{ keys: [jwk()] }, jwk()], /jwks is an array of JWKs: wrap it as \{ keys: \[\.\.\.\] \}/],
    ['keys that is not an array', () => ({ keys: 'x' }), GENERAL],
    ['an issuer entry without its map', () => ({ jwks: { keys: [jwk()] } }), GENERAL],
    ['undefined (no jwks option)', () => undefined, GENERAL],
    ['null', () => null, GENERAL],
  ]
  it.each(cases)('jwks %s → TypeError with its fix', (_, make, message) => {
    expect(() => createVerifier({ ...options(key), jwks: make() } as VerifyOptions)).toThrow(message)
  })

  it('jwks a CryptoKey → TypeError saying why and what to pass', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])
    expect(() => createVerifier({ ...options(key), jwks: pair.publicKey } as never))
      .toThrow(/jwks is a CryptoKey: pass its public JWK as \{ keys: \[jwk\] \} \(crypto\.subtle\.exportKey\("jwk", key\)\)/)
  })

  // The checks for URL and CryptoKey are skipped in a runtime without those globals.
  it.each(['URL', 'CryptoKey'])('no global %s, jwks a number → TypeError with the general fix', (name) => {
    vi.stubGlobal(name, undefined)
    try {
      expect(() => createVerifier({ ...options(key), jwks: 42 } as never))
        .toThrow(/^verify-access-token: jwks must be \{ keys: \[\.\.\.\] \}, createRemoteJwks\(url\), a promise of either, or a Map from issuer to those$/)
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('a Map entry that is a URL string → TypeError naming the issuer and the fix', () => {
    expect(() => createVerifier({ ...options(key), jwks: new Map([['https://as.example', 'https://as.example/jwks']]) } as never))
      .toThrow(/jwks for "https:\/\/as\.example": jwks is a URL string: pass createRemoteJwks\(url\)/)
  })

  it.each([
    ['es256 (lower case)', 'es256'], ['HS256', 'HS256'], ['none', 'none'],
  ])('algorithms [%s] → TypeError listing the supported names', (_, name) => {
    expect(() => createVerifier({ ...options(key), algorithms: [name] } as never))
      .toThrow(/is not supported; use one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA, Ed25519/)
  })

  it.each([
    ['scope', /unknown option "scope" \(did you mean "scopes"\?\)/],
    ['audiences', /unknown option "audiences" \(did you mean "audience"\?\)/],
    ['issuers', /unknown option "issuers" \(did you mean "issuer"\?\)/],
    ['clockTolerence', /unknown option "clockTolerence" \(did you mean "clockTolerance"\?\)/],
    ['requiredScopes', /unknown option "requiredScopes"$/],
  ])('option %s → TypeError with a suggestion where one is close', (name, message) => {
    expect(() => createVerifier({ ...options(key), [name]: 'x' } as never)).toThrow(message)
  })
})

describe('how options are read and refused', () => {
  it('options null → TypeError "options must be an object"', () => {
    expect(() => createVerifier(null as never)).toThrow(/^verify-access-token: options must be an object$/)
  })

  it('an unknown option → TypeError with no cause member (nothing was caught to carry)', () => {
    let thrown: unknown
    try {
      createVerifier({ ...options(key), scope: 'read' } as never)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(TypeError)
    expect(Object.hasOwn(thrown as Error, 'cause')).toBe(false)
  })

  it('jwks a null-prototype { keys } → accepted, a token signed by its key → ok', async () => {
    // Members are looked up the prototype chain up to Object.prototype; this chain ends at null first.
    const jwks = Object.assign(Object.create(null) as object, { keys: [key.jwk] })
    const verify = createVerifier({ ...options(key), jwks } as VerifyOptions)
    expect(await verify(makeToken({ key }))).toMatchObject({ ok: true })
  })

  it.each([
    ['xxdience (two letters changed)', 'xxdience', /unknown option "xxdience" \(did you mean "audience"\?\)$/],
    ['audien (two letters short)', 'audien', /unknown option "audien" \(did you mean "audience"\?\)$/],
    ['issuerXYZ (three letters long)', 'issuerXYZ', /unknown option "issuerXYZ"$/],
    ['"" (the empty name)', '', /unknown option ""$/],
  ])('option %s → TypeError, a suggestion only within two edits', (_, name, message) => {
    expect(() => createVerifier({ ...options(key), [name]: 'x' } as never)).toThrow(message)
  })
})

describe('verifier.keySets(): what each key set is doing', () => {
  it('a static set → [{ state: ready }]', () => {
    expect(createVerifier(options(key)).keySets()).toEqual([{ state: 'ready' }])
  })

  it('a discovery given unawaited that failed → unavailable, discovery_failed, with its Error kept for the caller', async () => {
    const verify = createVerifier({ ...options(key), jwks: discoverJwks('http://127.0.0.1:9/') })
    expect(verify.keySets()).toEqual([{ state: 'pending' }])
    await verify(makeToken({ key }))
    const [status] = verify.keySets()
    expect(status).toMatchObject({ state: 'unavailable', reason: 'discovery_failed' })
    expect((status?.error as Error).message).toMatch(/no issuer metadata could be read from http:\/\/127\.0\.0\.1:9\/\.well-known\/openid-configuration/)
  })

  it('a remote set whose endpoint answers 503 → unavailable, http_status, and its last fetch', async () => {
    const jwks = createRemoteJwks('https://as.example/jwks', { fetch: async () => new Response('busy', { status: 503 }) })
    const verify = createVerifier({ ...options(key), jwks })
    expect(verify.keySets()).toEqual([{ state: 'pending' }])
    await verify(makeToken({ key }))
    expect(verify.keySets()).toEqual([{ state: 'unavailable', reason: 'http_status', lastFetch: { at: expect.any(Number), ok: false, status: 503, reason: 'http_status' } }])
  })

  it('several issuers → one status per issuer, named', () => {
    const verify = createVerifier({ ...options(key), jwks: new Map([['https://as.example', { keys: [key.jwk] }]]) })
    expect(verify.keySets()).toEqual([{ issuer: 'https://as.example', state: 'ready' }])
  })
})
