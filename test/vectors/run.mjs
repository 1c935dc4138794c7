/**
 * `npm run vectors`: runs the conformance corpus (vectors/) against the BUILT package (dist/), the
 * code users install. Node only for loading files; the running is ./corpus.mjs, which is portable.
 *
 *   node test/vectors/run.mjs [vectors-dir]      (npm run vectors builds dist/ first)
 *
 * Prints one row per file with passed/total per expected step, lists each failure, exits 1 when
 * any vector fails, and writes { passed, failed } to node_modules/.cache/verify-access-token/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCorpus, STEPS } from './corpus.mjs'
import { findVectorFiles, readKeySets } from './files.mjs'

const root = fileURLToPath(new URL('../../', import.meta.url))
const dir = resolve(process.argv[2] ?? join(root, 'vectors'))
const ATTACK_CLASSES = Array.from({ length: 35 }, (_, i) => `A${String(i + 1).padStart(2, '0')}`)
// Failures listed in full up to this many; VECTORS_ALL=1 lists every one.
const LIST_LIMIT = process.env.VECTORS_ALL ? Infinity : 40

const problems = []
function readJson(name) {
  try {
    return JSON.parse(readFileSync(join(dir, name), 'utf8'))
  } catch (error) {
    problems.push(`cannot read ${name}: ${error.message}`)
    return undefined
  }
}

async function importBuilt(name) {
  try {
    return await import(new URL(`../../dist/${name}`, import.meta.url).href)
  } catch (error) {
    console.error(`cannot import dist/${name} (${error.message}); run \`npm run build\` first, or use \`npm run vectors\``)
    process.exit(1)
  }
}

const cell = (counts) => (counts === undefined || counts.total === 0 ? '-' : `${counts.passed}/${counts.total}`)
const table = (rows) => {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)))
  return rows.map((row) => row.map((text, i) => (i === 0 ? text.padEnd(widths[i]) : text.padStart(widths[i]))).join('  ')).join('\n')
}

const names = findVectorFiles(dir)
if (names.length === 0) problems.push(`no vector files in ${dir}`)
// A file that does not parse is reported once, under problems, and not run.
const files = names.map((name) => ({ name, data: readJson(name) })).filter(({ data }) => data !== undefined)
let jwksByPath = new Map()
try {
  jwksByPath = readKeySets(dir)
} catch (error) {
  problems.push(`cannot read the key sets: ${error.message}`)
}
const lib = await importBuilt('index.js')
const internal = await importBuilt('internal.js')
const report = await runCorpus({ lib, internal, files, jwksByPath })

const shown = relative(process.cwd(), dir)
console.log(`conformance corpus: ${shown === '' || shown.startsWith('..') ? dir : shown} against dist/\n`)
const header = ['file', ...STEPS, 'total']
const rows = report.files.map((file) => [
  file.failed > 0 ? `✗ ${file.name}` : `  ${file.name}`,
  ...STEPS.map((step) => cell(file.byStep[step])),
  `${file.passed}/${file.total}`,
])
rows.push(['  total', ...STEPS.map((step) => cell(report.byStep[step])), `${report.passed}/${report.total}`])
console.log(table([header.map((text, i) => (i === 0 ? `  ${text}` : text)), ...rows]))

const { token, jws, signature, proof } = report.byKind
console.log(`\nkinds: ${token} token, ${jws} jws, ${signature} signature, ${proof} proof` +
  (report.skipped > 0 ? `; ${report.skipped} skipped` : ''))
console.log(`Wycheproof cases run: ${report.wycheproof}; other imported cases (RFC examples): ${report.imported}`)
const missing = ATTACK_CLASSES.filter((tag) => !report.tags.includes(tag))
const unknown = report.tags.filter((tag) => !ATTACK_CLASSES.includes(tag))
console.log(`attack classes covered: ${ATTACK_CLASSES.length - missing.length} of ${ATTACK_CLASSES.length}` +
  (missing.length > 0 ? ` (missing: ${missing.join(' ')})` : ''))
if (unknown.length > 0) console.log(`unknown tags: ${unknown.join(' ')}`)
for (const problem of problems) console.log(`problem: ${problem}`)

if (report.failures.length > 0) {
  console.log(`\nfailures (${report.failures.length}):`)
  for (const failure of report.failures.slice(0, LIST_LIMIT)) {
    console.log(`✗ ${failure.id}  ${failure.comment}`)
    console.log(`    expected ${JSON.stringify(failure.expected)}`)
    if (failure.acceptable !== undefined) console.log(`    or       ${JSON.stringify(failure.acceptable)}`)
    console.log(`    actual   ${failure.actual === undefined ? '-' : JSON.stringify(failure.actual)}  (${failure.problem})`)
  }
  if (report.failures.length > LIST_LIMIT) {
    console.log(`  … and ${report.failures.length - LIST_LIMIT} more (VECTORS_ALL=1 lists them all)`)
  }
}

const failed = report.failed + problems.length
console.log(`\nvectors: ${report.passed} passed, ${failed} failed`)
const cache = join(root, 'node_modules', '.cache', 'verify-access-token')
mkdirSync(cache, { recursive: true })
writeFileSync(join(cache, 'vectors.json'), JSON.stringify({ passed: report.passed, failed }) + '\n')
process.exit(failed > 0 || names.length === 0 ? 1 : 0)
