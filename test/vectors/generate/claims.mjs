/**
 * vectors/claims.json, step "claims": typ, iss, aud, exp, nbf, iat (RFC 7519 §4.1) and the
 * RFC 9068 profile (§2.2, §4), all judged after a signature that verifies.
 */
import { appendRaw, AUD, ISS, merge, NOW, OPTIONS, prependRaw } from './common.mjs'
import { CLAIMS, rs } from './tokens.mjs'
import { clm, OK, vectorFile } from './vector-file.mjs'

/** Adds the vectors of claims.json, in tcId order. */
export function defineClaimsVectors() {
  const F = vectorFile('claims', 'Step claims: typ, iss, aud, exp, nbf, iat and the RFC 9068 profile, judged only after the signature verified. Tokens are RS256 by rsa-a (kid rsa-a), now = 1700000000 unless stated.')
  let t = F.group('typ header; default profile; key set keys/issuer.json')
  const typ = (tags = ['A17']) => ({ flags: ['TypeHeader'], tags })
  t('accepts typ "at+jwt"', OK, rs(), { flags: ['Control', 'TypeHeader'], tags: ['A17'] })
  for (const value of ['application/at+jwt', 'AT+JWT', 'Application/At+Jwt', 'JWT', 'jwt', 'application/jwt', 'APPLICATION/JWT'])
    t(`accepts typ "${value}"`, OK, rs({ header: { typ: value } }), typ())
  t('accepts a token without typ', OK, rs({ header: { typ: undefined } }), typ())
  t('accepts typ spelled "at\\u002bjwt"', OK, rs({ headerJson: '{"alg":"RS256","typ":"at\\u002bjwt","kid":"rsa-a"}' }), { flags: ['TypeHeader', 'Escapes'], tags: ['A17', 'A32'] })
  for (const [value, what] of [
    ['dpop+jwt', '"dpop+jwt" (a DPoP proof)'], ['at+jwt ', '"at+jwt " (trailing space)'], [' at+jwt', '" at+jwt" (leading space)'],
    ['', 'the empty string'], ['at+jwt; charset=utf-8', 'with a media type parameter'], ['application/at+jwt+foo', '"application/at+jwt+foo"'],
    ['secevent+jwt', '"secevent+jwt"'], ['id_token+jwt', '"id_token+jwt"'], ['JOSE', '"JOSE"'], ['at-jwt', '"at-jwt"'], ['at+jwt\u0000', 'with a trailing NUL'],
    ['at+jwt\u200b', 'with a zero-width space'],
  ]) t(`rejects typ ${what}`, clm('type_mismatch', 'typ'), rs({ header: { typ: value } }), typ())
  for (const [value, what] of [[123, 'a number'], [['at+jwt'], 'an array'], [null, 'null'], [true, 'true'], [{}, 'an object']])
    t(`rejects typ as ${what}`, clm('type_mismatch', 'typ'), rs({ header: { typ: value } }), { flags: ['TypeHeader', 'ClaimType'], tags: ['A17'] })
  t('rejects an ID token (typ JWT, aud = the client, nonce, at_hash, no scope)', clm('audience_mismatch', 'aud'),
    rs({ header: { typ: 'JWT' }, claims: { aud: 'client-1', scope: undefined, jti: undefined, client_id: undefined, nonce: 'n-0S6_WzA2Mj', at_hash: 'HK6E_P6Dh8Y93mRNtsDB1Q', auth_time: NOW - 120 } }), { flags: ['IdToken'], tags: ['A17', 'A28'] })

  t = F.group('iss; key set keys/issuer.json')
  const iss = (extra = []) => ({ flags: extra, tags: ['A29'] })
  t('accepts iss equal to the issuer', OK, rs(), iss(['Control']))
  for (const [value, what] of [
    [`${ISS}/`, 'with a trailing slash'], ['https://AS.example', 'with an upper-case host'], ['HTTPS://as.example', 'with an upper-case scheme'],
    ['http://as.example', 'over http'], ['https://as.example:443', 'with the default port'], ['https://as.example.evil', 'with a suffix'],
    ['https://as.exampl', 'shortened'], ['', 'empty'], [' https://as.example', 'with a leading space'],
  ]) t(`rejects iss ${what}`, clm('issuer_mismatch', 'iss'), rs({ claims: { iss: value } }), iss())
  t('rejects a token without iss', clm('issuer_mismatch', 'iss'), rs({ claims: { iss: undefined } }), iss())
  for (const [value, what] of [[[ISS], 'an array holding the issuer'], [123, 'a number'], [null, 'null'], [{ iss: ISS }, 'an object']])
    t(`rejects iss as ${what}`, clm('issuer_mismatch', 'iss'), rs({ claims: { iss: value } }), iss(['ClaimType']))
  t('accepts iss spelled "\\u0068ttps://as.example"', OK, rs({ payloadJson: JSON.stringify(CLAIMS).replace('"https://as.example"', '"\\u0068ttps://as.example"') }), { flags: ['Escapes'], tags: ['A29', 'A32'] })
  t('rejects a token with "__proto__": {"iss": …} and no own iss', clm('issuer_mismatch', 'iss'),
    rs({ payloadJson: prependRaw(merge(CLAIMS, { iss: undefined }), `"__proto__":{"iss":"${ISS}"}`) }), { flags: ['PrototypeName'], tags: ['A29', 'A33'] })

  t = F.group('iss with a non-ASCII issuer "https://as.example/café" (NFC)', { options: { issuer: 'https://as.example/caf\u00e9', audience: AUD } })
  const uni = { flags: ['Unicode'], tags: ['A29', 'A32'] }
  t('accepts the same NFC string', OK, rs({ claims: { iss: 'https://as.example/caf\u00e9' } }), uni)
  t('accepts the same string written with the escape "\\u00e9"', OK, rs({ payloadJson: JSON.stringify(merge(CLAIMS, { iss: 'https://as.example/caf@' })).replace('@', '\\u00e9') }), { flags: ['Unicode', 'Escapes'], tags: ['A29', 'A32'] })
  t('rejects the NFD spelling (e + combining acute)', clm('issuer_mismatch', 'iss'), rs({ claims: { iss: 'https://as.example/cafe\u0301' } }), uni)
  t('rejects a Cyrillic "а" in place of the Latin "a"', clm('issuer_mismatch', 'iss'), rs({ claims: { iss: 'https://\u0430s.example/caf\u00e9' } }), uni)
  t('rejects full-width "ｈｔｔｐｓ"', clm('issuer_mismatch', 'iss'), rs({ claims: { iss: '\uff48\uff54\uff54\uff50\uff53://as.example/caf\u00e9' } }), uni)
  t('rejects an inserted zero-width space', clm('issuer_mismatch', 'iss'), rs({ claims: { iss: 'https://as.\u200bexample/caf\u00e9' } }), uni)
  t('rejects upper-case "É"', clm('issuer_mismatch', 'iss'), rs({ claims: { iss: 'https://as.example/caf\u00c9' } }), uni)

  t = F.group('Two configured issuers; key set keys/issuer.json', { options: { issuer: [ISS, 'https://as2.example'], audience: AUD } })
  t('accepts iss equal to the first issuer', OK, rs(), { tags: ['A29'] })
  t('accepts iss equal to the second issuer', OK, rs({ claims: { iss: 'https://as2.example' } }), { tags: ['A29'] })
  t('rejects iss equal to neither', clm('issuer_mismatch', 'iss'), rs({ claims: { iss: 'https://as3.example' } }), { tags: ['A29'] })

  t = F.group('aud; key set keys/issuer.json')
  const aud = (extra = []) => ({ flags: extra, tags: ['A28'] })
  t('accepts aud equal to the audience', OK, rs(), aud(['Control']))
  t('accepts aud as an array holding only the audience', OK, rs({ claims: { aud: [AUD] } }), aud())
  t('accepts aud as an array holding the audience last', OK, rs({ claims: { aud: ['https://other.example', AUD] } }), aud())
  t('accepts aud as an array holding the audience first', OK, rs({ claims: { aud: [AUD, 'https://other.example'] } }), aud())
  t('accepts aud as an array holding the audience twice', OK, rs({ claims: { aud: [AUD, AUD] } }), aud())
  t('rejects aud as an array without the audience', clm('audience_mismatch', 'aud'), rs({ claims: { aud: ['https://other.example', 'https://more.example'] } }), aud())
  t('rejects aud as an empty array', clm('audience_mismatch', 'aud'), rs({ claims: { aud: [] } }), aud(['ClaimType']))
  t('rejects aud [1, audience] (a non-string member)', clm('audience_mismatch', 'aud'), rs({ claims: { aud: [1, AUD] } }), aud(['ClaimType']))
  t('rejects aud [audience, null]', clm('audience_mismatch', 'aud'), rs({ claims: { aud: [AUD, null] } }), aud(['ClaimType']))
  t('rejects aud [[audience]] (nested array)', clm('audience_mismatch', 'aud'), rs({ claims: { aud: [[AUD]] } }), aud(['ClaimType']))
  t('rejects a token without aud', clm('audience_mismatch', 'aud'), rs({ claims: { aud: undefined } }), aud())
  for (const [value, what] of [[123, 'a number'], [null, 'null'], [{ aud: AUD }, 'an object'], [true, 'true']])
    t(`rejects aud as ${what}`, clm('audience_mismatch', 'aud'), rs({ claims: { aud: value } }), aud(['ClaimType']))
  for (const [value, what] of [
    ['HTTPS://API.EXAMPLE', 'in upper case'], [`${AUD}/`, 'with a trailing slash'], ['https://api.example:443', 'with the default port'],
    ['https://api.example.evil', 'with a suffix'], ['', 'empty'], ['https://api.example\u0000', 'with a trailing NUL'],
  ]) t(`rejects aud ${what}`, clm('audience_mismatch', 'aud'), rs({ claims: { aud: value } }), aud(['Unicode']))
  t('rejects aud ["__proto__"]', clm('audience_mismatch', 'aud'), rs({ claims: { aud: ['__proto__'] } }), { flags: ['PrototypeName'], tags: ['A28', 'A33'] })
  t('rejects aud "constructor"', clm('audience_mismatch', 'aud'), rs({ claims: { aud: 'constructor' } }), { flags: ['PrototypeName'], tags: ['A28', 'A33'] })

  t = F.group('Two configured audiences; key set keys/issuer.json', { options: { issuer: ISS, audience: ['https://other.example', AUD] } })
  t('accepts aud equal to the second audience', OK, rs(), { tags: ['A28'] })
  t('accepts aud equal to the first audience', OK, rs({ claims: { aud: 'https://other.example' } }), { tags: ['A28'] })
  t('accepts aud as an array holding one configured audience', OK, rs({ claims: { aud: ['https://third.example', 'https://other.example'] } }), { tags: ['A28'] })
  t('rejects aud holding neither', clm('audience_mismatch', 'aud'), rs({ claims: { aud: ['https://third.example'] } }), { tags: ['A28'] })

  t = F.group('exp; no clock tolerance; key set keys/issuer.json')
  const time = (tags = ['A27']) => ({ flags: ['BoundaryTime'], tags })
  t('rejects exp equal to now', clm('expired', 'exp'), rs({ claims: { exp: NOW } }), time())
  t('accepts exp one second after now', OK, rs({ claims: { exp: NOW + 1 } }), time())
  t('rejects exp one second before now', clm('expired', 'exp'), rs({ claims: { exp: NOW - 1 } }), time())
  t('accepts a fractional exp half a second after now', OK, rs({ claims: { exp: NOW + 0.5 } }), time())
  t('rejects a fractional exp half a second before now', clm('expired', 'exp'), rs({ claims: { exp: NOW - 0.5 } }), time())
  t('accepts exp one second after a fractional now (now = 1700000000.5)', OK, rs({ claims: { exp: NOW + 1 } }), { ...time(), now: NOW + 0.5 })
  t('rejects exp equal to a fractional now (now = 1700000000.5)', clm('expired', 'exp'), rs({ claims: { exp: NOW + 0.5 } }), { ...time(), now: NOW + 0.5 })
  t('rejects exp a quarter second before a fractional now (now = 1700000000.75)', clm('expired', 'exp'), rs({ claims: { exp: NOW + 0.5 } }), { ...time(), now: NOW + 0.75 })
  t('accepts exp in milliseconds by mistake (far in the future, still a NumericDate)', OK, rs({ claims: { exp: NOW * 1000 } }), { tags: ['A27'] })
  t('accepts exp written in exponent form (1.7000036e9)', OK, rs({ payloadJson: appendRaw(merge(CLAIMS, { exp: undefined }), '"exp":1.7000036e9') }), { tags: ['A27'] })
  t('accepts exp 1e21 (finite)', OK, rs({ claims: { exp: 1e21 } }), { tags: ['A27'] })
  t('rejects exp 0', clm('expired', 'exp'), rs({ claims: { exp: 0 } }), { tags: ['A27'] })
  t('rejects exp -1', clm('expired', 'exp'), rs({ claims: { exp: -1 } }), { tags: ['A27'] })
  t('rejects a token without exp', clm('missing_claim', 'exp'), rs({ claims: { exp: undefined } }), { tags: ['A27'] })
  const expText = (text) => rs({ payloadJson: appendRaw(merge(CLAIMS, { exp: undefined }), `"exp":${text}`) })
  for (const [text, what] of [
    ['1e309', '1e309 (Infinity once parsed)'], ['-1e309', '-1e309 (-Infinity once parsed)'], ['"1700003600"', 'a numeric string'],
    ['null', 'null'], ['true', 'true'], ['[1700003600]', 'an array'], ['{}', 'an object'],
  ]) t(`rejects exp ${what}`, clm('invalid_claim', 'exp'), expText(text), { flags: ['ClaimType'], tags: ['A27'] })
  t('rejects a token with "__proto__": {"exp": …} and no own exp', clm('missing_claim', 'exp'),
    rs({ payloadJson: prependRaw(merge(CLAIMS, { exp: undefined }), `"__proto__":{"exp":${NOW + 3600}}`) }), { flags: ['PrototypeName'], tags: ['A27', 'A33'] })

  t = F.group('nbf; no clock tolerance; key set keys/issuer.json')
  t('accepts nbf equal to now', OK, rs({ claims: { nbf: NOW } }), time())
  t('rejects nbf one second after now', clm('not_yet_valid', 'nbf'), rs({ claims: { nbf: NOW + 1 } }), time())
  t('rejects a fractional nbf half a second after now', clm('not_yet_valid', 'nbf'), rs({ claims: { nbf: NOW + 0.5 } }), time())
  t('accepts nbf one second before now', OK, rs({ claims: { nbf: NOW - 1 } }), time())
  const nbfText = (text) => rs({ payloadJson: appendRaw(CLAIMS, `"nbf":${text}`) })
  for (const [text, what] of [['"1700000000"', 'a numeric string'], ['null', 'null'], ['1e309', '1e309'], ['false', 'false']])
    t(`rejects nbf ${what}`, clm('invalid_claim', 'nbf'), nbfText(text), { flags: ['ClaimType'], tags: ['A27'] })

  t = F.group('iat without maxTokenAge; key set keys/issuer.json')
  t('rejects sub as a number and client_id as an object (claim types are checked when present)', clm('invalid_claim', 'sub'), rs({ claims: { sub: 123, client_id: {} } }), { flags: ['ClaimType'], tags: ['A31'] })
  t('accepts a token without iat', OK, rs({ claims: { iat: undefined } }), { tags: ['A27'] })
  t('accepts iat an hour in the future (iat is informational without maxTokenAge)', OK, rs({ claims: { iat: NOW + 3600 } }), { tags: ['A27'] })
  const iatText = (text) => rs({ payloadJson: appendRaw(merge(CLAIMS, { iat: undefined }), `"iat":${text}`) })
  for (const [text, what] of [['"1699999940"', 'a numeric string'], ['null', 'null'], ['-1e309', '-1e309'], ['{}', 'an object']])
    t(`rejects iat ${what} even without maxTokenAge`, clm('invalid_claim', 'iat'), iatText(text), { flags: ['ClaimType'], tags: ['A27'] })

  t = F.group('clockTolerance 60 seconds; key set keys/issuer.json', { options: { ...OPTIONS, clockTolerance: 60 } })
  t('accepts exp 59 seconds before now', OK, rs({ claims: { exp: NOW - 59 } }), time())
  t('rejects exp 60 seconds before now (now >= exp + tolerance)', clm('expired', 'exp'), rs({ claims: { exp: NOW - 60 } }), time())
  t('accepts nbf 60 seconds after now', OK, rs({ claims: { nbf: NOW + 60 } }), time())
  t('rejects nbf 61 seconds after now', clm('not_yet_valid', 'nbf'), rs({ claims: { nbf: NOW + 61 } }), time())
  t('accepts exp 0.5 seconds into the tolerance window (exp = now - 59.5)', OK, rs({ claims: { exp: NOW - 59.5 } }), time())

  t = F.group('maxTokenAge 300 seconds; key set keys/issuer.json', { options: { ...OPTIONS, maxTokenAge: 300 } })
  const age = (tags = ['A27']) => ({ flags: ['BoundaryTime'], tags })
  t('accepts iat equal to now', OK, rs({ claims: { iat: NOW } }), age())
  t('accepts iat 299 seconds ago', OK, rs({ claims: { iat: NOW - 299 } }), age())
  t('rejects iat 300 seconds ago (now >= iat + maxTokenAge)', clm('expired', 'iat'), rs({ claims: { iat: NOW - 300 } }), age())
  t('rejects iat one second in the future', clm('not_yet_valid', 'iat'), rs({ claims: { iat: NOW + 1 } }), age())
  t('rejects a token without iat (maxTokenAge requires it)', clm('missing_claim', 'iat'), rs({ claims: { iat: undefined } }), { tags: ['A27', 'A31'] })
  t('rejects iat as a numeric string', clm('invalid_claim', 'iat'), iatText(`"${NOW}"`), { flags: ['ClaimType'], tags: ['A27'] })
  t('rejects an expired token by exp before judging its age', clm('expired', 'exp'), rs({ claims: { exp: NOW - 1, iat: NOW - 1000 } }), { flags: ['Precedence'], tags: ['A27', 'A34'] })
  t('rejects a future nbf before a missing iat', clm('not_yet_valid', 'nbf'), rs({ claims: { nbf: NOW + 10, iat: undefined } }), { flags: ['Precedence'], tags: ['A27', 'A34'] })

  t = F.group('maxTokenAge 300 seconds and clockTolerance 10 seconds; key set keys/issuer.json', { options: { ...OPTIONS, maxTokenAge: 300, clockTolerance: 10 } })
  t('accepts iat 10 seconds in the future', OK, rs({ claims: { iat: NOW + 10 } }), age())
  t('rejects iat 11 seconds in the future', clm('not_yet_valid', 'iat'), rs({ claims: { iat: NOW + 11 } }), age())
  t('accepts iat 309 seconds ago', OK, rs({ claims: { iat: NOW - 309 } }), age())
  t('rejects iat 310 seconds ago', clm('expired', 'iat'), rs({ claims: { iat: NOW - 310 } }), age())

  t = F.group('Order of the claim checks (typ, iss, aud, exp, nbf, iat); key set keys/issuer.json')
  // Two defects in one step: the step is fixed, the order within it is this library's (pinned by
  // test/precedence.test.ts); another implementation may report the other defect, so the vectors
  // list it as acceptable.
  const order = { flags: ['Precedence'], tags: ['A34'] }
  t('rejects a wrong typ before a wrong iss', clm('type_mismatch', 'typ'), rs({ header: { typ: 'dpop+jwt' }, claims: { iss: 'https://evil.example' } }), { ...order, acceptable: [clm('issuer_mismatch', 'iss')] })
  t('rejects a wrong iss before a wrong aud', clm('issuer_mismatch', 'iss'), rs({ claims: { iss: 'https://evil.example', aud: 'https://other.example' } }), { ...order, acceptable: [clm('audience_mismatch', 'aud')] })
  t('rejects a wrong aud before an expired exp', clm('audience_mismatch', 'aud'), rs({ claims: { aud: 'https://other.example', exp: NOW - 10 } }), { ...order, acceptable: [clm('expired', 'exp')] })
  t('rejects a missing exp before a future nbf', clm('missing_claim', 'exp'), rs({ claims: { exp: undefined, nbf: NOW + 10 } }), { ...order, acceptable: [clm('not_yet_valid', 'nbf')] })
  t('rejects an expired exp before a future nbf', clm('expired', 'exp'), rs({ claims: { exp: NOW - 10, nbf: NOW + 10 } }), { ...order, acceptable: [clm('not_yet_valid', 'nbf')] })
  t('rejects an invalid nbf before an invalid iat', clm('invalid_claim', 'nbf'), rs({ claims: { nbf: 'soon', iat: 'now' } }), { ...order, acceptable: [clm('invalid_claim', 'iat')] })
  t('rejects an expired token before its scope is judged', clm('expired', 'exp'), rs({ claims: { exp: NOW - 10, scope: 'none' } }), { ...order, options: { scopes: ['admin'] } })
  t('rejects an expired token before its wrongly typed scope is judged', clm('expired', 'exp'), rs({ claims: { exp: NOW - 10, scope: ['read'] } }), order)

  t = F.group('Profile rfc9068; key set keys/issuer.json', { options: { ...OPTIONS, profile: 'rfc9068' } })
  const profile = (extra = [], tags = ['A31']) => ({ flags: ['Profile', ...extra], tags })
  t('accepts a token with typ at+jwt and iss, exp, aud, sub, client_id, iat, jti', OK, rs(), profile(['Control'], ['A17', 'A31']))
  t('accepts typ "application/at+jwt"', OK, rs({ header: { typ: 'application/at+jwt' } }), profile(['TypeHeader'], ['A17']))
  t('accepts typ "AT+JWT"', OK, rs({ header: { typ: 'AT+JWT' } }), profile(['TypeHeader'], ['A17']))
  for (const [value, what] of [['JWT', '"JWT"'], ['application/jwt', '"application/jwt"'], ['jwt', '"jwt"']])
    t(`rejects typ ${what}`, clm('type_mismatch', 'typ'), rs({ header: { typ: value } }), profile(['TypeHeader'], ['A17']))
  t('rejects a token without typ', clm('type_mismatch', 'typ'), rs({ header: { typ: undefined } }), profile(['TypeHeader'], ['A17']))
  t('rejects a header whose typ is only inside "__proto__"', clm('type_mismatch', 'typ'), rs({ headerJson: '{"__proto__":{"typ":"at+jwt"},"alg":"RS256","kid":"rsa-a"}' }), profile(['TypeHeader', 'PrototypeName'], ['A17', 'A33']))
  t('rejects an ID token whose aud is the resource server (typ JWT)', clm('type_mismatch', 'typ'), rs({ header: { typ: 'JWT' }, claims: { scope: undefined, nonce: 'n-0S6_WzA2Mj' } }), profile(['TypeHeader', 'IdToken'], ['A17']))
  for (const name of ['sub', 'client_id', 'jti'])
    t(`rejects a token without ${name}`, clm('missing_claim', name), rs({ claims: { [name]: undefined } }), profile())
  t('rejects a token without iat', clm('missing_claim', 'iat'), rs({ claims: { iat: undefined } }), profile())
  t('rejects sub as a number', clm('invalid_claim', 'sub'), rs({ claims: { sub: 123 } }), profile(['ClaimType']))
  t('rejects client_id null', clm('invalid_claim', 'client_id'), rs({ claims: { client_id: null } }), profile(['ClaimType']))
  t('rejects jti as an object', clm('invalid_claim', 'jti'), rs({ claims: { jti: {} } }), profile(['ClaimType']))
  t('rejects iat as a numeric string', clm('invalid_claim', 'iat'), iatText(`"${NOW}"`), profile(['ClaimType']))
  t('rejects a token without exp', clm('missing_claim', 'exp'), rs({ claims: { exp: undefined } }), profile())
  t('accepts typ "APPLICATION/AT+JWT"', OK, rs({ header: { typ: 'APPLICATION/AT+JWT' } }), profile(['TypeHeader'], ['A17']))
  t('accepts iat an hour in the future (the profile requires iat; only maxTokenAge bounds it)', OK, rs({ claims: { iat: NOW + 3600 } }), profile([], ['A27', 'A31']))
  t('accepts sub equal to client_id (client credentials grant)', OK, rs({ claims: { sub: 'client-1' } }), profile())
  t('accepts a token without scope', OK, rs({ claims: { scope: undefined } }), profile())
  t('accepts empty strings as sub, client_id and jti (strings are all the profile asks)', OK, rs({ claims: { sub: '', client_id: '', jti: '' } }), profile())
  t('rejects an expired token before its missing sub', clm('expired', 'exp'), rs({ claims: { exp: NOW - 10, sub: undefined } }), profile(['Precedence'], ['A31', 'A34']))
  t('rejects a missing iat before a missing sub', clm('missing_claim', 'iat'), rs({ claims: { iat: undefined, sub: undefined } }), profile(['Precedence'], ['A31', 'A34']))
  t('rejects a missing sub before a missing client_id and jti', clm('missing_claim', 'sub'), rs({ claims: { sub: undefined, client_id: undefined, jti: undefined } }), profile(['Precedence'], ['A31', 'A34']))
  t('rejects a non-string client_id before a missing jti', clm('invalid_claim', 'client_id'), rs({ claims: { client_id: 42, jti: undefined } }), profile(['Precedence'], ['A31', 'A34']))
  t('rejects a wrong typ before a missing sub', clm('type_mismatch', 'typ'), rs({ header: { typ: 'JWT' }, claims: { sub: undefined } }), profile(['Precedence'], ['A17', 'A34']))

  // The result type promises these types, so a token with another type is refused, not handed over
  // (RFC 7519 §4.1, RFC 9068 §2.2 and §2.2.3.1); absent claims pass.
  t = F.group('Claim types checked when present, without the profile; key set keys/issuer.json')
  const typed = { flags: ['ClaimType'], tags: ['A31'] }
  for (const [name, value, what] of [
    ['sub', 12345, 'a number'], ['jti', 12345, 'a number'], ['client_id', ['x'], 'an array'], ['azp', 1, 'a number'],
    ['acr', true, 'true'], ['auth_time', `${NOW}`, 'a numeric string'], ['amr', 'pwd', 'a string'], ['amr', ['pwd', 1], 'an array with a number'],
    ['groups', [null], 'an array holding null'], ['roles', 'admin', 'a string'], ['entitlements', {}, 'an object'],
  ]) t(`rejects ${name} as ${what}`, clm('invalid_claim', name), rs({ claims: { [name]: value } }), typed)
  t('accepts azp, acr, auth_time, amr, groups, roles and entitlements of their types', OK,
    rs({ claims: { azp: 'client-1', acr: '1', auth_time: NOW - 60, amr: ['pwd'], groups: ['g'], roles: [], entitlements: ['e'] } }), typed)
  t('rejects a wrong aud before a numeric sub (the standard claims come first)', clm('audience_mismatch', 'aud'), rs({ claims: { aud: 'https://other.example', sub: 1 } }), { flags: ['Precedence'], tags: ['A34'] })
}
