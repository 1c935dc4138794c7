/**
 * Generates the sender-constrained token vectors (RFC 9449 DPoP, RFC 8705 certificate-bound):
 *   vectors/dpop.json        kind "token": bound tokens with the per-call input of a request
 *   vectors/dpop-proof.json  kind "proof": the proof layer alone, with the RFC 9449 examples
 * from the TEST-ONLY keys in test/keys/ (and the client certificates in test/keys/pem/), at
 * fixed times, so the output is byte-stable. Standalone: it shares nothing with generate.mjs
 * but the key files and the key sets it already writes (keys/issuer.json).
 *
 *   node test/vectors/generate-dpop.mjs           writes the files
 *   node test/vectors/generate-dpop.mjs --check   writes nothing, exits 1 if a committed file differs
 *
 * Every expectation is written by hand from RFC 9449, RFC 8705 and the README; the library is
 * never imported here. ECDSA and PSS signatures are randomized, so a signature already committed
 * for the same signing input is reused when it still verifies: re-running reproduces every file.
 * tcIds follow definition order: add vectors at the end of a file's last group.
 */
import { constants, createHash, createHmac, createPrivateKey, createPublicKey, sign, verify, X509Certificate } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'

const ROOT = new URL('../../', import.meta.url)
const KEY_DIR = new URL('test/keys/', ROOT)
const OUT_DIR = new URL('vectors/', ROOT)
const GENERATOR = 'test/vectors/generate-dpop.mjs'

const NOW = 1700000000
const ISS = 'https://as.example'
const AUD = 'https://api.example'
const OPTIONS = { issuer: ISS, audience: AUD }
const ISSUER_SET = 'keys/issuer.json'
const ISSUER_KEY = 'ec-p256-a' // signs every access token (ES256), kid ec-p256-a in keys/issuer.json
const METHOD = 'GET'
const URL_ = 'https://api.example/orders'

const b64u = (bytes) => Buffer.from(bytes).toString('base64url')
const enc = (value) => b64u(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8'))
const sha256 = (data) => createHash('sha256').update(data).digest()

// ---------------------------------------------------------------------------------------------
// Keys

const PRIVATE = Object.fromEntries(readdirSync(KEY_DIR).filter((f) => f.endsWith('.json')).sort()
  .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(new URL(f, KEY_DIR), 'utf8'))]))
const privateKey = (name) => {
  if (!PRIVATE[name]) throw new Error(`no test key ${name}`)
  const { kid, alg, ...jwk } = PRIVATE[name]
  return createPrivateKey({ key: jwk, format: 'jwk' })
}
/** The public JWK of a test key: kty and its public members only. */
const publicJwk = (name) => {
  const { kty, n, e, crv, x, y } = PRIVATE[name]
  return kty === 'RSA' ? { kty, n, e } : kty === 'EC' ? { kty, crv, x, y } : { kty, crv, x }
}
/** RFC 7638 §3.2: the required members in lexicographic order, no white space, SHA-256. */
const thumbprint = (jwk) => {
  const names = jwk.kty === 'RSA' ? ['e', 'kty', 'n'] : jwk.kty === 'EC' ? ['crv', 'kty', 'x', 'y'] : ['crv', 'kty', 'x']
  return b64u(sha256(`{${names.map((name) => `${JSON.stringify(name)}:${JSON.stringify(jwk[name])}`).join(',')}}`))
}

// The thumbprints the RFCs give for their example keys; the generator checks it derives them.
const RFC7638_THUMBPRINT = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs' // RFC 7638 §3.1
const RFC8037_THUMBPRINT = 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k' // RFC 8037 Appendix A.3
const RFC9449_THUMBPRINT = '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I' // RFC 9449 §6.1
if (thumbprint(publicJwk('rfc7517-a2-rsa')) !== RFC7638_THUMBPRINT) throw new Error('test/keys/rfc7517-a2-rsa.json is not the RFC 7638 §3.1 key')
if (thumbprint(publicJwk('rfc8037-a-ed25519')) !== RFC8037_THUMBPRINT) throw new Error('test/keys/rfc8037-a-ed25519.json is not the RFC 8037 A.1 key')

// Client certificates (test/keys/pem/README.md): the bound one and another.
const PEM = readFileSync(new URL('pem/ec-p256.crt', KEY_DIR), 'utf8')
const OTHER_PEM = readFileSync(new URL('pem/ed25519.crt', KEY_DIR), 'utf8')
const DER = new X509Certificate(PEM).raw
const X5T = b64u(sha256(DER))

// ---------------------------------------------------------------------------------------------
// Signing, reusing committed randomized signatures

const SCHEMES = {
  RS256: { hash: 'sha256' }, PS256: { hash: 'sha256', salt: 32 }, ES256: { hash: 'sha256', ec: true },
  EdDSA: { hash: null }, Ed25519: { hash: null },
}
const params = (s, key) => s.salt ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: s.salt } : s.ec ? { key, dsaEncoding: 'ieee-p1363' } : key
const rawVerify = (alg, name, input, sig) => verify(SCHEMES[alg].hash, Buffer.from(input), params(SCHEMES[alg], createPublicKey(privateKey(name))), sig)

/** Committed signatures by signing input, from every compact JWS in the committed files. */
const committed = new Map()
function collect(value) {
  if (typeof value === 'string' && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(value)) {
    const at = value.lastIndexOf('.')
    committed.set(value.slice(0, at), value.slice(at + 1))
  } else if (Array.isArray(value)) value.forEach(collect)
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect)
}
for (const file of ['dpop.json', 'dpop-proof.json']) {
  const url = new URL(file, OUT_DIR)
  if (existsSync(url)) collect(JSON.parse(readFileSync(url, 'utf8')))
}

/** Signatures made in this run, so that one signing input gets one signature everywhere. */
const signed = new Map()

function signJws(alg, name, header, payload) {
  const input = `${enc(header)}.${enc(payload)}`
  const s = SCHEMES[alg]
  if (s.ec || s.salt) {
    const previous = signed.get(input) ?? committed.get(input)
    if (previous !== undefined && rawVerify(alg, name, input, Buffer.from(previous, 'base64url'))) {
      signed.set(input, previous)
      return `${input}.${previous}`
    }
  }
  const signature = b64u(sign(s.hash, Buffer.from(input), params(s, privateKey(name))))
  signed.set(input, signature)
  return `${input}.${signature}`
}

// ---------------------------------------------------------------------------------------------
// Tokens and proofs

const CLAIMS = { iss: ISS, sub: 'user-1', aud: AUD, exp: NOW + 3600, iat: NOW - 60, jti: 'at-1', client_id: 'client-1', scope: 'read write' }

/** `{...base}` with `over` applied; an undefined value removes the member. */
function merge(base, over = {}) {
  const out = { ...base }
  for (const [name, value] of Object.entries(over)) {
    if (value === undefined) delete out[name]
    else out[name] = value
  }
  return out
}

/** An ES256 access token from the issuer key, with claims changed as asked. */
const token = (claims = {}) => signJws('ES256', ISSUER_KEY, { alg: 'ES256', typ: 'at+jwt', kid: ISSUER_KEY }, merge(CLAIMS, claims))
/** A token bound to a test key's DPoP key (cnf.jkt). */
const dpopBound = (key, claims = {}) => token({ cnf: { jkt: thumbprint(publicJwk(key)) }, ...claims })

const NATURAL = { RSA: 'RS256', EC: 'ES256', OKP: 'EdDSA' }
let proofs = 0
/**
 * A proof by test key `key` for METHOD and URL_ at NOW − 1, covering `at` (its ath), with
 * header and claims changed as asked (undefined removes); `signer` signs instead of `key`.
 */
function proof(key, at, { alg = NATURAL[PRIVATE[key].kty], header = {}, claims = {}, signer = key } = {}) {
  const h = merge({ typ: 'dpop+jwt', alg, jwk: publicJwk(key) }, header)
  const c = merge({ jti: `proof-${++proofs}`, htm: METHOD, htu: URL_, iat: NOW - 1, ...(at === undefined ? {} : { ath: b64u(sha256(at)) }) }, claims)
  return signJws(alg, signer, h, c)
}
const request = (p, over = {}) => ({ proof: p, method: METHOD, url: URL_, ...over })

// ---------------------------------------------------------------------------------------------
// Expectations, flags and files

const OK = { ok: true }
const clm = (code, claim) => ({ ok: false, step: 'claims', code, claim })
const bnd = (code, confirmation) => ({ ok: false, step: 'claims', code, claim: 'cnf', confirmation })
const dp = (code, reason, extra = {}) => ({ ok: false, step: 'dpop', code, reason, ...extra })
const bad = (reason, extra) => dp('invalid_dpop_proof', reason, extra)

const FLAGS = {
  Control: 'A request that verifies; the other vectors of its group each change one thing about it.',
  DpopProof: 'A DPoP proof is checked by RFC 9449 §4.3: typ dpop+jwt, an allowed asymmetric alg, a public jwk passing the key policy of key sets, the signature, htm, htu, iat, ath.',
  HtuNormalization: 'htu and the request URL are compared ignoring query and fragment (RFC 9449 §4.3 point 9), after RFC 3986 §6.2.2 and §6.2.3 normalisation.',
  ProofWindow: 'The proof\'s iat sits at, or just across, an edge of the window: accepted for dpop.maxAge seconds after iat (300 by default; iat + maxAge equal to now is too old) and up to dpop.clockTolerance seconds ahead (30 by default).',
  KeyBinding: 'The token\'s cnf.jkt is compared with the RFC 7638 thumbprint of the proof\'s jwk (RFC 9449 §6.1, §7.1).',
  BoundWithoutProof: 'A token bound to a key or certificate (cnf) that the call does not prove is not a bearer token (RFC 9449 §7.2, RFC 8705 §3): claims/binding_not_verified, unless acceptBoundTokensAsBearer.',
  Replay: 'The vector\'s before calls go to the same verifier first; a proof\'s jti may be used once (RFC 9449 §11.1).',
  Nonce: 'The verifier requires server nonces (RFC 9449 §9): dpopNonces lists the ones it accepts.',
  Unavailable: 'The replay store or nonce provider the runner supplies fails: dpop/dpop_unavailable, answered 503.',
  CertificateBound: 'A certificate-bound token (cnf x5t#S256, RFC 8705 §3.1) with the client certificate in one of the forms a TLS terminator hands over.',
  RfcExample: 'Uses an example of RFC 9449, RFC 7638 or RFC 8037: its key, its thumbprint or its proof.',
  Precedence: 'The request has several defects; the first in the fixed order (format, signature, claims, scopes, dpop; inside dpop the order of RFC 9449 §4.3 as listed in src/dpop.ts) is the result.',
}

const files = []
function vectorFile(name, kind, description) {
  const file = { name, kind, description, groups: [], nextId: 1 }
  files.push(file)
  file.group = (comment, fields = {}) => {
    const group = { comment, ...fields, tests: [] }
    file.groups.push(group)
    return (comment, expect, input, extra = {}) => {
      const test = { tcId: file.nextId++, comment }
      if (extra.flags?.length) test.flags = extra.flags
      if (extra.upstream) test.upstream = extra.upstream
      test.now = extra.now ?? NOW
      Object.assign(test, input)
      test.expect = expect
      const id = `${name}#${test.tcId}`
      if (!/^(accepts|rejects) /.test(comment) || comment.startsWith('accepts') !== expect.ok) throw new Error(`${id}: comment and expect disagree`)
      for (const flag of test.flags ?? []) if (!FLAGS[flag]) throw new Error(`${id}: undefined flag ${flag}`)
      group.tests.push(test)
      return test
    }
  }
  return file
}

// =============================================================================================
// dpop.json: bound tokens with the per-call input of a request

{
  const F = vectorFile('dpop', 'token', 'Sender-constrained tokens end to end: DPoP-bound tokens (cnf.jkt) with the DPoP proof, method and URL of the request (RFC 9449), and certificate-bound tokens (cnf x5t#S256) with the client certificate (RFC 8705). The access tokens are ES256 tokens from ec-p256-a in keys/issuer.json; the request is GET https://api.example/orders unless a vector says otherwise.')
  const dpop = (p, over) => ({ dpop: request(p, over) })
  const pf = ['DpopProof']

  let t = F.group('DPoP-bound tokens presented with a proof; default options', { jwks: ISSUER_SET, options: OPTIONS })
  {
    const at = dpopBound('ec-p256-b')
    t('accepts a token bound to ec-p256-b with a valid ES256 proof by that key', OK, { token: at, ...dpop(proof('ec-p256-b', at)) }, { flags: ['Control'] })
    const ed = dpopBound('ed25519')
    t('accepts an EdDSA proof by the bound Ed25519 key', OK, { token: ed, ...dpop(proof('ed25519', ed)) }, { flags: pf })
    const ps = dpopBound('rsa-b')
    t('accepts a PS256 proof by the bound RSA key', OK, { token: ps, ...dpop(proof('rsa-b', ps, { alg: 'PS256' })) }, { flags: pf })
    const r7638 = dpopBound('rfc7517-a2-rsa')
    t('accepts an RS256 proof by the RFC 7517 A.2 key; the token\'s cnf.jkt is the RFC 7638 §3.1 thumbprint NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs', OK,
      { token: r7638, ...dpop(proof('rfc7517-a2-rsa', r7638, { header: { kid: '2011-04-29' } })) }, { flags: ['KeyBinding', 'RfcExample'] })
    const r8037 = dpopBound('rfc8037-a-ed25519')
    t('accepts an Ed25519 proof (RFC 9864 alg) by the RFC 8037 A.1 key; cnf.jkt is the RFC 8037 A.3 thumbprint kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k', OK,
      { token: r8037, ...dpop(proof('rfc8037-a-ed25519', r8037, { alg: 'Ed25519' })) }, { flags: ['KeyBinding', 'RfcExample'] })
    t('accepts typ application/dpop+jwt in another case', OK, { token: at, ...dpop(proof('ec-p256-b', at, { header: { typ: 'Application/DPoP+JWT' } })) }, { flags: pf })
    t('accepts a request URL with a query and a fragment (ignored)', OK, { token: at, ...dpop(proof('ec-p256-b', at), { url: `${URL_}?page=2#top` }) }, { flags: ['HtuNormalization'] })
    t('accepts an htu with a query (ignored on both sides, RFC 9449 §4.3 point 9)', OK, { token: at, ...dpop(proof('ec-p256-b', at, { claims: { htu: `${URL_}?page=1` } })) }, { flags: ['HtuNormalization'] })
    t('accepts an htu with the scheme and host in upper case and the default port 443', OK, { token: at, ...dpop(proof('ec-p256-b', at, { claims: { htu: 'HTTPS://API.EXAMPLE:443/orders' } })) }, { flags: ['HtuNormalization'] })
    t('accepts an htu with %6F for o (RFC 3986 §6.2.2.2)', OK, { token: at, ...dpop(proof('ec-p256-b', at, { claims: { htu: 'https://api.example/%6Frders' } })) }, { flags: ['HtuNormalization'] })
    t('accepts iat 299 seconds before now', OK, { token: at, ...dpop(proof('ec-p256-b', at, { claims: { iat: NOW - 299 } })) }, { flags: ['ProofWindow'] })
    t('rejects iat 300 seconds before now (maxAge reached)', bad('stale'), { token: at, ...dpop(proof('ec-p256-b', at, { claims: { iat: NOW - 300 } })) }, { flags: ['ProofWindow'] })
    t('accepts iat 30 seconds after now (clockTolerance)', OK, { token: at, ...dpop(proof('ec-p256-b', at, { claims: { iat: NOW + 30 } })) }, { flags: ['ProofWindow'] })
    t('rejects iat 31 seconds after now', bad('future'), { token: at, ...dpop(proof('ec-p256-b', at, { claims: { iat: NOW + 31 } })) }, { flags: ['ProofWindow'] })
    t('rejects a GET proof for a POST request', bad('method'), { token: at, ...dpop(proof('ec-p256-b', at), { method: 'POST' }) }, { flags: pf })
    t('rejects htm "get" for a GET request (methods are case-sensitive)', bad('method'), { token: at, ...dpop(proof('ec-p256-b', at, { claims: { htm: 'get' } })) }, { flags: pf })
    t('rejects a proof for another path', bad('url'), { token: at, ...dpop(proof('ec-p256-b', at), { url: 'https://api.example/payments' }) }, { flags: ['HtuNormalization'] })
    t('rejects a proof for another host', bad('url'), { token: at, ...dpop(proof('ec-p256-b', at, { claims: { htu: 'https://api.example.evil/orders' } })) }, { flags: ['HtuNormalization'] })
    t('rejects a proof for http when the request is https', bad('url'), { token: at, ...dpop(proof('ec-p256-b', at, { claims: { htu: 'http://api.example/orders' } })) }, { flags: ['HtuNormalization'] })
    t('rejects an ath computed over another access token', bad('access_token_hash'), { token: at, ...dpop(proof('ec-p256-b', 'another.access.token')) }, { flags: pf })
    t('rejects a proof without ath, presented with an access token', bad('claims'), { token: at, ...dpop(proof('ec-p256-b', undefined)) }, { flags: pf })
    t('rejects a proof without jti', bad('claims'), { token: at, ...dpop(proof('ec-p256-b', at, { claims: { jti: undefined } })) }, { flags: pf })
    t('rejects a proof whose iat is a string', bad('claims'), { token: at, ...dpop(proof('ec-p256-b', at, { claims: { iat: String(NOW) } })) }, { flags: pf })
    const elsewhere = dpopBound('attacker-ec')
    t('rejects a valid proof by ec-p256-b for a token bound to another key (thumbprint mismatch)', dp('key_mismatch', 'thumbprint'), { token: elsewhere, ...dpop(proof('ec-p256-b', elsewhere)) }, { flags: ['KeyBinding'] })
    const unbound = token()
    t('rejects a valid proof for a token bound to no key', dp('key_mismatch', 'not_bound'), { token: unbound, ...dpop(proof('ec-p256-b', unbound)) }, { flags: ['KeyBinding'] })
    const { d } = PRIVATE['ec-p256-b']
    t('rejects a jwk holding the private key (d)', bad('key', { rule: 'private_key' }), { token: at, ...dpop(proof('ec-p256-b', at, { header: { jwk: { ...publicJwk('ec-p256-b'), d } } })) }, { flags: pf })
    t('rejects a proof without a jwk header', bad('key', { rule: 'not_a_jwk' }), { token: at, ...dpop(proof('ec-p256-b', at, { header: { jwk: undefined } })) }, { flags: pf })
    t('rejects an EC jwk with alg RS256', bad('key', { rule: 'key_type' }), { token: at, ...dpop(proof('ec-p256-b', at, { header: { alg: 'RS256' }, signer: 'rsa-b', alg: 'RS256' })) }, { flags: pf })
    const [nh, np] = proof('ec-p256-b', at, { header: { alg: 'none' } }).split('.')
    t('rejects an unsigned proof with alg none', bad('algorithm'), { token: at, ...dpop(`${nh}.${np}.`) }, { flags: pf })
    const hsInput = `${enc({ typ: 'dpop+jwt', alg: 'HS256', jwk: { kty: 'oct', k: b64u(Buffer.from('proof-secret')) } })}.${enc({ jti: 'hs-1', htm: METHOD, htu: URL_, iat: NOW - 1, ath: b64u(sha256(at)) })}`
    t('rejects an HS256 proof (a MAC, not a signature)', bad('algorithm'), { token: at, ...dpop(`${hsInput}.${b64u(createHmac('sha256', 'proof-secret').update(hsInput).digest())}`) }, { flags: pf })
    t('rejects typ JWT', bad('type'), { token: at, ...dpop(proof('ec-p256-b', at, { header: { typ: 'JWT' } })) }, { flags: pf })
    t('rejects the access token itself as the proof (typ at+jwt)', bad('type'), { token: at, ...dpop(at) }, { flags: pf })
    t('rejects a proof signed by another key than its jwk', bad('signature'), { token: at, ...dpop(proof('ec-p256-b', at, { signer: 'attacker-ec' })) }, { flags: pf })
    t('rejects a proof that is not a compact JWS', bad('malformed'), { token: at, ...dpop('not-a-proof') }, { flags: pf })
    const expired = dpopBound('ec-p256-b', { exp: NOW - 1 })
    t('rejects an expired bound token with a proof for another URL (claims come before the proof)', clm('expired', 'exp'), { token: expired, ...dpop(proof('ec-p256-b', expired), { url: 'https://x.example/' }) }, { flags: ['Precedence'] })
    t('rejects a proof for another method, URL and too old at once (htm is checked first)', bad('method'), { token: at, ...dpop(proof('ec-p256-b', at, { claims: { iat: NOW - 1000 } }), { method: 'DELETE', url: 'https://x.example/' }) }, { flags: ['Precedence'] })
    t('rejects a DPoP-bound token presented without a proof', bnd('binding_not_verified', 'jkt'), { token: at }, { flags: ['BoundWithoutProof'] })
    t('rejects a DPoP-bound token whose call says the DPoP header is absent (proof null)', bnd('binding_not_verified', 'jkt'), { token: at, ...dpop(null) }, { flags: ['BoundWithoutProof'] })
    t('rejects a token bound by a confirmation method this library does not verify (cnf.jwk)', bnd('binding_not_verified', 'other'), { token: token({ cnf: { jwk: publicJwk('ec-p256-b') } }) }, { flags: ['BoundWithoutProof'] })
    const namedJkt = token({ cnf: { jkt: 'ec-p256-b' } })
    t('rejects a cnf.jkt that is not a SHA-256 thumbprint', clm('invalid_claim', 'cnf'), { token: namedJkt, ...dpop(proof('ec-p256-b', namedJkt)) }, { flags: ['KeyBinding'] })
    t('rejects a cnf that is a string', clm('invalid_claim', 'cnf'), { token: token({ cnf: thumbprint(publicJwk('ec-p256-b')) }) }, { flags: ['KeyBinding'] })
    t('accepts an unbound token without a proof (a bearer token stays one)', OK, { token: unbound }, { flags: ['Control'] })
  }

  t = F.group('dpop.algorithms ES256 only', { jwks: ISSUER_SET, options: { ...OPTIONS, dpop: { algorithms: ['ES256'] } } })
  {
    const ed = dpopBound('ed25519')
    t('rejects an EdDSA proof outside dpop.algorithms', bad('algorithm'), { token: ed, ...dpop(proof('ed25519', ed)) }, { flags: pf })
    const at = dpopBound('ec-p256-b')
    t('accepts an ES256 proof', OK, { token: at, ...dpop(proof('ec-p256-b', at)) }, { flags: ['Control'] })
  }

  t = F.group('dpop.maxAge 60, dpop.clockTolerance 0', { jwks: ISSUER_SET, options: { ...OPTIONS, dpop: { maxAge: 60, clockTolerance: 0 } } })
  {
    const at = dpopBound('ec-p256-b')
    t('accepts iat 59 seconds before now', OK, { token: at, ...dpop(proof('ec-p256-b', at, { claims: { iat: NOW - 59 } })) }, { flags: ['ProofWindow'] })
    t('rejects iat 60 seconds before now', bad('stale'), { token: at, ...dpop(proof('ec-p256-b', at, { claims: { iat: NOW - 60 } })) }, { flags: ['ProofWindow'] })
    t('accepts iat equal to now', OK, { token: at, ...dpop(proof('ec-p256-b', at, { claims: { iat: NOW } })) }, { flags: ['ProofWindow'] })
    t('rejects iat one second after now', bad('future'), { token: at, ...dpop(proof('ec-p256-b', at, { claims: { iat: NOW + 1 } })) }, { flags: ['ProofWindow'] })
  }

  t = F.group('Replay: the before calls go to the same verifier first (RFC 9449 §11.1)', { jwks: ISSUER_SET, options: OPTIONS })
  {
    const at = dpopBound('ec-p256-b')
    const once = proof('ec-p256-b', at)
    t('rejects a proof used a second time (replayed jti)', bad('replayed'), { token: at, before: [{ ...dpop(once), expect: OK }], ...dpop(once) }, { flags: ['Replay'] })
    t('accepts a second request with a new proof', OK, { token: at, before: [{ ...dpop(proof('ec-p256-b', at)), expect: OK }], ...dpop(proof('ec-p256-b', at)) }, { flags: ['Replay'] })
    const first = proof('ec-p256-b', at, { claims: { jti: 'same-jti' } })
    const second = proof('ec-p256-b', at, { claims: { jti: 'same-jti', iat: NOW - 2 } })
    t('rejects another proof reusing an accepted proof\'s jti', bad('replayed'), { token: at, before: [{ ...dpop(first), expect: OK }], ...dpop(second) }, { flags: ['Replay'] })
    const retried = proof('ec-p256-b', at, { claims: { jti: 'retried-jti' } })
    t('accepts a proof whose jti only a refused request carried (a failing proof uses up nothing)', OK,
      { token: at, before: [{ ...dpop(retried, { method: 'POST' }), expect: bad('method') }], ...dpop(retried) }, { flags: ['Replay'] })
  }

  t = F.group('Server nonces: dpopNonces are the nonces the verifier accepts (RFC 9449 §9)', { jwks: ISSUER_SET, options: OPTIONS, dpopNonces: ['n-current', 'n-previous'] })
  {
    const at = dpopBound('ec-p256-b')
    t('accepts a proof with the current nonce', OK, { token: at, ...dpop(proof('ec-p256-b', at, { claims: { nonce: 'n-current' } })) }, { flags: ['Nonce'] })
    t('accepts a proof with the previous nonce', OK, { token: at, ...dpop(proof('ec-p256-b', at, { claims: { nonce: 'n-previous' } })) }, { flags: ['Nonce'] })
    t('rejects a proof without a nonce', dp('use_dpop_nonce', 'missing'), { token: at, ...dpop(proof('ec-p256-b', at)) }, { flags: ['Nonce'] })
    t('rejects a proof with a nonce the server does not accept', dp('use_dpop_nonce', 'mismatch'), { token: at, ...dpop(proof('ec-p256-b', at, { claims: { nonce: 'n-forged' } })) }, { flags: ['Nonce'] })
    t('rejects a proof with a numeric nonce', dp('use_dpop_nonce', 'mismatch'), { token: at, ...dpop(proof('ec-p256-b', at, { claims: { nonce: 1 } })) }, { flags: ['Nonce'] })
    t('rejects a proof with a nonce when the nonce provider fails', dp('dpop_unavailable', 'nonce_provider'),
      { token: at, dpopNonces: 'failing', ...dpop(proof('ec-p256-b', at, { claims: { nonce: 'n-current' } })) }, { flags: ['Nonce', 'Unavailable'] })
  }

  t = F.group('A replay store that fails', { jwks: ISSUER_SET, options: OPTIONS, dpopReplayStore: 'failing' })
  {
    const at = dpopBound('ec-p256-b')
    t('rejects a valid proof when the replay store fails', dp('dpop_unavailable', 'replay_store'), { token: at, ...dpop(proof('ec-p256-b', at)) }, { flags: ['Unavailable'] })
    t('rejects an invalid proof for what it is (the store is asked last)', bad('url'), { token: at, ...dpop(proof('ec-p256-b', at), { url: 'https://x.example/' }) }, { flags: ['Unavailable', 'Precedence'] })
  }

  t = F.group('Certificate-bound tokens: cnf x5t#S256 is the SHA-256 of test/keys/pem/ec-p256.crt (RFC 8705 §3)', { jwks: ISSUER_SET, options: OPTIONS })
  {
    const at = token({ cnf: { 'x5t#S256': X5T } })
    const cb = ['CertificateBound']
    t('accepts the bound certificate as PEM (x5t#S256 match)', OK, { token: at, clientCertificate: PEM }, { flags: ['Control', ...cb] })
    t('accepts the bound certificate as DER bytes (hex in the vector)', OK, { token: at, clientCertificate: { hex: DER.toString('hex') } }, { flags: cb })
    t('accepts the bound certificate as percent-encoded PEM (nginx $ssl_client_escaped_cert)', OK, { token: at, clientCertificate: encodeURIComponent(PEM) }, { flags: cb })
    t('accepts the certificate\'s base64url SHA-256 thumbprint', OK, { token: at, clientCertificate: X5T }, { flags: cb })
    t('accepts the certificate\'s hex SHA-256 fingerprint (Cloudflare certFingerprintSHA256)', OK, { token: at, clientCertificate: sha256(DER).toString('hex') }, { flags: cb })
    t('rejects another client certificate (x5t#S256 mismatch)', bnd('certificate_mismatch', 'x5t#S256'), { token: at, clientCertificate: OTHER_PEM }, { flags: cb })
    t('rejects a SHA-1 fingerprint of the bound certificate', bnd('certificate_mismatch', 'x5t#S256'), { token: at, clientCertificate: createHash('sha1').update(DER).digest('hex') }, { flags: cb })
    t('rejects a certificate-bound token without a client certificate', bnd('binding_not_verified', 'x5t#S256'), { token: at }, { flags: ['BoundWithoutProof', ...cb] })
    t('rejects an x5t#S256 in hex rather than base64url', clm('invalid_claim', 'cnf'), { token: token({ cnf: { 'x5t#S256': sha256(DER).toString('hex') } }), clientCertificate: PEM }, { flags: cb })
    const both = token({ cnf: { jkt: thumbprint(publicJwk('ec-p256-b')), 'x5t#S256': X5T } })
    t('accepts a token bound to both a DPoP key and a certificate, with both', OK, { token: both, clientCertificate: PEM, ...dpop(proof('ec-p256-b', both)) }, { flags: cb })
    t('rejects a token bound to both, with only the certificate', bnd('binding_not_verified', 'jkt'), { token: both, clientCertificate: PEM }, { flags: ['BoundWithoutProof', ...cb] })
  }

  t = F.group('acceptBoundTokensAsBearer: bindings the call does not prove are let through', { jwks: ISSUER_SET, options: { ...OPTIONS, acceptBoundTokensAsBearer: true } })
  {
    const at = dpopBound('ec-p256-b')
    t('accepts a DPoP-bound token without a proof', OK, { token: at }, { flags: ['BoundWithoutProof'] })
    t('accepts a certificate-bound token without a certificate', OK, { token: token({ cnf: { 'x5t#S256': X5T } }) }, { flags: ['BoundWithoutProof'] })
    const elsewhere = dpopBound('attacker-ec')
    t('rejects a DPoP-bound token with a proof by another key (a proof given is checked)', dp('key_mismatch', 'thumbprint'), { token: elsewhere, ...dpop(proof('ec-p256-b', elsewhere)) }, { flags: ['KeyBinding'] })
    t('rejects a certificate-bound token with another certificate (a certificate given is checked)', bnd('certificate_mismatch', 'x5t#S256'), { token: token({ cnf: { 'x5t#S256': X5T } }), clientCertificate: OTHER_PEM }, { flags: ['CertificateBound'] })
  }
}

// =============================================================================================
// dpop-proof.json: the proof layer alone, and the RFC 9449 examples

{
  const F = vectorFile('dpop-proof', 'proof', 'Step dpop at the proof layer (verifyDpopProof in src/internal.ts): one proof, the request method and URL, the access token when one is presented, the token\'s cnf.jkt when given, at now. The result is { ok: true, jkt } with the RFC 7638 thumbprint of the proof\'s key, or a dpop failure. Holds the RFC 9449 example proofs, which verify only at their own time.')
  // RFC 9449 examples, quoted from the RFC with the line wrapping removed.
  const KEY_HEADER = 'eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNoUklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19'
  const TOKEN_REQUEST = `${KEY_HEADER}.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg`
  const REFRESH_REQUEST = `${KEY_HEADER}.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjY1Mjk2fQ.pAqut2IRDm_De6PR93SYmGBPXpwrAk90e8cP2hjiaG5QsGSuKDYW7_X620BxqhvYC8ynrrvZLTk41mSRroapUA`
  const RESOURCE_REQUEST = `${KEY_HEADER}.eyJqdGkiOiJlMWozVl9iS2ljOC1MQUVCIiwiaHRtIjoiR0VUIiwiaHR1IjoiaHR0cHM6Ly9yZXNvdXJjZS5leGFtcGxlLm9yZy9wcm90ZWN0ZWRyZXNvdXJjZSIsImlhdCI6MTU2MjI2MjYxOCwiYXRoIjoiZlVIeU8ycjJaM0RaNTNFc05yV0JiMHhXWG9hTnk1OUlpS0NBcWtzbVFFbyJ9.2oW9RP35yRqzhrtNP86L-Ey71EOptxRimPPToA1plemAgR6pxHF8y6-yqyVnmcw6Fy1dqd-jfxSYoMxhAJpLjA`
  const ACCESS_TOKEN = 'Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU'
  const EXAMPLE_KEY = { kty: 'EC', crv: 'P-256', x: 'l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs', y: '9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA' }
  if (thumbprint(EXAMPLE_KEY) !== RFC9449_THUMBPRINT) throw new Error('RFC 9449 example key')
  for (const example of [TOKEN_REQUEST, REFRESH_REQUEST, RESOURCE_REQUEST]) {
    const [h, p, s] = example.split('.')
    const key = createPublicKey({ key: EXAMPLE_KEY, format: 'jwk' })
    if (!verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'))) throw new Error('an RFC 9449 example does not verify')
  }
  if (b64u(sha256(ACCESS_TOKEN)) !== 'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo') throw new Error('RFC 9449 §7.1 ath')
  const rfc = (section, tcId) => ({ file: 'RFC 9449', commit: `RFC 9449 ${section}`, tcId, result: 'valid' })
  const token_ = { method: 'POST', url: 'https://server.example.com/token' }
  const resource = { method: 'GET', url: 'https://resource.example.org/protectedresource' }
  const okJkt = (jkt) => ({ ok: true, jkt })
  const ex = ['RfcExample']

  let t = F.group('RFC 9449 example proofs, at their own time (every one uses the key of RFC 9449 §4.2, thumbprint 0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I)')
  t('accepts the RFC 9449 §4.1 proof of a token request (no access token, so no ath)', okJkt(RFC9449_THUMBPRINT), { proof: TOKEN_REQUEST, ...token_ }, { now: 1562262616, flags: ex, upstream: rfc('§4.1, §5 (Figures 2, 5)', 'token-request') })
  t('accepts the RFC 9449 §5 proof of a refresh token request', okJkt(RFC9449_THUMBPRINT), { proof: REFRESH_REQUEST, ...token_ }, { now: 1562265296, flags: ex, upstream: rfc('§5 (Figure 7)', 'refresh-request') })
  t('accepts the RFC 9449 §7.1 proof of a resource request with its access token and the token\'s cnf.jkt', okJkt(RFC9449_THUMBPRINT),
    { proof: RESOURCE_REQUEST, ...resource, accessToken: ACCESS_TOKEN, jkt: RFC9449_THUMBPRINT }, { now: 1562262618, flags: ex, upstream: rfc('§7.1 (Figure 13), §6.1', 'resource-request') })
  t('rejects the RFC 9449 §7.1 proof with another access token', bad('access_token_hash'), { proof: RESOURCE_REQUEST, ...resource, accessToken: `${ACCESS_TOKEN}x` }, { now: 1562262618, flags: ex, upstream: rfc('§7.1 (Figure 13)', 'resource-request') })
  t('rejects the RFC 9449 §7.1 proof 300 seconds after its iat', bad('stale'), { proof: RESOURCE_REQUEST, ...resource, accessToken: ACCESS_TOKEN }, { now: 1562262918, flags: ex, upstream: rfc('§7.1 (Figure 13)', 'resource-request') })
  t('rejects the RFC 9449 §7.1 proof 31 seconds before its iat', bad('future'), { proof: RESOURCE_REQUEST, ...resource, accessToken: ACCESS_TOKEN }, { now: 1562262587, flags: ex, upstream: rfc('§7.1 (Figure 13)', 'resource-request') })
  t('rejects the RFC 9449 §7.1 proof for a POST', bad('method'), { proof: RESOURCE_REQUEST, ...resource, method: 'POST', accessToken: ACCESS_TOKEN }, { now: 1562262618, flags: ex, upstream: rfc('§7.1 (Figure 13)', 'resource-request') })
  t('rejects the RFC 9449 §7.1 proof at another resource', bad('url'), { proof: RESOURCE_REQUEST, ...resource, url: 'https://resource.example.org/other', accessToken: ACCESS_TOKEN }, { now: 1562262618, flags: ex, upstream: rfc('§7.1 (Figure 13)', 'resource-request') })
  t('rejects the RFC 9449 §7.1 proof for a token bound to the RFC 7638 key', dp('key_mismatch', 'thumbprint'),
    { proof: RESOURCE_REQUEST, ...resource, accessToken: ACCESS_TOKEN, jkt: RFC7638_THUMBPRINT }, { now: 1562262618, flags: ex, upstream: rfc('§7.1 (Figure 13)', 'resource-request') })
  t('rejects the RFC 9449 §4.1 proof presented with an access token (it has no ath)', bad('claims'), { proof: TOKEN_REQUEST, ...token_, accessToken: ACCESS_TOKEN }, { now: 1562262616, flags: ex, upstream: rfc('§4.1 (Figure 2)', 'token-request') })

  t = F.group('Thumbprints of the RFC 7638 and RFC 8037 example keys, from proofs they sign (test/keys/rfc7517-a2-rsa.json, rfc8037-a-ed25519.json)')
  const at = 'an-access-token'
  t('accepts an RS256 proof by the RFC 7517 A.2 key → jkt NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs (RFC 7638 §3.1)', okJkt(RFC7638_THUMBPRINT),
    { proof: proof('rfc7517-a2-rsa', at, { header: { kid: '2011-04-29' } }), method: METHOD, url: URL_, accessToken: at }, { flags: ex })
  t('accepts an EdDSA proof by the RFC 8037 A.1 key → jkt kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k (RFC 8037 A.3)', okJkt(RFC8037_THUMBPRINT),
    { proof: proof('rfc8037-a-ed25519', at), method: METHOD, url: URL_, accessToken: at }, { flags: ex })
  t('rejects a proof by the RFC 8037 key with the jkt of the RFC 7638 key', dp('key_mismatch', 'thumbprint'),
    { proof: proof('rfc8037-a-ed25519', at), method: METHOD, url: URL_, accessToken: at, jkt: RFC7638_THUMBPRINT }, { flags: ['KeyBinding'] })
}

// =============================================================================================
// Output

const checkOnly = process.argv.includes('--check')
const stale = []
for (const file of files) {
  const tests = file.groups.flatMap((g) => g.tests)
  const used = [...new Set(tests.flatMap((x) => x.flags ?? []))].sort()
  const out = {
    schema: 'verify-access-token-vectors/v1',
    kind: file.kind,
    description: file.description,
    source: file.kind === 'proof'
      ? { name: 'verify-access-token, with the RFC 9449 example proofs (IETF Trust Legal Provisions; example values quoted as test data)', generator: GENERATOR }
      : { name: 'verify-access-token', generator: GENERATOR },
    numberOfTests: tests.length,
    notes: Object.fromEntries(used.map((flag) => [flag, FLAGS[flag]])),
    testGroups: file.groups.map(({ tests: groupTests, ...group }) => ({ ...group, tests: groupTests })),
  }
  const url = new URL(`${file.name}.json`, OUT_DIR)
  const text = JSON.stringify(out, null, 2) + '\n'
  if (!checkOnly) writeFileSync(url, text)
  else if (!existsSync(url) || readFileSync(url, 'utf8') !== text) stale.push(url.pathname)
  console.log(`vectors/${file.name}.json: ${tests.length} tests`)
}
if (checkOnly) {
  if (stale.length) {
    console.error(`out of date (re-run without --check):\n  ${stale.join('\n  ')}`)
    process.exit(1)
  }
  console.log('all generated files are up to date')
}
