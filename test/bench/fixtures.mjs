/**
 * Benchmark fixtures, made fresh for each run with node:crypto (never with a candidate): an RSA
 * 2048 (e = 65537) and a P-256 key, a JWKS with both public keys, Auth0-shaped access tokens that
 * differ in `sub` and `iat`, the six negatives every candidate must reject before it is timed,
 * and three kinds of tokens to reject (unknown kid, alg not allowed, header not JSON). Node only;
 * the result is plain JSON so that Bun and Deno children read the very same tokens.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto'

export const ISSUER = 'https://bench-tenant.us.auth0.com/'
export const AUDIENCE = 'https://api.bench.example.com/'

const b64url = (value) => Buffer.from(value).toString('base64url')
const TEN_YEARS = 10 * 365 * 86400

/** RFC 7638 thumbprint, truncated: the kid style of most issuers. */
function thumbprint(jwk) {
  const members = jwk.kty === 'RSA' ? { e: jwk.e, kty: jwk.kty, n: jwk.n } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url').slice(0, 16)
}

function keyPair(alg) {
  const pair = alg === 'RS256'
    ? generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const jwk = pair.publicKey.export({ format: 'jwk' })
  return { privateKey: pair.privateKey, jwk: { ...jwk, kid: thumbprint(jwk), alg, use: 'sig' }, pem: pair.publicKey.export({ type: 'spki', format: 'pem' }) }
}

function signToken(header, payload, privateKey, alg) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`
  const signature = sign('sha256', Buffer.from(input), alg === 'ES256' ? { key: privateKey, dsaEncoding: 'ieee-p1363' } : privateKey)
  return `${input}.${b64url(signature)}`
}

function claims(i, now, overrides = {}) {
  const iat = now - 60 - i
  return {
    iss: ISSUER,
    sub: `auth0|${createHash('sha256').update(String(i)).digest('hex').slice(0, 24)}`,
    aud: [AUDIENCE, 'https://bench-tenant.us.auth0.com/userinfo'],
    iat,
    exp: iat + TEN_YEARS,
    azp: 'bJ4mQ0pN7xVzR2sT9uW1yA3cE5gI6kLo',
    scope: 'read:calendar write:calendar',
    permissions: ['read:calendar', 'write:calendar'],
    ...overrides,
  }
}

/** One character of a base64url segment changed, away from the end (whose low bits are unused). */
function flip(segment) {
  const i = segment.length >> 1
  return segment.slice(0, i) + (segment[i] === 'A' ? 'B' : 'A') + segment.slice(i + 1)
}

/**
 * @param {{ count: number, rejects: number }} sizes distinct valid tokens, and tokens of each reject kind, per algorithm
 */
export function makeFixtures({ count, rejects }) {
  const now = Math.floor(Date.now() / 1000)
  const algs = {}
  const keys = []
  for (const alg of ['RS256', 'ES256']) {
    const key = keyPair(alg)
    const other = keyPair(alg)
    keys.push(key.jwk)
    const header = { alg, typ: 'JWT', kid: key.jwk.kid }
    const make = (i, overrides) => signToken(header, claims(i, now, overrides), key.privateKey, alg)
    const tokens = Array.from({ length: count }, (_, i) => make(i))
    const valid = tokens[0]
    const [h, p, s] = valid.split('.')
    const negatives = {
      'tampered signature': `${h}.${p}.${flip(s)}`,
      'tampered payload': `${h}.${b64url(JSON.stringify(claims(0, now, { sub: 'auth0|someone-else' })))}.${s}`,
      'wrong key': signToken(header, claims(0, now), other.privateKey, alg),
      'wrong aud': make(0, { aud: 'https://other-api.example.com/' }),
      'wrong iss': make(0, { iss: 'https://evil.example.com/' }),
      expired: make(0, { iat: now - 7200, exp: now - 3600 }),
    }
    const signatureOf = (i) => tokens[i % count].split('.')[2]
    const payloadOf = (i) => b64url(JSON.stringify(claims(count + i, now)))
    const reject = {
      // Well formed and signed, but with a kid the key set does not have (a random-kid storm).
      'unknown kid': Array.from({ length: rejects }, (_, i) => signToken({ ...header, kid: randomBytes(12).toString('base64url') }, claims(count + i, now), key.privateKey, alg)),
      // The classic confusion attempt: HS256 over the public key; never in an allow-list here.
      'alg not allowed': Array.from({ length: rejects }, (_, i) => `${b64url(JSON.stringify({ ...header, alg: 'HS256' }))}.${payloadOf(i)}.${b64url(randomBytes(32))}`),
      // A header cut short: base64url, but not JSON.
      'header not JSON': Array.from({ length: rejects }, (_, i) => `${b64url(`{"alg":"${alg}","typ":"JWT","kid":"${key.jwk.kid}"`)}.${payloadOf(i)}.${signatureOf(i)}`),
    }
    algs[alg] = { kid: key.jwk.kid, pem: key.pem, tokens, valid, negatives, reject }
  }
  return { issuer: ISSUER, audience: AUDIENCE, now, jwks: { keys }, algs }
}
