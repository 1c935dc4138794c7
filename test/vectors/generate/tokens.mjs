/**
 * Signing and token building: every token vector is described with tok() and built by build(),
 * which reuses a committed randomized signature when its signing input is unchanged, so a re-run
 * reproduces every file byte for byte. Also the signature mutations (DER, high-S, PKCS#1). Node only.
 */
import { constants, createHash, createHmac, sign, verify } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { AUD, b64u, bytes, fromBig, ISS, merge, NOW, OUT_DIR, toBig, unb64u } from './common.mjs'
import { ORDER, privateKey, publicKey } from './keys.mjs'

// ---------------------------------------------------------------------------------------------
// Signing

const SCHEMES = {
  RS256: { hash: 'sha256' }, RS384: { hash: 'sha384' }, RS512: { hash: 'sha512' },
  PS256: { hash: 'sha256', salt: 32 }, PS384: { hash: 'sha384', salt: 48 }, PS512: { hash: 'sha512', salt: 64 },
  ES256: { hash: 'sha256', ec: true }, ES384: { hash: 'sha384', ec: true }, ES512: { hash: 'sha512', ec: true },
  EdDSA: { hash: null }, Ed25519: { hash: null },
  // Deliberately wrong schemes, for signatures a JOSE verifier must refuse.
  'RS256-SHA1': { hash: 'sha1' },
  'PS256-SALT0': { hash: 'sha256', salt: 0 },
}
const randomized = (scheme) => SCHEMES[scheme]?.ec === true || (SCHEMES[scheme]?.salt ?? 0) > 0

function params(scheme, key) {
  const s = SCHEMES[scheme]
  if (s.salt !== undefined) return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: s.salt }
  if (s.ec) return { key, dsaEncoding: 'ieee-p1363' }
  return key
}
export const rawSign = (scheme, name, input) => sign(SCHEMES[scheme].hash, Buffer.from(input), params(scheme, privateKey(name)))
export const rawVerify = (scheme, name, input, sig) => verify(SCHEMES[scheme].hash, Buffer.from(input), params(scheme, publicKey(name)), sig)

/** Committed tokens by "<file>#<tcId>", read before anything is regenerated. */
const committed = new Map()
export function loadCommitted(file) {
  const url = new URL(`${file}.json`, OUT_DIR)
  if (!existsSync(url)) return
  for (const group of JSON.parse(readFileSync(url, 'utf8')).testGroups) {
    for (const test of group.tests) if (typeof test.token === 'string') committed.set(`${file}#${test.tcId}`, test.token)
  }
}

/** Signs, reusing the committed signature of this vector when its signing input is unchanged. */
function signFor(id, scheme, name, input) {
  if (randomized(scheme)) {
    const parts = committed.get(id)?.split('.')
    if (parts?.length === 3 && `${parts[0]}.${parts[1]}` === input) {
      const previous = unb64u(parts[2])
      if (rawVerify(scheme, name, input, previous)) return previous
    }
  }
  return rawSign(scheme, name, input)
}

// ---------------------------------------------------------------------------------------------
// Tokens

export const CLAIMS = {
  iss: ISS, sub: 'user-1', aud: AUD, exp: NOW + 3600, iat: NOW - 60,
  jti: 'jti-1', client_id: 'client-1', scope: 'read write',
}
export const JWT = Symbol('jwt')

/**
 * Describes a compact JWS: header {alg, typ: at+jwt, kid: key} and CLAIMS, each with overrides,
 * signed with `scheme` (default: alg) by test key `key`. Other fields (all optional):
 *   headerJson/payloadJson (raw JSON text), headerBytes/payloadBytes, h/p (raw segments),
 *   s (raw signature segment), hmac (HMAC secret), sigBytes (Buffer or input => Buffer),
 *   from (a test whose raw signature to take), mutate (sig => sig), finish (token => token).
 */
export function tok(alg, key, options = {}) {
  const { header, claims, ...rest } = options
  return {
    scheme: alg, ...rest, [JWT]: true, key,
    header: merge({ alg, typ: 'at+jwt', kid: key }, header),
    payload: merge(CLAIMS, claims),
  }
}
export const rs = (options) => tok('RS256', 'rsa-a', options)
export const es = (options) => tok('ES256', 'ec-p256-a', options)

export function build(d, id) {
  if (randomized(d.scheme) && !d.from && !d.hmac && !d.sigBytes && d.s === undefined && (d.mutate || d.finish)) {
    // A mutated randomized signature could not be matched on the next run: derive from a base.
    throw new Error(`${id}: mutate a randomized signature only through "from"`)
  }
  const h = d.h ?? b64u(d.headerBytes ?? Buffer.from(d.headerJson ?? JSON.stringify(d.header)))
  const p = d.p ?? b64u(d.payloadBytes ?? Buffer.from(d.payloadJson ?? JSON.stringify(d.payload)))
  const input = `${h}.${p}`
  let sig
  if (d.s !== undefined) sig = undefined
  else if (d.from) {
    if (d.from.raw.input !== input) throw new Error(`${id}: "from" has another signing input`)
    sig = d.from.raw.sig
  } else if (d.hmac !== undefined) sig = createHmac(d.hmacHash ?? 'sha256', d.hmac).update(input).digest()
  else if (d.sigBytes) sig = typeof d.sigBytes === 'function' ? d.sigBytes(input) : d.sigBytes
  else sig = signFor(id, d.scheme, d.key, input)
  let token = `${input}.${d.s ?? b64u(d.mutate ? d.mutate(Buffer.from(sig)) : sig)}`
  if (d.finish) token = d.finish(token)
  return { token, raw: { input, sig } }
}

// Signature mutations.
export const half = (sig) => [sig.subarray(0, sig.length / 2), sig.subarray(sig.length / 2)]
function derInteger(value) {
  let i = 0
  while (i < value.length - 1 && value[i] === 0) i++
  let body = value.subarray(i)
  if (body[0] & 0x80) body = bytes([0], body)
  return bytes([0x02, body.length], body)
}
export function toDer(sig) {
  const [r, s] = half(sig)
  const body = bytes(derInteger(r), derInteger(s))
  return bytes([0x30], body.length < 128 ? [body.length] : [0x81, body.length], body)
}
function withS(alg, pick) {
  return (sig) => {
    const [r, s] = half(sig)
    const n = ORDER[alg]
    const value = toBig(s)
    const other = n - value
    return bytes(r, fromBig(pick(value, other), s.length))
  }
}
export const toHighS = (alg) => withS(alg, (s, other) => (s > other ? s : other))
export const toLowS = (alg) => withS(alg, (s, other) => (s < other ? s : other))
export const rs64 = (alg, r, s) => { const size = { ES256: 32, ES384: 48, ES512: 66 }[alg]; return bytes(fromBig(r, size), fromBig(s, size)) }

/** EMSA-PKCS1-v1_5 for SHA-256 (RFC 8017 §9.2): with e = 1 this is a valid "signature". */
export function pkcs1Sha256(input, k) {
  const t = bytes(Buffer.from('3031300d060960864801650304020105000420', 'hex'), createHash('sha256').update(input).digest())
  return bytes([0, 1], Buffer.alloc(k - 3 - t.length, 0xff), [0], t)
}
