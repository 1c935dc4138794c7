/**
 * `discoverJwks` against a real HTTP server on 127.0.0.1: OpenID Connect Discovery §4 first, then
 * the RFC 8414 §3 document, the exact issuer comparison of RFC 8414 §3.3, and the https rule for
 * both the issuer and the `jwks_uri` it names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVerifier, discoverJwks, verifyAccessToken } from '../src/index.js'
import { failure, generateKey, makeToken, options, validClaims, type TestKey } from './helpers.js'
import { closedPortUrl, delayed, json, raw, redirect, startServer, status, type Handler, type TestServer } from './http-server.js'

let server: TestServer
let key: TestKey
beforeAll(async () => {
  server = await startServer()
  key = generateKey('P-256', 'd1')
})
afterAll(() => server.close())

const OIDC = '/.well-known/openid-configuration'
const RFC8414 = '/.well-known/oauth-authorization-server'

let tenants = 0
/**
 * A fresh issuer `<origin>/t<n>` serving its key set at `<issuer>/jwks`, with `openid` and
 * `oauth` as the handlers of its two metadata documents (404 when left out).
 */
function tenant(handlers: { openid?: (issuer: string) => Handler; oauth?: (issuer: string) => Handler } = {}) {
  const path = `/t${++tenants}`
  const issuer = server.origin + path
  const jwksUri = server.route(`${path}/jwks`, json(() => ({ keys: [key.jwk] })))
  if (handlers.openid) server.route(`${path}${OIDC}`, handlers.openid(issuer))
  if (handlers.oauth) server.route(`${RFC8414}${path}`, handlers.oauth(issuer))
  return {
    issuer,
    jwksUri,
    requests: () => ({ openid: server.count(`${path}${OIDC}`), oauth: server.count(`${RFC8414}${path}`), jwks: server.count(`${path}/jwks`) }),
  }
}

/** Metadata naming `issuer` (the real one unless overridden) and the tenant's key set. */
const metadata = (fields: Record<string, unknown> = {}) => (issuer: string) =>
  json(() => ({ issuer, jwks_uri: `${issuer}/jwks`, token_endpoint: `${issuer}/token`, ...fields }))

const verifyAt = (issuer: string, jwks: Awaited<ReturnType<typeof discoverJwks>>) =>
  verifyAccessToken(makeToken({ key, claims: validClaims({ iss: issuer }) }), options(key, { jwks, issuer }))

/** Resolves to the rejection of `promise`, so tests can check its class and message. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a rejection')
}

describe('a discovery promise given as jwks', () => {
  it('discoverJwks(issuer) not awaited, passed as jwks → ok', async () => {
    const t = tenant({ openid: metadata() })
    const verify = createVerifier(options(key, { jwks: discoverJwks(t.issuer), issuer: t.issuer }))
    expect(await verify(makeToken({ key, claims: validClaims({ iss: t.issuer }) }))).toMatchObject({ ok: true })
    expect(t.requests()).toEqual({ openid: 1, oauth: 0, jwks: 1 })
  })

  it('a discovery that rejects, passed as jwks → signature/jwks_unavailable, never a throw', async () => {
    const t = tenant()
    const verify = createVerifier(options(key, { jwks: discoverJwks(t.issuer), issuer: t.issuer }))
    expect(await verify(makeToken({ key, claims: validClaims({ iss: t.issuer }) }))).toEqual(failure.signature('jwks_unavailable'))
  })
})

describe('finding the key set', () => {
  it('issuer with openid-configuration → its jwks_uri, fetched only when a token needs it → ok', async () => {
    const t = tenant({ openid: metadata() })
    const jwks = await discoverJwks(t.issuer)
    expect(jwks.url).toBe(t.jwksUri)
    expect(t.requests()).toEqual({ openid: 1, oauth: 0, jwks: 0 })
    expect(await verifyAt(t.issuer, jwks)).toMatchObject({ ok: true })
    expect(t.requests()).toEqual({ openid: 1, oauth: 0, jwks: 1 })
  })

  it('issuer without a path → /.well-known/openid-configuration at the origin → ok', async () => {
    const issuer = server.origin
    server.route(OIDC, metadata({ jwks_uri: server.route('/root-jwks', json(() => ({ keys: [key.jwk] }))) })(issuer))
    const jwks = await discoverJwks(issuer)
    expect(await verifyAt(issuer, jwks)).toMatchObject({ ok: true })
    expect(server.count(OIDC)).toBe(1)
  })

  it('issuer with a trailing slash → one slash before .well-known, issuer compared with its slash', async () => {
    const path = `/slash${++tenants}/`
    const issuer = server.origin + path
    server.route(`${path.slice(0, -1)}${OIDC}`, metadata({ jwks_uri: `${server.origin}/x/jwks` })(issuer))
    expect((await discoverJwks(issuer)).url).toBe(`${server.origin}/x/jwks`)
  })

  it.each([
    ['404', () => status(404)],
    ['500', () => status(500)],
    ['invalid JSON', () => raw('{"issuer":')],
    ['a 302 to valid metadata (not followed)', () => redirect(`${server.origin}/nowhere`)],
  ])('issuer with a path, openid-configuration %s → RFC 8414 document at /.well-known/oauth-authorization-server/<path>', async (_, openid) => {
    const t = tenant({ openid: () => openid(), oauth: metadata() })
    const jwks = await discoverJwks(t.issuer)
    expect(jwks.url).toBe(t.jwksUri)
    expect(t.requests()).toMatchObject({ openid: 1, oauth: 1 })
    expect(server.count('/nowhere')).toBe(0)
    expect(await verifyAt(t.issuer, jwks)).toMatchObject({ ok: true })
  })

  it('openid-configuration slower than the timeout → RFC 8414 document after the timeout', async () => {
    const t = tenant({ openid: (issuer) => delayed(3000, metadata()(issuer)), oauth: metadata() })
    const start = performance.now()
    const jwks = await discoverJwks(t.issuer, { timeout: 300 })
    const ms = performance.now() - start
    expect(jwks.url).toBe(t.jwksUri)
    expect(ms).toBeGreaterThanOrEqual(280)
    expect(ms).toBeLessThan(2000)
  })

  it('options → apply to the discovered set: headers on every request, its timeout on the key set', async () => {
    const t = tenant({ openid: metadata() })
    server.route(new URL(t.jwksUri).pathname, delayed(3000, json(() => ({ keys: [key.jwk] }))))
    const jwks = await discoverJwks(t.issuer, { timeout: 300, headers: { 'x-tenant': 'blue' } })
    const start = performance.now()
    expect(await verifyAt(t.issuer, jwks)).toEqual(failure.signature('jwks_unavailable'))
    expect(performance.now() - start).toBeLessThan(2000)
    expect(server.headers(new URL(t.jwksUri).pathname)).toMatchObject({ 'x-tenant': 'blue' })
    expect(server.headers(new URL(t.issuer + OIDC).pathname)).toMatchObject({ 'x-tenant': 'blue' })
  })
})

describe('rejections', () => {
  it.each([
    ['with a trailing slash added', (issuer: string) => `${issuer}/`],
    ['in upper case', (issuer: string) => issuer.toUpperCase()],
    ['of another tenant', (issuer: string) => `${issuer}-evil`],
    ['as a number', () => 1],
  ])('openid-configuration naming the issuer %s → rejects, without trying RFC 8414', async (_, other) => {
    const t = tenant({ openid: (issuer) => metadata({ issuer: other(issuer) })(issuer), oauth: metadata() })
    const error = await rejection(discoverJwks(t.issuer))
    expect(error.constructor).toBe(Error)
    expect(error.message).toMatch(/different issuer/)
    // Security: metadata that names another issuer is an attack, not a missing document.
    expect(t.requests()).toEqual({ openid: 1, oauth: 0, jwks: 0 })
  })

  it('RFC 8414 document naming another issuer → rejects', async () => {
    const t = tenant({ oauth: (issuer) => metadata({ issuer: 'https://evil.example' })(issuer) })
    expect((await rejection(discoverJwks(t.issuer))).message).toMatch(/different issuer/)
  })

  it.each([
    ['no jwks_uri', { jwks_uri: undefined }],
    ['a jwks_uri that is a number', { jwks_uri: 42 }],
    ['a jwks_uri that is an array', { jwks_uri: ['https://as.example/jwks'] }],
  ])('metadata with %s → rejects', async (_, fields) => {
    const t = tenant({ openid: metadata(fields) })
    const error = await rejection(discoverJwks(t.issuer))
    expect(error.constructor).toBe(Error)
    expect(error.message).toMatch(/jwks_uri/)
  })

  it.each([
    ['over http: to a remote host', 'http://as.example/jwks'],
    ['that is not a URL', 'jwks'],
  ])('metadata with a jwks_uri %s → rejects', async (_, jwksUri) => {
    const t = tenant({ openid: metadata({ jwks_uri: jwksUri }) })
    expect(await rejection(discoverJwks(t.issuer))).toBeInstanceOf(Error)
  })

  it('no metadata at either document → rejects after one request to each', async () => {
    const t = tenant()
    const error = await rejection(discoverJwks(t.issuer))
    expect(error.constructor).toBe(Error)
    expect(error.message).toMatch(/no issuer metadata/)
    expect(t.requests()).toEqual({ openid: 1, oauth: 1, jwks: 0 })
  })

  it('issuer on a closed port → rejects fast', async () => {
    const issuer = (await closedPortUrl('/tenant')).toString()
    const start = performance.now()
    expect((await rejection(discoverJwks(issuer, { timeout: 4000 }))).message).toMatch(/no issuer metadata/)
    expect(performance.now() - start).toBeLessThan(1500)
  })

  it.each([
    ['over http: to a remote host', 'http://as.example'],
    ['that is not a URL', 'as.example'],
  ])('issuer %s → rejects with TypeError', async (_, issuer) => {
    expect(await rejection(discoverJwks(issuer))).toBeInstanceOf(TypeError)
  })
})
