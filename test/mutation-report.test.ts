/**
 * The committed mutation report (test/mutation-report.md, written by test/mutation-report.mjs from
 * `npm run test:mutation`) keeps its promises: it covers every file of src/ that Stryker mutates,
 * its score is at least the 90 % the configuration breaks below, and every surviving mutant has
 * the reason it may stay. A full Stryker run takes hours here, so CI checks the report, not a run.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const report = readFileSync(new URL('mutation-report.md', import.meta.url), 'utf8')
// Not in the report: the command line (left out by test/stryker.config.mjs), the re-exports of
// index.ts and the platform types of web.ts (no code, so no mutant).
const NO_MUTANTS = ['cli.ts', 'index.ts', 'web.ts']
const mutated = readdirSync(new URL('../src/', import.meta.url))
  .filter((name) => name.endsWith('.ts') && !NO_MUTANTS.includes(name))
  .map((name) => `src/${name}`)

describe('mutation report', () => {
  it('the per-file table → a row for every mutated file of src/', () => {
    const listed = [...report.matchAll(/^\| `(src\/[\w-]+\.ts)` \| \d+ \| \d+ \|/gm)].map((m) => m[1])
    expect(listed.sort()).toEqual(mutated.sort())
  })

  it('the score → at least 90 %', () => {
    const score = Number(report.match(/\*\*Mutation score: ([\d.]+) %\*\*/)?.[1])
    expect(score).toBeGreaterThanOrEqual(90)
  })

  it('every surviving mutant → a reason, none left TODO', () => {
    const rows = report.split('\n').filter((line) => /^\| `src\/[\w-]+\.ts:\d+/.test(line))
    expect(rows.length).toBeGreaterThan(0)
    // The last cell, split at the table's own bars (a reason escapes its bars as `\|`).
    const reason = (line: string) => line.replace(/\s*\|\s*$/, '').split(/(?<!\\)\|/).at(-1)!.trim()
    const unexplained = rows.filter((line) => reason(line) === '' || reason(line).startsWith('TODO'))
    expect(unexplained).toEqual([])
  })
})
