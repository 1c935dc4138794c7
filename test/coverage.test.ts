/**
 * Attack-class coverage: the catalogue (vectors/attacks.json) is well formed, and each class has a
 * token vector that fails at one of the steps the catalogue names and, where it asks for an accepted
 * variant (an ignored header, a high-S twin, a token at the size limit …), one that verifies.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { findVectorFiles, readAttackClasses } from './vectors/files.mjs'

interface Test { readonly tags?: readonly string[]; readonly expect: { readonly ok: boolean; readonly step?: string } }
interface VectorFile { readonly kind: string; readonly testGroups: readonly { readonly tests: readonly Test[] }[] }

const root = new URL('../vectors/', import.meta.url)
const classes = readAttackClasses(fileURLToPath(root)) ?? []
const tokenTests: Test[] = findVectorFiles(fileURLToPath(root))
  .map((name) => JSON.parse(readFileSync(new URL(name, root), 'utf8')) as VectorFile)
  .filter((file) => file.kind === 'token')
  .flatMap((file) => file.testGroups.flatMap((group) => group.tests))

describe('attack catalogue (vectors/attacks.json)', () => {
  it('attacks.json against attacks.schema.json (ajv, strict) → no errors', () => {
    const schema: unknown = JSON.parse(readFileSync(new URL('attacks.schema.json', root), 'utf8'))
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema as object)
    const data: unknown = JSON.parse(readFileSync(new URL('attacks.json', root), 'utf8'))
    expect(validate(data) ? [] : validate.errors?.map((e) => `${e.instancePath || '(root)'}: ${e.message ?? e.keyword}`)).toEqual([])
  })

  // Tags are stable names: a class removed or renumbered would silently change what old tags mean.
  it('class ids → A01, A02, … in order, none skipped or repeated', () => {
    expect(classes.map(({ id }) => id)).toEqual(classes.map((_, i) => `A${String(i + 1).padStart(2, '0')}`))
    expect(classes).not.toEqual([])
  })
})

describe('attack classes', () => {
  for (const { id, steps, acceptedVariant } of classes) {
    const tagged = tokenTests.filter((test) => test.tags?.includes(id))
    if (steps.length > 0) {
      it(`${id} vectors → one fails at ${steps.join(' or ')}`, () => {
        expect(tagged.some((test) => !test.expect.ok && steps.includes(test.expect.step ?? ''))).toBe(true)
      })
    }
    if (acceptedVariant) {
      it(`${id} vectors → one is valid`, () => {
        expect(tagged.some((test) => test.expect.ok)).toBe(true)
      })
    }
  }
})
