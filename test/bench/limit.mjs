/**
 * The yardsticks every candidate is measured against (test/bench/README.md):
 *
 * - `createMinVerifier`, "the limit": the least a complete WebCrypto verifier must do per token,
 *   written for speed and nothing else: split, atob + JSON.parse of header and payload, a Map
 *   from kid to an imported CryptoKey, alg match, exp/nbf/iss/aud, a table base64url decoder for
 *   the signature, TextEncoder, `crypto.subtle.verify`. No strictness beyond that, no result
 *   object, no options checking. Portable: runs in Node, Bun and Deno.
 * - `createNodeMinVerifier`: the same checks on `node:crypto` (Buffer base64url, a KeyObject and
 *   the synchronous `crypto.verify`), the ceiling of node:crypto libraries.
 * - `createFloor`: `crypto.subtle.verify` alone on bytes decoded beforehand: not a verifier, the
 *   price of the primitive.
 *
 * Each returns `verify(token)` that returns the payload or throws.
 */

const PARAMS = {
  RS256: { import: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, verify: { name: 'RSASSA-PKCS1-v1_5' } },
  ES256: { import: { name: 'ECDSA', namedCurve: 'P-256' }, verify: { name: 'ECDSA', hash: 'SHA-256' } },
}

const encoder = new TextEncoder()
const TABLE = new Uint8Array(128)
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
for (let i = 0; i < 64; i++) TABLE[ALPHABET.charCodeAt(i)] = i

function bytesOf(b64url) {
  const n = b64url.length
  const out = new Uint8Array((n * 3) >>> 2)
  let o = 0
  let i = 0
  for (; i + 4 <= n; i += 4) {
    const v = (TABLE[b64url.charCodeAt(i)] << 18) | (TABLE[b64url.charCodeAt(i + 1)] << 12) |
      (TABLE[b64url.charCodeAt(i + 2)] << 6) | TABLE[b64url.charCodeAt(i + 3)]
    out[o++] = v >> 16; out[o++] = (v >> 8) & 255; out[o++] = v & 255
  }
  if (n - i >= 2) {
    const v = (TABLE[b64url.charCodeAt(i)] << 18) | (TABLE[b64url.charCodeAt(i + 1)] << 12) |
      (n - i === 3 ? TABLE[b64url.charCodeAt(i + 2)] << 6 : 0)
    out[o++] = v >> 16
    if (n - i === 3) out[o++] = (v >> 8) & 255
  }
  return out
}

const jsonOf = (b64url) => JSON.parse(atob(b64url.replace(/-/g, '+').replace(/_/g, '/')))

function checkClaims(payload, issuer, audience) {
  const now = Date.now() / 1000
  if (typeof payload.exp !== 'number' || now >= payload.exp) throw new Error('exp')
  if (payload.nbf !== undefined && !(now >= payload.nbf)) throw new Error('nbf')
  if (payload.iss !== issuer) throw new Error('iss')
  const aud = payload.aud
  if (!(aud === audience || (Array.isArray(aud) && aud.includes(audience)))) throw new Error('aud')
}

const publicMembers = (jwk) => jwk.kty === 'RSA' ? { kty: 'RSA', n: jwk.n, e: jwk.e } : { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y }

/** The limit: a minimal complete WebCrypto verifier with a kid → CryptoKey map. */
export async function createMinVerifier({ jwks, issuer, audience }) {
  const keys = new Map()
  for (const jwk of jwks.keys) {
    const params = PARAMS[jwk.alg]
    keys.set(jwk.kid, { alg: jwk.alg, params: params.verify, key: await crypto.subtle.importKey('jwk', publicMembers(jwk), params.import, false, ['verify']) })
  }
  return async function verify(token) {
    const [h, p, s] = token.split('.')
    const header = jsonOf(h)
    const entry = keys.get(header.kid)
    if (entry === undefined || entry.alg !== header.alg) throw new Error('key')
    const payload = jsonOf(p)
    checkClaims(payload, issuer, audience)
    const ok = await crypto.subtle.verify(entry.params, entry.key, bytesOf(s), encoder.encode(token.slice(0, h.length + 1 + p.length)))
    if (!ok) throw new Error('signature')
    return payload
  }
}

/** The same verifier on node:crypto: Buffer base64url, KeyObjects, synchronous verify. */
export async function createNodeMinVerifier({ jwks, issuer, audience }) {
  const { createPublicKey, verify: nodeVerify } = await import('node:crypto')
  const { Buffer } = await import('node:buffer')
  const keys = new Map()
  for (const jwk of jwks.keys) {
    keys.set(jwk.kid, { alg: jwk.alg, key: createPublicKey({ key: publicMembers(jwk), format: 'jwk' }), ec: jwk.kty === 'EC' })
  }
  return function verify(token) {
    const [h, p, s] = token.split('.')
    const header = JSON.parse(Buffer.from(h, 'base64url').toString())
    const entry = keys.get(header.kid)
    if (entry === undefined || entry.alg !== header.alg) throw new Error('key')
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString())
    checkClaims(payload, issuer, audience)
    const data = Buffer.from(token.slice(0, h.length + 1 + p.length))
    const key = entry.ec ? { key: entry.key, dsaEncoding: 'ieee-p1363' } : entry.key
    if (!nodeVerify('sha256', data, key, Buffer.from(s, 'base64url'))) throw new Error('signature')
    return payload
  }
}

/**
 * The bare primitive: each token's signature and signing input decoded beforehand, so a call is a
 * Map lookup and the verify itself. `node` selects `node:crypto.verify` instead of WebCrypto.
 */
export async function createFloor({ jwks, tokens, alg, node = false }) {
  const jwk = jwks.keys.find((key) => key.alg === alg)
  const decoded = new Map()
  for (const token of tokens) {
    const dot = token.lastIndexOf('.')
    decoded.set(token, { signature: bytesOf(token.slice(dot + 1)), input: encoder.encode(token.slice(0, dot)) })
  }
  if (node) {
    const { createPublicKey, verify: nodeVerify } = await import('node:crypto')
    const keyObject = createPublicKey({ key: publicMembers(jwk), format: 'jwk' })
    const key = jwk.kty === 'EC' ? { key: keyObject, dsaEncoding: 'ieee-p1363' } : keyObject
    return (token) => {
      const entry = decoded.get(token)
      if (entry === undefined || !nodeVerify('sha256', entry.input, key, entry.signature)) throw new Error('signature')
      return true
    }
  }
  const params = PARAMS[alg]
  const key = await crypto.subtle.importKey('jwk', publicMembers(jwk), params.import, false, ['verify'])
  return async (token) => {
    const entry = decoded.get(token)
    if (entry === undefined || !(await crypto.subtle.verify(params.verify, key, entry.signature, entry.input))) throw new Error('signature')
    return true
  }
}
