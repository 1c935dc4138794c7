// @ts-check
/**
 * Writes test/mutation-report.md from Stryker's JSON reports (node_modules/.cache/stryker/
 * mutation*.json, written by `npm run test:mutation`, whole or in parts): the score, the counts, and one row per
 * mutant that survived or that no test reached, with the reason it may stay. Reasons are written
 * by hand in the report; re-running this keeps each reason whose mutant (file, line, mutator and
 * replacement) is still there, and marks new survivors `TODO`.
 *
 *   node test/mutation-report.mjs [--seconds S] [--scope TEXT]   rewrite test/mutation-report.md
 *   node test/mutation-report.mjs --check         exit 1 if the report and the JSON disagree
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import config from './stryker.config.mjs'

const root = new URL('../', import.meta.url)
const cache = new URL('node_modules/.cache/stryker/', root)
const reportPath = new URL('test/mutation-report.md', root)

/**
 * @typedef {{ line: number, column: number }} Position
 * @typedef {{ id: string, mutatorName: string, replacement?: string, location: { start: Position, end: Position }, status: string, static?: boolean }} Mutant
 * @typedef {{ source: string, mutants: Mutant[] }} FileResult
 */

// Every report under the cache: the whole run's (mutation.json) and the parts' (mutation-<part>.json,
// STRYKER_PART in test/stryker.config.mjs), oldest first, so a file's newest result wins.
const reports = readdirSync(cache).filter((name) => /^mutation(-[\w-]+)?\.json$/.test(name))
  .map((name) => new URL(name, cache)).sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs)
if (reports.length === 0) throw new Error('no Stryker report under node_modules/.cache/stryker: run npm run test:mutation first')
/** @type {{ files: Record<string, FileResult> }} */
const json = { files: {} }
for (const report of reports) Object.assign(json.files, JSON.parse(readFileSync(report, 'utf8')).files)

/** The source text a mutant replaces, on one line, shortened. */
function original(/** @type {string} */ source, /** @type {Mutant['location']} */ { start, end }) {
  const lines = source.split('\n')
  const text = start.line === end.line
    ? (lines[start.line - 1] ?? '').slice(start.column - 1, end.column - 1)
    : [(lines[start.line - 1] ?? '').slice(start.column - 1), ...lines.slice(start.line, end.line - 1), (lines[end.line - 1] ?? '').slice(0, end.column - 1)].join('\n')
  return shorten(text)
}

/** One line, whitespace collapsed, at most 60 characters; `|` escaped for the table. */
function shorten(/** @type {string} */ text) {
  const flat = text.replace(/\s+/g, ' ').trim()
  return (flat.length > 60 ? `${flat.slice(0, 57)}...` : flat).replace(/\|/g, '\\|')
}

const DETECTED = ['Killed', 'Timeout']
const UNDETECTED = ['Survived', 'NoCoverage']
/** @type {Record<string, number>} */
const counts = {}
/** @type {{ key: string, file: string, line: number, mutator: string, from: string, to: string, status: string }[]} */
const rows = []
/** @type {Map<string, number>} */
const seen = new Map()
const perFile = /** @type {Record<string, { detected: number, undetected: number }>} */ ({})
for (const [file, result] of Object.entries(json.files).sort(([a], [b]) => a.localeCompare(b))) {
  const tally = (perFile[file] = { detected: 0, undetected: 0 })
  for (const mutant of [...result.mutants].sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column)) {
    counts[mutant.status] = (counts[mutant.status] ?? 0) + 1
    if (DETECTED.includes(mutant.status)) tally.detected++
    if (!UNDETECTED.includes(mutant.status)) continue
    tally.undetected++
    const from = original(result.source, mutant.location)
    const to = shorten(mutant.replacement ?? '')
    const line = mutant.location.start.line
    // The key leaves the line out, so a reason survives edits above its mutant; the same
    // mutation written twice in one file is told apart by its order.
    const base = `${file} ${mutant.mutatorName} ${from} → ${to}`
    const nth = (seen.get(base) ?? 0) + 1
    seen.set(base, nth)
    rows.push({ key: nth === 1 ? base : `${base} #${nth}`, file, line, mutator: mutant.mutatorName, from, to, status: mutant.status })
  }
}
const detected = DETECTED.reduce((sum, s) => sum + (counts[s] ?? 0), 0)
const undetected = UNDETECTED.reduce((sum, s) => sum + (counts[s] ?? 0), 0)
const score = (100 * detected) / (detected + undetected)

// Reasons already written, by the row's key (the first four cells).
/** @type {Map<string, string>} */
const reasons = new Map()
if (existsSync(reportPath)) {
  for (const line of readFileSync(reportPath, 'utf8').split('\n')) {
    const cells = line.match(/^\| `([^`]+)` \| (\w+) \| `(.*)` → `(.*)` \| (\w+) \| (.*) \|$/)
    if (cells === null) continue
    const where = /** @type {string} */ (cells[1])
    const nth = where.match(/ #(\d+)$/)?.[1]
    const file = where.replace(/:\d+( #\d+)?$/, '')
    reasons.set(`${file} ${cells[2]} ${cells[3]} → ${cells[4]}${nth === undefined ? '' : ` #${nth}`}`, /** @type {string} */ (cells[6]))
  }
}

if (process.argv.includes('--check')) {
  const listed = new Set(reasons.keys())
  const missing = rows.filter((row) => !listed.has(row.key))
  const extra = [...listed].filter((key) => !rows.some((row) => row.key === key))
  const todo = rows.filter((row) => (reasons.get(row.key) ?? 'TODO').startsWith('TODO'))
  for (const row of missing) console.log(`not in the report: ${row.key}`)
  for (const key of extra) console.log(`in the report, no longer a survivor: ${key}`)
  for (const row of todo) console.log(`no reason yet: ${row.key}`)
  console.log(`score ${score.toFixed(2)} %, ${rows.length} survivors, ${missing.length} missing, ${extra.length} extra, ${todo.length} without a reason`)
  process.exitCode = missing.length + extra.length + todo.length === 0 ? 0 : 1
} else {
  const at = process.argv.indexOf('--seconds')
  const seconds = at === -1 ? undefined : Number(process.argv[at + 1])
  // What the run covered, in words (`--scope`), when it was not the whole of src/ in one go.
  const scopeAt = process.argv.indexOf('--scope')
  const scope = scopeAt === -1 ? undefined : process.argv[scopeAt + 1]
  const n = (/** @type {number} */ x) => x.toLocaleString('en-US')
  const lines = [
    '# Mutation testing: the surviving mutants',
    '',
    'Written by `node test/mutation-report.mjs` from the report of `npm run test:mutation` (Stryker 9,',
    '`test/stryker.config.mjs`); the reasons are written by hand and kept across runs.',
    '`node test/mutation-report.mjs --check` fails when this file and the last run disagree.',
    '',
    `**Mutation score: ${score.toFixed(2)} %** (${n(detected)} detected of ${n(detected + undetected)}: ` +
      `${Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([s, c]) => `${n(c)} ${s.toLowerCase()}`).join(', ')})` +
      (seconds === undefined ? '.' : `, in ${Math.round(seconds / 60)} min on this machine (2 shared cores, \`concurrency: ${config.concurrency}\`).`),
    ...(scope === undefined ? [] : ['', scope]),
    '',
    '| file | mutants | detected | score |',
    '| --- | ---: | ---: | ---: |',
    ...Object.entries(perFile).map(([file, t]) => `| \`${file}\` | ${t.detected + t.undetected} | ${t.detected} | ${t.detected + t.undetected === 0 ? '–' : `${((100 * t.detected) / (t.detected + t.undetected)).toFixed(1)} %`} |`),
    '',
    '## Every survivor',
    '',
    'Status `Survived`: tests ran and passed with the mutant; `NoCoverage`: no test Stryker runs reached it.',
    '',
    '| where | mutator | original → replacement | status | why it may stay |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| \`${row.file}:${row.line}${row.key.match(/ #\d+$/)?.[0] ?? ''}\` | ${row.mutator} | \`${row.from}\` → \`${row.to}\` | ${row.status} | ${reasons.get(row.key) ?? 'TODO'} |`),
    '',
  ]
  writeFileSync(reportPath, lines.join('\n'))
  console.log(`test/mutation-report.md: score ${score.toFixed(2)} %, ${rows.length} survivors, ${rows.filter((r) => !reasons.has(r.key)).length} without a reason`)
}
