/**
 * Prototype pollution: a bug in some other dependency sets a member on `Object.prototype` while a
 * verifier is created or a token verified. The library reads caller objects by own property (or a
 * class's own prototype, never `Object.prototype`) and compares `ok` with `===`, so no verdict and
 * no key set may change. Each case pollutes, creates the verifiers, verifies every token, removes
 * the pollution, verifies again, and compares every verdict with the clean run.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createRemoteJwks, createVerifier, verifyAccessToken, type VerifyOptions, type VerifyResult } from '../src/index.js'
import { AUDIENCE, ISSUER, generateKey, makeToken, options, validClaims, type TestKey } from './helpers.js'

let key: TestKey
let attacker: TestKey
// Tokens are made before any pollution: the test's own helpers read options through the prototype.
const made: Record<string, unknown> = {}
beforeAll(() => {
  key = generateKey('P-256', 'k1')
  attacker = generateKey('P-256', 'evil')
  for (const [name, make] of Object.entries(tokens)) made[name] = make()
})

const OTHER = 'https://other.example'
const legit = () => ({ keys: [key.jwk] })

/** The ways a verifier is configured: each is created while the prototype is polluted. */
const configurations: Record<string, () => VerifyOptions> = {
  'a static set': () => options(key, { scopes: 'read' }),
  'a plain-object issuer map': () => options(key, { jwks: { [ISSUER]: legit(), [OTHER]: legit() }, issuer: [ISSUER, OTHER], scopes: 'read' }),
  'a Map by issuer': () => options(key, { jwks: new Map([[ISSUER, legit()]]), scopes: 'read' }),
  'a promise of a set': () => options(key, { jwks: Promise.resolve(legit()), scopes: 'read' }),
  'a remote set': () => options(key, {
    scopes: 'read', jwks: createRemoteJwks('https://as.example/jwks', { fetch: async () => Response.json(legit()) }),
  }),
}

/** Tokens whose verdicts must not move: valid, forged by the attacker, and broken in each step. */
const tokens: Record<string, () => unknown> = {
  'a valid token': () => makeToken({ key }),
  'a token signed by the attacker with its own kid': () => makeToken({ key: attacker }),
  'a token signed by the attacker without kid': () => makeToken({ key: attacker, header: { kid: undefined } }),
  'an unsigned header-only token': () => 'eyJhbGciOiJFUzI1NiJ9.e30.',
  'an alg none token': () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(validClaims())).toString('base64url')}.`,
  'an expired token': () => makeToken({ key, claims: validClaims({ exp: 1 }) }),
  'a token for another audience': () => makeToken({ key, claims: validClaims({ aud: 'https://elsewhere.example' }) }),
  'a token without scope': () => makeToken({ key, claims: validClaims({ scope: undefined }) }),
  'a token without exp': () => makeToken({ key, claims: validClaims({ exp: undefined }) }),
  'a token without iss': () => makeToken({ key, claims: validClaims({ iss: undefined }) }),
  'not a string': () => ({ ok: true }),
  'a DPoP-bound token, without its proof': () => makeToken({ key, claims: validClaims({ cnf: { jkt: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs' } }) }),
  'a certificate-bound token, without its certificate': () => makeToken({ key, claims: validClaims({ cnf: { 'x5t#S256': 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs' } }) }),
}

/** What the prototype gets: values chosen to turn each read into the attacker's answer. */
const pollutions: Record<string, () => unknown> = {
  ok: () => true,
  claims: () => ({ sub: 'admin' }),
  header: () => ({ alg: 'ES256' }),
  scopes: () => ['read', 'admin'],
  keys: () => [attacker.jwk],
  jwks: () => ({ keys: [attacker.jwk] }),
  kty: () => 'EC',
  crv: () => 'P-256',
  x: () => attacker.jwk['x'],
  y: () => attacker.jwk['y'],
  kid: () => 'evil',
  alg: () => 'ES256',
  use: () => 'sig',
  key_ops: () => ['verify'],
  d: () => undefined,
  scope: () => 'read admin',
  aud: () => AUDIENCE,
  iss: () => ISSUER,
  exp: () => 4_102_444_800,
  typ: () => 'at+jwt',
  issuer: () => [ISSUER, OTHER],
  audience: () => AUDIENCE,
  algorithms: () => ['ES256', 'RS256'],
  maxTokenLength: () => 1,
  source: () => ({ candidates: () => ({ ok: true, keys: [] }) }),
  candidates: () => () => ({ ok: true, keys: [] }),
  step: () => 'scopes',
  code: () => 'insufficient_scope',
  reason: () => 'key_rejected',
  // Sender-constrained tokens: nothing inherited may waive a binding or supply a proof.
  acceptBoundTokensAsBearer: () => true,
  dpop: () => ({ proof: 'x.y.z', method: 'GET', url: 'https://api.example/' }),
  clientCertificate: () => 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
  cnf: () => ({}),
  jkt: () => 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
  'x5t#S256': () => 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
  replayStore: () => ({ add: () => true }),
  nonce: () => ({ current: () => 'n', check: () => true }),
  confirmation: () => 'jkt',
  // A function-valued `then` during verification would hijack every promise in the process
  // (the test runner's too); polluted with a non-function there, and with a function at creation.
  then: () => 1,
  [String(Symbol.for('verify-access-token.keySource'))]: () => ({ candidates: () => ({ ok: true, keys: [] }) }),
}

const polluted: PropertyKey[] = []
function pollute(name: PropertyKey, value: unknown): void {
  // As a pollution bug would: an ordinary, enumerable, writable member of Object.prototype.
  Object.defineProperty(Object.prototype, name, { value, enumerable: true, writable: true, configurable: true })
  polluted.push(name)
}
function cleanUp(): void {
  for (const name of polluted.splice(0)) delete (Object.prototype as Record<PropertyKey, unknown>)[name]
}
afterEach(cleanUp)

/** The verdict only: ok, step, code and reason, so a moved verdict is visible in the diff. */
function verdict(result: VerifyResult | Error): string {
  if (result instanceof Error) return `${result.name}`
  return JSON.stringify(result.ok === true ? { ok: true, scopes: result.scopes, sub: result.claims.sub } : { step: result.step, code: result.code })
}

async function verdicts(make: () => Record<string, (token: unknown) => Promise<VerifyResult>>) {
  const out: Record<string, string> = {}
  const verifiers = make()
  for (const [name, verify] of Object.entries(verifiers)) {
    for (const [tokenName, token] of Object.entries(made)) {
      out[`${name} / ${tokenName}`] = verdict(await verify(token).catch((error: Error) => error))
    }
  }
  return out
}

const verifiersOf = () => Object.fromEntries(Object.entries(configurations).map(([name, configure]) => {
  const verifier = createVerifier(configure())
  return [name, (token: unknown) => verifier(token)]
}))
const oneShotsOf = () => Object.fromEntries(Object.entries(configurations).map(([name, configure]) => {
  const settings = configure()
  return [`one-shot with ${name}`, (token: unknown) => verifyAccessToken(token, settings)]
}))

describe('Object.prototype polluted around creation and verification', () => {
  it('control: the clean verdicts → valid token ok, every other token refused', async () => {
    const clean = await verdicts(verifiersOf)
    for (const [name, result] of Object.entries(clean)) {
      expect(result.startsWith('{"ok":true'), name).toBe(name.endsWith('/ a valid token'))
    }
  })

  it.each(Object.keys(pollutions))('Object.prototype.%s set → every verdict unchanged, during and after', async (name) => {
    const clean = { ...await verdicts(verifiersOf), ...await verdicts(oneShotsOf) }
    const value = pollutions[name]!()
    const symbol = name.startsWith('Symbol(') ? Symbol.for('verify-access-token.keySource') : name
    pollute(symbol, value)
    let verifiers: ReturnType<typeof verifiersOf>
    try {
      verifiers = verifiersOf()
    } catch (error) {
      throw new Error(`creating a verifier threw under pollution of ${name}: ${String(error)}`)
    }
    const during: Record<string, string> = {}
    for (const [vName, verify] of Object.entries(verifiers)) {
      for (const [tokenName, token] of Object.entries(made)) {
        during[`${vName} / ${tokenName}`] = verdict(await verify(token).catch((error: Error) => error))
      }
    }
    Object.assign(during, await verdicts(oneShotsOf))
    cleanUp()
    // Created under pollution, verified after it is gone: nothing was captured from the prototype.
    const after: Record<string, string> = {}
    for (const [vName, verify] of Object.entries(verifiers)) {
      for (const [tokenName, token] of Object.entries(made)) {
        after[`${vName} / ${tokenName}`] = verdict(await verify(token))
      }
    }
    expect(during).toEqual(clean)
    expect(after).toEqual(Object.fromEntries(Object.entries(clean).filter(([k]) => !k.startsWith('one-shot'))))
  })

  it('Object.prototype.then a getter while a verifier of a static set is created → never read', () => {
    // Only own members (and a class's) count: the set given as data is not asked for a then at all,
    // so a polluted then could not even be looked at, let alone called as a promise's.
    const jwks = { keys: [key.jwk] }
    const askedOf: unknown[] = []
    Object.defineProperty(Object.prototype, 'then', { get() { askedOf.push(this); return undefined }, configurable: true })
    polluted.push('then')
    createVerifier(options(key, { jwks }))
    cleanUp()
    expect(askedOf).toEqual([])
  })

  it('Object.prototype.then a function while verifiers are created → no set read as a promise, verdicts unchanged', async () => {
    const clean = await verdicts(verifiersOf)
    // The options are made before: a promise the caller makes under this pollution is the caller's.
    const settings = Object.entries(configurations).map(([name, configure]) => [name, configure()] as const)
    pollute('then', function then(this: unknown, resolve: (value: unknown) => void) {
      resolve({ keys: [attacker.jwk] })
    })
    const verifiers = Object.fromEntries(settings.map(([name, options]) => [name, createVerifier(options)]))
    cleanUp()
    const after: Record<string, string> = {}
    for (const [vName, verify] of Object.entries(verifiers)) {
      for (const [tokenName, token] of Object.entries(made)) after[`${vName} / ${tokenName}`] = verdict(await verify(token))
    }
    expect(after).toEqual(clean)
  })

  it('Object.prototype.ok = true, header-only token eyJhbGciOiJFUzI1NiJ9.e30. → ok false', async () => {
    pollute('ok', true)
    const result = await createVerifier(options(key))('eyJhbGciOiJFUzI1NiJ9.e30.')
    expect(Object.hasOwn(result, 'ok')).toBe(true)
    expect(result.ok).toBe(false)
    expect(result).not.toHaveProperty('unverifiedPayload')
  })

  it('Object.prototype.keys = [attacker JWK] while a plain-object issuer map is read → attacker token refused, then and after', async () => {
    const forged = makeToken({ key: attacker })
    const valid = makeToken({ key })
    pollute('keys', [attacker.jwk])
    const verify = createVerifier(configurations['a plain-object issuer map']!())
    expect((await verify(forged)).ok).toBe(false)
    cleanUp()
    expect((await verify(forged)).ok).toBe(false)
    expect(await verify(valid)).toMatchObject({ ok: true })
  })
})
