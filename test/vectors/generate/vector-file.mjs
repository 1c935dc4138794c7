/**
 * The shape of a generated vector file: expected results, the flag glossary that becomes each
 * file's notes, and vectorFile(), which numbers tcIds in definition order and checks every vector
 * as it is added.
 */
import { ATTACK_IDS } from './attacks.mjs'
import { ISSUER_SET, NOW, OPTIONS, unb64u } from './common.mjs'
import { build, JWT, loadCommitted, rawVerify } from './tokens.mjs'

// ---------------------------------------------------------------------------------------------
// Expectations, flags and vector files

export const OK = { ok: true }
export const okScopes = (scopes) => ({ ok: true, scopes })
export const OK_RW = okScopes(['read', 'write'])
export const fmt = (reason) => ({ ok: false, step: 'format', code: 'malformed', reason })
export const sig = (code) => ({ ok: false, step: 'signature', code })
export const clm = (code, claim) => ({ ok: false, step: 'claims', code, claim })
export const scp = (code, claim, missing) => ({ ok: false, step: 'scopes', code, claim, missing })

export const FLAGS = {
  Control: 'A well-formed token that verifies; the other vectors of its group each change one thing about it.',
  NonString: 'The token is not a string (any JSON value a caller might pass by mistake).',
  Structure: 'The segment structure: not exactly three dot-separated segments with a header and a payload (JWE, JSON serialization, missing or extra parts), or an empty signature segment.',
  AuthorizationValue: 'The token is passed with its authorization scheme or untrimmed white space: refused with a reason that says the fix.',
  NonCanonicalBase64url: 'A segment is not canonical unpadded base64url: padding, +/, whitespace, characters outside the alphabet, non-zero trailing bits or a length of 4k+1.',
  InvalidUtf8: 'The decoded header or payload is not UTF-8 without a byte order mark.',
  StrictJson: 'The header or payload is not one strict JSON text, or is valid JSON that a lax parser might misread.',
  DuplicateMember: 'A JSON object repeats a member name, compared after unescaping.',
  NotObject: 'The header or payload is JSON but not an object.',
  HeaderMembers: 'The header lacks a string alg, has a non-string kid, or uses a member the library does not support (crit, b64, zip, enc, cty JWT).',
  Whitespace: 'JSON whitespace inside the header or payload: valid JSON, so the token verifies.',
  Escapes: 'A JSON escape spells an ASCII character; escapes are removed before names and values are compared.',
  Unicode: 'Strings compared code point by code point, with no Unicode normalisation or case folding.',
  BoundarySize: 'The token length is at, or one character over, maxTokenLength.',
  BoundaryTime: 'A time claim sits exactly at, or just across, the edge of its validity window.',
  Precedence: 'The token has several defects; the expected result is the first one in the fixed order format → signature → claims → scopes, and within claims typ, iss, aud, exp, nbf, iat, then the typed claims sub, client_id, jti, azp, acr, auth_time, amr, groups, roles, entitlements.',
  AlgNotAllowed: 'The header alg is not in options.algorithms, compared exactly (none, HS*, case and whitespace variants, algorithms not enabled).',
  KeyConfusion: 'An HMAC computed with the bytes of a public key (PEM, DER, JWK text, n, an EC point).',
  AlgKeyMismatch: 'The alg does not fit the key: another kty or curve, or the key names another alg.',
  AlgFromKey: 'No options.algorithms: RS256 and ES256 for any key that fits, and an algorithm a key names in its alg for that key only.',
  AttackerKey: 'Signed by a key that is in no configured key set.',
  HeaderKeyIgnored: 'The header carries jwk, jku, x5u or x5c; these are never key sources.',
  KidLookup: 'The kid is unknown, differs from a real kid in case or whitespace, or is a path, query or Object.prototype name.',
  KeySelection: 'Key selection without a kid or with a repeated kid: at most the first three fitting keys are tried.',
  RemoteKeySet: 'The key set is remote (createRemoteJwks); the vector describes what its endpoint answers.',
  KeyPolicy: 'The key set holds a key the key policy must ignore (size, exponent, encoding, curve, use, key_ops, private members, kty).',
  SignatureEncoding: 'The signature bytes have the wrong length or encoding for the algorithm (DER, truncated, padded).',
  RangeCheck: 'An ECDSA or RSA signature value outside its valid range (0, n, or larger).',
  ForgedSignature: 'A signature built without the private key.',
  HighS: 'An ECDSA signature with s > n/2; JOSE does not require low s, so it verifies.',
  Tampered: 'The header, payload or signature was changed after signing.',
  PrototypeName: 'A member name, kid, audience or scope is __proto__, constructor or another Object.prototype name.',
  TypeHeader: 'The typ header, compared case-insensitively against the accepted media types.',
  Profile: 'options.profile is rfc9068: typ at+jwt and the claims sub, client_id, iat and jti are required.',
  ClaimType: 'A claim has the wrong JSON type or a non-finite value.',
  ScopeParsing: 'How the scope claim is split: only U+0020 separates, empty pieces are dropped, duplicates collapse, matching is exact.',
  ScopeMatchAny: 'options.scopeMatch is any: one granted required scope is enough.',
  DefaultOptions: 'No algorithms option: the default allow-list RS256 and ES256 applies.',
  IdToken: 'An OpenID Connect ID token presented as an access token.',
}

export const files = []
export function vectorFile(name, description) {
  loadCommitted(name)
  const file = { name, description, groups: [], nextId: 1 }
  files.push(file)
  file.group = (comment, { jwks = ISSUER_SET, options = OPTIONS } = {}) => {
    const group = { comment, jwks, options, tests: [] }
    file.groups.push(group)
    /** Adds one vector; `token` is a tok() description or any JSON value used as is. */
    return (comment, expect, token, extra = {}) => {
      const tcId = file.nextId++
      const id = `${name}#${tcId}`
      let value = token
      let built
      if (token !== null && typeof token === 'object' && token[JWT]) {
        built = build(token, id)
        value = built.token
        // A vector expected to verify must verify under node:crypto with the key that signed it.
        if (expect.ok && !rawVerify(token.scheme, token.key, built.raw.input, unb64u(value.split('.')[2]))) {
          throw new Error(`${id}: expected ok, but the signature does not verify under ${token.key}`)
        }
      }
      const test = { tcId, comment }
      if (extra.flags?.length) test.flags = extra.flags
      if (extra.tags?.length) test.tags = extra.tags
      test.now = extra.now ?? NOW
      test.token = value
      if (extra.options) test.options = typeof extra.options === 'function' ? extra.options(value) : extra.options
      if (extra.jwks) test.jwks = extra.jwks
      test.expect = expect
      if (extra.acceptable) test.acceptable = extra.acceptable
      check(id, test)
      group.tests.push(test)
      return { ...test, raw: built?.raw }
    }
  }
  return file
}

function check(id, test) {
  if (!/^(accepts|rejects) /.test(test.comment)) throw new Error(`${id}: comment must start with accepts/rejects`)
  if (test.comment.startsWith('accepts') !== test.expect.ok) throw new Error(`${id}: comment contradicts expect`)
  for (const flag of test.flags ?? []) if (!FLAGS[flag]) throw new Error(`${id}: undefined flag ${flag}`)
  for (const tag of test.tags ?? []) if (!ATTACK_IDS.has(tag)) throw new Error(`${id}: tag ${tag} is not in vectors/attacks.json`)
}
