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
import { runCorpus } from './corpus.mjs'
import { describeReport } from './report.mjs'
import { findVectorFiles, readAttackClasses, readKeySets } from './files.mjs'

const root = fileURLToPath(new URL('../../', import.meta.url))
const dir = resolve(process.argv[2] ?? join(root, 'vectors'))
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
const lines = describeReport(report, { attackIds: readAttackClasses(dir)?.map(({ id }) => id), problems, limit: LIST_LIMIT })
console.log(lines.join('\n'))
if (report.failures.length > LIST_LIMIT) console.log('  (VECTORS_ALL=1 lists them all)')

const failed = report.failed + problems.length
console.log(`\nvectors: ${report.passed} passed, ${failed} failed`)
const cache = join(root, 'node_modules', '.cache', 'verify-access-token')
mkdirSync(cache, { recursive: true })
writeFileSync(join(cache, 'vectors.json'), JSON.stringify({ passed: report.passed, failed }) + '\n')
process.exit(failed > 0 || names.length === 0 ? 1 : 0)
