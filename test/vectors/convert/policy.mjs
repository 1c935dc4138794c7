/**
 * The library's documented policy, modelled independently of src/: the format rules (RFC 7515
 * §5.2, strict base64url and JSON), the algorithm allow-list, the key policy and the signature
 * lengths. Converted expectations come from here and from the upstream labels, never from running
 * the library, so running the library against them is a real test.
 */
import { b64u } from './common.mjs'

/** Strict base64url as RFC 7515 §2 requires: alphabet only, no padding, canonical trailing bits. */
function strictBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined
  const bytes = Buffer.from(text, 'base64url')
  return b64u(bytes) === text ? bytes : undefined
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Whether JSON text (already accepted by JSON.parse) repeats a member name in any object. */
function hasDuplicateNames(text) {
  let i = 0
  const space = () => { while (' \t\n\r'.includes(text[i]) && i < text.length) i++ }
  const string = () => {
    const start = i++
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1
    i++
    return JSON.parse(text.slice(start, i))
  }
  const value = () => {
    space()
    if (text[i] === '"') { string(); return false }
    if (text[i] === '{' || text[i] === '[') {
      const object = text[i++] === '{'
      const names = new Set()
      space()
      if (text[i] === '}' || text[i] === ']') { i++; return false }
      for (;;) {
        if (object) {
          space()
          const name = string()
          if (names.has(name)) return true
          names.add(name)
          space()
          i++ // the colon
        }
        if (value()) return true
        space()
        if (text[i++] !== ',') return false
      }
    }
    while (i < text.length && !',]} \t\n\r'.includes(text[i])) i++
    return false
  }
  return value()
}

/** Bytes as one strict JSON object, or the format reason they are not. */
function jsonObject(bytes) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { reason: 'utf8' }
  let text
  try { text = fatalUtf8.decode(bytes) } catch { return { reason: 'utf8' } }
  let value
  try { value = JSON.parse(text) } catch { return { reason: 'json' } }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { reason: 'not_object' }
  if (hasDuplicateNames(text)) return { reason: 'duplicate_member' }
  return { value }
}

// ---------------------------------------------------------------------------------------------
// The library's documented policy, modelled independently of src/ (the brief and src/*.ts doc
// comments are the specification). Each outcome carries `detail`: why, in words, for `policy`.

const formatFailure = (reason, detail) => ({ expect: { ok: false, step: 'format', code: 'malformed', reason }, detail })
const signatureFailure = (code, detail) => ({ expect: { ok: false, step: 'signature', code }, detail })
const claimsFailure = (code, claim, detail) => ({ expect: { ok: false, step: 'claims', code, claim }, detail })

/** Step `format` (RFC 7515 §5.2 steps 1–7, plus RFC 7519 §7.2 step 10 when `claims` is set). */
function parseToken(token, { claims }) {
  if (typeof token !== 'string') return formatFailure('not_a_string', 'the token is not a string')
  if (token.length > 16384) return formatFailure('too_large', 'longer than the 16384-character default cap')
  const parts = token.split('.')
  // Three segments; the header and the payload are not empty. An empty signature passes here, so
  // an unsigned JWS is refused by the allow-list or the signature length at the signature step.
  if (parts.length !== 3 || parts[0] === '' || parts[1] === '') {
    const detail = parts.length === 3 && parts[1] === '' && parts[0] !== ''
      ? 'an empty payload segment (detached content, RFC 7515 Appendix F) is never a JWT'
      : `not three segments with a header and a payload (${parts.length} ${parts.length === 1 ? 'part' : 'parts'})`
    return formatFailure('segments', detail)
  }
  const [header, payload, signature] = parts.map(strictBase64url)
  if (header === undefined || payload === undefined || signature === undefined) {
    return formatFailure('base64url', 'a segment is not canonical unpadded base64url (RFC 7515 §2)')
  }
  const parsed = jsonObject(header)
  if (parsed.reason !== undefined) return formatFailure(parsed.reason, `the header is not a strict JSON object (${parsed.reason})`)
  const h = parsed.value
  const alg = own(h, 'alg')
  const kid = own(h, 'kid')
  if (typeof alg !== 'string' || (kid !== undefined && typeof kid !== 'string')) return formatFailure('header', 'alg missing or not a string, or kid not a string')
  for (const name of ['crit', 'b64', 'zip', 'enc']) {
    if (own(h, name) !== undefined) return formatFailure('unsupported_header', `the header has "${name}", which the library does not implement`)
  }
  const cty = own(h, 'cty')
  if (typeof cty === 'string' && ['jwt', 'application/jwt'].includes(cty.toLowerCase())) {
    return formatFailure('unsupported_header', 'cty announces a nested JWT')
  }
  const jws = { header: h, alg, kid, payload, signature }
  if (!claims) return { jws }
  const body = jsonObject(payload)
  if (body.reason !== undefined) return formatFailure(body.reason, `the payload is not a JSON object (${body.reason}), so not a JWT claims set`)
  return { jws: { ...jws, claims: body.value } }
}

function own(object, name) {
  return Object.hasOwn(object, name) ? object[name] : undefined
}

export const ALGORITHMS = {
  RS256: { kty: 'RSA' }, RS384: { kty: 'RSA' }, RS512: { kty: 'RSA' },
  PS256: { kty: 'RSA' }, PS384: { kty: 'RSA' }, PS512: { kty: 'RSA' },
  ES256: { kty: 'EC', crv: 'P-256', length: 64 },
  ES384: { kty: 'EC', crv: 'P-384', length: 96 },
  ES512: { kty: 'EC', crv: 'P-521', length: 132 },
  EdDSA: { kty: 'OKP', crv: 'Ed25519', length: 64 },
  Ed25519: { kty: 'OKP', crv: 'Ed25519', length: 64 },
}
export const COORDINATE = { 'P-256': 32, 'P-384': 48, 'P-521': 66, Ed25519: 32 }

/** The key policy: a usable public key, or `{ refused }` saying why it is ignored. */
export function prepareKey(jwk) {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return { refused: 'not a JSON object' }
  for (const name of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']) {
    if (own(jwk, name) !== undefined) {
      return { refused: name === 'k' ? `a symmetric (kty ${jwk.kty}) key` : 'private key material' }
    }
  }
  const { kid, alg, use, key_ops: ops, kty } = jwk
  if (kid !== undefined && typeof kid !== 'string') return { refused: 'kid is not a string' }
  if (alg !== undefined && typeof alg !== 'string') return { refused: 'alg is not a string' }
  if (use !== undefined && use !== 'sig') return { refused: `use is "${use}", not "sig"` }
  if (ops !== undefined && !(Array.isArray(ops) && ops.every((op) => typeof op === 'string') &&
      new Set(ops).size === ops.length && ops.includes('verify'))) {
    return { refused: `key_ops ${JSON.stringify(ops)} does not allow "verify"` }
  }
  if (kty === 'RSA') {
    const n = typeof jwk.n === 'string' ? strictBase64url(jwk.n) : undefined
    const e = typeof jwk.e === 'string' ? strictBase64url(jwk.e) : undefined
    if (n === undefined || e === undefined) return { refused: 'RSA n or e missing or not base64url' }
    if (n[0] === 0 || e[0] === 0) return { refused: 'RSA n or e has a leading zero octet' }
    const bits = n.length * 8 - Math.clz32(n[0]) + 24
    if (bits < 2048) return { refused: `a ${bits}-bit RSA modulus is below 2048 bits (RFC 7518 §3.3)` }
    if (bits > 16384) return { refused: `a ${bits}-bit RSA modulus is above 16384 bits` }
    if ((n[n.length - 1] & 1) === 0) return { refused: 'an even RSA modulus' }
    if (![3, 17, 65537].includes(Number(`0x${e.toString('hex')}`))) {
      return { refused: `RSA e = 0x${e.toString('hex')} (only 3, 17 and 65537 are accepted)` }
    }
    return { key: { kty, kid, alg, size: n.length } }
  }
  if (kty === 'EC' || kty === 'OKP') {
    const { crv } = jwk
    const length = COORDINATE[crv]
    if (length === undefined || (kty === 'OKP') !== (crv === 'Ed25519')) return { refused: `curve ${crv} does not fit kty ${kty}` }
    const x = typeof jwk.x === 'string' ? strictBase64url(jwk.x) : undefined
    if (x?.length !== length) return { refused: `x is not ${length} octets for ${crv}` }
    if (kty === 'OKP') {
      if (jwk.y !== undefined) return { refused: 'an OKP key with y' }
      // y (little-endian, sign bit cleared) must be canonical and not of a small-order point.
      const y = BigInt(`0x${Buffer.from(x).reverse().toString('hex')}`) & (2n ** 255n - 1n)
      const p = 2n ** 255n - 19n
      const small = [0n, 1n, p - 1n, 0x7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7n,
        0x05fc536d880238b13933c6d305acdfd5f098eff289f4c345b027b2c28f95e826n]
      if (y >= p || small.includes(y)) return { refused: 'a small-order or non-canonical Ed25519 key' }
      return { key: { kty, kid, alg, crv } }
    }
    const y = typeof jwk.y === 'string' ? strictBase64url(jwk.y) : undefined
    if (y?.length !== length) return { refused: `y is not ${length} octets for ${crv}` }
    if (!onCurve(crv, x, y)) return { refused: `the point is not on ${crv}` }
    return { key: { kty, kid, alg, crv } }
  }
  return { refused: `kty ${JSON.stringify(kty)} is not supported` }
}

/** Why a usable key cannot verify `alg`, or undefined when it fits (RFC 8725 §3.1). */
export function misfit(key, alg) {
  const entry = ALGORITHMS[alg]
  if (key.kty !== entry.kty || (entry.crv !== undefined && key.crv !== entry.crv)) {
    return `a ${key.crv ?? key.kty} key cannot verify ${alg}`
  }
  if (key.alg !== undefined && key.alg !== alg) {
    return `the key's alg "${key.alg}" is not the header's "${alg}": one key, one algorithm (RFC 8725 §3.1)`
  }
  return undefined
}

// Short Weierstrass curves y² = x³ − 3x + b (SEC 2 / FIPS 186-4): the key policy refuses a point
// that is not on the curve, as runtimes disagree on when they would (key_not_found, key_rejected).
const CURVES = {
  'P-256': {
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  },
  'P-384': {
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  },
  'P-521': {
    p: 2n ** 521n - 1n,
    b: 0x51953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  },
}

function onCurve(crv, xBytes, yBytes) {
  const { p, b } = CURVES[crv]
  const x = BigInt(`0x${xBytes.toString('hex')}`)
  const y = BigInt(`0x${yBytes.toString('hex')}`)
  if (x >= p || y >= p) return false
  return (y * y - (x * x * x - 3n * x + b)) % p === 0n
}

/**
 * Step `signature` for a parsed JWS: allow-list, candidate keys from the set only (kid exact, or
 * every fitting key), at most 3 tried, exact signature length, then `signatureValid` (whether the
 * octets verify under the candidate key: the upstream label, or a documented override).
 */
function checkSignature(jws, jwks, algorithms, signatureValid) {
  if (!algorithms.includes(jws.alg)) {
    const kind = /^HS(256|384|512)$/.test(jws.alg) ? 'HMAC (symmetric) algorithms are never allowed (RFC 8725 §2.1)'
      : jws.alg.toLowerCase() === 'none' ? 'unsecured JWS (alg none) is never allowed (RFC 9068 §4)'
        : 'not an allowed algorithm'
    return signatureFailure('alg_not_allowed', `header alg "${jws.alg}": ${kind}`)
  }
  const refusals = []
  const candidates = []
  for (const jwk of jwks.keys) {
    const { key, refused } = prepareKey(jwk)
    const why = refused ?? misfit(key, jws.alg) ?? (jws.kid !== undefined && key.kid !== jws.kid ? 'a different kid' : undefined)
    if (why === undefined) candidates.push(key)
    else refusals.push(why)
  }
  if (candidates.length === 0) {
    return signatureFailure('key_not_found', `no usable key: ${[...new Set(refusals)].join('; ') || 'the set is empty'}`)
  }
  const usable = candidates.slice(0, 3)
  for (const key of usable) {
    const length = ALGORITHMS[jws.alg].length ?? key.size
    if (jws.signature.length === length && signatureValid) return { expect: { ok: true }, detail: undefined }
  }
  const length = ALGORITHMS[jws.alg].length ?? usable[0].size
  return signatureFailure('invalid_signature', jws.signature.length !== length
    ? `a ${jws.signature.length}-octet signature where ${jws.alg} needs exactly ${length}`
    : 'the signature does not verify')
}

/** `verifyJws` (src/internal.ts): format at the JWS layer, then signature. */
export function expectJws(token, jwks, algorithms, signatureValid) {
  const parsed = parseToken(token, { claims: false })
  return parsed.jws === undefined ? parsed : checkSignature(parsed.jws, jwks, algorithms, signatureValid)
}

/** `verifySignature` (src/internal.ts): key policy, fit, import, length, then the signature. */
export function expectSignature(alg, jwk, sigHex, signatureValid, invalidDetail = 'the signature does not verify') {
  const { key, refused } = prepareKey(jwk)
  const why = refused ?? misfit(key, alg)
  if (why !== undefined) return { expect: { ok: false, reason: 'key_rejected' }, detail: `key rejected: ${why}` }
  const length = ALGORITHMS[alg].length ?? key.size
  const octets = sigHex.length / 2
  if (octets !== length) {
    return { expect: { ok: false, reason: 'invalid_signature' }, detail: `a ${octets}-octet signature where ${alg} needs exactly ${length}` }
  }
  return signatureValid ? { expect: { ok: true }, detail: undefined } : { expect: { ok: false, reason: 'invalid_signature' }, detail: invalidDetail }
}

/** `verifyAccessToken` for the RFC tokens: format, signature, then the claims the library checks. */
export function expectToken(token, jwks, options, now, signatureValid) {
  const parsed = parseToken(token, { claims: true })
  if (parsed.jws === undefined) return parsed
  const signature = checkSignature(parsed.jws, jwks, options.algorithms ?? ['RS256', 'ES256'], signatureValid)
  if (!signature.expect.ok) return signature
  const { header, claims } = parsed.jws
  const rfc9068 = options.profile === 'rfc9068'
  const typ = own(header, 'typ')
  const types = rfc9068 ? ['at+jwt', 'application/at+jwt'] : ['at+jwt', 'application/at+jwt', 'jwt', 'application/jwt']
  if (typ === undefined ? rfc9068 : typeof typ !== 'string' || !types.includes(typ.toLowerCase())) {
    return claimsFailure('type_mismatch', 'typ', typ === undefined ? 'no typ header, which profile rfc9068 requires (RFC 9068 §4)' : `typ "${typ}" is not accepted`)
  }
  const issuers = [options.issuer].flat()
  const audiences = [options.audience].flat()
  if (!issuers.includes(own(claims, 'iss'))) return claimsFailure('issuer_mismatch', 'iss', 'iss is not the configured issuer')
  const aud = own(claims, 'aud')
  const audOk = typeof aud === 'string' ? audiences.includes(aud)
    : Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string') && aud.some((a) => audiences.includes(a))
  if (!audOk) return claimsFailure('audience_mismatch', 'aud', aud === undefined ? 'the token has no aud claim (RFC 9068 §4)' : 'aud does not contain the configured audience')
  const exp = own(claims, 'exp')
  if (exp === undefined) return claimsFailure('missing_claim', 'exp', 'no exp claim')
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return claimsFailure('invalid_claim', 'exp', 'exp is not a finite number')
  if (now >= exp) return claimsFailure('expired', 'exp', 'expired')
  throw new Error('the RFC tokens are not expected to pass the claims step')
}
