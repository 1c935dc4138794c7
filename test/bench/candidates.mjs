/**
 * The candidates, portable (Node, Bun, Deno): this library, the yardsticks of ./limit.mjs, and
 * the peers, each configured for the same job: verify against the fixtures' JWKS (or, for peers
 * that take one key, that key) with iss, aud and exp checked. `setup(ctx)` returns
 * `verify(token)`, which returns or resolves to something truthy (for this library a result
 * with `ok: true`) when the token is accepted, and throws, rejects or answers falsy or
 * `{ ok: false }` when it is not. Where a peer checks less than the others (kid, iss, aud), its
 * wrapper adds the check, so nobody is faster for checking less.
 */
import { createFloor, createMinVerifier, createNodeMinVerifier } from './limit.mjs'

export const OURS = 'verify-access-token (createVerifier)'
export const OURS_ONE_SHOT = 'verify-access-token (verifyAccessToken, same options)'
export const OURS_CACHE = 'verify-access-token (createVerifier, cache on)'
export const LIMIT = 'limit: minimal WebCrypto verifier'
export const NODE_LIMIT = 'limit: minimal node:crypto verifier'
export const JOSE = 'jose (createLocalJWKSet)'
export const FAST_JWT = 'fast-jwt (cache off)'
export const FAST_JWT_CACHE = 'fast-jwt (cache on)'
export const JSONWEBTOKEN = 'jsonwebtoken (KeyObject)'

const ours = () => import('../../dist/index.js')
const commonJs = async (name) => {
  const module = await import(name)
  return module.default ?? module
}
const subtleParams = (alg) => alg === 'RS256'
  ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
  : { name: 'ECDSA', namedCurve: 'P-256' }
const publicMembers = (jwk) => jwk.kty === 'RSA' ? { kty: 'RSA', n: jwk.n, e: jwk.e } : { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y }
const jwkOf = (ctx) => ctx.fixtures.jwks.keys.find((key) => key.alg === ctx.alg)
const options = (ctx) => ({ jwks: ctx.fixtures.jwks, issuer: ctx.fixtures.issuer, audience: ctx.fixtures.audience })

/**
 * @typedef {object} Candidate
 * @property {string} name
 * @property {'ours' | 'limit' | 'floor' | 'peer'} kind floors are not verifiers and are not validated
 * @property {'webcrypto' | 'node:crypto'} backend
 * @property {boolean} sync
 * @property {(ctx: { fixtures: any, alg: 'RS256' | 'ES256', awsWebBuild?: string }) => Promise<(token: string) => unknown>} setup
 * @property {boolean} [nodeOnly] needs a file only the Node parent prepares
 */

/** @type {Candidate[]} */
export const CANDIDATES = [
  {
    name: 'floor: crypto.subtle.verify alone', kind: 'floor', backend: 'webcrypto', sync: false,
    setup: (ctx) => createFloor({ jwks: ctx.fixtures.jwks, tokens: ctx.fixtures.algs[ctx.alg].tokens, alg: ctx.alg }),
  },
  {
    name: 'floor: node:crypto verify alone', kind: 'floor', backend: 'node:crypto', sync: true,
    setup: (ctx) => createFloor({ jwks: ctx.fixtures.jwks, tokens: ctx.fixtures.algs[ctx.alg].tokens, alg: ctx.alg, node: true }),
  },
  { name: LIMIT, kind: 'limit', backend: 'webcrypto', sync: false, setup: (ctx) => createMinVerifier(options(ctx)) },
  { name: NODE_LIMIT, kind: 'limit', backend: 'node:crypto', sync: true, setup: (ctx) => createNodeMinVerifier(options(ctx)) },
  {
    name: OURS, kind: 'ours', backend: 'webcrypto', sync: false,
    setup: async (ctx) => (await ours()).createVerifier(options(ctx)),
  },
  {
    name: OURS_ONE_SHOT, kind: 'ours', backend: 'webcrypto', sync: false,
    setup: async (ctx) => {
      const { verifyAccessToken } = await ours()
      const same = options(ctx)
      return (token) => verifyAccessToken(token, same)
    },
  },
  {
    name: OURS_CACHE, kind: 'ours', backend: 'webcrypto', sync: false,
    setup: async (ctx) => (await ours()).createVerifier({ ...options(ctx), cache: { entries: 1000 } }),
  },
  {
    name: JOSE, kind: 'peer', backend: 'webcrypto', sync: false,
    setup: async (ctx) => {
      const { createLocalJWKSet, jwtVerify } = await import('jose')
      const jwks = createLocalJWKSet(ctx.fixtures.jwks)
      const settings = { issuer: ctx.fixtures.issuer, audience: ctx.fixtures.audience, algorithms: ['RS256', 'ES256'] }
      return (token) => jwtVerify(token, jwks, settings)
    },
  },
  {
    name: 'aws-jwt-verify (web build)', kind: 'peer', backend: 'webcrypto', sync: false, nodeOnly: true,
    setup: async (ctx) => {
      const { JwtVerifier } = await import(ctx.awsWebBuild)
      const verifier = JwtVerifier.create({ issuer: ctx.fixtures.issuer, audience: ctx.fixtures.audience, jwksUri: `${ctx.fixtures.issuer}.well-known/jwks.json` })
      verifier.cacheJwks(ctx.fixtures.jwks)
      return (token) => verifier.verify(token)
    },
  },
  {
    name: 'aws-jwt-verify (node build)', kind: 'peer', backend: 'node:crypto', sync: false,
    setup: async (ctx) => {
      const { JwtVerifier } = await commonJs('aws-jwt-verify')
      const verifier = JwtVerifier.create({ issuer: ctx.fixtures.issuer, audience: ctx.fixtures.audience, jwksUri: `${ctx.fixtures.issuer}.well-known/jwks.json` })
      verifier.cacheJwks(ctx.fixtures.jwks)
      return (token) => verifier.verify(token)
    },
  },
  {
    name: 'hono (CryptoKey, one key)', kind: 'peer', backend: 'webcrypto', sync: false,
    setup: async (ctx) => {
      const { Jwt } = await import('hono/utils/jwt')
      const key = await crypto.subtle.importKey('jwk', publicMembers(jwkOf(ctx)), subtleParams(ctx.alg), false, ['verify'])
      const settings = { alg: ctx.alg, iss: ctx.fixtures.issuer, aud: ctx.fixtures.audience }
      return (token) => Jwt.verify(token, key, settings)
    },
  },
  {
    name: 'cf-worker-jwt (CryptoKey, one key)', kind: 'peer', backend: 'webcrypto', sync: false,
    setup: async (ctx) => {
      const jwt = await import('@tsndr/cloudflare-worker-jwt')
      const key = await crypto.subtle.importKey('jwk', publicMembers(jwkOf(ctx)), subtleParams(ctx.alg), false, ['verify'])
      const { issuer, audience } = ctx.fixtures
      const kid = jwkOf(ctx).kid
      const settings = { algorithm: ctx.alg, throwError: true }
      // It checks neither kid nor iss nor aud: the wrapper does, on what it returns.
      return async (token) => {
        const { header, payload } = await jwt.verify(token, key, settings)
        const aud = payload.aud
        if (header.kid !== kid || payload.iss !== issuer || !(aud === audience || (Array.isArray(aud) && aud.includes(audience)))) throw new Error('claims')
        return payload
      }
    },
  },
  {
    name: FAST_JWT, kind: 'peer', backend: 'node:crypto', sync: true,
    setup: async (ctx) => {
      const { createVerifier } = await commonJs('fast-jwt')
      return createVerifier({ key: ctx.fixtures.algs[ctx.alg].pem, algorithms: [ctx.alg], allowedIss: ctx.fixtures.issuer, allowedAud: ctx.fixtures.audience })
    },
  },
  {
    name: FAST_JWT_CACHE, kind: 'peer', backend: 'node:crypto', sync: true,
    setup: async (ctx) => {
      const { createVerifier } = await commonJs('fast-jwt')
      return createVerifier({ key: ctx.fixtures.algs[ctx.alg].pem, algorithms: [ctx.alg], allowedIss: ctx.fixtures.issuer, allowedAud: ctx.fixtures.audience, cache: true })
    },
  },
  {
    name: JSONWEBTOKEN, kind: 'peer', backend: 'node:crypto', sync: true,
    setup: async (ctx) => {
      const jwt = await commonJs('jsonwebtoken')
      const { createPublicKey } = await import('node:crypto')
      const key = createPublicKey(ctx.fixtures.algs[ctx.alg].pem)
      const settings = { algorithms: [ctx.alg], issuer: ctx.fixtures.issuer, audience: ctx.fixtures.audience }
      return (token) => jwt.verify(token, key, settings)
    },
  },
]

export const byName = (name) => CANDIDATES.find((candidate) => candidate.name === name)

/** Whether a candidate accepted a token, from whatever its `verify` returned or threw. */
export async function accepts(verify, token) {
  try {
    const value = await verify(token)
    return value !== undefined && value !== null && value !== false && value.ok !== false
  } catch {
    return false
  }
}

/**
 * The contract check run before any timing: the valid token accepted, the six negatives
 * rejected. Returns the problems; an empty list means the candidate may be timed.
 */
export async function validate(verify, algFixtures) {
  const problems = []
  if (!(await accepts(verify, algFixtures.valid))) problems.push('rejected the valid token')
  for (const [name, token] of Object.entries(algFixtures.negatives)) {
    if (await accepts(verify, token)) problems.push(`accepted: ${name}`)
  }
  return problems
}

/**
 * Sets up and validates the named candidates for one algorithm. Returns the usable ones and the
 * excluded ones with the reason (a setup error or a failed contract check).
 */
export async function prepare(names, ctx) {
  const ready = []
  const excluded = []
  for (const name of names) {
    const candidate = byName(name)
    try {
      const verify = await candidate.setup(ctx)
      const problems = candidate.kind === 'floor' ? [] : await validate(verify, ctx.fixtures.algs[ctx.alg])
      if (problems.length > 0) excluded.push({ name, reason: problems.join('; ') })
      else ready.push({ ...candidate, verify })
    } catch (error) {
      excluded.push({ name, reason: `setup failed: ${error?.message ?? error}` })
    }
  }
  return { ready, excluded }
}
