/** The small JSON Schema validator the corpus self-test relies on: it must catch what it claims to. */
import { describe, expect, it } from 'vitest'
import { validate, type JsonSchema } from './json-schema.js'

const result: JsonSchema = {
  $defs: {
    failure: {
      type: 'object',
      properties: {
        ok: { const: false },
        step: { enum: ['format', 'signature'] },
        missing: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
      },
      required: ['ok', 'step'],
      additionalProperties: false,
    },
    success: { type: 'object', properties: { ok: { const: true } }, required: ['ok'], additionalProperties: false },
  },
  oneOf: [{ $ref: '#/$defs/success' }, { $ref: '#/$defs/failure' }],
}

describe('validate', () => {
  it('a value matching one oneOf branch through $ref → no errors', () => {
    expect(validate(result, { ok: true })).toEqual([])
    expect(validate(result, { ok: false, step: 'format', missing: ['read'] })).toEqual([])
  })

  it('no branch matching → one error naming the closest branch', () => {
    const errors = validate(result, { ok: false, step: 'claims' })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^\(root\): matches no branch of oneOf; closest: \/step: must be one of/)
  })

  it('an extra property, an empty array, an empty string → each reported with its pointer', () => {
    const failure = (result as { $defs: { failure: JsonSchema } }).$defs.failure
    expect(validate(failure, { ok: false, step: 'format', extra: 1 })).toEqual(['(root): property "extra" is not allowed'])
    expect(validate(failure, { ok: false, step: 'format', missing: [] })).toEqual(['/missing: must have at least 1 items'])
    expect(validate(failure, { ok: false, step: 'format', missing: [''] })).toEqual(['/missing/0: must have at least 1 characters'])
    expect(validate(failure, { step: 'format' })).toEqual(['(root): must have property "ok"'])
  })

  it('integer, type lists, minimum and pattern → checked', () => {
    expect(validate({ type: 'integer', minimum: 1 }, 1.5)).toEqual(['(root): must be integer, is number'])
    expect(validate({ type: 'integer', minimum: 1 }, 0)).toEqual(['(root): must be >= 1'])
    expect(validate({ type: ['string', 'null'] }, null)).toEqual([])
    expect(validate({ type: ['string', 'null'] }, 3)).toEqual(['(root): must be string or null, is integer'])
    expect(validate({ type: 'string', pattern: '^A(0[1-9]|[12][0-9]|3[0-5])$' }, 'A36')).toHaveLength(1)
  })

  it('anyOf, additionalProperties as a schema, and if/then → checked', () => {
    expect(validate({ anyOf: [{ type: 'string' }, { type: 'object' }] }, 1)).toHaveLength(1)
    expect(validate({ type: 'object', additionalProperties: { type: 'string' } }, { a: 'x', b: 2 })).toEqual(['/b: must be string, is integer'])
    const kind = { if: { properties: { kind: { const: 'token' } } }, then: { required: ['now'] } }
    expect(validate(kind, { kind: 'token' })).toEqual(['(root): must have property "now"'])
    expect(validate(kind, { kind: 'jws' })).toEqual([])
  })

  it('const and enum compare JSON values deeply', () => {
    expect(validate({ const: { a: [1, 2] } }, { a: [1, 2] })).toEqual([])
    expect(validate({ enum: [[1], [2]] }, [3])).toHaveLength(1)
  })

  it('an unsupported keyword or a dangling $ref → throws rather than passing silently', () => {
    expect(() => validate({ dependentRequired: { a: ['b'] } }, {})).toThrow(/unsupported JSON Schema keyword/)
    expect(() => validate({ $ref: '#/$defs/nothing' }, {})).toThrow(/does not resolve/)
    expect(() => validate({ $ref: 'https://example.com/s.json' }, {})).toThrow(/only local/)
  })
})
