/**
 * vectors/valid.json: tokens that verify, one per algorithm and one per option or harmless oddity,
 * so an implementation that rejects too much fails here.
 */
import { ALGORITHMS } from '../../codes.mjs'
import { appendRaw, AUD, b64u, filler, ISS, NOW, OPTIONS, prependRaw } from './common.mjs'
import { pub } from './keys.mjs'
import { CLAIMS, es, rs, tok } from './tokens.mjs'
import { OK_RW, okScopes, vectorFile } from './vector-file.mjs'

/** Adds the vectors of valid.json, in tcId order. */
export function defineValidVectors() {
  const F = vectorFile('valid', 'Tokens that verify: one per algorithm, then one per option and per harmless oddity. Each expects ok, most with the granted scopes.')
  let t = F.group('One token per algorithm, all eleven allowed; key set keys/issuer.json', { options: { ...OPTIONS, algorithms: ALGORITHMS } })
  for (const [alg, key] of [
    ['RS256', 'rsa-a'], ['RS384', 'rsa-3072'], ['RS512', 'rsa-4096'], ['PS256', 'rsa-a'], ['PS384', 'rsa-3072'], ['PS512', 'rsa-4096'],
    ['ES256', 'ec-p256-a'], ['ES384', 'ec-p384'], ['ES512', 'ec-p521'], ['EdDSA', 'ed25519'], ['Ed25519', 'ed25519'],
  ]) t(`accepts ${alg} signed by ${key}`, OK_RW, tok(alg, key))
  for (const [alg, key] of [['RS256', 'rsa-4096'], ['RS512', 'rsa-a'], ['PS512', 'rsa-a'], ['PS256', 'rsa-b'], ['ES256', 'ec-p256-b']])
    t(`accepts ${alg} signed by ${key}`, OK_RW, tok(alg, key))

  t = F.group('No algorithms option (default RS256, ES256); key set keys/issuer.json')
  t('accepts RS256 by default', OK_RW, rs(), { flags: ['DefaultOptions'] })
  t('accepts ES256 by default', OK_RW, es(), { flags: ['DefaultOptions'] })
  t('accepts a minimal token: header {alg}, claims {iss, aud, exp} only', okScopes([]), rs({ header: { typ: undefined, kid: undefined }, claims: { sub: undefined, iat: undefined, jti: undefined, client_id: undefined, scope: undefined } }), { flags: ['DefaultOptions', 'KeySelection'] })

  t = F.group('Options; key set keys/issuer.json')
  t('accepts with issuer and audience given as arrays', OK_RW, rs(), { options: { issuer: ['https://x.example', ISS], audience: [AUD, 'https://y.example'] }, tags: ['A28', 'A29'] })
  t('accepts aud as an array holding the audience', OK_RW, rs({ claims: { aud: ['https://other.example', AUD] } }), { tags: ['A28'] })
  t('accepts an expired token within clockTolerance 60 (exp = now - 30)', OK_RW, rs({ claims: { exp: NOW - 30 } }), { options: { clockTolerance: 60 }, flags: ['BoundaryTime'], tags: ['A27'] })
  t('accepts a token within maxTokenAge 600 (iat = now - 599)', OK_RW, rs({ claims: { iat: NOW - 599 } }), { options: { maxTokenAge: 600 }, flags: ['BoundaryTime'], tags: ['A27'] })
  t('accepts under profile rfc9068', OK_RW, rs(), { options: { profile: 'rfc9068' }, flags: ['Profile'], tags: ['A17', 'A31'] })
  t('accepts under profile rfc9068 with typ application/at+jwt and every option set', okScopes(['read', 'write']), rs({ header: { typ: 'application/at+jwt' } }), {
    options: { profile: 'rfc9068', scopes: ['write'], scopeMatch: 'all', scopeClaim: 'scope', clockTolerance: 5, maxTokenAge: 3600, maxTokenLength: 4096, algorithms: ['RS256'] }, flags: ['Profile'], tags: ['A31'],
  })
  t('accepts the required scopes read and write', OK_RW, rs(), { options: { scopes: ['read', 'write'] }, tags: ['A30'] })
  t('accepts with scopeClaim scp holding an array', okScopes(['read', 'write']), rs({ claims: { scope: undefined, scp: ['read', 'write'] } }), { options: { scopeClaim: 'scp', scopes: ['read'] }, tags: ['A30'] })
  t('accepts with scopeClaim permissions', okScopes(['read:messages']), rs({ claims: { scope: undefined, permissions: ['read:messages'] } }), { options: { scopeClaim: 'permissions', scopes: ['read:messages'] }, tags: ['A30'] })
  t('accepts at a fractional now half a second before exp', OK_RW, rs({ claims: { exp: NOW + 1 } }), { now: NOW + 0.5, flags: ['BoundaryTime'], tags: ['A27'] })
  t('accepts a token without typ', OK_RW, rs({ header: { typ: undefined } }), { flags: ['TypeHeader'], tags: ['A17'] })
  t('accepts typ "JWT"', OK_RW, rs({ header: { typ: 'JWT' } }), { flags: ['TypeHeader'], tags: ['A17'] })
  t('accepts a token without kid (rsa-a is the first RSA key)', OK_RW, rs({ header: { kid: undefined } }), { flags: ['KeySelection'], tags: ['A06'] })
  t('accepts a token carrying an attacker jwk, jku, x5u and x5c alongside a real rsa-a signature', OK_RW,
    rs({ header: { jwk: pub('attacker-rsa'), jku: 'https://attacker.example/jwks.json', x5u: 'https://attacker.example/x.pem', x5c: ['MIIB'] } }), { flags: ['HeaderKeyIgnored'], tags: ['A04', 'A05'] })
  t('accepts alg, kid, typ and iss written with JSON escapes', OK_RW,
    rs({ headerJson: '{"\\u0061lg":"\\u0052S256","typ":"at\\u002Bjwt","kid":"rsa\\u002da"}', payloadJson: JSON.stringify(CLAIMS).replace('"iss":"https', '"\\u0069ss":"\\u0068ttps') }), { flags: ['Escapes'], tags: ['A32'] })
  t('accepts a payload with "__proto__": {"admin": true} (an ordinary member, nothing inherited)', OK_RW, rs({ payloadJson: prependRaw(CLAIMS, '"__proto__":{"admin":true}') }), { flags: ['PrototypeName'], tags: ['A33'] })
  t('accepts a payload with "constructor", "toString" and "hasOwnProperty" claims', OK_RW, rs({ payloadJson: appendRaw(CLAIMS, '"constructor":{"prototype":{"admin":true}},"toString":"x","hasOwnProperty":1') }), { flags: ['PrototypeName'], tags: ['A33'] })
  t('accepts a header with "__proto__": {"alg": "none"} beside alg RS256', OK_RW, rs({ headerJson: '{"__proto__":{"alg":"none","kid":"rsa-b"},"alg":"RS256","typ":"at+jwt","kid":"rsa-a"}' }), { flags: ['PrototypeName'], tags: ['A33', 'A01'] })
  t('accepts unknown header members and cty "text/plain"', OK_RW, rs({ header: { cty: 'text/plain', foo: 'bar', x5t: b64u(filler('x5t', 20)) } }), { tags: ['A18', 'A19'] })
  t('accepts non-ASCII claims (sub, name, nested objects)', OK_RW, rs({ claims: { sub: 'José', name: '山田 太郎', address: { city: 'Zürich' } } }), { flags: ['Unicode'], tags: ['A32'] })
  t('accepts a long-lived token with a large but finite exp', OK_RW, rs({ claims: { exp: 253402300799 } }), { tags: ['A27'] })
  t('accepts an ID-token-looking payload when aud, typ and claims all fit the default profile', OK_RW, rs({ header: { typ: 'JWT' }, claims: { nonce: 'n-0S6_WzA2Mj', at_hash: 'HK6E_P6Dh8Y93mRNtsDB1Q' } }), { flags: ['IdToken', 'TypeHeader'], tags: ['A17'] })

  t = F.group('Keys beside others; key set keys/rsa-policy.json', { jwks: 'keys/rsa-policy.json', options: { ...OPTIONS, algorithms: ['RS256', 'PS256'] } })
  t('accepts RS256 with a 2048-bit key whose e is 3', OK_RW, tok('RS256', 'rsa-e3'), { flags: ['KeyPolicy'], tags: ['A11'] })
  t('accepts PS256 with a 2048-bit key whose e is 3', OK_RW, tok('PS256', 'rsa-e3'), { flags: ['KeyPolicy'], tags: ['A11'] })
  t = F.group('Junk entries beside good keys; key set keys/mixed.json', { jwks: 'keys/mixed.json' })
  t('accepts RS256 under kid rsa-a', OK_RW, rs(), { flags: ['KeyPolicy'], tags: ['A35'] })
  t('accepts ES256 under kid ec-p256-a', OK_RW, es(), { flags: ['KeyPolicy'], tags: ['A35'] })
}
