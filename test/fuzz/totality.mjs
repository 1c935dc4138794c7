// @ts-check
/**
 * Totality cases: input no issuer would send. Arbitrary strings, dot-joined segments, values that
 * are not strings, random octets and JSON signed by a configured key, key sets full of junk, and
 * remote key-set endpoints answering junk. The library must answer each with a result (never a
 * throw, never an unhandled rejection), a failure unless the real key was there to verify with.
 */
import { ALGORITHMS_OF } from './keys.mjs'
import { AUDIENCES, b64url, ISSUERS, jsonText, jsonValue, NOW, put, signSegments } from './tokens.mjs'

/** @typedef {import('./random.mjs').Random} Random */
/** @typedef {import('./keys.mjs').BaseKey} BaseKey */
/** @typedef {import('./keys.mjs').Jwk} Jwk */

/**
 * What a totality case asks: a token, and the key set to verify it with (absent: the fixed set).
 * @typedef {object} TotalityCase
 * @property {string} kind
 * @property {unknown} token
 * @property {{ keys: unknown[] }} [jwks] a key set given as data
 * @property {(input: string, init: RequestInit) => Promise<Response>} [fetch] a remote key set's endpoint
 * @property {unknown[]} [served] the keys of that set or endpoint: only the signer's own key among them may verify
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** @param {Random} r @param {number} length */
function anyString(r, length) {
  let out = ''
  for (let i = 0; i < length; i++) {
    out += r.weighted([
      [4, () => r.pick([...ALPHABET, '.', '.', '=', '+', '/', ' '])],
      [1, () => String.fromCharCode(r.int(0x80))],
      [1, () => String.fromCharCode(r.int(0x10000))], // lone surrogates included
    ])()
  }
  return out
}

/** @param {Random} r */
function segment(r) {
  return r.weighted([
    [3, () => anyString(r, r.int(40)).replace(/\./g, '')],
    [3, () => b64url(JSON.stringify(jsonValue(r)) ?? 'null')],
    [2, () => b64url(r.bytes(r.int(80)))],
    [1, () => r.pick(['', 'e30', 'eyJhbGciOiJub25lIn0', 'eyJhbGciOiJFUzI1NiJ9', 'bnVsbA'])],
  ])()
}

/** Values that are not strings, including ones that throw when touched. */
function notAString(/** @type {Random} */ r, /** @type {string} */ token) {
  return r.pick([
    () => undefined, () => null, () => 0, () => NaN, () => 1n, () => true, () => Symbol('token'), () => ({}), () => [],
    () => [token], () => new String(token), () => Buffer.from(token), () => new TextEncoder().encode(token),
    () => ({ toString: () => token }), () => () => token,
    () => new Proxy({}, { get() { throw new Error('trap') }, getPrototypeOf() { throw new Error('trap') }, ownKeys() { throw new Error('trap') } }),
    () => Promise.resolve(token),
  ])()
}

/**
 * A JWK-shaped value: a real public JWK with members dropped, retyped or garbled, or any JSON.
 * @param {Random} r
 * @param {Jwk} real
 * @returns {unknown}
 */
function junkJwk(r, real) {
  if (r.chance(0.2)) return jsonValue(r)
  /** @type {Jwk} */
  const jwk = { ...real }
  for (let i = r.between(1, 4); i > 0; i--) {
    const names = [...Object.keys(jwk), 'kty', 'crv', 'n', 'e', 'x', 'y', 'kid', 'alg', 'use', 'key_ops', 'd', 'k', 'ext', '__proto__', 'oth']
    const name = r.pick(names)
    r.pick([
      () => { delete jwk[name] },
      () => put(jwk, name, jsonValue(r, 2)),
      () => { const v = jwk[name]; if (typeof v === 'string' && v.length > 0) { const at = r.int(v.length); jwk[name] = v.slice(0, at) + r.pick([...ALPHABET, '=', '+', ' ']) + v.slice(at + 1) } },
      () => { jwk[name] = r.pick(['RSA', 'EC', 'OKP', 'oct', 'P-256', 'P-384', 'P-521', 'Ed25519', 'Ed448', 'X25519', 'secp256k1', 'AQAB', 'AA', '', 'sig', 'enc']) },
      () => { jwk[name] = r.pick([['verify'], ['sign'], [], ['verify', 'verify'], 'verify']) },
    ])()
  }
  return jwk
}

/**
 * A fetch that answers with a random status, headers and body, or fails.
 * @param {Random} r
 * @param {string} body a body holding a key set, for the statuses that send one
 * @returns {(input: string, init: RequestInit) => Promise<Response>}
 */
function junkFetch(r, body) {
  const status = r.pick([200, 200, 200, 200, 201, 203, 204, 304, 400, 404, 429, 500, 503, 302])
  /** @type {Record<string, string>} */
  const headers = {}
  if (r.chance(0.5)) headers['cache-control'] = r.pick(['max-age=0', 'no-store', 'max-age=abc', 'max-age=99999999999', 'max-age="5"', '', 'private, max-age=60', 'no-cache, max-age=5'])
  if (r.chance(0.3)) headers['retry-after'] = r.pick(['0', '-1', 'abc', '999999999999', 'Wed, 21 Oct 2015 07:28:00 GMT', '1', '3', 'Fri, 31 Dec 9999 23:59:59 GMT'])
  if (r.chance(0.2)) headers['content-type'] = r.pick(['text/html', 'application/json', 'application/jwk-set+json'])
  const noBody = status === 204 || status === 304
  const text = r.weighted([
    [6, body],
    [2, JSON.stringify(jsonValue(r))],
    [1, anyString(r, r.int(200))],
    [1, ''],
    [0.3, `{"keys":[${' '.repeat(600_000)}]}`],
  ])
  return r.weighted([
    [10, async () => new Response(noBody ? null : text, { status, headers })],
    [1, async () => { throw new TypeError('fetch failed') }],
    [1, () => { throw new Error('synchronous failure') }],
    [0.5, async () => /** @type {Response} */ (/** @type {unknown} */ ({ ok: true, status: 200, body: null, headers: new Headers() }))],
    [0.5, async () => new Response(new ReadableStream({ start(controller) { controller.enqueue(new TextEncoder().encode('{"keys":[')); controller.error(new Error('reset')) } }), { status: 200 })],
  ])
}

/**
 * One totality case. `signer` and `signerJwk` are a configured key and its public JWK.
 * @param {Random} r
 * @param {BaseKey} signer
 * @param {Jwk} signerJwk
 * @returns {TotalityCase}
 */
export function makeTotalityCase(r, signer, signerJwk) {
  const alg = r.pick(ALGORITHMS_OF[signer.kind])
  const valid = () => signSegments(signer, alg, b64url(jsonText({ alg, kid: signerJwk.kid })), b64url(jsonText({
    iss: ISSUERS[0], aud: AUDIENCES[0], exp: NOW + 600, iat: NOW - 60, sub: 'user-1', scope: 'read',
  })))
  const kind = r.weighted([[5, 'string'], [4, 'segments'], [2, 'not a string'], [2, 'signed octets'], [3, 'signed JSON'], [4, 'key set'], [3, 'remote key set']])
  switch (kind) {
    case 'string':
      return { kind, token: anyString(r, r.chance(0.02) ? r.between(16_000, 17_000) : r.int(300)) }
    case 'segments':
      return { kind, token: Array.from({ length: r.between(1, 5) }, () => segment(r)).join('.') }
    case 'not a string':
      return { kind, token: notAString(r, valid()) }
    case 'signed octets': {
      const header = r.chance(0.5) ? b64url(r.bytes(r.int(60))) : b64url(jsonText({ alg, kid: signerJwk.kid }))
      return { kind, token: signSegments(signer, alg, header, b64url(r.bytes(r.int(120)))) }
    }
    case 'signed JSON': {
      const header = r.chance(0.5) ? JSON.stringify(jsonValue(r)) ?? 'null' : jsonText({ alg, kid: signerJwk.kid, ...(/** @type {object} */ (jsonValue(r, 2) ?? {})) })
      return { kind, token: signSegments(signer, alg, b64url(header), b64url(JSON.stringify(jsonValue(r)) ?? 'null')) }
    }
    case 'key set': {
      const keys = Array.from({ length: r.between(1, 5) }, () => junkJwk(r, signerJwk))
      if (r.chance(0.3)) keys.splice(r.int(keys.length + 1), 0, signerJwk)
      return { kind, token: valid(), jwks: { keys }, served: keys }
    }
    default: {
      const keys = Array.from({ length: r.between(0, 3) }, () => junkJwk(r, signerJwk))
      if (r.chance(0.5)) keys.push(signerJwk)
      return { kind, token: valid(), fetch: junkFetch(r, JSON.stringify({ keys })), served: keys }
    }
  }
}
