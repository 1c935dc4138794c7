// @ts-check
/**
 * The corpus report as text: one row per file and one column per step, the kinds run, the
 * imported cases, the attack classes covered and the failures. Shared by `npm run vectors` and
 * the command line's `vectors` command, so both print the same table. Web-standard JavaScript.
 */
import { STEPS } from './corpus.mjs'

/**
 * @param {import('./corpus.mjs').CorpusReport} report
 * @param {{ attackIds?: readonly string[] | undefined, problems?: readonly string[], limit?: number }} [options]
 * @returns {string[]} the lines to print
 */
export function describeReport(report, { attackIds, problems = [], limit = 40 } = {}) {
  /** @type {(counts: { passed: number, total: number } | undefined) => string} */
  const cell = (counts) => (counts === undefined || counts.total === 0 ? '-' : `${counts.passed}/${counts.total}`)
  const rows = [
    ['  file', ...STEPS, 'total'],
    ...report.files.map((file) => [
      file.failed > 0 ? `✗ ${file.name}` : `  ${file.name}`,
      ...STEPS.map((step) => cell(file.byStep[step])),
      `${file.passed}/${file.total}`,
    ]),
    ['  total', ...STEPS.map((step) => cell(report.byStep[step])), `${report.passed}/${report.total}`],
  ]
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)))
  const lines = rows.map((row) => row.map((text, i) => (i === 0 ? text.padEnd(widths[i] ?? 0) : text.padStart(widths[i] ?? 0))).join('  '))
  const { token, jws, signature, proof } = report.byKind
  lines.push('', `kinds: ${token} token, ${jws} jws, ${signature} signature, ${proof} proof` + (report.skipped > 0 ? `; ${report.skipped} skipped` : ''))
  lines.push(`Wycheproof cases run: ${report.wycheproof}; other imported cases (RFC examples): ${report.imported}`)
  // The classes come from the corpus's own catalogue; another corpus may have none.
  if (attackIds === undefined) {
    lines.push('attack classes: no attacks.json in this corpus, tags not checked')
  } else {
    const missing = attackIds.filter((id) => !report.tags.includes(id))
    const unknown = report.tags.filter((tag) => !attackIds.includes(tag))
    lines.push(`attack classes covered: ${attackIds.length - missing.length} of ${attackIds.length}` +
      (missing.length > 0 ? ` (missing: ${missing.join(' ')})` : ''))
    if (unknown.length > 0) lines.push(`unknown tags: ${unknown.join(' ')}`)
  }
  for (const problem of problems) lines.push(`problem: ${problem}`)
  if (report.failures.length > 0) {
    lines.push('', `failures (${report.failures.length}):`)
    for (const failure of report.failures.slice(0, limit)) {
      lines.push(`✗ ${failure.id}  ${failure.comment}`, `    expected ${JSON.stringify(failure.expected)}`)
      if (failure.acceptable !== undefined) lines.push(`    or       ${JSON.stringify(failure.acceptable)}`)
      lines.push(`    actual   ${failure.actual === undefined ? '-' : JSON.stringify(failure.actual)}  (${failure.problem})`)
    }
    if (report.failures.length > limit) lines.push(`  … and ${report.failures.length - limit} more`)
  }
  return lines
}
