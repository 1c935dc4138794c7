/**
 * Converts the external vectors in ../shared/vectors-external/ (Project Wycheproof and the RFC
 * examples) into the corpus format (vectors/README.md). The converted files are committed; this
 * script reproduces them byte for byte from the same inputs.
 *
 *   node test/vectors/convert-external.mjs           writes vectors/wycheproof/*.json, vectors/rfc/*.json
 *   node test/vectors/convert-external.mjs --check   writes nothing, exits 1 if a committed file differs
 *
 * Expectations are NOT obtained by running the library. They come from the upstream labels and
 * from the model of the library's documented policy below (format rules, algorithm allow-list, key
 * policy, signature lengths), so running the library against them is a real test. Where our
 * expectation is not simply the upstream label, the test says why in `policy`
 * (vectors/wycheproof/README.md lists them all).
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'

// In CI the repository is cloned with shared/ beside it: <repo>/../shared.
const EXTERNAL = new URL('../../../shared/vectors-external/', import.meta.url)
const OUT = new URL('../../vectors/', import.meta.url)
const GENERATOR = 'test/vectors/convert-external.mjs'
const SCHEMA = 'verify-access-token-vectors/v1'

const WYCHEPROOF_COMMIT = 'dac1dd4729fd1f8dd9e1e9f3dce51d783da6c166'
const COOKBOOK_COMMIT = '13692b68bfc18b99557a5b1ed311fd5077bfff04'

// Every algorithm the library supports: in `jws` groups the allow-list never decides a case on
// its own, so the key policy and the signature do. `none` and HS* cannot be listed (TypeError).
const ALL_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519']

// ---------------------------------------------------------------------------------------------
// Inputs, checked against the SHA256SUMS the shared folder was published with.

const wycheproofDir = new URL('wycheproof/testvectors_v1/', EXTERNAL)
const sums = new Map(readFileSync(new URL('wycheproof/SHA256SUMS', EXTERNAL), 'utf8').trim().split('\n')
  .map((line) => line.trim().split(/\s+/)).map(([hash, name]) => [name.replace(/^.*\//, ''), hash]))

function readWycheproof(name) {
  const bytes = readFileSync(new URL(name, wycheproofDir))
  const hash = createHash('sha256').update(bytes).digest('hex')
  if (sums.get(name) !== hash) throw new Error(`${name}: SHA-256 ${hash} does not match wycheproof/SHA256SUMS`)
  return JSON.parse(bytes.toString('utf8'))
}

const readRfc = (name) => JSON.parse(readFileSync(new URL(`rfc/${name}`, EXTERNAL), 'utf8'))

// ---------------------------------------------------------------------------------------------
// Encodings.

const hexToBytes = (hex) => Buffer.from(hex, 'hex')
const b64u = (bytes) => Buffer.from(bytes).toString('base64url')
const stripZeros = (bytes) => {
  let i = 0
  while (i < bytes.length - 1 && bytes[i] === 0) i++
  return bytes.subarray(i)
}

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

const ALGORITHMS = {
  RS256: { kty: 'RSA' }, RS384: { kty: 'RSA' }, RS512: { kty: 'RSA' },
  PS256: { kty: 'RSA' }, PS384: { kty: 'RSA' }, PS512: { kty: 'RSA' },
  ES256: { kty: 'EC', crv: 'P-256', length: 64 },
  ES384: { kty: 'EC', crv: 'P-384', length: 96 },
  ES512: { kty: 'EC', crv: 'P-521', length: 132 },
  EdDSA: { kty: 'OKP', crv: 'Ed25519', length: 64 },
  Ed25519: { kty: 'OKP', crv: 'Ed25519', length: 64 },
}
const COORDINATE = { 'P-256': 32, 'P-384': 48, 'P-521': 66, Ed25519: 32 }

/** The key policy: a usable public key, or `{ refused }` saying why it is ignored. */
function prepareKey(jwk) {
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
function misfit(key, alg) {
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
function expectJws(token, jwks, algorithms, signatureValid) {
  const parsed = parseToken(token, { claims: false })
  return parsed.jws === undefined ? parsed : checkSignature(parsed.jws, jwks, algorithms, signatureValid)
}

/** `verifySignature` (src/internal.ts): key policy, fit, import, length, then the signature. */
function expectSignature(alg, jwk, sigHex, signatureValid, invalidDetail = 'the signature does not verify') {
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
function expectToken(token, jwks, options, now, signatureValid) {
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

// ---------------------------------------------------------------------------------------------
// Output: deterministic JSON, two-space indented, short flat values on one line.

function render(value, indent = '') {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  const inner = indent + '  '
  const flat = Array.isArray(value)
    ? value.every((item) => item === null || typeof item !== 'object')
    : Object.values(value).every((item) => item === null || typeof item !== 'object' ||
      (Array.isArray(item) && item.every((x) => x === null || typeof x !== 'object')))
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    if (flat) return `[${value.map((item) => JSON.stringify(item)).join(', ')}]`
    return `[\n${value.map((item) => inner + render(item, inner)).join(',\n')}\n${indent}]`
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined)
  if (entries.length === 0) return '{}'
  const oneLine = `{ ${entries.map(([k, item]) => `${JSON.stringify(k)}: ${render(item, inner)}`).join(', ')} }`
  if (flat && oneLine.length <= 200) return oneLine
  return `{\n${entries.map(([k, item]) => `${inner}${JSON.stringify(k)}: ${render(item, inner)}`).join(',\n')}\n${indent}}`
}

const outputs = new Map()
function emit(path, data) {
  outputs.set(path, `${render(data)}\n`)
}

function vectorFile({ kind, description, source, notes, testGroups }) {
  return {
    schema: SCHEMA,
    kind,
    description,
    source: { ...source, generator: GENERATOR },
    numberOfTests: testGroups.reduce((n, group) => n + group.tests.length, 0),
    notes,
    testGroups,
  }
}

// ---------------------------------------------------------------------------------------------
// Project Wycheproof.

const wycheproofSource = (file) => ({
  name: 'Project Wycheproof',
  repository: 'https://github.com/C2SP/wycheproof',
  commit: WYCHEPROOF_COMMIT,
  path: `testvectors_v1/${file}`,
  license: 'Apache-2.0',
})

/** The upstream notes for the flags the converted tests use, as `flag → description`. */
function notesFor(upstream, groups) {
  const used = new Set(groups.flatMap((group) => group.tests.flatMap((test) => test.flags ?? [])))
  const notes = {}
  for (const [flag, note] of Object.entries(upstream.notes)) {
    if (used.has(flag)) notes[flag] = note.description
  }
  for (const flag of used) if (!(flag in notes)) throw new Error(`flag ${flag} has no upstream note`)
  return notes
}

/** Turns one upstream test plus our expectation into a corpus test. */
function convertedTest(file, test, outcome, { input, tags = [], acceptable, policy, explanation }) {
  const verdict = outcome.expect.ok ? 'accepts' : 'rejects'
  const upstreamVerdict = test.result === 'valid'
  // Our expectation differs from the label, or the label leaves it open: say why. A known upstream
  // defect is explained even where the verdicts agree (`explanation`).
  const differs = test.result === 'acceptable' || upstreamVerdict !== outcome.expect.ok
  const why = explanation ?? (differs ? policy ?? outcome.detail : undefined)
  if (differs && why === undefined) throw new Error(`${file} tc${test.tcId}: expectation differs from upstream without a reason`)
  return {
    tcId: test.tcId,
    comment: `${verdict} ${test.comment.trim() === '' ? '(no upstream comment)' : test.comment}`,
    flags: test.flags.length > 0 ? test.flags : undefined,
    tags: tags.length > 0 ? [...new Set(tags)].sort() : undefined,
    ...input,
    expect: outcome.expect,
    acceptable,
    policy: why,
    upstream: { file: `testvectors_v1/${file}`, commit: WYCHEPROOF_COMMIT, tcId: test.tcId, result: test.result },
  }
}

const outputName = (file) => `wycheproof/${file.replace(/_test\.json$/, '.json')}`
const report = []

// --- The JOSE files: kind `jws`, through verifyJws. -------------------------------------------

// Upstream `invalid` cases whose signature octets DO verify under the group's key: the label is
// about the key set or the structure, not the signature. (Checked independently with node:crypto:
// each MAC or signature verifies under the group's key, empty HMAC keys included; tc353–356 and
// tc367/370 repeat the valid tc33/tc18 and tc357 byte for byte.) Where the key policy or the format
// decides first, the override changes nothing; it matters where the library reaches the signature.
const SIGNATURE_VERIFIES = {
  'json_web_signature_test.json': [353, 354, 355, 356, 367, 370],
  'json_web_key_test.json': [1, 4, 6, 7, 8, 9, 10, 11, 12, 16, 17, 18, 19, 20, 21, 25, 26],
}

// Explained by tcId: the known upstream defects (shared wycheproof/README.md "Known data defects")
// and the ROCA key, which the library does not detect. All are listed in vectors/wycheproof/README.md.
const EXPLAINED = {
  'json_web_signature_test.json': {
    17: 'upstream defect: the JSON serialization string is truncated (closing "]}" missing), so it is not even JSON; ' +
      'any compact-only verifier rejects it. RFC 7515 A.6/A.7 in vectors/rfc/ test a well-formed JSON serialization',
    367: 'upstream defect (C2SP/wycheproof#236): byte-identical to the valid tc357, labelled invalid; ' +
      'rejected here only because HS256 is never allowed, not for padding',
    370: 'upstream defect (C2SP/wycheproof#236): byte-identical to the valid tc357, labelled invalid; ' +
      'rejected here only because HS256 is never allowed, not for padding',
    372: 'upstream defect: "?" inside the header segment is not base64url (RFC 7515 §2) and the MAC covers ' +
      'the unmodified text; labelled valid upstream, rejected at format here',
    373: 'upstream defect: "?" inside the payload segment is not base64url (RFC 7515 §2) and the MAC covers ' +
      'the unmodified text; labelled valid upstream, rejected at format here',
  },
  'json_web_key_test.json': {
    7: 'ROCA-vulnerable moduli (CVE-2017-15361) are not detected: the key is 2048+ bits with e = 65537, so the ' +
      'policy accepts it and the genuine signature verifies. Rejecting the key is also right (acceptable)',
  },
}

// Attack classes (shared ATTACKS.md) for the JSON Web Key cases, by tcId.
const JWK_TAGS = {
  1: ['A35', 'A02'], 2: ['A02'], 3: ['A02'], 4: ['A35', 'A06'], 6: ['A35'], 7: ['A11'], 8: ['A11'], 9: ['A11'],
  10: ['A02'], 11: ['A02'], 12: ['A02'], 13: ['A02'], 14: ['A02'], 15: ['A02'], 16: ['A02'], 17: ['A02'], 18: ['A02'],
  19: ['A03'], 20: ['A03'], 21: ['A35'], 22: ['A10'], 23: ['A10'], 24: ['A10', 'A35'], 25: ['A02'], 26: ['A02'],
}

function jwsTags(file, group, test, outcome) {
  if (file === 'json_web_key_test.json') return JWK_TAGS[test.tcId] ?? []
  const tags = []
  const c = test.comment
  const expect = outcome.expect
  if (test.flags.includes('AlgIsNone') || /NoneAlgorithm/.test(c)) tags.push('A01')
  if (test.flags.includes('JsonSerialization')) tags.push('A24')
  if (test.flags.includes('ModifiedPadding') || (test.flags.includes('ModifiedSignature') && /^ps/.test(group.comment))) tags.push('A12')
  if (test.flags.includes('WrongPrimitive') || /one key, one algorithm/.test(outcome.detail ?? '')) tags.push('A03')
  // HMAC: where rejecting HS* is the point (upstream expects a valid MAC to verify), or key confusion.
  if (/SymmetryConfusion/.test(c) || (expect.code === 'alg_not_allowed' && /HMAC/.test(outcome.detail) && test.result === 'valid')) tags.push('A02')
  if (/EmbeddedJwk/.test(c)) tags.push('A04')
  if (/Missing|EmptyString|ExtraComponent|ExtraEmptyComponent/.test(c)) tags.push('A15')
  if (/MissingPayload/.test(c) || /detached content/.test(outcome.detail ?? '')) tags.push('A20')
  if (/WrongUse|WrongKeyOps/.test(c)) tags.push('A35')
  if (group.comment === 'base64') tags.push(/JsonHeader/.test(c) ? 'A16' : 'A14')
  if (group.comment === 'SpecialCaseEs256' && test.result !== 'valid') {
    tags.push(/SignatureTooLong|TrailingZeros|BufferOverflow/.test(c) ? 'A07' : 'A08')
  }
  return tags
}

function convertJose(file, description) {
  const upstream = readWycheproof(file)
  const verifies = new Set(SIGNATURE_VERIFIES[file] ?? [])
  const explained = EXPLAINED[file] ?? {}
  const testGroups = []
  for (const group of upstream.testGroups) {
    // Verify with `public` when present, else with `private` (symmetric keys): Wycheproof's rule.
    const keys = group.public ?? group.private
    const jwks = { keys: Array.isArray(keys.keys) ? keys.keys : [keys] }
    const tests = group.tests.map((test) => {
      const outcome = expectJws(test.jws, jwks, ALL_ALGORITHMS, test.result === 'valid' || verifies.has(test.tcId))
      const acceptable = file === 'json_web_key_test.json' && test.tcId === 7
        ? [{ ok: false, step: 'signature', code: 'key_not_found' }] : undefined
      return convertedTest(file, test, outcome, {
        input: { token: test.jws },
        tags: jwsTags(file, group, test, outcome),
        acceptable,
        explanation: explained[test.tcId],
      })
    })
    testGroups.push({
      comment: `upstream group "${group.comment}" (${group.type}); key set: the group's ` +
        `${group.public !== undefined ? '"public" JWK' : '"private" JWK (no "public" given: symmetric keys)'}`,
      jwks,
      options: { algorithms: ALL_ALGORITHMS },
      tests,
    })
  }
  emit(outputName(file), vectorFile({ kind: 'jws', description, source: wycheproofSource(file), notes: notesFor(upstream, testGroups), testGroups }))
  report.push({ file, groups: testGroups })
  return upstream
}

/**
 * The JSON Web Key cases with one asymmetric key, one layer down: the JWS signing input and
 * signature octets through verifySignature. At the JWS layer tc8 (1024-bit RSA) and tc9 (e = 1)
 * stop at format (their payload segment is empty) before any key is judged; here the key policy
 * itself answers.
 */
function convertJwkKeys(upstream) {
  const file = 'json_web_key_test.json'
  const verifies = new Set(SIGNATURE_VERIFIES[file])
  const testGroups = []
  for (const group of upstream.testGroups) {
    const set = group.public ?? group.private
    const list = Array.isArray(set.keys) ? set.keys : [set]
    if (list.length !== 1 || list[0].kty === 'oct') continue
    const keys = list[0]
    for (const test of group.tests) {
      const [header, payload, signature] = test.jws.split('.')
      const alg = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')).alg
      const outcome = expectSignature(alg, keys, Buffer.from(signature, 'base64url').toString('hex'),
        test.result === 'valid' || verifies.has(test.tcId))
      testGroups.push({
        comment: `upstream group "${group.comment}" tc${test.tcId}, one layer down: header alg ${alg}, the group's ` +
          `"${group.public !== undefined ? 'public' : 'private'}" JWK; msg is the JWS signing input`,
        alg,
        jwk: keys,
        tests: [convertedTest(file, test, outcome, {
          input: { msg: Buffer.from(`${header}.${payload}`, 'ascii').toString('hex'), sig: Buffer.from(signature, 'base64url').toString('hex') },
          tags: JWK_TAGS[test.tcId] ?? [],
          acceptable: test.tcId === 7 ? [{ ok: false, reason: 'key_rejected' }] : undefined,
          explanation: EXPLAINED[file][test.tcId],
        })],
      })
    }
  }
  const path = 'wycheproof/json_web_key.signature.json'
  emit(path, vectorFile({
    kind: 'signature',
    description: 'Project Wycheproof json_web_key_test.json, the cases whose key set is one asymmetric key, run one ' +
      'layer down through verifySignature (src/internal.ts): msg is the JWS signing input (ASCII), sig the decoded ' +
      'signature, jwk the group\'s key, alg the header\'s. So the key policy answers even where the JWS layer stops ' +
      'earlier (tc8 and tc9 have an empty payload segment): key_rejected for a key the policy refuses, key_not_found ' +
      'for a point the runtime cannot import. Same tcIds as wycheproof/json_web_key.json.',
    source: wycheproofSource(file),
    notes: notesFor(upstream, testGroups),
    testGroups,
  }))
  report.push({ file, groups: testGroups, path })
}

// --- The primitive files: kind `signature`, through verifySignature. ---------------------------

const HASH_BITS = { 'SHA-256': '256', 'SHA-384': '384', 'SHA-512': '512' }
const CURVE_NAMES = { secp256r1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' }

/** An EC public JWK from SEC 1 `04 ‖ x ‖ y`, for groups that have no `publicKeyJwk`. */
function ecJwk(publicKey) {
  const crv = CURVE_NAMES[publicKey.curve]
  const point = hexToBytes(publicKey.uncompressed)
  const size = COORDINATE[crv]
  if (point[0] !== 4 || point.length !== 1 + 2 * size) throw new Error(`unexpected point encoding for ${crv}`)
  return { kty: 'EC', crv, x: b64u(point.subarray(1, 1 + size)), y: b64u(point.subarray(1 + size)) }
}

const rsaJwk = (publicKey) => ({
  kty: 'RSA',
  n: b64u(stripZeros(hexToBytes(publicKey.modulus))),
  e: b64u(stripZeros(hexToBytes(publicKey.publicExponent))),
})

/**
 * One primitive file. `plan(group)` returns undefined to skip a group, or `{ alg, jwk, comment,
 * verdict(test) → { valid, policy? }, tags(test), acceptable(test) }`.
 */
function convertPrimitive(file, description, plan, note) {
  const upstream = readWycheproof(file)
  const testGroups = []
  let skipped = 0
  for (const group of upstream.testGroups) {
    const p = plan(group)
    if (p === undefined) {
      skipped += group.tests.length
      continue
    }
    const tests = group.tests.map((test) => {
      const { valid, policy, invalidDetail } = p.verdict(test)
      const outcome = expectSignature(p.alg, p.jwk, test.sig, valid, invalidDetail)
      return convertedTest(file, test, outcome, {
        input: { msg: test.msg, sig: test.sig },
        tags: p.tags(test),
        acceptable: p.acceptable?.(test),
        policy,
      })
    })
    testGroups.push({ comment: p.comment, alg: p.alg, jwk: p.jwk, tests })
  }
  emit(outputName(file), vectorFile({
    kind: 'signature',
    description: description + (note ?? ''),
    source: wycheproofSource(file),
    notes: notesFor(upstream, testGroups),
    testGroups,
  }))
  report.push({ file, groups: testGroups, skipped })
}

const labelled = (test) => ({ valid: test.result === 'valid' })
const groupSource = (group) => `source ${group.source.name} ${group.source.version}`

function convertP1363(file, alg) {
  convertPrimitive(file,
    `Project Wycheproof ${file}: ECDSA signatures in IEEE P1363 form (R ‖ S, fixed width), which is ` +
    `exactly the JWS ${alg} signature format (RFC 7518 §3.4). Run through verifySignature (src/internal.ts) ` +
    `with the group's public key as a JWK; valid must verify, invalid must be rejected. High-S signatures ` +
    'are valid (JWS does not require low-S).',
    (group) => ({
      alg,
      jwk: group.publicKeyJwk ?? ecJwk(group.publicKey),
      comment: `${group.type} (${groupSource(group)}); JWK ${group.publicKeyJwk !== undefined
        ? 'from publicKeyJwk' : 'built from publicKey.uncompressed (the group has no publicKeyJwk)'}`,
      verdict: labelled,
      tags: (test) => {
        const tags = []
        if (test.result !== 'valid' && test.flags.some((f) => ['InvalidSignature', 'RangeCheck', 'IntegerOverflow', 'ModifiedInteger', 'ArithmeticError'].includes(f))) tags.push('A08')
        if (test.flags.includes('SignatureSize')) tags.push('A07')
        if (/malleability/i.test(test.comment)) tags.push('A09')
        return tags
      },
    }))
}

function convertDer(file, alg) {
  convertPrimitive(file,
    `Project Wycheproof ${file}: ECDSA signatures in ASN.1 DER form. A JWS ${alg} signature is R ‖ S ` +
    '(RFC 7518 §3.4), never DER, so every one of these must fail through verifySignature, including ' +
    'the ones upstream labels valid (policy: DER is not a JWS signature encoding).',
    (group) => ({
      alg,
      jwk: ecJwk(group.publicKey),
      comment: `${group.type} (${groupSource(group)}); JWK built from publicKey.uncompressed`,
      // The octets are DER: as R ‖ S they are not the signature, whatever the upstream label.
      verdict: () => ({
        valid: false,
        policy: 'DER is not a JWS signature encoding (RFC 7518 §3.4): a DER signature that verifies upstream is rejected here',
        invalidDetail: 'DER octets read as R ‖ S do not verify',
      }),
      tags: () => ['A07'],
    }))
}

function convertPkcs1(file) {
  convertPrimitive(file,
    `Project Wycheproof ${file}: RSASSA-PKCS1-v1_5 signatures (JWS RS${file.match(/sha(\d+)/)[1]}). ` +
    'Run through verifySignature with the group\'s keyJwk. valid must verify, invalid must be rejected; the ' +
    'one "acceptable" case per file (MissingNull: DigestInfo without the NULL parameter) is expected to be ' +
    'rejected, as WebCrypto does, with acceptance listed in `acceptable`. Keys with e = 3 (SmallPublicKey) ' +
    'meet the key policy (odd, > 1), so their valid signatures verify.',
    (group) => ({
      alg: `RS${HASH_BITS[group.sha]}`,
      jwk: group.keyJwk,
      comment: `${group.type}, ${group.keySize}-bit key, e = 0x${group.publicKey.publicExponent}, ${group.sha} (${groupSource(group)}); JWK from keyJwk`,
      verdict: (test) => test.result === 'acceptable'
        ? { valid: false, policy: 'PKCS#1 v1.5 DigestInfo without the NULL parameter (MissingNull): WebCrypto rejects it; accepting it is also right (acceptable)' }
        : labelled(test),
      tags: (test) => [
        ...(test.result !== 'valid' ? ['A12'] : []),
        ...(test.flags.includes('WrongPrimitive') ? ['A03'] : []),
        ...(test.flags.includes('SmallPublicKey') ? ['A11'] : []),
      ],
      acceptable: (test) => (test.result === 'acceptable' ? [{ ok: true }] : undefined),
    }))
}

const JOSE_SALT = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 }

function convertPss(file, misc) {
  convertPrimitive(file,
    `Project Wycheproof ${file}: RSASSA-PSS signatures. JOSE fixes the parameters (RFC 7518 §3.5): MGF1 ` +
    'with the message hash and a salt as long as the hash, so PS256/PS384/PS512 verify exactly those. ' +
    'Run through verifySignature; valid must verify, invalid must be rejected.',
    (group) => {
      const alg = HASH_BITS[group.sha] && `PS${HASH_BITS[group.sha]}`
      // No JOSE algorithm hashes the message with SHA-1 or SHA-224: nothing to express.
      if (alg === undefined) return undefined
      const jose = group.mgf === 'MGF1' && group.mgfSha === group.sha && group.sLen === JOSE_SALT[group.sha]
      return {
        alg,
        jwk: group.publicKeyJwk ?? rsaJwk(group.publicKey),
        comment: `${group.type}, ${group.keySize}-bit key, ${group.sha}, ${group.mgf} ${group.mgfSha}, sLen ${group.sLen} ` +
          `(${groupSource(group)}); ${jose ? `exactly ${alg}` : `not ${alg}'s parameters, verified as ${alg}`}; JWK ` +
          `${group.publicKeyJwk !== undefined ? 'from publicKeyJwk' : 'built from publicKey'}`,
        verdict: (test) => jose ? labelled(test) : {
          valid: false,
          policy: `PSS with ${group.mgf} ${group.mgfSha} and sLen ${group.sLen} is not ${alg} (RFC 7518 §3.5: MGF1 with ${group.sha}, ` +
            `sLen ${JOSE_SALT[group.sha]}); verified with ${alg}'s parameters it must fail`,
        },
        tags: (test) => [
          ...(test.result !== 'valid' || !jose ? ['A12'] : []),
          ...(test.flags.includes('WrongPrimitive') ? ['A03'] : []),
        ],
      }
    },
    misc ? ' Groups whose message hash is SHA-1 or SHA-224 have no JOSE algorithm and are not converted; the ' +
      'others are verified under the JOSE algorithm of their hash, and only the 3 groups with JOSE\'s exact ' +
      'parameters verify.' : undefined)
}

function convertEd25519(file) {
  convertPrimitive(file,
    `Project Wycheproof ${file}: Ed25519 signatures (JWS EdDSA, RFC 8037; "Ed25519" in RFC 9864 is the same ` +
    'check). Run through verifySignature with the group\'s publicKeyJwk; valid must verify, invalid must be rejected.',
    (group) => ({
      alg: 'EdDSA',
      jwk: group.publicKeyJwk,
      comment: `${group.type} (${groupSource(group)}); JWK from publicKeyJwk`,
      verdict: labelled,
      tags: (test) => (test.result !== 'valid' ? ['A13'] : []),
    }))
}

convertJose('json_web_signature_test.json',
  'Project Wycheproof json_web_signature_test.json: compact JWS cases whose payloads ("foo", "Test", ' +
  'raw octets, prose) are not JWT claims sets, so they run through verifyJws (src/internal.ts): format at ' +
  'the JWS layer, then signature. options.algorithms lists every supported algorithm, so the key policy ' +
  'and the signature decide, not the allow-list; HS* and none are never allowed. Where our expectation is ' +
  'not upstream\'s label, `policy` says why (see vectors/wycheproof/README.md).')
const jwkUpstream = convertJose('json_web_key_test.json',
  'Project Wycheproof json_web_key_test.json: key-set cases (mixed and duplicate-kid sets, key use, weak ' +
  'RSA keys, short and empty HMAC keys, alg/curve mismatches, invalid points), run through verifyJws with ' +
  'every supported algorithm allowed. The library ignores keys its policy refuses rather than rejecting the ' +
  'set (RFC 7517 §5), so a bad key shows as key_not_found or, for HMAC, alg_not_allowed.')
convertJwkKeys(jwkUpstream)
convertP1363('ecdsa_secp256r1_sha256_p1363_test.json', 'ES256')
convertP1363('ecdsa_secp384r1_sha384_p1363_test.json', 'ES384')
convertP1363('ecdsa_secp521r1_sha512_p1363_test.json', 'ES512')
convertDer('ecdsa_secp256r1_sha256_test.json', 'ES256')
convertDer('ecdsa_secp384r1_sha384_test.json', 'ES384')
convertDer('ecdsa_secp521r1_sha512_test.json', 'ES512')
for (const bits of [2048, 3072, 4096]) {
  for (const hash of [256, 384, 512]) convertPkcs1(`rsa_signature_${bits}_sha${hash}_test.json`)
}
for (const file of [
  'rsa_pss_2048_sha256_mgf1_32_test.json', 'rsa_pss_3072_sha256_mgf1_32_test.json', 'rsa_pss_4096_sha256_mgf1_32_test.json',
  'rsa_pss_2048_sha384_mgf1_48_test.json', 'rsa_pss_4096_sha384_mgf1_48_test.json', 'rsa_pss_4096_sha512_mgf1_64_test.json',
]) convertPss(file, false)
convertPss('rsa_pss_misc_test.json', true)
convertEd25519('ed25519_test.json')

// ---------------------------------------------------------------------------------------------
// The RFC examples: kinds `jws` (the JWS layer), `token` (end to end) and `signature` (KATs).

const rfc7515 = readRfc('rfc7515-appendix-a.json')
const rfc7516 = readRfc('rfc7516-appendix-a2-jwe.json')
const rfc7520 = readRfc('rfc7520-section4-jws.json')
const rfc8037 = readRfc('rfc8037-appendix-a-ed25519.json')
const rfc7797 = readRfc('rfc7797-b64-false.json')

/** Every distinct key the vectors of one RFC file name, in order: that RFC's key set. */
function keySetOf(...vectors) {
  const keys = []
  const seen = new Set()
  for (const vector of vectors) {
    for (const key of vector.input.jwks.keys) {
      const id = JSON.stringify(key)
      if (!seen.has(id)) { seen.add(id); keys.push(key) }
    }
  }
  return { keys }
}

/** Where an RFC vector comes from: the shared file, the RFC section (or cookbook commit), its id. */
function rfcUpstream(file, vector) {
  const { source } = vector
  const commit = source.via?.commit ?? source.commit ?? `${source.doc} ${source.section}`
  return { file: `rfc/${file}`, commit, tcId: vector.id, result: 'valid' }
}

const RFC_SOURCES = [
  {
    file: 'rfc7515-appendix-a.json', data: rfc7515, label: 'RFC 7515 Appendix A',
    issuer: 'joe', audience: 'https://api.example', now: 1300819379,
    nowNote: 'one second before the examples\' exp (1300819380), so exp is not what fails',
  },
  {
    file: 'rfc7520-section4-jws.json', data: rfc7520, label: 'RFC 7520 §4 (via ietf-jose/cookbook)',
    issuer: 'https://as.example', audience: 'https://api.example', now: 1700000000,
  },
  {
    file: 'rfc8037-appendix-a-ed25519.json', data: rfc8037, label: 'RFC 8037 Appendix A.4',
    issuer: 'https://as.example', audience: 'https://api.example', now: 1700000000,
  },
  {
    file: 'rfc7797-b64-false.json', data: rfc7797, label: 'RFC 7797 §4 (and the ietf-jose/cookbook variant)',
    issuer: 'https://as.example', audience: 'https://api.example', now: 1700000000,
  },
  {
    file: 'rfc7516-appendix-a2-jwe.json', data: rfc7516, label: 'RFC 7516 Appendix A.2',
    issuer: 'https://as.example', audience: 'https://api.example', now: 1700000000,
  },
]

/** What an RFC example is, for comments: "RFC 7515 Appendix A.2 (rfc7515-A2-rs256)". */
const rfcName = (vector) => `${vector.source.doc} ${vector.source.section ?? vector.source.path} (${vector.id})`

function rfcTags(vector, outcome) {
  const tags = []
  const id = vector.id
  const detail = outcome.detail ?? ''
  if (/HMAC/.test(detail)) tags.push('A02')
  if (/alg none/.test(detail) || /A5-unsecured/.test(id)) tags.push('A01')
  if (/json/.test(id) && /(A6|A7|4\.[678])/.test(id)) tags.push('A24')
  if (/jwe/.test(id)) tags.push('A25')
  if (/detached/.test(detail)) tags.push('A20')
  if (/b64-false/.test(id)) tags.push('A23')
  if (/-crit$/.test(id)) tags.push('A22')
  if (outcome.expect.reason === 'json' || outcome.expect.reason === 'not_object') tags.push('A21')
  if (/A3-es256|A4-es512|4\.3-es512/.test(id) && outcome.expect.ok) tags.push('A07')
  if (/eddsa/.test(id)) tags.push('A13')
  return [...new Set(tags)].sort()
}

function rfcTest(tcId, vector, file, outcome, input, differs) {
  const verdict = outcome.expect.ok ? 'accepts' : 'rejects'
  const tags = rfcTags(vector, outcome)
  return {
    tcId,
    comment: `${verdict} the ${rfcName(vector)} example`,
    tags: tags.length > 0 ? tags : undefined,
    ...input,
    expect: outcome.expect,
    policy: differs ? outcome.detail : undefined,
    upstream: rfcUpstream(file, vector),
  }
}

// The RFC examples are all correct instances of their own specification: a rejection here is our
// policy, and says so. Signatures re-verified twice (shared rfc/README.md), except alg none.
const signatureValidFor = (vector) => vector.jws?.signature_valid_for_key === true

function rfcJws() {
  let tcId = 0
  const testGroups = RFC_SOURCES.map(({ file, data, label }) => {
    const jwks = keySetOf(...data.vectors)
    return {
      comment: `${label}: the RFC's own keys (${jwks.keys.map((k) => k.kty).join(', ')}); every supported algorithm allowed`,
      jwks,
      options: { algorithms: ALL_ALGORITHMS },
      tests: data.vectors.map((vector) => {
        const outcome = expectJws(vector.input.token, jwks, ALL_ALGORITHMS, signatureValidFor(vector))
        return rfcTest(++tcId, vector, file, outcome, { token: vector.input.token }, !outcome.expect.ok)
      }),
    }
  })
  emit('rfc/jws.json', vectorFile({
    kind: 'jws',
    description: 'The RFC JWS examples at the JWS layer (verifyJws, src/internal.ts): RFC 7515 A.1–A.7, RFC 7520 ' +
      '§4.1–4.8, RFC 8037 A.4, RFC 7797 §4 and the RFC 7516 A.2 JWE. Signatures with a supported algorithm ' +
      'verify; HS256 and alg none fail alg_not_allowed; detached content, b64:false, the JSON serializations ' +
      'and the JWE fail at format. Every example is valid under its own RFC, so each rejection carries `policy`.',
    source: RFC_SOURCE,
    notes: {},
    testGroups,
  }))
  return testGroups
}

// Where the RFC examples come from, for every file made from them.
const RFC_SOURCE = {
  name: 'RFC examples (shared vectors-external/rfc/, transcribed and re-verified with provenance; RFC 7520 and 7797 via ietf-jose/cookbook)',
  cookbookCommit: COOKBOOK_COMMIT,
  license: 'IETF Trust Legal Provisions (example values quoted as test data); ietf-jose/cookbook: Unlicense',
}

function rfcToken() {
  let tcId = 0
  const testGroups = RFC_SOURCES.map(({ file, data, label, issuer, audience, now, nowNote }) => {
    const jwks = keySetOf(...data.vectors)
    const options = { issuer, audience }
    const tests = []
    for (const vector of data.vectors) {
      const variants = [{}]
      // The two examples that pass the signature step also show the RFC 9068 profile's typ rule.
      if (vector.id === 'rfc7515-A2-rs256' || vector.id === 'rfc7515-A3-es256') variants.push({ profile: 'rfc9068' })
      for (const extra of variants) {
        const outcome = expectToken(vector.input.token, jwks, { ...options, ...extra }, now, signatureValidFor(vector))
        const test = rfcTest(++tcId, vector, file, outcome, { now, token: vector.input.token }, true)
        if (Object.keys(extra).length > 0) {
          test.comment += ' (profile rfc9068)'
          // Insert the per-test options before expect, keeping a stable field order.
          const { expect, policy, upstream, ...rest } = test
          tests.push({ ...rest, options: extra, expect, policy, upstream })
        } else {
          tests.push(test)
        }
      }
    }
    return {
      comment: `${label}: the RFC's own keys; default algorithms (RS256, ES256); issuer "${issuer}", ` +
        `audience "${audience}"; now ${now}${nowNote ? ` (${nowNote})` : ''}`,
      jwks,
      options,
      tests,
    }
  })
  emit('rfc/token.json', vectorFile({
    kind: 'token',
    description: 'The RFC JWS examples end to end through verifyAccessToken. None of them is an access token: ' +
      'RFC 7515 A.2 and A.3 pass format and signature and fail at claims (no aud; under profile rfc9068, no ' +
      'typ at+jwt), A.1 (HS256) and A.5 (alg none) fail alg_not_allowed, and the rest fail at format (a ' +
      'payload that is not a JSON object, detached content, b64:false, JSON serialization, JWE).',
    source: RFC_SOURCE,
    notes: {},
    testGroups,
  }))
  return testGroups
}

/** The RFC signatures as known-answer tests of verifySignature: signing input and signature octets. */
function rfcSignature() {
  let tcId = 0
  const testGroups = []
  const sources = [['rfc7515-appendix-a.json', rfc7515], ['rfc7520-section4-jws.json', rfc7520], ['rfc8037-appendix-a-ed25519.json', rfc8037]]
  for (const [file, data] of sources) {
    for (const vector of data.vectors) {
      const alg = vector.jws?.alg
      // Only compact examples whose algorithm the library has (no HS*, no none, no JSON-only ones).
      if (alg === undefined || !(alg in ALGORITHMS) || !signatureValidFor(vector)) continue
      const [header, payload, signature] = vector.input.token.split('.')
      if (`${header}.${payload}` !== vector.jws.signing_input) throw new Error(`${vector.id}: signing input mismatch`)
      const jwk = vector.input.jwks.keys.find((key) => misfit(prepareKey(key).key ?? { kty: '' }, alg) === undefined)
      const algs = alg === 'EdDSA' ? ['EdDSA', 'Ed25519'] : [alg]
      for (const name of algs) {
        const msg = Buffer.from(vector.jws.signing_input, 'ascii').toString('hex')
        const sig = Buffer.from(signature, 'base64url').toString('hex')
        const outcome = expectSignature(name, jwk, sig, true)
        testGroups.push({
          comment: `${rfcName(vector)}: the signing input and signature octets, ${name}` +
            (name === 'Ed25519' ? ' (RFC 9864 names the same Ed25519 check "Ed25519")' : ''),
          alg: name,
          jwk,
          tests: [{
            tcId: ++tcId,
            comment: `accepts the ${rfcName(vector)} signature under ${name}`,
            tags: name.startsWith('E') && name !== 'EdDSA' && name !== 'Ed25519' ? ['A07'] : /^Ed/.test(name) ? ['A13'] : undefined,
            msg,
            sig,
            expect: outcome.expect,
            upstream: rfcUpstream(file, vector),
          }],
        })
      }
    }
  }
  emit('rfc/signature.json', vectorFile({
    kind: 'signature',
    description: 'The RFC example signatures as known-answer tests of verifySignature (src/internal.ts): the ' +
      'ASCII signing input as msg and the decoded signature as sig, with the RFC\'s public key (RFC 7515 A.2 ' +
      'RS256, A.3 ES256, A.4 ES512; RFC 7520 §4.1 RS256, §4.2 PS384, §4.3 ES512; RFC 8037 A.4 EdDSA, also ' +
      'under the RFC 9864 name Ed25519). Each must verify.',
    source: {
      name: 'RFC examples (shared vectors-external/rfc/, transcribed and re-verified with provenance; RFC 7520 via ietf-jose/cookbook)',
      cookbookCommit: COOKBOOK_COMMIT,
      license: 'IETF Trust Legal Provisions (example values quoted as test data); ietf-jose/cookbook: Unlicense',
    },
    notes: {},
    testGroups,
  }))
  return testGroups
}

const rfcJwsGroups = rfcJws()
const rfcTokenGroups = rfcToken()
rfcSignature()

// --- RFC 9068: the normative requirements and the vectors that pin each one. -------------------

/** `file#tcId` list of the RFC vectors converted from shared vectors with these ids. */
function rfcIds(groups, file, ids, filter = () => true) {
  const found = groups.flatMap((group) => group.tests)
    .filter((test) => ids.includes(test.upstream.tcId) && filter(test)).map((test) => test.tcId)
  if (found.length === 0) throw new Error(`no ${file} test for ${ids.join(', ')}`)
  return { file, tcIds: found }
}

function rfc9068() {
  const shared = readRfc('rfc9068-requirements.json')
  const at = (file, what, tcIds) => ({ file, ...(tcIds !== undefined ? { tcIds } : {}), what })
  const none = ['rfc7515-A5-unsecured']
  const jwe = ['rfc7516-A2-jwe-rsa1_5']
  const pins = {
    '9068-2.1-signed': [
      { ...rfcIds(rfcTokenGroups, 'rfc/token.json', [...none, ...jwe]), what: 'alg none and a 5-segment JWE, end to end' },
      at('wycheproof/json_web_signature.json', 'alg none / NONE with an empty signature segment: signature/alg_not_allowed', [16, 341, 342, 343, 344]),
      at('format.json', 'segment count (a JWE has 5), enc/zip header members'),
      at('signature.json', 'alg not in the allow-list'),
    ],
    '9068-2.1-no-none': [
      at('wycheproof/json_web_signature.json', 'alg none, NONE, none with a kid (all with an empty signature segment)', [16, 341, 342, 343, 344]),
      { ...rfcIds(rfcTokenGroups, 'rfc/token.json', none), what: 'RFC 7515 A.5 unsecured JWS' },
      at('signature.json', 'none and its case variants are not allowed algorithms'),
    ],
    '9068-2.1-rs256': [
      { ...rfcIds(rfcJwsGroups, 'rfc/jws.json', ['rfc7515-A2-rs256', 'rfc7520-4.1-rs256']), what: 'RS256 examples verify' },
      at('wycheproof/rsa_signature_2048_sha256.json', 'RS256 primitive: every case'),
      at('valid.json', 'RS256 tokens verify with the default allow-list'),
    ],
    '9068-2.1-typ': [
      { ...rfcIds(rfcTokenGroups, 'rfc/token.json', ['rfc7515-A2-rs256', 'rfc7515-A3-es256'], (t) => t.options?.profile === 'rfc9068'), what: 'no typ under profile rfc9068 → claims/type_mismatch' },
      at('claims.json', 'typ at+jwt / application/at+jwt in any case accepted; other values rejected'),
    ],
    '9068-2.2-required': [
      at('claims.json', 'exp, iss, aud always; iat, sub, client_id, jti under profile rfc9068: missing and wrongly typed'),
      { ...rfcIds(rfcTokenGroups, 'rfc/token.json', ['rfc7515-A2-rs256', 'rfc7515-A3-es256'], (t) => t.options === undefined), what: 'RFC tokens without aud → claims/audience_mismatch' },
    ],
    '9068-2.2.3-scope': [at('scopes.json', 'scope string matching, scp and permissions, all-of and any-of, wrong types')],
    '9068-4-typ': [at('claims.json', 'typ rules, default and profile rfc9068')],
    '9068-4-encrypted': [
      { ...rfcIds(rfcJwsGroups, 'rfc/jws.json', jwe), what: 'RFC 7516 A.2 JWE at the JWS layer → format/segments' },
      { ...rfcIds(rfcTokenGroups, 'rfc/token.json', jwe), what: 'the same JWE end to end' },
      at('format.json', '5 segments; enc and zip header members'),
    ],
    '9068-4-iss': [at('claims.json', 'exact issuer match, no normalisation; missing and wrongly typed iss')],
    '9068-4-aud': [
      at('claims.json', 'string and array aud, empty array, non-string members, missing aud'),
      { ...rfcIds(rfcTokenGroups, 'rfc/token.json', ['rfc7515-A2-rs256', 'rfc7515-A3-es256'], (t) => t.options === undefined), what: 'RFC tokens without aud' },
    ],
    '9068-4-sig': [
      at('signature.json', 'allow-list, key selection from the configured set only, key policy, signature bytes'),
      at('wycheproof/json_web_signature.json', 'embedded jwk header ignored (32), HS256 over the EC key bytes (31), wrong primitive (331–340), key use/key_ops (353–356)', [31, 32, 331, 332, 333, 334, 335, 336, 337, 338, 339, 340, 353, 354, 355, 356]),
      at('wycheproof/json_web_key.json', 'key-set hygiene: mixed sets, use:enc, weak RSA, alg/curve mismatch, invalid point'),
      at('wycheproof/', 'every primitive file: ES256/384/512 (P1363 and DER), RS256/384/512, PS256/384/512, EdDSA'),
    ],
    '9068-4-exp': [at('claims.json', 'exp boundary (exp equal to now is expired), tolerance, non-numeric and infinite exp, missing exp')],
    '9068-4-errors': [
      at('(none)', 'not pinned by a vector: every failure names its step; format, signature and claims map to ' +
        'invalid_token, scopes to insufficient_scope (RFC 6750 §3.1). The corpus pins the step of each failure.'),
    ],
    '9068-5-id-token-confusion': [at('claims.json', 'typ JWT accepted by default, rejected under profile rfc9068 (explicit typing)')],
  }
  for (const requirement of shared.requirements) {
    if (pins[requirement.id] === undefined) throw new Error(`RFC 9068 requirement ${requirement.id} is not mapped`)
  }
  for (const id of Object.keys(pins)) if (!shared.requirements.some((r) => r.id === id)) throw new Error(`unknown requirement ${id}`)
  // Markdown, not JSON: every .json file under vectors/ is read as a vector file by the runners.
  const cell = (text) => String(text).replaceAll('|', '\\|')
  const lines = [
    '# RFC 9068 requirements and the vectors that pin them',
    '',
    `Generated by \`${GENERATOR}\` from \`vectors-external/rfc/rfc9068-requirements.json\` in the shared folder`,
    '(requirement ids, wording and obligations as transcribed there; re-read RFC 9068 before quoting it).',
    'RFC 9068 has no example token, so these are its normative statements and the corpus files that',
    'exercise each one. Paths are under `vectors/`. tcIds are given for the converted files only; the',
    'step files (`format.json`, `signature.json`, `claims.json`, `scopes.json`, `valid.json`) are cited by',
    'file, as their ids may change.',
  ]
  for (const requirement of shared.requirements) {
    lines.push('', `## ${requirement.id} (§${requirement.section}, ${requirement.level})`, '',
      `> ${requirement.text}`, '', `Obligation: ${requirement.obligation}`, '',
      '| file | tcIds | what it pins |', '| --- | --- | --- |')
    for (const pin of pins[requirement.id]) {
      lines.push(`| \`${pin.file}\` | ${pin.tcIds?.join(', ') ?? '–'} | ${cell(pin.what)} |`)
    }
  }
  outputs.set('rfc/rfc9068-requirements.md', `${lines.join('\n')}\n`)
}

rfc9068()

// ---------------------------------------------------------------------------------------------
// Write (or compare), then summarise.

const check = process.argv.includes('--check')
let stale = 0
for (const [path, text] of outputs) {
  const url = new URL(path, OUT)
  if (check) {
    let current
    try { current = readFileSync(url, 'utf8') } catch { current = undefined }
    if (current !== text) {
      stale++
      console.error(`vectors/${path} differs from what ${GENERATOR} produces`)
    }
  } else {
    mkdirSync(new URL('.', url), { recursive: true })
    writeFileSync(url, text)
  }
}

for (const { file, groups, skipped, path } of report) {
  const tests = groups.flatMap((group) => group.tests)
  const overrides = tests.filter((test) => test.policy !== undefined).length
  console.log(`${(path ?? outputName(file)).padEnd(48)} ${String(tests.length).padStart(4)} tests` +
    (overrides > 0 ? `, ${overrides} with policy` : '') + (skipped ? `, ${skipped} upstream tests not convertible` : ''))
}
const total = report.reduce((n, { groups }) => n + groups.reduce((m, group) => m + group.tests.length, 0), 0)
console.log(`Wycheproof: ${total} tests in ${report.length} files; RFC files: rfc/jws.json, rfc/token.json, rfc/signature.json, rfc/rfc9068-requirements.md`)
if (check) {
  if (stale > 0) process.exit(1)
  console.log(`all ${outputs.size} converted files are up to date`)
}
