/**
 * vectors/format.json, step "format": compact serialization, strict base64url (RFC 7515 §2),
 * UTF-8 and strict JSON (RFC 8259, RFC 7515 §10.12), header members and the size cap. Every token
 * is otherwise valid, so the one defect each vector names is what fails.
 */
import { appendRaw, b64u, bytes, enc, filler, merge, NOW, prependRaw } from './common.mjs'
import { CLAIMS, rs } from './tokens.mjs'
import { fmt, OK, sig, vectorFile } from './vector-file.mjs'

/** Adds the vectors of format.json, in tcId order. */
export function defineFormatVectors() {
  const F = vectorFile('format', 'Step format: compact serialization, strict base64url, UTF-8, strict JSON, header rules and the size cap. Every token is otherwise valid (signed by rsa-a, good claims) unless a comment says more.')
  let t = F.group('Compact serialization, strict base64url, UTF-8 and JSON; key set keys/issuer.json, default options')
  const control = t('accepts a well-formed RS256 access token (the control every vector below departs from)', OK, rs(), { flags: ['Control'] })
  const [H, P, S] = control.token.split('.')

  // Not a string (A15).
  for (const [value, what] of [
    [null, 'null'], [123, 'the number 123'], [0, 'the number 0'], [true, 'true'], [{}, 'an empty object'], [[], 'an empty array'],
    [[control.token], 'an array holding a valid token'], [{ token: control.token }, 'an object holding a valid token'],
  ]) t(`rejects ${what} as the token`, fmt('not_a_string'), value, { flags: ['NonString'], tags: ['A15'] })

  // Segments (A15, A20, A24, A25, A01).
  const segments = { flags: ['Structure'], tags: ['A15'] }
  for (const [value, what] of [
    ['', 'the empty string'], ['.', 'a single dot'], ['..', 'two dots only'], ['...', 'three dots only'], ['.....', 'four dots only'],
    ['a.b', 'two short segments'], [`${H}.${P}`, 'header.payload without a signature segment'],
    [`${H}.${P}.${S}.`, 'a valid token followed by a dot'], [`${H}.${P}.${S}.${S}`, 'four segments'],
    [`.${P}.${S}`, 'an empty header segment'], [`${H}.${P}.${control.token}`, 'a whole token as the signature segment (five segments)'],
  ]) t(`rejects ${what}`, fmt('segments'), value, segments)
  t('rejects an empty payload segment whose signature covers the empty payload (detached content)', fmt('segments'), rs({ p: '' }), { flags: ['Structure'], tags: ['A20'] })
  t('rejects a detached payload: header..signature whose signature covers the real payload', fmt('segments'), rs({ finish: (x) => x.replace(/\.[^.]*\./, '..') }), { flags: ['Structure'], tags: ['A20'] })
  t('rejects alg none with an empty signature segment (an unsigned JWS) at the allow-list', sig('alg_not_allowed'), rs({ header: { alg: 'none' }, s: '' }), { flags: ['Structure'], tags: ['A01', 'A15'] })
  t('rejects alg none as two segments, no trailing dot', fmt('segments'), rs({ header: { alg: 'none' }, s: '', finish: (x) => x.slice(0, -1) }), { flags: ['Structure'], tags: ['A01', 'A15'] })
  t('rejects an RS256 signature followed by an empty fourth segment after a dot', fmt('segments'), rs({ finish: (x) => x + '.' }), segments)
  const jweHeader = enc(JSON.stringify({ alg: 'RSA-OAEP', enc: 'A256GCM', kid: 'rsa-a' }))
  const jweParts = [filler('jwe key', 256), filler('jwe iv', 12), filler('jwe ciphertext', 120), filler('jwe tag', 16)].map(b64u)
  t('rejects a five-segment JWE (RSA-OAEP, A256GCM)', fmt('segments'), [jweHeader, ...jweParts].join('.'), { flags: ['Structure'], tags: ['A25'] })
  t('rejects five segments whose first is a JWS header {"alg":"RS256"}', fmt('segments'), [enc('{"alg":"RS256"}'), ...jweParts].join('.'), { flags: ['Structure'], tags: ['A25'] })
  t('rejects the flattened JWS JSON serialization of a valid token', fmt('segments'), JSON.stringify({ protected: H, payload: P, signature: S }), { flags: ['Structure'], tags: ['A24'] })
  t('rejects the flattened JSON serialization with an unprotected kid', fmt('segments'), JSON.stringify({ protected: enc('{"alg":"RS256"}'), header: { kid: 'rsa-a' }, payload: P, signature: S }), { flags: ['Structure'], tags: ['A24'] })
  t('rejects the general JWS JSON serialization with two signatures', fmt('segments'), JSON.stringify({ payload: P, signatures: [{ protected: H, signature: S }, { protected: H, signature: S }] }), { flags: ['Structure'], tags: ['A24'] })
  t('rejects the JSON serialization passed as an object', fmt('not_a_string'), { protected: H, payload: P, signature: S }, { flags: ['NonString'], tags: ['A24'] })
  const forged = enc(JSON.stringify(merge(CLAIMS, { sub: 'admin', scope: 'admin' })))
  t('rejects a compact/JSON polyglot whose dots split off a forged payload (CVE-2022-39227)', fmt('base64url'),
    `{"  ${H}.${forged}.":"","protected":"${H}","payload":"${P}","signature":"${S}"}`, { flags: ['Structure', 'NonCanonicalBase64url'], tags: ['A24'] })

  // Strict base64url (A14, A15).
  const b64 = { flags: ['NonCanonicalBase64url'], tags: ['A14'] }
  const replaceAt = (text, i, c) => text.slice(0, i) + c + text.slice(i + 1)
  t('rejects a leading space (reason whitespace: trim it)', fmt('whitespace'), ' ' + control.token, { ...b64, tags: ['A14', 'A15'] })
  t('rejects a trailing space (reason whitespace)', fmt('whitespace'), control.token + ' ', { ...b64, tags: ['A14', 'A15'] })
  t('rejects a trailing newline (reason whitespace)', fmt('whitespace'), control.token + '\n', { ...b64, tags: ['A14', 'A15'] })
  t('rejects the token prefixed with "Bearer " (reason auth_scheme: pass the credential alone)', fmt('auth_scheme'), 'Bearer ' + control.token, { ...b64, tags: ['A14', 'A15'] })
  t('rejects "==" padding on the signature segment', fmt('base64url'), `${H}.${P}.${S}==`, b64)
  t('rejects "=" padding on a header segment the signature covers', fmt('base64url'), rs({ h: H + '=' }), b64)
  t('rejects "=" padding on a payload segment the signature covers', fmt('base64url'), rs({ p: P + '=' }), b64)
  if (!S.includes('-') || !S.includes('_')) throw new Error('control signature lacks - or _')
  t('rejects "+" in place of "-" in the signature (standard base64)', fmt('base64url'), `${H}.${P}.${S.replace('-', '+')}`, b64)
  t('rejects "/" in place of "_" in the signature (standard base64)', fmt('base64url'), `${H}.${P}.${S.replace('_', '/')}`, b64)
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  const nonCanonical = (seg) => {
    if (seg.length % 4 < 2) throw new Error('segment has no unused bits')
    return seg.slice(0, -1) + ALPHABET[ALPHABET.indexOf(seg.at(-1)) ^ 1]
  }
  t('rejects a signature whose last character has a non-zero unused bit (same bytes under a lax decoder)', fmt('base64url'), `${H}.${P}.${nonCanonical(S)}`, b64)
  // A payload whose encoding ends with unused bits, signed over its non-canonical spelling.
  let padded = 0
  while (enc(JSON.stringify(merge(CLAIMS, { pad: 'x'.repeat(padded) }))).length % 4 !== 2) padded++
  const tailed = rs({ claims: { pad: 'x'.repeat(padded) } })
  t('rejects a payload whose last character has a non-zero unused bit, signed over that spelling', fmt('base64url'),
    { ...tailed, p: nonCanonical(enc(JSON.stringify(tailed.payload))) }, b64)
  t('rejects a signature segment of length 4k+1 (one dangling character)', fmt('base64url'), `${H}.${P}.${S}${'A'.repeat((5 - (S.length % 4)) % 4 || 4)}`, b64)
  t('rejects a space inside the payload segment', fmt('base64url'), rs({ p: replaceAt(P, 20, ' ') }), b64)
  t('rejects a tab inside the header segment', fmt('base64url'), rs({ h: H.slice(0, 8) + '\t' + H.slice(8) }), b64)
  t('rejects CRLF inside the signature segment', fmt('base64url'), `${H}.${P}.${S.slice(0, 100)}\r\n${S.slice(100)}`, b64)
  for (const c of ['?', '#', '*', '%', '$'])
    t(`rejects "${c}" inside the payload segment`, fmt('base64url'), rs({ p: replaceAt(P, 30, c) }), b64)
  t('rejects a non-ASCII letter inside the header segment', fmt('base64url'), rs({ h: replaceAt(H, 5, 'é') }), b64)
  t('rejects a full-width letter inside the signature segment', fmt('base64url'), `${H}.${P}.${replaceAt(S, 7, 'Ａ')}`, b64)
  t('rejects a bad signature segment before looking at a header that is not JSON', fmt('base64url'),
    rs({ headerJson: 'not json', finish: (x) => x + '==' }), { flags: ['NonCanonicalBase64url', 'Precedence'], tags: ['A14', 'A34'] })

  // UTF-8 (A16).
  const utf8 = { flags: ['InvalidUtf8'], tags: ['A16'] }
  const claimsText = JSON.stringify(CLAIMS)
  const withBytes = (marker, inserted) => bytes(...claimsText.split(marker).flatMap((part, i) => (i === 0 ? [part] : [inserted, part])))
  t('rejects a UTF-8 byte order mark before the header JSON', fmt('utf8'), rs({ headerBytes: bytes([0xef, 0xbb, 0xbf], JSON.stringify(rs().header)) }), utf8)
  t('rejects a byte order mark after a leading space in the header (not leading, so not JSON white space)', fmt('json'), rs({ headerBytes: bytes(' ', [0xef, 0xbb, 0xbf], JSON.stringify(rs().header)) }), { flags: ['StrictJson'], tags: ['A16'] })
  t('rejects a UTF-8 byte order mark before the payload JSON', fmt('utf8'), rs({ payloadBytes: bytes([0xef, 0xbb, 0xbf], claimsText) }), utf8)
  t('rejects an overlong encoding of "/" (C0 AF) inside a payload string', fmt('utf8'), rs({ payloadBytes: withBytes('user-1', bytes('user', [0xc0, 0xaf], '1')) }), utf8)
  t('rejects an overlong encoding of NUL (C0 80) inside a payload string', fmt('utf8'), rs({ payloadBytes: withBytes('user-1', bytes('user', [0xc0, 0x80], '1')) }), utf8)
  t('rejects a UTF-8-encoded surrogate (ED A0 80) inside a payload string', fmt('utf8'), rs({ payloadBytes: withBytes('user-1', bytes('user', [0xed, 0xa0, 0x80])) }), utf8)
  t('rejects a truncated three-byte sequence (E2 82) inside a payload string', fmt('utf8'), rs({ payloadBytes: withBytes('user-1', bytes('user', [0xe2, 0x82])) }), utf8)
  t('rejects a Latin-1 byte (E9) inside a payload string', fmt('utf8'), rs({ payloadBytes: withBytes('user-1', bytes('Jos', [0xe9])) }), utf8)
  t('rejects a code point above U+10FFFF (F4 90 80 80)', fmt('utf8'), rs({ payloadBytes: withBytes('user-1', bytes([0xf4, 0x90, 0x80, 0x80])) }), utf8)
  t('rejects a five-byte sequence (F8 88 80 80 80)', fmt('utf8'), rs({ payloadBytes: withBytes('user-1', bytes([0xf8, 0x88, 0x80, 0x80, 0x80])) }), utf8)
  t('rejects the byte FF inside a header string', fmt('utf8'), rs({ headerBytes: bytes('{"alg":"RS256","typ":"at+jwt","kid":"rsa-a","x":"', [0xff], '"}') }), utf8)
  t('rejects a UTF-16LE payload with its byte order mark', fmt('utf8'), rs({ payloadBytes: bytes([0xff, 0xfe], Buffer.from(claimsText, 'utf16le')) }), utf8)
  t('rejects a UTF-16LE payload without a byte order mark (NULs are UTF-8, but not JSON)', fmt('json'), rs({ payloadBytes: Buffer.from(claimsText, 'utf16le') }), { flags: ['StrictJson'], tags: ['A16'] })
  t('accepts non-ASCII UTF-8 in a claim value', OK, rs({ claims: { sub: 'José Müller 山田 🙂' } }), { flags: ['Unicode'], tags: ['A16'] })
  t('accepts an escaped lone surrogate in a claim value (valid JSON)', OK, rs({ payloadJson: appendRaw(CLAIMS, '"note":"\\ud800"') }), { flags: ['Unicode'], tags: ['A16'] })

  // Strict JSON (A16).
  const json = { flags: ['StrictJson'], tags: ['A16'] }
  for (const [text, what] of [
    [claimsText + 'x', 'trailing garbage after the payload object'],
    [claimsText + claimsText, 'two payload objects in a row'],
    [claimsText.replaceAll('"', "'"), 'single-quoted payload strings'],
    [claimsText.slice(0, -1) + ',}', 'a trailing comma in the payload'],
    [appendRaw(CLAIMS, '"n":NaN'), 'a NaN literal in the payload'],
    [appendRaw(CLAIMS, '"n":Infinity'), 'an Infinity literal in the payload'],
    [appendRaw(CLAIMS, '/* c */"n":1'), 'a comment in the payload'],
    [appendRaw(CLAIMS, 'n:1'), 'an unquoted member name in the payload'],
    [claimsText.slice(0, -20), 'a truncated payload'],
    [appendRaw(CLAIMS, '"n":01'), 'a number with a leading zero'],
    [appendRaw(CLAIMS, '"n":0x10'), 'a hexadecimal number'],
    [appendRaw(CLAIMS, '"n":"a\nb"'), 'a raw line feed inside a string'],
    [appendRaw(CLAIMS, '"n":"\\x41"'), 'an invalid escape \\x41'],
  ]) t(`rejects ${what}`, fmt('json'), rs({ payloadJson: text }), json)
  t('rejects trailing garbage after the header object', fmt('json'), rs({ headerJson: JSON.stringify(rs().header) + ']' }), json)
  t('rejects a header of white space only', fmt('json'), rs({ headerJson: '   ' }), json)
  t('accepts CRLF, tabs and spaces inside the header and payload JSON', OK,
    rs({ headerJson: '{"alg":"RS256",\r\n "typ" : "at+jwt",\t"kid":"rsa-a"}', payloadJson: JSON.stringify(CLAIMS, null, '\t').replaceAll('\n', '\r\n') }), { flags: ['Whitespace'], tags: ['A16'] })
  t('accepts white space after the payload object', OK, rs({ payloadJson: claimsText + ' \n' }), { flags: ['Whitespace'], tags: ['A16'] })
  t('accepts arrays nested 2000 deep in a claim', OK, rs({ payloadJson: appendRaw(CLAIMS, `"deep":${'['.repeat(2000)}${']'.repeat(2000)}`) }), { tags: ['A16', 'A26'] })

  // Duplicate member names (A16, A32, A33).
  const dup = { flags: ['DuplicateMember'], tags: ['A16'] }
  const hdr = { alg: 'RS256', typ: 'at+jwt', kid: 'rsa-a' }
  t('rejects a header repeating alg ("none" then "RS256")', fmt('duplicate_member'), rs({ headerJson: prependRaw(hdr, '"alg":"none"') }), { ...dup, tags: ['A16', 'A01'] })
  t('rejects a header repeating alg ("RS256" then "none")', fmt('duplicate_member'), rs({ headerJson: appendRaw(hdr, '"alg":"none"') }), { ...dup, tags: ['A16', 'A01'] })
  t('rejects a header repeating alg through the escape "\\u0061lg"', fmt('duplicate_member'), rs({ headerJson: appendRaw(hdr, '"\\u0061lg":"none"') }), { flags: ['DuplicateMember', 'Escapes'], tags: ['A16', 'A32'] })
  t('rejects a header repeating kid', fmt('duplicate_member'), rs({ headerJson: appendRaw(hdr, '"kid":"rsa-b"') }), dup)
  t('rejects a header repeating typ with the same value', fmt('duplicate_member'), rs({ headerJson: appendRaw(hdr, '"typ":"at+jwt"') }), dup)
  t('rejects a payload repeating iss', fmt('duplicate_member'), rs({ payloadJson: appendRaw(CLAIMS, '"iss":"https://evil.example"') }), dup)
  t('rejects a payload repeating exp (expired first, valid last)', fmt('duplicate_member'), rs({ payloadJson: prependRaw(CLAIMS, `"exp":${NOW - 10}`) }), dup)
  t('rejects a payload repeating aud', fmt('duplicate_member'), rs({ payloadJson: appendRaw(CLAIMS, '"aud":"https://other.example"') }), dup)
  t('rejects a payload repeating scope', fmt('duplicate_member'), rs({ payloadJson: appendRaw(CLAIMS, '"scope":"admin"') }), dup)
  t('rejects a payload repeating iss through the escape "\\u0069ss"', fmt('duplicate_member'), rs({ payloadJson: appendRaw(CLAIMS, '"\\u0069ss":"https://evil.example"') }), { flags: ['DuplicateMember', 'Escapes'], tags: ['A16', 'A32'] })
  t('rejects a repeated member inside a nested object claim', fmt('duplicate_member'), rs({ payloadJson: appendRaw(CLAIMS, '"cnf":{"jkt":"a","jkt":"b"}') }), dup)
  t('rejects a repeated member inside an object inside an array', fmt('duplicate_member'), rs({ payloadJson: appendRaw(CLAIMS, '"authorization_details":[{"type":"a"},{"type":"b","type":"c"}]') }), dup)
  t('rejects a payload repeating "__proto__"', fmt('duplicate_member'), rs({ payloadJson: appendRaw(CLAIMS, '"__proto__":{},"__proto__":{"admin":true}') }), { flags: ['DuplicateMember', 'PrototypeName'], tags: ['A16', 'A33'] })
  t('rejects a repeated header member before looking at a payload that is not JSON', fmt('duplicate_member'), rs({ headerJson: appendRaw(hdr, '"kid":"rsa-b"'), payloadJson: '{' }), { flags: ['DuplicateMember', 'Precedence'], tags: ['A16', 'A34'] })
  t('rejects a repeated member name holding an escaped quote', fmt('duplicate_member'), rs({ payloadJson: appendRaw(CLAIMS, '"a\\"b":1,"a\\"b":2') }), dup)
  t('rejects the empty member name twice', fmt('duplicate_member'), rs({ payloadJson: appendRaw(CLAIMS, '"":1,"":2') }), dup)
  t('rejects "é" and its escape "\\u00e9" as one name', fmt('duplicate_member'), rs({ payloadJson: appendRaw(CLAIMS, '"é":1,"\\u00e9":2') }), { flags: ['DuplicateMember', 'Escapes'], tags: ['A16', 'A32'] })
  t('rejects "🙂" and its escaped surrogate pair as one name', fmt('duplicate_member'), rs({ payloadJson: appendRaw(CLAIMS, '"🙂":1,"\\ud83d\\ude42":2') }), { flags: ['DuplicateMember', 'Escapes'], tags: ['A16', 'A32'] })
  t('rejects a name repeated after a nested array of objects', fmt('duplicate_member'), rs({ payloadJson: appendRaw(CLAIMS, '"x":[{"y":[1,{"z":2}]},[]],"x":3') }), dup)
  t('accepts "a\\\\" (a backslash) and "a" as two different names', OK, rs({ payloadJson: appendRaw(CLAIMS, '"a\\\\":1,"a":2') }), { flags: ['Escapes'], tags: ['A16'] })
  t('accepts a string value that spells a repeated member inside escaped quotes', OK, rs({ payloadJson: appendRaw(CLAIMS, '"note":"\\",\\"iss\\":\\"https://evil.example\\",{}[]:"') }), { tags: ['A16'] })
  t('accepts one member name in two sibling objects', OK, rs({ payloadJson: appendRaw(CLAIMS, '"a":{"id":1},"b":{"id":2},"c":[{"id":3},{"id":4}]') }), { tags: ['A16'] })
  t('accepts member names differing only in case ("iss" and "ISS")', OK, rs({ payloadJson: appendRaw(CLAIMS, '"ISS":"https://evil.example"') }), { tags: ['A16', 'A32'] })
  t('accepts "\\u0041" and "a" as two different names', OK, rs({ payloadJson: appendRaw(CLAIMS, '"\\u0041":1,"a":2') }), { flags: ['Escapes'], tags: ['A16', 'A32'] })

  // Not an object (A21).
  const notObject = { flags: ['NotObject'], tags: ['A21'] }
  for (const [text, what] of [['[]', 'an array'], ['123', 'a number'], ['"RS256"', 'a string'], ['null', 'null'], ['true', 'true']])
    t(`rejects a header that is ${what}`, fmt('not_object'), rs({ headerJson: text }), notObject)
  for (const [text, what] of [
    ['0', '0'], ['1', '1'], ['-1', '-1'], ['true', 'true'], ['false', 'false'], ['null', 'null'], ['[]', 'an empty array'],
    ['""', 'the empty string'], ['"Payload"', 'a string'], [`[${claimsText}]`, 'an array holding the claims object'],
    [JSON.stringify(control.token), 'a JSON string holding a compact JWT'],
  ]) t(`rejects a payload that is ${what}`, fmt('not_object'), rs({ payloadJson: text }), notObject)

  // Header members: alg and kid (A01, A06, A33).
  const header = { flags: ['HeaderMembers'], tags: ['A01'] }
  t('rejects a header without alg', fmt('header'), rs({ header: { alg: undefined } }), header)
  t('rejects an empty header object', fmt('header'), rs({ headerJson: '{}' }), header)
  for (const [value, what] of [[123, 'a number'], [null, 'null'], [['RS256'], 'an array'], [{}, 'an object'], [true, 'true']])
    t(`rejects alg as ${what}`, fmt('header'), rs({ header: { alg: value } }), header)
  for (const [value, what] of [[123, 'a number'], [0, 'the number 0'], [null, 'null'], [{}, 'an object'], [['rsa-a'], 'an array'], [true, 'true']])
    t(`rejects kid as ${what}`, fmt('header'), rs({ header: { kid: value } }), { flags: ['HeaderMembers'], tags: ['A06'] })
  t('rejects a header whose only alg is inside "__proto__"', fmt('header'), rs({ headerJson: '{"__proto__":{"alg":"RS256"},"typ":"at+jwt","kid":"rsa-a"}' }), { flags: ['HeaderMembers', 'PrototypeName'], tags: ['A01', 'A33'] })
  t('rejects a header without alg before looking at a payload that is not JSON', fmt('header'), rs({ header: { alg: undefined }, payloadJson: 'nope' }), { flags: ['HeaderMembers', 'Precedence'], tags: ['A34'] })
  t('rejects a missing alg before an unsupported crit', fmt('header'), rs({ header: { alg: undefined, crit: ['exp'] } }), { flags: ['HeaderMembers', 'Precedence'], tags: ['A22', 'A34'] })
  t('rejects a non-string kid before an unsupported zip', fmt('header'), rs({ header: { kid: 7, zip: 'DEF' } }), { flags: ['HeaderMembers', 'Precedence'], tags: ['A06', 'A34'] })
  t('rejects a non-string kid before judging the algorithm none', fmt('header'), rs({ header: { alg: 'none', kid: 1 } }), { flags: ['HeaderMembers', 'Precedence'], tags: ['A01', 'A06', 'A34'] })

  // Unsupported header members (A18, A19, A22, A23).
  const unsupported = (tags) => ({ flags: ['HeaderMembers'], tags })
  t('rejects crit ["exp"] with exp in the header', fmt('unsupported_header'), rs({ header: { crit: ['exp'], exp: NOW + 60 } }), unsupported(['A22']))
  t('rejects an empty crit list', fmt('unsupported_header'), rs({ header: { crit: [] } }), unsupported(['A22']))
  t('rejects crit ["foo"] with foo in the header', fmt('unsupported_header'), rs({ header: { crit: ['foo'], foo: 1 } }), unsupported(['A22']))
  t('rejects crit as a string', fmt('unsupported_header'), rs({ header: { crit: 'b64' } }), unsupported(['A22']))
  t('rejects crit null', fmt('unsupported_header'), rs({ header: { crit: null } }), unsupported(['A22']))
  t('rejects crit spelled "\\u0063rit"', fmt('unsupported_header'), rs({ headerJson: appendRaw(hdr, '"\\u0063rit":["foo"],"foo":1') }), { flags: ['HeaderMembers', 'Escapes'], tags: ['A22', 'A32'] })
  t('rejects b64 false with crit ["b64"] (RFC 7797 is not for JWTs)', fmt('unsupported_header'), rs({ header: { b64: false, crit: ['b64'] } }), unsupported(['A23', 'A22']))
  t('rejects b64 false without crit', fmt('unsupported_header'), rs({ header: { b64: false } }), unsupported(['A23']))
  t('rejects b64 true without crit', fmt('unsupported_header'), rs({ header: { b64: true } }), unsupported(['A23']))
  t('rejects zip "DEF"', fmt('unsupported_header'), rs({ header: { zip: 'DEF' } }), unsupported(['A19']))
  t('rejects enc "A256GCM" in a three-segment token', fmt('unsupported_header'), rs({ header: { enc: 'A256GCM' } }), unsupported(['A19', 'A25']))
  for (const cty of ['JWT', 'jwt', 'application/jwt', 'Application/JWT'])
    t(`rejects cty "${cty}" (nested token)`, fmt('unsupported_header'), rs({ header: { cty } }), unsupported(['A18']))
  t('rejects cty "JWT" whose payload is a signed inner token', fmt('unsupported_header'), rs({ header: { cty: 'JWT' }, payloadJson: JSON.stringify(control.token) }), unsupported(['A18']))
  t('rejects cty "JWT" on an alg none outer token around a valid inner token', fmt('unsupported_header'), rs({ header: { alg: 'none', cty: 'JWT' }, p: b64u(Buffer.from(control.token)) }), unsupported(['A18', 'A01']))
  t('rejects crit before looking at a payload that is not JSON', fmt('unsupported_header'), rs({ header: { crit: ['exp'] }, payloadJson: '[' }), { flags: ['HeaderMembers', 'Precedence'], tags: ['A22', 'A34'] })
  t('accepts cty "text/xml" (not a nested token; ignored)', OK, rs({ header: { cty: 'text/xml' } }), { tags: ['A18'] })
  t('accepts an unknown header member "foo"', OK, rs({ header: { foo: 'bar' } }), { tags: ['A19'] })
  t('accepts x5t and x5t#S256 header members (ignored)', OK, rs({ header: { x5t: b64u(filler('x5t', 20)), 'x5t#S256': b64u(filler('x5t#S256', 32)) } }), { tags: ['A19'] })

  // Size cap (A26).
  t = F.group('Size cap: options.maxTokenLength set from each token; key set keys/issuer.json')
  const size = { flags: ['BoundarySize'], tags: ['A26'] }
  t('accepts a token exactly maxTokenLength characters long', OK, rs(), { ...size, options: (x) => ({ maxTokenLength: x.length }) })
  t('rejects a valid token one character longer than maxTokenLength', fmt('too_large'), rs(), { ...size, options: (x) => ({ maxTokenLength: x.length - 1 }) })
  t('rejects a 101-character junk string when maxTokenLength is 100, before splitting it', fmt('too_large'), 'x'.repeat(101), { ...size, options: { maxTokenLength: 100 } })
  t('rejects a 100-character junk string when maxTokenLength is 100 by its segments', fmt('segments'), 'x'.repeat(100), { ...size, options: { maxTokenLength: 100 } })
  t('rejects a non-string before the size cap', fmt('not_a_string'), 1234567, { flags: ['NonString'], tags: ['A15'], options: { maxTokenLength: 1 } })

  t = F.group('Size cap at the default maxTokenLength of 16384 characters; key set keys/issuer.json')
  /** A valid token of exactly `length` characters, padded by a header member and a claim. */
  function sized(length) {
    const sigLength = 342 // rsa-a: 256 octets
    for (let hp = 0; hp < 4; hp++) {
      const h = enc(JSON.stringify(merge(hdr, { pad: 'h'.repeat(hp) }))).length
      const fixed = enc(JSON.stringify(merge(CLAIMS, { pad: '' }))).length
      const estimate = Math.floor(((length - h - sigLength - 2 - fixed) * 3) / 4)
      for (let pp = Math.max(0, estimate - 8); pp < estimate + 8; pp++) {
        const d = rs({ header: { pad: 'h'.repeat(hp) }, claims: { pad: 'p'.repeat(pp) } })
        if (h + 2 + sigLength + enc(JSON.stringify(d.payload)).length === length) return d
      }
    }
    throw new Error(`cannot size a token to ${length}`)
  }
  t('accepts a valid token of exactly 16384 characters under the default cap', OK, sized(16384), size)
  t('rejects a valid token of 16385 characters under the default cap', fmt('too_large'), sized(16385), size)
  t('rejects a 16385-character junk string under the default cap before splitting it', fmt('too_large'), 'a'.repeat(16385), { ...size, flags: ['BoundarySize', 'Precedence'], tags: ['A26', 'A34'] })
  t('rejects a 16384-character junk string by its segments (it is within the cap)', fmt('segments'), 'a'.repeat(16384), size)

  // The whole Authorization value, or an untrimmed one: refused, with a reason that says the fix.
  t = F.group('Tokens passed with their scheme or untrimmed; key set keys/issuer.json')
  const passed = { flags: ['AuthorizationValue'], tags: ['A14'] }
  t('rejects the token prefixed with "bearer " in lower case (reason auth_scheme)', fmt('auth_scheme'), 'bearer ' + control.token, passed)
  t('rejects the token prefixed with "DPoP " (reason auth_scheme)', fmt('auth_scheme'), 'DPoP ' + control.token, passed)
  t('rejects "Bearer" and two spaces before the token (reason auth_scheme)', fmt('auth_scheme'), 'Bearer  ' + control.token, passed)
  t('rejects a trailing CR LF (reason whitespace)', fmt('whitespace'), control.token + '\r\n', passed)
  t('rejects a leading tab (reason whitespace)', fmt('whitespace'), '\t' + control.token, passed)
  t('rejects a two-segment token with a trailing space by its whitespace', fmt('whitespace'), control.token.slice(0, control.token.lastIndexOf('.')) + ' ', passed)
  t('rejects a space inside the payload segment as base64url (not around the token)', fmt('base64url'), control.token.replace('.', '. '), passed)
}
