/**
 * Step "format": what a compact JWS carrying a JWT claims set must look like before any key is
 * touched (RFC 7515 §7.1, RFC 7519 §7.2). Every malformed token here is otherwise validly signed,
 * so the format step alone is what rejects it.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { parseJws, payloadBytes } from '../src/format.js'
import { verifyAccessToken } from '../src/index.js'
import { b64url, failure, generateKey, makeToken, options, segmentsOf, signSegments, validClaims, type TestKey } from './helpers.js'

let key: TestKey
let valid: string
beforeAll(() => {
  // ES256 only: format checks do not depend on the algorithm, and EC keys are quick to make.
  key = generateKey('P-256')
  valid = makeToken({ key })
})

const verify = (token: unknown, overrides = {}) => verifyAccessToken(token, options(key, overrides))
/** A validly signed token with a raw header and payload text. */
const raw = (header: string | Uint8Array, payload: string | Uint8Array = JSON.stringify(validClaims())) =>
  makeToken({ key, header, claims: payload })
const header = JSON.stringify({ alg: 'ES256', kid: 'P-256' })

describe('a valid ES256 token', () => {
  it('signed by the configured key → ok', async () => {
    expect(await verify(valid)).toMatchObject({ ok: true, header: { alg: 'ES256', kid: 'P-256' } })
  })
})

describe('not_a_string', () => {
  it.each([
    ['undefined', undefined], ['null', null], ['a number', 42], ['an object', {}],
    ['an array of segments', ['a', 'b', 'c']], ['a Uint8Array', new Uint8Array([97, 46, 98, 46, 99])],
  ])('%s → format/malformed (not_a_string)', async (_, input) => {
    expect(await verify(input)).toEqual(failure.format('not_a_string'))
  })

  it('a String object wrapping a valid token → format/malformed (not_a_string)', async () => {
    // Only primitive strings: a wrapper object is a caller bug that must not be coerced.
    expect(await verify(new String(valid))).toEqual(failure.format('not_a_string'))
  })
})

describe('too_large', () => {
  it('16385 junk characters with the default cap → format/malformed (too_large)', async () => {
    // Junk, not a JWS: the size cap must come before any splitting or decoding.
    expect(await verify('!'.repeat(16385))).toEqual(failure.format('too_large'))
  })

  it('16384 junk characters with the default cap → format/malformed (segments)', async () => {
    expect(await verify('!'.repeat(16384))).toEqual(failure.format('segments'))
  })

  it('valid token one character over maxTokenLength → format/malformed (too_large)', async () => {
    expect(await verify(valid, { maxTokenLength: valid.length - 1 })).toEqual(failure.format('too_large'))
  })

  it('valid token exactly maxTokenLength long → ok', async () => {
    expect(await verify(valid, { maxTokenLength: valid.length })).toMatchObject({ ok: true })
  })
})

describe('segments', () => {
  it.each([
    ['the empty string', () => ''],
    ['one segment', () => segmentsOf(valid)[0]],
    ['two segments', () => segmentsOf(valid).slice(0, 2).join('.')],
    ['four segments', () => `${valid}.${segmentsOf(valid)[2]}`],
    ['five segments (JWE shape)', () => 'eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d'],
    ['an empty header segment', () => `.${segmentsOf(valid).slice(1).join('.')}`],
    ['an empty payload segment (detached content)', () => { const [h, , s] = segmentsOf(valid); return `${h}..${s}` }],
    ['a trailing dot', () => `${valid}.`],
    ['only dots', () => '..'],
    ['a JSON serialization', () => JSON.stringify({ payload: 'e30', signatures: [] })],
  ])('%s → format/malformed (segments)', async (_, make) => {
    expect(await verify(make())).toEqual(failure.format('segments'))
  })
})

describe('an empty signature segment (an unsigned JWS) is well formed', () => {
  it('a stripped signature (header.payload.) → signature/invalid_signature', async () => {
    // Three segments; the signature step refuses the empty signature by its length.
    expect(await verify(`${segmentsOf(valid).slice(0, 2).join('.')}.`)).toEqual(failure.signature('invalid_signature'))
  })
})

describe('base64url', () => {
  it.each([
    ['padding on the signature', (t: string) => `${t}==`],
    // White space around the whole token has its own reason now: see the last describe.
    ['a + in the header', (t: string) => `+${t.slice(1)}`],
    ['a / in the payload', (t: string) => t.replace('.', './')],
    ['a non-ASCII letter in the signature', (t: string) => `${t.slice(0, -1)}é`],
    // 'Ł' is U+0141: its low byte is 'A', so a decoder that truncates code units would accept it.
    ['a code unit whose low byte is in the alphabet', (t: string) => `${t.slice(0, -1)}Ł`],
    // 86 signature characters + 3 = 89, a length no byte string encodes to.
    ['a signature of length 4k+1', (t: string) => `${t}AAA`],
    // Three segments, so the count rule holds; one character is 4k+1, which no byte string encodes to.
    ['a one-character header', (t: string) => `A${t.slice(t.indexOf('.'))}`],
    ['a one-character payload', (t: string) => { const [h, , sig] = segmentsOf(t); return `${h}.A.${sig}` }],
  ])('valid token with %s → format/malformed (base64url)', async (_, tamper) => {
    expect(await verify(tamper(valid))).toEqual(failure.format('base64url'))
  })

  it('signature with non-zero unused trailing bits → format/malformed (base64url)', async () => {
    // An ES256 signature is 64 octets: 86 characters whose last one has 2 unused low bits. Setting
    // them gives a second spelling of the same bytes, which lenient decoders accept (RFC 4648 §3.5).
    const [hs, ps, sig] = segmentsOf(valid)
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const last = alphabet.indexOf(sig.at(-1)!)
    const variant = `${hs}.${ps}.${sig.slice(0, -1)}${alphabet[last | 1]}`
    expect(Buffer.from(variant.split('.')[2]!, 'base64url')).toEqual(Buffer.from(sig, 'base64url'))
    expect(await verify(variant)).toEqual(failure.format('base64url'))
  })

  it('header that is not JSON and a signature with padding → format/malformed (base64url)', async () => {
    // All three segments are decoded before the header is parsed.
    const token = `${b64url('not json')}.${segmentsOf(valid)[1]}.${segmentsOf(valid)[2]}=`
    expect(await verify(token)).toEqual(failure.format('base64url'))
  })
})

describe('utf8', () => {
  it.each([
    ['a byte order mark before the header', () => raw(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(header)]))],
    ['a byte order mark before the payload', () => raw(header, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(validClaims()))]))],
    ['a 0xFF byte in a header string', () => raw(Buffer.from([...Buffer.from('{"alg":"ES256","x":"'), 0xff, ...Buffer.from('"}')]))],
    ['an overlong "/" (C0 AF) in the payload', () => raw(header, Buffer.from([...Buffer.from('{"a":"'), 0xc0, 0xaf, ...Buffer.from('"}')]))],
    ['an encoded surrogate (ED A0 80) in the payload', () => raw(header, Buffer.from([...Buffer.from('{"a":"'), 0xed, 0xa0, 0x80, ...Buffer.from('"}')]))],
    ['a truncated sequence (E2 82) in the payload', () => raw(header, Buffer.from([...Buffer.from('{"a":"'), 0xe2, 0x82, ...Buffer.from('"}')]))],
  ])('%s → format/malformed (utf8)', async (_, make) => {
    expect(await verify(make())).toEqual(failure.format('utf8'))
  })
})

describe('json', () => {
  it.each([
    ['a header that is not JSON', () => raw('alg=ES256')],
    ['a header with a trailing comma', () => raw('{"alg":"ES256",}')],
    ['a header with single quotes', () => raw("{'alg':'ES256'}")],
    ['a payload that is cut short', () => raw(header, '{"iss":"https://as.example"')],
    ['a payload with NaN', () => raw(header, '{"exp":NaN}')],
    ['a payload with a comment', () => raw(header, '{"exp":1 /* later */}')],
    ['a payload of two objects', () => raw(header, '{}{}')],
  ])('%s → format/malformed (json)', async (_, make) => {
    expect(await verify(make())).toEqual(failure.format('json'))
  })
})

describe('not_object', () => {
  it.each([
    ['a header that is an array', () => raw('[{"alg":"ES256"}]')],
    ['a header that is a string', () => raw('"ES256"')],
    ['a header that is null', () => raw('null')],
    ['a payload that is an array', () => raw(header, '[{"iss":"https://as.example"}]')],
    ['a payload that is a number', () => raw(header, '1700000600')],
    // A nested JWT as the payload is a JSON string, not a claims set (RFC 7519 §7.2 step 10).
    ['a payload that is a JSON string holding a token', () => raw(header, JSON.stringify(valid))],
  ])('%s → format/malformed (not_object)', async (_, make) => {
    expect(await verify(make())).toEqual(failure.format('not_object'))
  })
})

describe('duplicate_member', () => {
  const claims = JSON.stringify(validClaims()).slice(1, -1)
  it.each([
    ['a header repeating alg', () => raw('{"alg":"ES256","kid":"P-256","alg":"none"}')],
    ['a header repeating kid through an escape', () => raw('{"alg":"ES256","kid":"P-256","\\u006bid":"other"}')],
    ['a payload repeating exp', () => raw(header, `{${claims},"exp":9999999999}`)],
    ['a payload repeating a member of a nested object', () => raw(header, `{${claims},"cnf":{"jkt":"a","jkt":"b"}}`)],
    ['a payload repeating a member inside an array of objects', () => raw(header, `{${claims},"x":[1,{"a":1,"a":1}]}`)],
    ['a payload repeating the empty name', () => raw(header, `{${claims},"":1,"":2}`)],
  ])('%s → format/malformed (duplicate_member)', async (_, make) => {
    expect(await verify(make())).toEqual(failure.format('duplicate_member'))
  })

  it('payload with one name in two sibling objects → ok', async () => {
    // Uniqueness is per object (RFC 8259 §4): the same name in different objects is fine.
    const token = raw(header, `{${claims},"a":{"n":1},"b":{"n":1},"c":[{"n":1},{"n":2}]}`)
    expect(await verify(token)).toMatchObject({ ok: true })
  })

  it('payload whose string values look like repeated members → ok', async () => {
    const token = raw(header, `{${claims},"note":"\\",\\"exp\\":1,{\\"exp\\":2}"}`)
    expect(await verify(token)).toMatchObject({ ok: true })
  })
})

describe('header', () => {
  it.each([
    ['no alg', { alg: undefined }],
    ['a numeric alg', { alg: 256 }],
    ['a null alg', { alg: null }],
    ['an array alg', { alg: ['ES256'] }],
    ['a numeric kid', { kid: 1 }],
    ['a null kid', { kid: null }],
  ])('header with %s → format/malformed (header)', async (_, fields) => {
    expect(await verify(makeToken({ key, header: fields }))).toEqual(failure.format('header'))
  })
})

describe('a header that nests', () => {
  it('header with an object member, verified twice → each result has its own copy of it', async () => {
    // Results share nothing (STYLE: plain data): a caller editing one must not change the next,
    // although the header's verdict is cached and shared between tokens.
    const token = raw(JSON.stringify({ alg: 'ES256', kid: 'P-256', ext: { n: 1 } }))
    const first = await verify(token)
    if (!first.ok) throw new Error('expected ok')
    ;(first.header as unknown as { ext: { n: number } }).ext.n = 2
    expect(await verify(token)).toMatchObject({ ok: true, header: { ext: { n: 1 } } })
  })
})

describe('unsupported_header', () => {
  it.each([
    ['crit listing exp', { crit: ['exp'], exp: 1 }],
    ['an empty crit', { crit: [] }],
    ['b64 false', { b64: false }],
    ['b64 true', { b64: true }],
    ['zip DEF', { zip: 'DEF' }],
    ['enc A128GCM', { enc: 'A128GCM' }],
    ['cty JWT', { cty: 'JWT' }],
    ['cty jwt', { cty: 'jwt' }],
    ['cty application/JWT', { cty: 'application/JWT' }],
  ])('header with %s → format/malformed (unsupported_header)', async (_, fields) => {
    expect(await verify(makeToken({ key, header: fields }))).toEqual(failure.format('unsupported_header'))
  })

  it('header with cty json → ok', async () => {
    // Only a nested-token cty is refused; other content types are advisory (RFC 7515 §4.1.10).
    expect(await verify(makeToken({ key, header: { cty: 'json' } }))).toMatchObject({ ok: true })
  })

  it('header with crit null → format/malformed (unsupported_header)', async () => {
    // Present with any value, even null, means the issuer wanted it understood.
    expect(await verify(raw('{"alg":"ES256","kid":"P-256","crit":null}'))).toEqual(failure.format('unsupported_header'))
  })
})

describe('header before payload', () => {
  it('header that is not JSON and a payload that is not UTF-8 → format/malformed (json)', async () => {
    expect(await verify(raw('nope', new Uint8Array([0xff])))).toEqual(failure.format('json'))
  })

  it('header without alg and a payload that is not JSON → format/malformed (header)', async () => {
    // The header's own checks run before the payload is parsed at all.
    expect(await verify(raw('{"kid":"P-256"}', 'nope'))).toEqual(failure.format('header'))
  })

  it('header with crit and a payload with a duplicate member → format/malformed (unsupported_header)', async () => {
    expect(await verify(raw('{"alg":"ES256","crit":["x"]}', '{"a":1,"a":2}'))).toEqual(failure.format('unsupported_header'))
  })

  it('payload not JSON under a header naming an unknown key → format/malformed (json)', async () => {
    // Format is checked completely before the signature step looks for a key.
    const token = signSegments(key, 'ES256', b64url('{"alg":"ES256","kid":"nobody"}'), b64url('nope'))
    expect(await verify(token)).toEqual(failure.format('json'))
  })
})

describe('prototype-shaped members', () => {
  it('payload with a __proto__ member → ok, and Object.prototype untouched', async () => {
    const token = raw(header, `{${JSON.stringify(validClaims()).slice(1, -1)},"__proto__":{"admin":true}}`)
    const result = await verify(token)
    expect(result).toMatchObject({ ok: true })
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined()
  })
})

describe('a token passed with its scheme or untrimmed', () => {
  // Refused all the same; the reason says what to do, and the message quotes nothing of the token.
  it.each([
    ['"Bearer " before it', (t: string) => `Bearer ${t}`, 'auth_scheme'],
    ['"bearer " in lower case before it', (t: string) => `bearer ${t}`, 'auth_scheme'],
    ['"DPoP " before it', (t: string) => `DPoP ${t}`, 'auth_scheme'],
    ['a trailing newline', (t: string) => `${t}\n`, 'whitespace'],
    ['a leading space', (t: string) => ` ${t}`, 'whitespace'],
    ['a trailing CR LF', (t: string) => `${t}\r\n`, 'whitespace'],
    ['a space inside the payload segment', (t: string) => t.replace('.', '. '), 'base64url'],
    // The scheme is recognised only where a caller would have left it: at the very start.
    ['"Bearer " inside the payload segment', (t: string) => t.replace('.', '.Bearer '), 'base64url'],
  ] as const)('valid token with %s → format/malformed (%s)', async (_, change, reason) => {
    const key = generateKey('P-256')
    const token = change(makeToken({ key }))
    const result = await verifyAccessToken(token, options(key))
    expect(result).toEqual(failure.format(reason))
    if (!result.ok) expect(result.message).not.toContain(token.trim().slice(0, 12))
  })
})

describe('the JWS layer (parseJws)', () => {
  it('payload segment of octets that are not UTF-8 → ok, with those octets and the payload offset', () => {
    // At the JWS layer the payload is any octets (RFC 7515 §3); only a JWT needs JSON.
    const [h, , sig] = segmentsOf(valid)
    const octets = [0xff, 0x00, 0x80]
    const token = `${h}.${b64url(new Uint8Array(octets))}.${sig}`
    const jws = parseJws(token, 16384)
    if (!jws.ok) throw new Error('expected ok')
    expect([...payloadBytes(jws)]).toEqual(octets)
    // The offsets point just after each dot.
    expect(token.slice(jws.payloadAt, jws.signatureAt - 1)).toBe(segmentsOf(token)[1])
    expect(token.slice(jws.signatureAt)).toBe(sig)
  })
})
