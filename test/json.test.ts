/**
 * src/json.ts: strict JSON objects for headers and claim sets. Fatal UTF-8 without a BOM, RFC 8259
 * syntax (whatever JSON.parse accepts), a top-level object, unique member names at every depth
 * compared after unescaping, and `own` reading own members only.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeUtf8, own, parseJsonObject } from '../src/json.js'

const parse = (text: string) => parseJsonObject(new TextEncoder().encode(text))
const parseBytes = (...parts: (string | number[])[]) =>
  parseJsonObject(Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part)))))

describe('objects', () => {
  it.each([
    ['an empty object', '{}', {}],
    ['an object in white space', ' \n\t{ "a" : 1 } \r\n', { a: 1 }],
    ['nested objects and arrays', '{"a":{"b":[1,{"c":null}]}}', { a: { b: [1, { c: null }] } }],
    ['a non-ASCII name and an escaped value', '{"é":"\\u00e9"}', { é: 'é' }],
    ['an exponent', '{"exp":1.5e9}', { exp: 1.5e9 }],
  ])('%s → the object', (_, text, expected) => {
    expect(parse(text)).toEqual(expected)
  })

  it('{"__proto__":{"x":1}} → an own __proto__ member, Object.prototype untouched', () => {
    const result = parse('{"__proto__":{"x":1}}') as Record<string, unknown>
    expect(Object.hasOwn(result, '__proto__')).toBe(true)
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>)['x']).toBeUndefined()
  })

  it('an object nested 10000 deep → no exception', () => {
    // The duplicate scan keeps an explicit stack; deep nesting must not overflow the call stack.
    const text = `${'{"a":'.repeat(10000)}1${'}'.repeat(10000)}`
    expect(() => parse(text)).not.toThrow()
  })
})

describe('utf8', () => {
  it.each([
    ['a byte order mark', [[0xef, 0xbb, 0xbf], '{}']],
    ['a lone 0xFF', ['{"a":"', [0xff], '"}']],
    ['a lone continuation byte', ['{"a":"', [0x80], '"}']],
    ['an overlong "/" (C0 AF)', ['{"a":"', [0xc0, 0xaf], '"}']],
    ['an overlong NUL (E0 80 80)', ['{"a":"', [0xe0, 0x80, 0x80], '"}']],
    ['an encoded high surrogate (ED A0 80)', ['{"a":"', [0xed, 0xa0, 0x80], '"}']],
    ['a truncated 3-byte sequence', ['{"a":"', [0xe2, 0x82], '"}']],
    ['a code point above U+10FFFF (F4 90 80 80)', ['{"a":"', [0xf4, 0x90, 0x80, 0x80], '"}']],
    ['invalid UTF-8 in a member name', ['{"', [0xff], '":1}']],
  ] as const)('%s → utf8', (_, parts) => {
    expect(parseBytes(...(parts as unknown as (string | number[])[]))).toBe('utf8')
  })

  it('a byte order mark before text that is not JSON → utf8', () => {
    expect(parseBytes([0xef, 0xbb, 0xbf], 'nope')).toBe('utf8')
  })

  it.each([
    // Only the exact sequence EF BB BF is a byte order mark (RFC 8259 §8.1); characters whose
    // encoding shares some of its bytes are text like any other.
    ['U+FEC0 (EF BB 80: the first two bytes of a BOM)', [0xef, 0xbb, 0x80], '\ufec0'],
    ['U+FFFF (EF BF BF: the first and last bytes of a BOM)', [0xef, 0xbf, 0xbf], '\uffff'],
    ['U+0EFF (E0 BB BF: the last two bytes of a BOM)', [0xe0, 0xbb, 0xbf], '\u0eff'],
    ['x¿ (78 C2 BF: the last byte of a BOM third)', [0x78, 0xc2, 0xbf], 'x¿'],
  ])('%s at the start → decoded, not refused as a BOM', (_, bytes, text) => {
    expect(decodeUtf8(new Uint8Array(bytes))).toBe(text)
  })

  it('a four-byte character (U+1F600) → the object', () => {
    expect(parseBytes('{"a":"', [0xf0, 0x9f, 0x98, 0x80], '"}')).toEqual({ a: '😀' })
  })
})

describe('json', () => {
  it.each([
    ['empty input', ''],
    ['only white space', '  '],
    ['an unclosed object', '{"a":1'],
    ['a trailing comma', '{"a":1,}'],
    ['single quotes', "{'a':1}"],
    ['an unquoted name', '{a:1}'],
    ['NaN', '{"a":NaN}'],
    ['a hexadecimal number', '{"a":0x10}'],
    ['a leading plus', '{"a":+1}'],
    ['a comment', '{"a":1}//'],
    ['two objects', '{}{}'],
    ['a raw newline in a string', '{"a":"x\ny"}'],
    ['an invalid escape', '{"a":"\\x41"}'],
  ])('%s → json', (_, text) => {
    expect(parse(text)).toBe('json')
  })
})

describe('not_object', () => {
  it.each([['[]'], ['[{"a":1}]'], ['"{}"'], ['1'], ['null'], ['true']])('%s → not_object', (text) => {
    expect(parse(text)).toBe('not_object')
  })

  it('[{"a":1,"a":2}] (an array holding a duplicate) → not_object', () => {
    // The top-level type is judged first; a non-object is never scanned.
    expect(parse('[{"a":1,"a":2}]')).toBe('not_object')
  })
})

describe('duplicate_member', () => {
  it.each([
    ['a top-level repeat', '{"a":1,"a":1}'],
    ['a repeat after other members', '{"a":1,"b":2,"c":3,"a":4}'],
    ['a repeat in a nested object', '{"x":{"a":1,"a":2}}'],
    ['a repeat in an object inside an array', '{"x":[1,[2,{"a":1,"b":{},"a":2}]]}'],
    ['a repeat after a nested object closes', '{"a":{"b":1},"a":2}'],
    ['a repeat after an array closes', '{"a":[1,2],"b":[],"a":3}'],
    ['one name spelt with a \\u escape', '{"kid":"a","\\u006bid":"b"}'],
    ['one name spelt with a \\/ escape', '{"a/b":1,"a\\/b":2}'],
    ['an escaped quote in both names', '{"a\\"b":1,"a\\"b":2}'],
    ['the empty name twice', '{"":1,"":2}'],
    ['é spelt raw and escaped', '{"é":1,"\\u00e9":2}'],
    ['__proto__ twice', '{"__proto__":1,"__proto__":2}'],
    ['a repeat whose values are objects', '{"a":{},"a":{}}'],
  ])('%s → duplicate_member', (_, text) => {
    expect(parse(text)).toBe('duplicate_member')
  })

  it.each([
    ['one name in sibling objects', '{"a":{"n":1},"b":{"n":2}}'],
    ['one name in objects of an array', '{"a":[{"n":1},{"n":2}]}'],
    ['a name equal to a value', '{"a":"b","b":"a"}'],
    ['names differing in case', '{"a":1,"A":2}'],
    ['a name and the same name with an escaped quote', '{"a":1,"a\\"":2}'],
    ['a string value holding braces and a repeated name', '{"a":"},{\\"a\\":1,","b":"{\\"b\\":"}'],
    ['a value string ending in an escaped backslash', '{"a":"x\\\\","a2":1}'],
    ['a name ending in an escaped backslash', '{"a\\\\":1,"a":2}'],
    ['a name equal to the parent name', '{"a":{"a":{"a":1}}}'],
  ])('%s → the object', (_, text) => {
    expect(parse(text)).toEqual(JSON.parse(text))
  })

  it('any object JSON.stringify writes (so no duplicates) → that object', () => {
    // fast-check's JSON values never contain -0, so toEqual against JSON.parse is exact.
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), (value) => {
      const text = JSON.stringify(value)
      expect(parse(text)).toEqual(JSON.parse(text))
    }), { numRuns: 300 })
  })

  it('any JSON object text with one member written twice → duplicate_member', () => {
    const member = fc.tuple(fc.string({ unit: 'binary', maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }))
    fc.assert(fc.property(fc.array(member, { maxLength: 5 }), member, fc.nat(), (members, repeated, at) => {
      const written = members.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`)
      const value = JSON.stringify(repeated[1])
      // The second spelling escapes every code unit: names compare after unescaping (RFC 7515 §5.3).
      const name = repeated[0]
      const escaped = Array.from({ length: name.length }, (_, i) => `\\u${name.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')
      written.splice(at % (written.length + 1), 0, `${JSON.stringify(repeated[0])}:${value}`, `"${escaped}":${value}`)
      expect(parse(`{${written.join(',')}}`)).toBe('duplicate_member')
    }), { numRuns: 300 })
  })
})

describe('duplicate_member without escapes (counted, not scanned)', () => {
  it.each([
    ['a repeated name holding a colon', '{"a:b":1,"a:b":2}'],
    ['a repeat whose dropped value holds colons', '{"a":"x:y","b":"p:q:r","a":"z"}'],
    ['a repeat whose dropped value is an object with colons', '{"a":{"u":"https://x"},"a":1}'],
    ['a repeat inside an array of URLs', '{"v":["x:1",{"w":"y:2","w":"y:2"}]}'],
  ])('%s → duplicate_member', (_, text) => {
    expect(parse(text)).toBe('duplicate_member')
  })

  it('null members in an array and in an object → the object', () => {
    // null is typeof 'object' but holds no members to count.
    const text = '{"a":[null,1],"b":{"c":null}}'
    expect(parse(text)).toEqual(JSON.parse(text))
  })

  it('colons in names and values, no repeat → the object', () => {
    const text = '{"u":"https://a.example:8443/","v":["x:1",{"w:z":"y:2"}],"t":":"}'
    expect(parse(text)).toEqual(JSON.parse(text))
  })

  it('an enumerable member on a polluted Object.prototype → neither hides nor invents a repeat', () => {
    const proto = Object.prototype as Record<string, unknown>
    proto['polluted:name'] = 'a:b'
    try {
      expect(parse('{"a":1}')).toEqual({ a: 1 })
      expect(parse('{"a":1,"a":2}')).toBe('duplicate_member')
    } finally {
      delete proto['polluted:name']
    }
  })

  it('any object text with one name written twice as is, values holding colons → duplicate_member', () => {
    const unit = fc.constantFrom('a', 'b', ':', '/', ' ', '{', '}', '[', ',')
    const plain = fc.jsonValue({ maxDepth: 2 }).filter((value) => !JSON.stringify(value).includes('\\'))
    const member = fc.tuple(fc.string({ unit, maxLength: 4 }), plain)
    fc.assert(fc.property(fc.array(member, { maxLength: 5 }), member, plain, fc.nat(), fc.boolean(), (members, repeated, other, at, nested) => {
      const written = members.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`)
      written.splice(at % (written.length + 1), 0, `${JSON.stringify(repeated[0])}:${JSON.stringify(repeated[1])}`, `${JSON.stringify(repeated[0])}:${JSON.stringify(other)}`)
      const text = nested ? `{"outer":[{${written.join(',')}}]}` : `{${written.join(',')}}`
      expect(text.includes('\\')).toBe(false)
      expect(parse(text)).toBe('duplicate_member')
    }), { numRuns: 300 })
  })
})

describe('own', () => {
  it('a member the object has → its value', () => {
    expect(own({ exp: 1 }, 'exp')).toBe(1)
  })

  it.each([['constructor'], ['toString'], ['hasOwnProperty'], ['__proto__']])('inherited %s → undefined', (name) => {
    expect(own({}, name)).toBeUndefined()
  })

  it('an own __proto__ member from JSON → its value', () => {
    expect(own(JSON.parse('{"__proto__":{"exp":1}}') as Record<string, unknown>, '__proto__')).toEqual({ exp: 1 })
  })

  it('exp only on a prototype → undefined', () => {
    expect(own(Object.create({ exp: 1 }) as Record<string, unknown>, 'exp')).toBeUndefined()
  })
})
