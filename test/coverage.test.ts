/**
 * Attack-class coverage (../shared/ATTACKS.md, A01–A35): each class has a token vector that
 * fails at the step the catalogue states, and, where the catalogue says a correct verifier
 * accepts a variant (an ignored header, a high-S twin, a token at the size limit …), a valid one.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { findVectorFiles } from './vectors/files.mjs'

interface Test { readonly tags?: readonly string[]; readonly expect: { readonly ok: boolean; readonly step?: string } }
interface VectorFile { readonly kind: string; readonly testGroups: readonly { readonly tests: readonly Test[] }[] }

// The step(s) at which each class must be rejected, from the catalogue's "Step:" lines; `valid`
// marks the classes whose entry also asks for an accepted vector. A09 and A33 are valid-only.
const CLASSES: Record<string, { readonly steps: readonly string[]; readonly valid?: true }> = {
  A01: { steps: ['signature', 'format'] }, A02: { steps: ['signature'] }, A03: { steps: ['signature'] },
  A04: { steps: ['signature'], valid: true }, A05: { steps: ['signature'], valid: true },
  A06: { steps: ['signature', 'format'] }, A07: { steps: ['signature'] }, A08: { steps: ['signature'] },
  A09: { steps: [], valid: true }, A10: { steps: ['signature'] }, A11: { steps: ['signature'] },
  A12: { steps: ['signature'] }, A13: { steps: ['signature'] }, A14: { steps: ['format'] },
  A15: { steps: ['format'] }, A16: { steps: ['format'], valid: true }, A17: { steps: ['claims'], valid: true },
  A18: { steps: ['format'] }, A19: { steps: ['format'], valid: true }, A20: { steps: ['format'] },
  A21: { steps: ['format'] }, A22: { steps: ['format'] }, A23: { steps: ['format'] }, A24: { steps: ['format'] },
  A25: { steps: ['format'] }, A26: { steps: ['format', 'signature'], valid: true },
  A27: { steps: ['claims'], valid: true }, A28: { steps: ['claims'], valid: true },
  A29: { steps: ['claims'], valid: true }, A30: { steps: ['scopes'], valid: true }, A31: { steps: ['claims'] },
  A32: { steps: ['claims'], valid: true }, A33: { steps: [], valid: true },
  A34: { steps: ['format', 'signature', 'claims', 'scopes'] }, A35: { steps: ['signature'], valid: true },
}

const root = new URL('../vectors/', import.meta.url)
const tokenTests: Test[] = findVectorFiles(fileURLToPath(root))
  .map((name) => JSON.parse(readFileSync(new URL(name, root), 'utf8')) as VectorFile)
  .filter((file) => file.kind === 'token')
  .flatMap((file) => file.testGroups.flatMap((group) => group.tests))

describe('attack classes A01–A35', () => {
  it('catalogue map → lists all 35 classes', () => {
    expect(Object.keys(CLASSES)).toHaveLength(35)
  })

  for (const [id, { steps, valid }] of Object.entries(CLASSES)) {
    const tagged = tokenTests.filter((test) => test.tags?.includes(id))
    if (steps.length > 0) {
      it(`${id} vectors → one fails at ${steps.join(' or ')}`, () => {
        expect(tagged.some((test) => !test.expect.ok && steps.includes(test.expect.step ?? ''))).toBe(true)
      })
    }
    if (valid) {
      it(`${id} vectors → one is valid`, () => {
        expect(tagged.some((test) => test.expect.ok)).toBe(true)
      })
    }
  }
})
