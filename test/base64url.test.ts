/**
 * src/base64url.ts: strict, canonical, unpadded base64url (RFC 4648 §5, RFC 7515 §2). Node's
 * Buffer is the lenient reference here: every string we accept must decode the same with it, and
 * everything it would also accept but we refuse is a deliberate rejection.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeBase64url, decodeBase64urlBinary } from '../src/base64url.js'

const bytes = (input: string) => {
  const out = decodeBase64url(input)
  return out === undefined ? undefined : [...out]
}

describe('canonical input', () => {
  it.each([
    ['empty', '', []],
    ['one byte (2 characters)', 'AQ', [1]],
    ['two bytes (3 characters)', 'AAE', [0, 1]],
    ['three bytes (4 characters)', 'AAAB', [0, 0, 1]],
    ['0xFB 0xFF (uses - and _)', '-_8', [0xfb, 0xff]],
    ['all ones', '____', [255, 255, 255]],
    ['four bytes', 'AQIDBA', [1, 2, 3, 4]],
  ])('%s → bytes', (_, input, expected) => {
    expect(bytes(input)).toEqual(expected)
  })

  it('every byte string, encoded by Buffer → the same bytes back', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (data) => {
      expect(decodeBase64url(Buffer.from(data).toString('base64url'))).toEqual(data)
    }), { numRuns: 300 })
  })
})

describe('rejected input', () => {
  it('"AE" (one octet, unused bits 0100) → undefined: all four unused bits of a 2-character tail must be zero', () => {
    // RFC 4648 §3.5: "AA" is the one spelling of 0x00; "AE" would decode to it under a 2-bit check.
    expect(decodeBase64url('AE')).toBeUndefined()
    expect(decodeBase64urlBinary('AE')).toBeUndefined()
    expect(decodeBase64url('AA')).toEqual(new Uint8Array([0]))
    expect(decodeBase64urlBinary('AA')).toBe('\u0000')
  })

  it.each([
    // 4k+1 characters leave a dangling 6-bit group that no byte string encodes to.
    ['one character', 'A'],
    ['five characters', 'AAAAA'],
    ['padding after two characters', 'AQ=='],
    ['padding after three characters', 'AAE='],
    ['a single pad character', '='],
    ['standard-alphabet +', 'a+b/'],
    ['standard-alphabet /', 'ab/c'],
    ['a leading space', ' AQ'],
    ['an inner newline', 'AA\nAA'],
    ['a tab', 'AAA\t'],
    ['a dot', 'AA.A'],
    ['a NUL character', 'AA\0A'],
    ['a non-ASCII letter', 'AAé'],
    // U+0141 has low byte 0x41 ('A'): a decoder indexing a 256-entry table by code unit & 0xFF would accept it.
    ['a code unit whose low byte is A', 'AAA\u0141'],
    ['a code unit above 0xFFFF (surrogate pair)', 'AA\u{1F600}'],
    // U+0080 is the first code unit past the 128-entry ASCII table, here in the last, partial group.
    ['U+0080 in the last group', 'AA\u0080'],
  ])('%s → undefined', (_, input) => {
    expect(decodeBase64url(input)).toBeUndefined()
  })

  it.each([
    // The unused low bits of the last character must be zero (RFC 4648 §3.5); otherwise one byte
    // string has several spellings, and a signature could be altered without changing its bytes.
    ['AR (4 unused bits set)', 'AR', 'AQ'],
    ['AB (one unused bit set)', 'AB', 'AA'],
    ['AAF (2 unused bits set)', 'AAF', 'AAE'],
    ['AAB (one unused bit set)', 'AAB', 'AAA'],
  ])('non-canonical trailing bits %s → undefined', (_, input, canonical) => {
    // Buffer decodes both spellings alike; only the canonical one is ours.
    expect(Buffer.from(input, 'base64url')).toEqual(Buffer.from(canonical, 'base64url'))
    expect(decodeBase64url(input)).toBeUndefined()
    expect(decodeBase64url(canonical)).toBeDefined()
  })
})

describe('a range of a longer string (start, end)', () => {
  // A token's segment is decoded in place: the range must decide exactly as the segment alone does.
  it.each([
    ['a whole group after a dot', 'xx.AAAB', 3, undefined, [0, 0, 1]],
    ['a partial group after a dot', 'AAAB.AQ', 5, undefined, [1]],
    ['a partial group before a dot', 'AAE.AAAB', 0, 3, [0, 1]],
    ['one character (4k+1) after a dot', 'AAAB.A', 5, undefined, undefined],
    ['one character (4k+1) between dots', 'AQ.A.AQ', 3, 4, undefined],
  ])('%s → the bytes of that segment alone', (_, input, start, end, expected) => {
    const segment = input.slice(start, end)
    expect(bytes(segment)).toEqual(expected)
    const out = decodeBase64url(input, start, end)
    expect(out === undefined ? undefined : [...out]).toEqual(expected)
  })
})

describe('agreement with Buffer', () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  const loose = fc.string({ unit: fc.constantFrom(...alphabet, '=', '+', '/', ' ', '.', 'é'), maxLength: 24 })

  it('any string accepted → same bytes as Buffer, and re-encodes to itself', () => {
    fc.assert(fc.property(loose, (input) => {
      const out = decodeBase64url(input)
      if (out === undefined) return
      expect(Buffer.from(out)).toEqual(Buffer.from(input, 'base64url'))
      // Canonical: exactly one spelling per byte string.
      expect(Buffer.from(out).toString('base64url')).toBe(input)
    }), { numRuns: 1000 })
  })

  it('any string whose Buffer round trip differs → undefined', () => {
    fc.assert(fc.property(loose, (input) => {
      if (Buffer.from(Buffer.from(input, 'base64url')).toString('base64url') !== input) {
        expect(decodeBase64url(input)).toBeUndefined()
      }
    }), { numRuns: 1000 })
  })
})
