/**
 * vectors/signature.json, step "signature": the algorithm allow-list (RFC 8725 §3.1), key
 * selection from the configured set only, the key policy (RFC 7517, RFC 7518 §3) and the
 * signature bytes. Claims are valid unless a comment says more, so the signature failure must win.
 */
import { ALGORITHMS } from '../../codes.mjs'
import { bytes, fromBig, ISS, ISSUER_SET, merge, NOW, OPTIONS, reversed, toBig, unb64u } from './common.mjs'
import { ED25519_L, HMAC_KEY, KEY_SETS, ORDER, pemOf, PRIVATE, pub, publicKey, raw } from './keys.mjs'
import { build, CLAIMS, es, half, pkcs1Sha256, rawSign, rs, rs64, toDer, toHighS, tok, toLowS } from './tokens.mjs'
import { OK, OK_RW, sig, vectorFile } from './vector-file.mjs'

/** Adds the vectors of signature.json, in tcId order. */
export function defineSignatureVectors() {
  const F = vectorFile('signature', 'Step signature: the algorithm allow-list, key selection from the configured key set only, the key policy, and the signature bytes. Claims are valid unless a comment says more (then the signature failure must win).')
  const ALL = { ...OPTIONS, algorithms: ALGORITHMS }
  let t = F.group('All eleven algorithms allowed; key set keys/issuer.json (kids rsa-a, rsa-b, rsa-3072, rsa-4096, ec-p256-a, ec-p256-b, ec-p384, ec-p521, ed25519)', { options: ALL })
  const control = t('accepts an RS256 token signed by rsa-a', OK, rs(), { flags: ['Control'] })

  // A01: alg none and other names outside the allow-list.
  const notAllowed = { flags: ['AlgNotAllowed'], tags: ['A01'] }
  for (const alg of ['none', 'None', 'NONE', 'nOnE', 'NoNe'])
    t(`rejects alg "${alg}" carrying an RS256 signature by rsa-a`, sig('alg_not_allowed'), tok(alg, 'rsa-a', { scheme: 'RS256' }), notAllowed)
  t('rejects alg "none" with a one-octet signature and no kid', sig('alg_not_allowed'), rs({ header: { alg: 'none', kid: undefined }, s: 'AA' }), notAllowed)
  for (const [alg, what] of [['', 'the empty string'], ['rs256', 'lower case'], ['RS256 ', 'a trailing space'], [' RS256', 'a leading space'], ['RS256\u0000', 'a trailing NUL'], ['ES999', 'an unknown name'], ['RSA-OAEP', 'a JWE key-management name'], ['dir', 'JWE "dir"'], ['toString', 'an Object.prototype name']])
    t(`rejects alg "${JSON.stringify(alg).slice(1, -1)}" (${what})`, sig('alg_not_allowed'), tok(alg, 'rsa-a', { scheme: 'RS256' }), { flags: ['AlgNotAllowed'], tags: alg === 'toString' ? ['A01', 'A33'] : ['A01'] })
  t('accepts alg spelled "\\u0052S256" (escapes are removed before comparing)', OK, rs({ headerJson: '{"alg":"\\u0052S256","typ":"at+jwt","kid":"rsa-a"}' }), { flags: ['Escapes'], tags: ['A01', 'A32'] })

  // A02: HMAC keyed with public key bytes.
  const confusion = { flags: ['AlgNotAllowed', 'KeyConfusion'], tags: ['A02'] }
  const spki = pemOf('rsa-a')
  for (const [alg, secret, what] of [
    ['HS256', spki, "rsa-a's SPKI PEM"],
    ['HS256', spki.trimEnd(), "rsa-a's SPKI PEM without its final newline"],
    ['HS256', spki.replaceAll('\n', '\r\n'), "rsa-a's SPKI PEM with CRLF line ends"],
    ['HS256', pemOf('rsa-a', 'pkcs1'), "rsa-a's PKCS#1 PEM"],
    ['HS256', publicKey('rsa-a').export({ type: 'spki', format: 'der' }), "rsa-a's SPKI DER"],
    ['HS256', JSON.stringify(KEY_SETS.issuer[0]), "rsa-a's JWK as JSON text"],
    ['HS256', raw('rsa-a', 'n'), "rsa-a's modulus octets"],
    ['HS384', spki, "rsa-a's SPKI PEM"],
    ['HS512', spki, "rsa-a's SPKI PEM"],
  ]) t(`rejects ${alg} keyed with ${what}`, sig('alg_not_allowed'), tok(alg, 'rsa-a', { hmac: secret, hmacHash: `sha${alg.slice(2)}` }), confusion)
  t("rejects HS256 keyed with ec-p256-a's uncompressed point", sig('alg_not_allowed'), tok('HS256', 'ec-p256-a', { hmac: bytes([4], raw('ec-p256-a', 'x'), raw('ec-p256-a', 'y')) }), confusion)
  t("rejects HS256 keyed with ed25519's public key octets", sig('alg_not_allowed'), tok('HS256', 'ed25519', { hmac: raw('ed25519', 'x') }), confusion)
  t('rejects HS256 keyed with the empty string and no kid', sig('alg_not_allowed'), tok('HS256', 'rsa-a', { hmac: '', header: { kid: undefined } }), confusion)

  // A03: the algorithm is bound to the key type and curve.
  const mismatch = (tags = ['A03']) => ({ flags: ['AlgKeyMismatch'], tags })
  t('rejects PS256 in the header over an RS256 (PKCS#1 v1.5) signature', sig('invalid_signature'), tok('PS256', 'rsa-a', { scheme: 'RS256' }), mismatch(['A03', 'A12']))
  t('rejects RS256 in the header over a PS256 signature', sig('invalid_signature'), tok('RS256', 'rsa-a', { scheme: 'PS256' }), mismatch(['A03', 'A12']))
  t('rejects RS384 in the header over an RS256 signature', sig('invalid_signature'), tok('RS384', 'rsa-a', { scheme: 'RS256' }), mismatch(['A03', 'A12']))
  t('rejects PS384 in the header over a PS256 signature', sig('invalid_signature'), tok('PS384', 'rsa-3072', { scheme: 'PS256' }), mismatch(['A03', 'A12']))
  t('rejects ES256 naming the P-384 key ec-p384 (curve mismatch)', sig('key_not_found'), tok('ES256', 'ec-p384', { scheme: 'ES384' }), mismatch(['A03', 'A10']))
  t('rejects ES384 naming the P-256 key ec-p256-a (curve mismatch)', sig('key_not_found'), tok('ES384', 'ec-p256-a', { scheme: 'ES256' }), mismatch(['A03', 'A10']))
  t('rejects ES512 naming the P-384 key ec-p384 (curve mismatch)', sig('key_not_found'), tok('ES512', 'ec-p384', { scheme: 'ES384' }), mismatch(['A03', 'A10']))
  t('rejects ES256 naming the RSA key rsa-a', sig('key_not_found'), tok('ES256', 'rsa-a', { scheme: 'RS256' }), mismatch())
  t('rejects RS256 naming the EC key ec-p256-a', sig('key_not_found'), tok('RS256', 'ec-p256-a', { scheme: 'ES256' }), mismatch())
  t('rejects PS256 naming the OKP key ed25519', sig('key_not_found'), tok('PS256', 'ed25519', { scheme: 'EdDSA' }), mismatch())
  t('rejects EdDSA naming the EC key ec-p256-a', sig('key_not_found'), tok('EdDSA', 'ec-p256-a', { scheme: 'ES256' }), mismatch(['A03', 'A13']))
  t('rejects Ed25519 naming the RSA key rsa-a', sig('key_not_found'), tok('Ed25519', 'rsa-a', { scheme: 'RS256' }), mismatch(['A03', 'A13']))
  t('rejects an ES256 signature by ec-p256-b under kid ec-p256-a', sig('invalid_signature'), tok('ES256', 'ec-p256-b', { header: { kid: 'ec-p256-a' } }), { flags: ['Tampered'], tags: ['A03'] })

  // A04: embedded key headers are never key sources.
  const attackerRsa = pub('attacker-rsa')
  const embedded = (extra = []) => ({ flags: ['AttackerKey', 'HeaderKeyIgnored', ...extra], tags: ['A04'] })
  t('rejects an attacker RS256 token carrying its own key in jwk, without kid', sig('invalid_signature'), tok('RS256', 'attacker-rsa', { header: { kid: undefined, jwk: attackerRsa } }), embedded(['KeySelection']))
  t("rejects an attacker RS256 token carrying its own key in jwk under rsa-a's kid", sig('invalid_signature'), tok('RS256', 'attacker-rsa', { header: { kid: 'rsa-a', jwk: { ...attackerRsa, kid: 'rsa-a' } } }), embedded())
  t('rejects an attacker RS256 token carrying its private key in jwk', sig('invalid_signature'), tok('RS256', 'attacker-rsa', { header: { kid: 'rsa-a', jwk: PRIVATE['attacker-rsa'] } }), embedded())
  t('rejects an attacker ES256 token carrying its own key in jwk, without kid', sig('invalid_signature'), tok('ES256', 'attacker-ec', { header: { kid: undefined, jwk: pub('attacker-ec') } }), embedded(['KeySelection']))
  t('rejects an attacker EdDSA token carrying its own key in jwk under kid ed25519', sig('invalid_signature'), tok('EdDSA', 'attacker-ed25519', { header: { kid: 'ed25519', jwk: pub('attacker-ed25519') } }), embedded(['KeySelection']))
  t('rejects an attacker RS256 token carrying its key as x5c under kid rsa-a', sig('invalid_signature'), tok('RS256', 'attacker-rsa', { header: { kid: 'rsa-a', x5c: [publicKey('attacker-rsa').export({ type: 'spki', format: 'der' }).toString('base64')] } }), embedded())
  t('accepts a token by rsa-a that also carries an attacker key in jwk (ignored)', OK, rs({ header: { jwk: attackerRsa } }), { flags: ['HeaderKeyIgnored'], tags: ['A04'] })
  t('accepts a token by rsa-a that also carries an x5c header (ignored)', OK, rs({ header: { x5c: [publicKey('attacker-rsa').export({ type: 'spki', format: 'der' }).toString('base64')] } }), { flags: ['HeaderKeyIgnored'], tags: ['A04'] })

  // A05: remote key URLs are never fetched.
  const remote = { flags: ['AttackerKey', 'HeaderKeyIgnored'], tags: ['A05'] }
  for (const [member, url] of [
    ['jku', 'https://attacker.example/jwks.json'],
    ['jku', 'https://as.example@attacker.example/jwks.json'],
    ['jku', 'https://as.exampleZattacker.example/jwks.json'],
    ['jku', `${ISS}/.well-known/jwks.json`],
    ['x5u', 'https://attacker.example/cert.pem'],
  ]) t(`rejects an attacker RS256 token with ${member} "${url}" under kid rsa-a`, sig('invalid_signature'), tok('RS256', 'attacker-rsa', { header: { kid: 'rsa-a', [member]: url } }), remote)
  t('accepts a token by rsa-a that also carries jku (ignored)', OK, rs({ header: { jku: 'https://attacker.example/jwks.json' } }), { flags: ['HeaderKeyIgnored'], tags: ['A05'] })
  t('accepts a token by rsa-a that also carries x5u (ignored)', OK, rs({ header: { x5u: 'https://attacker.example/cert.pem' } }), { flags: ['HeaderKeyIgnored'], tags: ['A05'] })

  // A06: kid lookup is an exact string match over the configured keys only.
  const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty']
  for (const [kid, what, tags] of [
    ['rsa-c', 'an unknown kid'], ['', 'the empty kid'], ['RSA-A', 'kid rsa-a in upper case'], ['rsa-a ', 'kid rsa-a with a trailing space'],
    [' rsa-a', 'kid rsa-a with a leading space'], ['rsa-a\u0000', 'kid rsa-a with a trailing NUL'],
    ['__proto__', 'kid "__proto__"', ['A06', 'A33']], ['constructor', 'kid "constructor"', ['A06', 'A33']],
    ['toString', 'kid "toString"', ['A06', 'A33']], ['hasOwnProperty', 'kid "hasOwnProperty"', ['A06', 'A33']],
    ['../../../../../../dev/null', 'a path traversal kid'], ["' UNION SELECT 'key' --", 'an SQL injection kid'], ['|sleep 10', 'a shell injection kid'],
    ['k'.repeat(10000), 'a 10000-character kid', ['A06', 'A26']],
  ]) t(`rejects ${what}`, sig('key_not_found'), rs({ header: { kid } }), { flags: PROTOTYPE_NAMES.includes(kid) ? ['KidLookup', 'PrototypeName'] : ['KidLookup'], tags: tags ?? ['A06'] })
  t('accepts kid spelled "\\u0072sa-a" (escapes are removed before comparing)', OK, rs({ headerJson: '{"alg":"RS256","typ":"at+jwt","kid":"\\u0072sa-a"}' }), { flags: ['Escapes'], tags: ['A06', 'A32'] })
  t('accepts a token without kid signed by rsa-b, the second RSA key of the set', OK, tok('RS256', 'rsa-b', { header: { kid: undefined } }), { flags: ['KeySelection'], tags: ['A06'] })
  t('rejects a token without kid signed by rsa-4096, the fourth RSA key (only three are tried)', sig('invalid_signature'), tok('RS256', 'rsa-4096', { header: { kid: undefined } }), { flags: ['KeySelection'], tags: ['A06', 'A35'] })
  t('accepts an ES256 token without kid signed by ec-p256-b, the second P-256 key', OK, tok('ES256', 'ec-p256-b', { header: { kid: undefined } }), { flags: ['KeySelection'], tags: ['A06'] })
  t('accepts an ES384 token without kid (one P-384 key fits)', OK, tok('ES384', 'ec-p384', { header: { kid: undefined } }), { flags: ['KeySelection'], tags: ['A06'] })

  // A07: ECDSA signatures are raw R‖S of exactly 2 × the curve size; RSA ones as long as n.
  const encoding = (tags = ['A07']) => ({ flags: ['SignatureEncoding'], tags })
  const es256 = t('accepts an ES256 token signed by ec-p256-a', OK, es(), { flags: ['Control'] })
  t('rejects the same ES256 signature DER-encoded', sig('invalid_signature'), es({ from: es256, mutate: toDer }), encoding())
  t('rejects the same ES256 signature without its last octet (63 octets)', sig('invalid_signature'), es({ from: es256, mutate: (s) => s.subarray(0, 63) }), encoding())
  t('rejects the same ES256 signature with a zero octet appended (65 octets)', sig('invalid_signature'), es({ from: es256, mutate: (s) => bytes(s, [0]) }), encoding())
  t('rejects the same ES256 signature with a zero octet prepended (65 octets)', sig('invalid_signature'), es({ from: es256, mutate: (s) => bytes([0], s) }), encoding())
  t('rejects the same ES256 signature with r and s each padded to 33 octets', sig('invalid_signature'), es({ from: es256, mutate: (s) => bytes([0], half(s)[0], [0], half(s)[1]) }), encoding())
  t('rejects the same ES256 signature zero-padded to 96 octets (the ES384 size)', sig('invalid_signature'), es({ from: es256, mutate: (s) => bytes(s, Buffer.alloc(32)) }), encoding())
  t('rejects a one-octet ES256 signature', sig('invalid_signature'), es({ s: 'AA' }), encoding())
  const es384 = t('accepts an ES384 token signed by ec-p384', OK, tok('ES384', 'ec-p384'), { flags: ['Control'] })
  t('rejects the same ES384 signature DER-encoded', sig('invalid_signature'), tok('ES384', 'ec-p384', { from: es384, mutate: toDer }), encoding())
  const es512 = t('accepts an ES512 token signed by ec-p521 (132 octets: 66 per integer, not 65)', OK, tok('ES512', 'ec-p521'), { flags: ['Control'] })
  t('rejects the same ES512 signature with r and s each cut to 65 octets (130 octets)', sig('invalid_signature'), tok('ES512', 'ec-p521', { from: es512, mutate: (s) => bytes(half(s)[0].subarray(1), half(s)[1].subarray(1)) }), encoding())
  t('rejects the same ES512 signature DER-encoded', sig('invalid_signature'), tok('ES512', 'ec-p521', { from: es512, mutate: toDer }), encoding())
  t('rejects an RS256 signature without its last octet', sig('invalid_signature'), rs({ mutate: (s) => s.subarray(0, -1) }), encoding(['A12']))
  t('rejects an RS256 signature with a zero octet appended', sig('invalid_signature'), rs({ mutate: (s) => bytes(s, [0]) }), encoding(['A12']))
  t('rejects an RS256 signature with a zero octet prepended', sig('invalid_signature'), rs({ mutate: (s) => bytes([0], s) }), encoding(['A12']))

  // A08: out-of-range ECDSA and RSA values (psychic signatures), built without a private key.
  const range = (tags = ['A08']) => ({ flags: ['RangeCheck', 'ForgedSignature'], tags })
  const [esR, esS] = half(es256.raw.sig).map(toBig)
  for (const [r, s, what] of [
    [0n, 0n, 'r = s = 0'], [0n, esS, 'r = 0 and a real s'], [esR, 0n, 'a real r and s = 0'],
    [ORDER.ES256, ORDER.ES256, 'r = s = n'], [esR, ORDER.ES256, 'a real r and s = n'], [ORDER.ES256 - 1n, esS, 'r = n - 1 and a real s'],
    [1n, 1n, 'r = s = 1'],
  ]) t(`rejects an ES256 signature with ${what}`, sig('invalid_signature'), es({ sigBytes: rs64('ES256', r, s) }), range())
  t('rejects an ES384 signature with r = s = 0', sig('invalid_signature'), tok('ES384', 'ec-p384', { sigBytes: rs64('ES384', 0n, 0n) }), range())
  t('rejects an ES512 signature with r = s = 0', sig('invalid_signature'), tok('ES512', 'ec-p521', { sigBytes: rs64('ES512', 0n, 0n) }), range())
  t('rejects an EdDSA signature of 64 zero octets', sig('invalid_signature'), tok('EdDSA', 'ed25519', { sigBytes: Buffer.alloc(64) }), range(['A08', 'A13']))
  const n = raw('rsa-a', 'n')
  t('rejects an RS256 signature of 256 zero octets', sig('invalid_signature'), rs({ sigBytes: Buffer.alloc(256) }), range(['A12']))
  t('rejects an RS256 signature equal to 1', sig('invalid_signature'), rs({ sigBytes: fromBig(1n, 256) }), range(['A12']))
  t('rejects an RS256 signature equal to the modulus n', sig('invalid_signature'), rs({ sigBytes: n }), range(['A12']))
  t('rejects an RS256 signature equal to n - 1', sig('invalid_signature'), rs({ sigBytes: fromBig(toBig(n) - 1n, 256) }), range(['A12']))

  // A09: high-S ECDSA signatures verify (JOSE does not require low S).
  const malleable = { flags: ['HighS'], tags: ['A09'] }
  t('accepts the low-S form of the ES256 signature', OK, es({ from: es256, mutate: toLowS('ES256') }), { tags: ['A09'] })
  t('accepts the high-S form of the ES256 signature (n - s)', OK, es({ from: es256, mutate: toHighS('ES256') }), malleable)
  t('accepts the high-S form of the ES384 signature', OK, tok('ES384', 'ec-p384', { from: es384, mutate: toHighS('ES384') }), malleable)
  t('accepts the high-S form of the ES512 signature', OK, tok('ES512', 'ec-p521', { from: es512, mutate: toHighS('ES512') }), malleable)

  // A12: RSA padding and hash.
  const padding = { flags: ['Tampered'], tags: ['A12'] }
  t('rejects RS256 over a PKCS#1 v1.5 signature with a SHA-1 DigestInfo', sig('invalid_signature'), rs({ scheme: 'RS256-SHA1' }), padding)
  t('rejects RS256 over an RS512 signature (wrong DigestInfo)', sig('invalid_signature'), rs({ scheme: 'RS512' }), padding)
  t('rejects PS256 over a PSS signature with an empty salt', sig('invalid_signature'), tok('PS256', 'rsa-a', { scheme: 'PS256-SALT0' }), padding)
  t('rejects PS256 over a PS384 signature (wrong hash and salt)', sig('invalid_signature'), tok('PS256', 'rsa-a', { scheme: 'PS384' }), padding)
  let zeroLead = 0
  while (rawSign('RS256', 'rsa-a', build(rs({ claims: { jti: `jti-zero-${zeroLead}` } }), 'probe').raw.input)[0] !== 0) zeroLead++
  const leading = t('accepts an RS256 signature whose first octet is zero (full modulus length)', OK, rs({ claims: { jti: `jti-zero-${zeroLead}` } }), { tags: ['A12'] })
  t('rejects the same RS256 signature with its leading zero octet stripped', sig('invalid_signature'), rs({ claims: { jti: `jti-zero-${zeroLead}` }, from: leading, mutate: (s) => s.subarray(1) }), encoding(['A12']))

  // A13: EdDSA.
  const eddsa = t('accepts an EdDSA token signed by ed25519', OK, tok('EdDSA', 'ed25519'), { flags: ['Control'] })
  t('rejects the same EdDSA signature with L added to S (non-canonical S)', sig('invalid_signature'), tok('EdDSA', 'ed25519', {
    from: eddsa, mutate: (s) => bytes(s.subarray(0, 32), reversed(fromBig(toBig(reversed(s.subarray(32))) + ED25519_L, 32))),
  }), { flags: ['Tampered'], tags: ['A13'] })
  t('rejects the same EdDSA signature without its last octet', sig('invalid_signature'), tok('EdDSA', 'ed25519', { from: eddsa, mutate: (s) => s.subarray(0, 63) }), encoding(['A13']))
  t('rejects the same EdDSA signature with an octet appended', sig('invalid_signature'), tok('EdDSA', 'ed25519', { from: eddsa, mutate: (s) => bytes(s, [0]) }), encoding(['A13']))
  t('rejects an Ed25519 header over the EdDSA token\'s signature', sig('invalid_signature'), tok('Ed25519', 'ed25519', { sigBytes: eddsa.raw.sig }), { flags: ['Tampered'], tags: ['A13'] })

  // Tampering.
  const tampered = { flags: ['Tampered'] }
  t('rejects a payload changed after signing (sub "admin")', sig('invalid_signature'), rs({ claims: { sub: 'admin' }, sigBytes: control.raw.sig }), tampered)
  t('rejects a header changed after signing (typ removed)', sig('invalid_signature'), rs({ header: { typ: undefined }, sigBytes: control.raw.sig }), tampered)
  t('rejects an RS256 signature by rsa-b under kid rsa-a', sig('invalid_signature'), tok('RS256', 'rsa-b', { header: { kid: 'rsa-a' } }), tampered)
  t('rejects an RS256 signature with one bit flipped', sig('invalid_signature'), rs({ mutate: (s) => { s[100] ^= 1; return s } }), tampered)

  // A34: a bad signature wins over every claim or scope problem.
  const first = (extra = []) => ({ flags: ['Precedence', ...extra], tags: ['A34'] })
  t('rejects an expired token signed by an attacker as a signature failure', sig('invalid_signature'), tok('RS256', 'attacker-rsa', { header: { kid: 'rsa-a' }, claims: { exp: NOW - 3600 } }), first(['AttackerKey']))
  t('rejects a token for another audience signed by an attacker as a signature failure', sig('invalid_signature'), tok('RS256', 'attacker-rsa', { header: { kid: 'rsa-a' }, claims: { aud: 'https://other.example' } }), first(['AttackerKey']))
  t('rejects a token lacking a required scope and signed by an attacker as a signature failure', sig('invalid_signature'), tok('RS256', 'attacker-rsa', { header: { kid: 'rsa-a' } }), { ...first(['AttackerKey']), options: { scopes: ['admin'] } })
  t('rejects an expired alg none token as an algorithm failure', sig('alg_not_allowed'), rs({ header: { alg: 'none' }, claims: { exp: NOW - 3600 }, s: 'AA' }), { ...first(['AlgNotAllowed']), tags: ['A34', 'A01'] })
  t('rejects a token with a wrong issuer and an unknown kid as a key failure', sig('key_not_found'), rs({ header: { kid: 'rsa-z' }, claims: { iss: 'https://evil.example' } }), first(['KidLookup']))
  t('rejects a disallowed algorithm before looking up an unknown kid', sig('alg_not_allowed'), tok('ES999', 'rsa-a', { scheme: 'RS256', header: { kid: 'rsa-z' } }), first(['AlgNotAllowed']))
  t('rejects typ dpop+jwt with alg HS256 as an algorithm failure', sig('alg_not_allowed'), tok('HS256', 'rsa-a', { hmac: spki, header: { typ: 'dpop+jwt' } }), first(['AlgNotAllowed']))
  t('rejects exp 1e309 with a tampered payload as a signature failure', sig('invalid_signature'), rs({ payloadJson: JSON.stringify(merge(CLAIMS, { exp: undefined })).slice(0, -1) + ',"exp":1e309}', sigBytes: control.raw.sig }), first(['Tampered']))
  t('rejects a wrongly typed scope claim with a bad signature as a signature failure', sig('invalid_signature'), rs({ claims: { scope: ['read'] }, sigBytes: control.raw.sig }), first(['Tampered']))

  // Default algorithms: RS256 and ES256 only.
  t = F.group('No algorithms option (default RS256, ES256); key set keys/issuer.json')
  const byDefault = { flags: ['DefaultOptions'] }
  t('accepts RS256 by default', OK, rs(), byDefault)
  t('accepts ES256 by default', OK, es(), byDefault)
  for (const [alg, key] of [['RS384', 'rsa-3072'], ['RS512', 'rsa-4096'], ['PS256', 'rsa-a'], ['PS384', 'rsa-3072'], ['PS512', 'rsa-4096'], ['ES384', 'ec-p384'], ['ES512', 'ec-p521'], ['EdDSA', 'ed25519'], ['Ed25519', 'ed25519']])
    t(`rejects a valid ${alg} token by default`, sig('alg_not_allowed'), tok(alg, key), { flags: ['DefaultOptions', 'AlgNotAllowed'], tags: ['A01'] })

  t = F.group('Only Ed25519 allowed; key set keys/issuer.json', { options: { ...OPTIONS, algorithms: ['Ed25519'] } })
  t('accepts an Ed25519 token', OK, tok('Ed25519', 'ed25519'))
  t('rejects a valid EdDSA token (EdDSA is a different name)', sig('alg_not_allowed'), tok('EdDSA', 'ed25519'), { flags: ['AlgNotAllowed'], tags: ['A01', 'A13'] })
  t('rejects a valid RS256 token', sig('alg_not_allowed'), rs(), { flags: ['AlgNotAllowed'], tags: ['A01'] })
  t = F.group('Only EdDSA allowed; key set keys/issuer.json', { options: { ...OPTIONS, algorithms: ['EdDSA'] } })
  t('accepts an EdDSA token', OK, tok('EdDSA', 'ed25519'))
  t('rejects a valid Ed25519 token (Ed25519 is a different name)', sig('alg_not_allowed'), tok('Ed25519', 'ed25519'), { flags: ['AlgNotAllowed'], tags: ['A01', 'A13'] })
  t = F.group('Only PS256 and ES384 allowed; key set keys/issuer.json', { options: { ...OPTIONS, algorithms: ['PS256', 'ES384'] } })
  t('accepts a PS256 token', OK, tok('PS256', 'rsa-a'))
  t('accepts an ES384 token', OK, tok('ES384', 'ec-p384'))
  t('rejects a valid RS256 token by the same RSA key', sig('alg_not_allowed'), rs(), { flags: ['AlgNotAllowed'], tags: ['A01', 'A03'] })
  t('rejects a valid ES256 token', sig('alg_not_allowed'), es(), { flags: ['AlgNotAllowed'], tags: ['A01'] })

  // Keys bound to an algorithm.
  t = F.group('Keys with an alg member; key set keys/alg-bound.json', { jwks: 'keys/alg-bound.json', options: ALL })
  const bound = { flags: ['AlgKeyMismatch'], tags: ['A03'] }
  t('accepts RS256 with the key whose alg is RS256', OK, rs())
  t('rejects PS256 with the key whose alg is RS256', sig('key_not_found'), tok('PS256', 'rsa-a'), bound)
  t('accepts PS256 with the key whose alg is PS256', OK, tok('PS256', 'rsa-b'))
  t('rejects RS256 with the key whose alg is PS256', sig('key_not_found'), tok('RS256', 'rsa-b'), bound)
  t('rejects RS256 with the key whose alg is "rs256" (compared exactly)', sig('key_not_found'), tok('RS256', 'rsa-3072'), bound)
  t('accepts ES256 with the P-256 key whose alg is ES256', OK, es())
  t('rejects ES256 with a P-256 key whose alg is ES384', sig('key_not_found'), tok('ES256', 'ec-p256-b'), bound)
  t('rejects ES384 with a P-256 key whose alg is ES384 (the curve does not fit)', sig('key_not_found'), tok('ES384', 'ec-p256-b', { scheme: 'ES256' }), { ...bound, tags: ['A03', 'A10'] })
  t('accepts EdDSA with the Ed25519 key whose alg is EdDSA', OK, tok('EdDSA', 'ed25519', { header: { kid: 'ed-eddsa' } }))
  t('rejects Ed25519 with the Ed25519 key whose alg is EdDSA', sig('key_not_found'), tok('Ed25519', 'ed25519', { header: { kid: 'ed-eddsa' } }), { ...bound, tags: ['A03', 'A13'] })
  t('accepts Ed25519 with the Ed25519 key whose alg is Ed25519', OK, tok('Ed25519', 'ed25519', { header: { kid: 'ed-ed25519' } }))
  t('rejects EdDSA with the Ed25519 key whose alg is Ed25519', sig('key_not_found'), tok('EdDSA', 'ed25519', { header: { kid: 'ed-ed25519' } }), { ...bound, tags: ['A03', 'A13'] })
  t('accepts EdDSA without kid: the key labelled Ed25519 is skipped, the one labelled EdDSA verifies', OK, tok('EdDSA', 'ed25519', { header: { kid: undefined } }), { flags: ['KeySelection'], tags: ['A03'] })

  // RSA key policy (A11).
  t = F.group('RSA key policy; key set keys/rsa-policy.json (kids name the defect; RSA material of rsa-a unless named)', { jwks: 'keys/rsa-policy.json', options: { ...OPTIONS, algorithms: ['RS256', 'PS256'] } })
  const policy = (tags = ['A11']) => ({ flags: ['KeyPolicy'], tags })
  t('accepts a 2048-bit key (the minimum)', OK, rs({ header: { kid: 'rsa-2048' } }), { flags: ['KeyPolicy'], tags: ['A11'] })
  t('rejects a 2047-bit key', sig('key_not_found'), tok('RS256', 'rsa-2047'), policy())
  t('rejects a 1024-bit key', sig('key_not_found'), tok('RS256', 'rsa-1024'), policy())
  t('accepts RS256 with a 2048-bit key whose e is 3', OK, tok('RS256', 'rsa-e3'), policy())
  t('accepts PS256 with a 2048-bit key whose e is 3', OK, tok('PS256', 'rsa-e3'), policy())
  t('rejects a forged signature (the PKCS#1 encoding itself) for a key whose e is 1', sig('key_not_found'), rs({ header: { kid: 'rsa-e1' }, sigBytes: (input) => pkcs1Sha256(input, 256) }), { flags: ['KeyPolicy', 'ForgedSignature'], tags: ['A11'] })
  t('rejects a key whose e is 2 (even)', sig('key_not_found'), rs({ header: { kid: 'rsa-e2' } }), policy())
  t('rejects an rsa-a signature under a key whose e has 4 octets (only e = 3, 17 or 65537 are accepted)', sig('key_not_found'), rs({ header: { kid: 'rsa-e-4-octets' } }), policy())
  t('rejects a key whose e has 5 octets (2^32 + 1)', sig('key_not_found'), rs({ header: { kid: 'rsa-e-5-octets' } }), policy(['A11', 'A26']))
  t('rejects a key whose e has a leading zero octet', sig('key_not_found'), rs({ header: { kid: 'rsa-e-leading-zero' } }), policy())
  t('rejects a key whose n has a leading zero octet', sig('key_not_found'), rs({ header: { kid: 'rsa-n-leading-zero' } }), policy())
  t('rejects a key whose n carries "==" padding', sig('key_not_found'), rs({ header: { kid: 'rsa-n-padded' } }), policy(['A11', 'A14']))
  t('rejects a key whose n is standard base64 (+ and /)', sig('key_not_found'), rs({ header: { kid: 'rsa-n-base64' } }), policy(['A11', 'A14']))
  t('rejects a key with a 16392-bit modulus (over the 16384-bit cap)', sig('key_not_found'), rs({ header: { kid: 'rsa-16392' } }), policy(['A11', 'A26']))
  t('rejects a key without e', sig('key_not_found'), rs({ header: { kid: 'rsa-no-e' } }), policy(['A35']))
  t('rejects a key whose e is a JSON number', sig('key_not_found'), rs({ header: { kid: 'rsa-e-number' } }), policy(['A35']))

  // EC and OKP key policy (A10).
  t = F.group('EC and OKP key policy; key set keys/curve-policy.json (kids name the defect; material of ec-p256-a or ed25519)', { jwks: 'keys/curve-policy.json', options: { ...OPTIONS, algorithms: ['ES256', 'ES384', 'EdDSA', 'Ed25519'] } })
  t('accepts ES256 with the well-formed P-256 key', OK, es(), { flags: ['Control'] })
  for (const [kid, what] of [
    ['p256-x-33-octets', 'whose x has a leading zero octet (33 octets)'], ['p256-x-31-octets', 'whose x has 31 octets'],
    ['p256-y-33-octets', 'whose y has a leading zero octet (33 octets)'], ['p256-labelled-p384', 'labelled crv P-384'],
    ['p256-off-curve', 'whose point is not on the curve'], ['p256-zero-point', 'whose point is (0, 0)'],
    ['p256-x-padded', 'whose x carries "=" padding'], ['p256-no-y', 'without y'], ['p256-no-crv', 'without crv'],
    ['p256-secp256k1', 'labelled crv secp256k1'], ['p256-as-okp', 'with kty OKP'], ['p256-as-rsa', 'with kty RSA'],
  ]) t(`rejects ES256 with the P-256 key ${what}`, sig('key_not_found'), es({ header: { kid } }), { flags: ['KeyPolicy'], tags: kid === 'p256-as-rsa' ? ['A10', 'A35'] : ['A10'] })
  t('rejects ES384 with P-256 coordinates labelled crv P-384', sig('key_not_found'), tok('ES384', 'ec-p384', { header: { kid: 'p256-labelled-p384' } }), { flags: ['KeyPolicy'], tags: ['A10'] })
  t('accepts EdDSA with the well-formed Ed25519 key', OK, tok('EdDSA', 'ed25519'), { flags: ['Control'] })
  for (const [kid, what] of [
    ['ed25519-as-ec', 'with kty EC'], ['ed25519-with-y', 'with a y member'], ['ed25519-x-33-octets', 'whose x has 33 octets'],
    ['ed25519-as-x25519', 'labelled crv X25519'], ['ed448', 'of curve Ed448 (unsupported)'],
  ]) t(`rejects EdDSA with the Ed25519 key ${what}`, sig('key_not_found'), tok('EdDSA', 'ed25519', { header: { kid } }), { flags: ['KeyPolicy'], tags: ['A10', 'A13'] })

  // use and key_ops (A35).
  t = F.group("use and key_ops; key set keys/use-ops.json (rsa-a's public key under kids naming the members)", { jwks: 'keys/use-ops.json' })
  for (const kid of ['use-enc', 'use-upper-case', 'use-number', 'use-enc-ops-verify', 'ops-encrypt', 'ops-sign', 'ops-empty', 'ops-duplicate', 'ops-string', 'ops-non-string']) {
    const meta = KEY_SETS['use-ops'].find((k) => k.kid === kid)
    const what = JSON.stringify(Object.fromEntries(Object.entries(meta).filter(([k]) => k === 'use' || k === 'key_ops')))
    t(`rejects a key with ${what}`, sig('key_not_found'), rs({ header: { kid } }), { flags: ['KeyPolicy'], tags: ['A35'] })
  }
  for (const kid of ['ops-verify', 'ops-sign-verify', 'use-sig-ops-verify']) {
    const meta = KEY_SETS['use-ops'].find((k) => k.kid === kid)
    const what = JSON.stringify(Object.fromEntries(Object.entries(meta).filter(([k]) => k === 'use' || k === 'key_ops')))
    t(`accepts a key with ${what}`, OK, rs({ header: { kid } }), { flags: ['KeyPolicy'], tags: ['A35'] })
  }
  t('accepts a token without kid: the first usable key of the set is tried after ten ignored ones', OK, rs({ header: { kid: undefined } }), { flags: ['KeyPolicy', 'KeySelection'], tags: ['A35'] })

  // Private and symmetric members (A35).
  t = F.group('Private members in the key set; key set keys/private.json', { jwks: 'keys/private.json', options: { ...OPTIONS, algorithms: ['RS256', 'ES256', 'EdDSA'] } })
  t('rejects a token whose key is published with its RSA private members', sig('key_not_found'), tok('RS256', 'rsa-b', { header: { kid: 'rsa-b-private' } }), policy(['A35']))
  t('rejects a token whose key is published with its EC private member d', sig('key_not_found'), tok('ES256', 'ec-p256-b', { header: { kid: 'ec-p256-b-private' } }), policy(['A35']))
  t('rejects a token whose key is published with its Ed25519 private member d', sig('key_not_found'), tok('EdDSA', 'ed25519', { header: { kid: 'ed25519-private' } }), policy(['A35']))
  t('rejects a token whose RSA key also carries a symmetric k member', sig('key_not_found'), rs({ header: { kid: 'rsa-a-with-k' } }), policy(['A35']))

  // oct keys (A02, A35).
  t = F.group("An oct key shares rsa-a's kid and holds rsa-a's PEM; key set keys/oct-same-kid.json", { jwks: 'keys/oct-same-kid.json' })
  t('accepts RS256 under kid rsa-a (the oct key with that kid is never a candidate)', OK, rs(), { flags: ['KeyPolicy'], tags: ['A35', 'A02'] })
  t("rejects HS256 under kid rsa-a keyed with the oct key's secret (rsa-a's PEM)", sig('alg_not_allowed'), tok('HS256', 'rsa-a', { hmac: spki }), confusion)
  t('rejects HS256 under kid hmac keyed with that oct key', sig('alg_not_allowed'), tok('HS256', 'rsa-a', { header: { kid: 'hmac' }, hmac: unb64u(HMAC_KEY) }), confusion)
  t('rejects RS256 under kid hmac (an oct key never verifies)', sig('key_not_found'), rs({ header: { kid: 'hmac' } }), policy(['A35', 'A02']))

  // Key selection without kid and with repeated kids (A06, A35).
  const selection = (tags = ['A35']) => ({ flags: ['KeySelection'], tags })
  t = F.group('One key without kid; key set keys/no-kid-one.json', { jwks: 'keys/no-kid-one.json' })
  t('accepts a token without kid', OK, rs({ header: { kid: undefined } }), selection(['A06']))
  t('rejects a token with kid rsa-a (a kid only matches keys with that kid)', sig('key_not_found'), rs(), selection(['A06']))
  t('rejects an ES256 token without kid (no key fits)', sig('key_not_found'), es({ header: { kid: undefined } }), selection(['A06']))
  t = F.group('Four RSA keys without kid, in the order rsa-b, rsa-3072, rsa-a, rsa-4096; key set keys/no-kid-four.json', { jwks: 'keys/no-kid-four.json' })
  t('accepts a token without kid signed by rsa-a, the third key', OK, rs({ header: { kid: undefined } }), selection())
  t('rejects a token without kid signed by rsa-4096, the fourth key (only three are tried)', sig('invalid_signature'), tok('RS256', 'rsa-4096', { header: { kid: undefined } }), selection(['A35', 'A26']))
  t('rejects a token without kid signed by an attacker', sig('invalid_signature'), tok('RS256', 'attacker-rsa', { header: { kid: undefined } }), { flags: ['KeySelection', 'AttackerKey'], tags: ['A35'] })
  t('rejects a token with kid rsa-a (no key has a kid)', sig('key_not_found'), rs(), selection(['A06']))
  t = F.group('Repeated kids: k1 = rsa-b, rsa-a, ec-p256-a; k2 = rsa-b, rsa-3072, rsa-4096, rsa-a; key set keys/dup-kid.json', { jwks: 'keys/dup-kid.json' })
  t('accepts kid k1 signed by rsa-b, the first key with that kid', OK, tok('RS256', 'rsa-b', { header: { kid: 'k1' } }), selection())
  t('accepts kid k1 signed by rsa-a, the second key with that kid', OK, rs({ header: { kid: 'k1' } }), selection())
  t('accepts kid k1 with ES256 (the only EC key with that kid)', OK, es({ header: { kid: 'k1' } }), selection())
  t('rejects kid k1 signed by an attacker', sig('invalid_signature'), tok('RS256', 'attacker-rsa', { header: { kid: 'k1' } }), { flags: ['KeySelection', 'AttackerKey'], tags: ['A35'] })
  t('accepts kid k2 signed by rsa-4096, the third key with that kid', OK, tok('RS256', 'rsa-4096', { header: { kid: 'k2' } }), selection())
  t('rejects kid k2 signed by rsa-a, the fourth key with that kid (only three are tried)', sig('invalid_signature'), rs({ header: { kid: 'k2' } }), selection(['A35', 'A26']))
  t('accepts a token without kid signed by rsa-a, the second RSA key of the set', OK, rs({ header: { kid: undefined } }), selection())

  // Junk beside good keys (A35).
  t = F.group('Junk and broken entries beside rsa-a and ec-p256-a; key set keys/mixed.json', { jwks: 'keys/mixed.json' })
  t('accepts RS256 under kid rsa-a', OK, rs(), { flags: ['KeyPolicy'], tags: ['A35'] })
  t('accepts ES256 under kid ec-p256-a (the first key with that kid has a non-string alg and is ignored)', OK, es(), { flags: ['KeyPolicy'], tags: ['A35'] })
  t('accepts RS256 without kid (the RSA key with a numeric kid is ignored)', OK, rs({ header: { kid: undefined } }), { flags: ['KeyPolicy', 'KeySelection'], tags: ['A35'] })
  for (const [kid, what] of [['broken', 'an RSA key without n and e'], ['7', 'a key whose kid is the number 7'], ['oct', 'an oct key'], ['no-kty', 'a key without kty'], ['unknown-kty', 'a key of kty "RSA-2048"']])
    t(`rejects a token whose kid names ${what}`, sig('key_not_found'), rs({ header: { kid } }), { flags: ['KeyPolicy'], tags: ['A35'] })

  // Keys the runtime cannot import (off-curve points): they count as tried but not as usable.
  t = F.group('Off-curve P-256 keys first: kid k2 = two bad points then ec-p256-a; k3 = three bad points then ec-p256-a; key set keys/unimportable.json', { jwks: 'keys/unimportable.json' })
  const unimportable = { flags: ['KeyPolicy', 'KeySelection'], tags: ['A10', 'A35'] }
  t('accepts kid k2: the two off-curve keys are ignored by the key policy, ec-p256-a verifies', OK, es({ header: { kid: 'k2' } }), unimportable)
  t('accepts kid k3: the three off-curve keys are ignored, so they use none of the 3 attempts', OK, es({ header: { kid: 'k3' } }), unimportable)
  t('rejects kid k2 signed by an attacker: the only usable key is ec-p256-a, so the signature is invalid', sig('invalid_signature'), tok('ES256', 'attacker-ec', { header: { kid: 'k2' } }), { ...unimportable, flags: ['KeyPolicy', 'KeySelection', 'AttackerKey'] })
  t('accepts a token without kid: the off-curve keys are ignored, the first usable key (k2\'s ec-p256-a) verifies', OK, es({ header: { kid: undefined } }), unimportable)

  // Unusual but valid kids (A06, A32).
  t = F.group('Unusual kids: "" (rsa-b), "ключ" (rsa-a), "é" in NFC (ec-p256-a); key set keys/odd-kids.json', { jwks: 'keys/odd-kids.json' })
  const odd = { flags: ['KidLookup', 'Unicode'], tags: ['A06', 'A32'] }
  t('accepts the empty kid when a key has the empty kid', OK, tok('RS256', 'rsa-b', { header: { kid: '' } }), { flags: ['KidLookup'], tags: ['A06'] })
  t('accepts a Cyrillic kid', OK, rs({ header: { kid: '\u043a\u043b\u044e\u0447' } }), odd)
  t('accepts kid "é" in NFC', OK, es({ header: { kid: '\u00e9' } }), odd)
  t('rejects kid "é" in NFD (e + combining acute)', sig('key_not_found'), es({ header: { kid: 'e\u0301' } }), odd)
  t('rejects kid "É" (no case folding)', sig('key_not_found'), es({ header: { kid: '\u00c9' } }), odd)

  // Object.prototype names as real kids (A06, A33).
  t = F.group('kids "__proto__" (rsa-a) and "constructor" (ec-p256-a); key set keys/proto-kid.json', { jwks: 'keys/proto-kid.json' })
  const proto = { flags: ['PrototypeName', 'KidLookup'], tags: ['A06', 'A33'] }
  t('accepts RS256 under kid "__proto__"', OK, rs({ header: { kid: '__proto__' } }), proto)
  t('accepts ES256 under kid "constructor"', OK, es({ header: { kid: 'constructor' } }), proto)
  t('rejects RS256 under kid "constructor" (that key is EC)', sig('key_not_found'), rs({ header: { kid: 'constructor' } }), proto)
  t('rejects RS256 under kid "hasOwnProperty"', sig('key_not_found'), rs({ header: { kid: 'hasOwnProperty' } }), proto)

  // Remote key sets (createRemoteJwks): the endpoint's answer decides. A key set that cannot be
  // read says nothing about the token, so it is jwks_unavailable (answer 503), never a 401 code.
  const endpointSet = (endpoint) => ({ jwks: { endpoint } })
  const served = { flags: ['RemoteKeySet'], tags: ['A35'] }
  t = F.group('Remote key set whose endpoint serves keys/issuer.json', endpointSet({ status: 200, jwks: ISSUER_SET }))
  t('accepts RS256 from a key set fetched from its endpoint', OK_RW, rs(), served)
  t('rejects RS256 under a kid the fetched set lacks', sig('key_not_found'), rs({ header: { kid: 'not-in-the-set' } }), served)
  t = F.group('Remote key set whose endpoint fails', endpointSet({ status: 500, body: 'internal error' }))
  t('rejects RS256 when the endpoint answers 500', sig('jwks_unavailable'), rs(), served)
  t('rejects an attacker-signed token when the endpoint answers 500 (no key, no verdict)', sig('jwks_unavailable'), tok('RS256', 'attacker-rsa', { header: { kid: 'rsa-a' } }), served)
  t = F.group('Remote key set whose endpoint answers 200 with a body that is not JSON', endpointSet({ status: 200, body: '<html>maintenance</html>' }))
  t('rejects RS256 when the key set body is not JSON', sig('jwks_unavailable'), rs(), served)
  t = F.group('Remote key set whose endpoint answers 200 with JSON that is not a key set', endpointSet({ status: 200, body: { keys: 'rsa-a' } }))
  t('rejects RS256 when "keys" is not an array', sig('jwks_unavailable'), rs(), served)
  t = F.group('Remote key set whose endpoint redirects (redirects are never followed)', endpointSet({ status: 302, headers: { location: 'http://attacker.example/jwks' } }))
  t('rejects RS256 when the endpoint redirects', sig('jwks_unavailable'), rs(), served)
  t = F.group('Remote key set whose endpoint declares a body over the 512 KiB cap', endpointSet({ status: 200, headers: { 'content-length': '600000' }, jwks: ISSUER_SET }))
  t('rejects RS256 when the declared body size is over the cap', sig('jwks_unavailable'), rs(), served)

  // Weak keys: the signature (R = the identity, S = 0) verifies under a small-order Ed25519 key on
  // common runtimes for most messages, so such keys must never be selected (A13); an even RSA
  // modulus is no RSA key at all (A11).
  t = F.group('Keys anyone can sign for; key set keys/weak-keys.json, EdDSA and RS256 allowed', { jwks: 'keys/weak-keys.json', options: { ...OPTIONS, algorithms: ['EdDSA', 'RS256'] } })
  const forged = Buffer.from([1, ...Buffer.alloc(63)])
  const weak = { flags: ['KeyPolicy', 'ForgedSignature'], tags: ['A13', 'A35'] }
  for (const kid of ['ed-identity', 'ed-order-2', 'ed-order-4', 'ed-order-8', 'ed-identity-noncanonical']) {
    t(`rejects EdDSA under the small-order key ${kid} with R = identity, S = 0`, sig('key_not_found'), tok('EdDSA', 'ed25519', { header: { kid }, sigBytes: forged }), weak)
  }
  t('rejects RS256 under an RSA key whose modulus is even', sig('key_not_found'), rs({ header: { kid: 'rsa-even' }, sigBytes: Buffer.alloc(256, 1) }), { flags: ['KeyPolicy'], tags: ['A11', 'A35'] })

  // A key no other vector uses, so its import is never answered by the import cache: a runtime
  // that mishandled the JWK the library builds would show here (runtime matrix).
  t = F.group('One Ed25519 key labelled alg Ed25519; key set keys/ed25519-only.json, EdDSA and Ed25519 allowed', { jwks: 'keys/ed25519-only.json', options: { ...OPTIONS, algorithms: ['EdDSA', 'Ed25519'] } })
  t('accepts Ed25519 (RFC 9864 name) under a key labelled Ed25519', OK_RW, tok('Ed25519', 'ed25519-b', { header: { kid: 'ed-b' } }), { flags: ['KeySelection'], tags: ['A13'] })
  t('rejects EdDSA under a key labelled Ed25519 (one key, one algorithm)', sig('key_not_found'), tok('EdDSA', 'ed25519-b', { header: { kid: 'ed-b' } }), { flags: ['AlgKeyMismatch'], tags: ['A03', 'A13'] })

  // An empty signature segment is a well-formed (unsigned) JWS: the signature step refuses it.
  t = F.group('Signatures stripped to an empty segment; key set keys/issuer.json, default options')
  const stripped = { flags: ['SignatureEncoding'], tags: ['A01', 'A15'] }
  t('rejects RS256 with its signature segment removed (header.payload.)', sig('invalid_signature'), rs({ s: '' }), stripped)
  t('rejects ES256 with its signature segment removed (header.payload.)', sig('invalid_signature'), es({ s: '' }), stripped)
  t('rejects alg "none" with an empty signature and kid rsa-a', sig('alg_not_allowed'), rs({ header: { alg: 'none' }, s: '' }), stripped)

  // Without an algorithms option: RS256 and ES256 for any key that fits, and a key's own alg for
  // that key only (as jose and aws-jwt-verify take the algorithm from the key).
  t = F.group('Default algorithms and keys with an alg member; key set keys/alg-bound.json, no algorithms option', { jwks: 'keys/alg-bound.json' })
  const fromKey = { flags: ['AlgFromKey'], tags: ['A03'] }
  t('accepts PS256 with the key whose alg is PS256', OK, tok('PS256', 'rsa-b'), fromKey)
  t('accepts EdDSA with the key whose alg is EdDSA', OK, tok('EdDSA', 'ed25519', { header: { kid: 'ed-eddsa' } }), fromKey)
  t('accepts Ed25519 with the key whose alg is Ed25519', OK, tok('Ed25519', 'ed25519', { header: { kid: 'ed-ed25519' } }), fromKey)
  t('rejects PS256 with the key whose alg is RS256 (the declared algorithm is that key\'s alone)', sig('alg_not_allowed'), tok('PS256', 'rsa-a'), fromKey)
  t('rejects ES384 under the P-256 key whose alg is ES384 (the curve does not fit)', sig('alg_not_allowed'), tok('ES384', 'ec-p256-b', { scheme: 'ES256' }), fromKey)
  t('rejects PS384, which no key declares', sig('alg_not_allowed'), tok('PS384', 'rsa-b'), fromKey)
  t('accepts RS256 with the key whose alg is RS256 (in the default list)', OK, rs(), fromKey)

  // Why a key was not found, and why a remote set could not be read: the reason is part of the
  // result, so a log says which of these happened (an outage is never a verdict on the token).
  const because = (code, reason) => ({ ...sig(code), reason })
  t = F.group('Why no key: reasons of key_not_found; key set keys/alg-bound.json, all algorithms', { jwks: 'keys/alg-bound.json', options: ALL })
  t('rejects RS256 under a kid no key has (reason no_matching_kid)', because('key_not_found', 'no_matching_kid'), rs({ header: { kid: 'no-such-kid' } }), { flags: ['KidLookup'], tags: ['A05'] })
  t('rejects PS256 under the kid of the key whose alg is RS256 (reason no_key_for_algorithm)', because('key_not_found', 'no_key_for_algorithm'), tok('PS256', 'rsa-a'), bound)
  t = F.group('Why no key: a refused key; key set keys/rsa-policy.json, RS256 and PS256', { jwks: 'keys/rsa-policy.json', options: { ...OPTIONS, algorithms: ['RS256', 'PS256'] } })
  t('rejects a 1024-bit key (reason key_rejected)', because('key_not_found', 'key_rejected'), tok('RS256', 'rsa-1024'), policy())
  t = F.group('Why no key: the refused key the token was meant for; key set keys/refused-meant.json, all algorithms', { jwks: 'keys/refused-meant.json', options: ALL })
  t('rejects ES256 without a kid when the only P-256 key has a numeric kid (reason key_rejected, rule kid)', because('key_not_found', 'key_rejected'), tok('ES256', 'ec-p256-a', { header: { kid: undefined } }), policy())
  t('rejects ES256 under a kid an RSA key and a P-256 encryption key share (reason key_rejected, rule use)', because('key_not_found', 'key_rejected'), tok('ES256', 'ec-p256-b', { header: { kid: 'shared' } }), policy())
  t = F.group('Why a remote set could not be read: reasons of jwks_unavailable', endpointSet({ status: 503, headers: { 'retry-after': '120' }, body: 'busy' }))
  t('rejects RS256 when the endpoint answers 503 (reason http_status)', because('jwks_unavailable', 'http_status'), rs(), served)
  t = F.group('Remote key set whose endpoint answers 200 with JSON that is not a JWK Set', endpointSet({ status: 200, body: { keys: 'rsa-a' } }))
  t('rejects RS256 when "keys" is not an array (reason not_a_key_set)', because('jwks_unavailable', 'not_a_key_set'), rs(), served)
  t = F.group('Remote key set whose endpoint answers 204 with no body', endpointSet({ status: 204 }))
  t('rejects RS256 when the endpoint answers 204 (reason not_a_key_set: it answered, with no set)', because('jwks_unavailable', 'not_a_key_set'), rs(), served)
  t = F.group('Remote key set whose endpoint declares too large a body', endpointSet({ status: 200, headers: { 'content-length': '600000' }, jwks: ISSUER_SET }))
  t('rejects RS256 when the declared body is over the cap (reason too_large)', because('jwks_unavailable', 'too_large'), rs(), served)
  t = F.group('Remote key set whose endpoint serves keys/issuer.json (a kid it lacks)', endpointSet({ status: 200, jwks: ISSUER_SET }))
  t('rejects RS256 under a kid the fetched set lacks (reason no_matching_kid: the set was read)', because('key_not_found', 'no_matching_kid'), rs({ header: { kid: 'not-in-the-set' } }), served)
}
