/**
 * `npm run test:runtimes`: the conformance corpus and a smoke test of the public API against the
 * BUILT package in every supported runtime, and a check that every runtime gives every vector the
 * same verdict. The runtimes come from pinned npm packages (./toolchain, installed into its
 * ignored node_modules once per lock-file change) and the Debian packages chromium and
 * firefox-esr (installed with apt-get when missing, as root). After the installs nothing leaves
 * 127.0.0.1.
 *
 *   node test/runtimes/matrix.mjs [--dist DIR] [--vectors DIR] [--only id,…] [--skip id,…] [--jobs N]
 *
 * Runtime ids: node20 node22 node24 node26 deno bun chromium firefox workerd edge. --dist runs
 * another build (a copy of dist/, e.g. a deliberately broken one), --vectors another corpus
 * directory (e.g. with candidate vectors added). Prints one line per runtime (version, vectors
 * passed/failed, smoke checks, time), then each failure and each verdict that differs from the
 * first runtime's; exits 1 when any runtime fails or disagrees. Writes, under test/runtimes/.cache/,
 * README-table.md (the README's runtime table) and last-run.json (every vector on which runtimes
 * disagree, with each verdict), and { passed, failed } counted in runtimes to
 * node_modules/.cache/verify-access-token/runtimes.json for .ci/run.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join, relative, resolve, sep } from 'node:path'
import { parseArgs } from 'node:util'
import { runChromium, runCli, runEdge, runFirefox, runWorkerd } from './runners.mjs'
import { CACHE, ROOT, installBrowsers, installToolchain, startServer, tool, writeCorpusModule } from './setup.mjs'

const RUNTIME_TIMEOUT_MS = 180_000
// Failures and differences listed per runtime; the rest are counted (last-run.json has them all).
const LIST_LIMIT = 12

const RUNTIMES = [
  ...['20', '22', '24', '26'].map((major) => ({
    id: `node${major}`, name: `Node ${major}`, run: runCli, bin: tool(`node${major}/bin/node`), args: [],
    version: (env) => env.node && `v${env.node}`, loads: 'ESM import of dist/index.js',
  })),
  {
    id: 'deno', name: 'Deno', run: runCli, bin: tool('@deno/linux-x64-glibc/deno'),
    // Read access to what it imports and network to the loopback server only; no lock or config file.
    args: (context) => ['run', '--no-prompt', '--no-lock', '--no-config', `--allow-read=${ROOT},${context.dist}`, '--allow-net=127.0.0.1'],
    version: (env) => env.deno, loads: 'ESM import of dist/index.js',
  },
  {
    // bun's postinstall moves the binary out of @oven/bun-linux-x64 into bun/bin (as bun.exe, on Linux too).
    id: 'bun', name: 'Bun', run: runCli, bin: [tool('bun/bin/bun.exe'), tool('@oven/bun-linux-x64/bin/bun')], args: [],
    version: (env) => env.bun, loads: 'ESM import of dist/index.js',
  },
  { id: 'chromium', name: 'Chromium', run: runChromium, loads: 'module import in a page from 127.0.0.1 (playwright-core)' },
  { id: 'firefox', name: 'Firefox ESR', run: runFirefox, loads: 'module import in a page from 127.0.0.1 (puppeteer-core, WebDriver BiDi)' },
  { id: 'workerd', name: 'workerd', run: runWorkerd, loads: 'ES module worker, no nodejs_compat' },
  { id: 'edge', name: 'Vercel edge runtime', run: runEdge, loads: 'ES modules in an EdgeVM context' },
]

const { values: flags } = parseArgs({
  options: {
    dist: { type: 'string' },
    vectors: { type: 'string' },
    only: { type: 'string' },
    skip: { type: 'string' },
    jobs: { type: 'string' },
  },
})
const dist = resolve(flags.dist ?? join(ROOT, 'dist')) + sep
const vectors = resolve(flags.vectors ?? join(ROOT, 'vectors'))
// One runtime per core: each is single-threaded for most of its run.
const jobs = Math.max(1, Number(flags.jobs ?? Math.min(availableParallelism(), 4)))
const ids = (list) => (list === undefined ? undefined : new Set(list.split(',').map((id) => id.trim()).filter(Boolean)))
const only = ids(flags.only)
const skip = ids(flags.skip) ?? new Set()
for (const id of [...(only ?? []), ...skip]) {
  if (!RUNTIMES.some((runtime) => runtime.id === id)) fatal(`unknown runtime id ${id}; the ids: ${RUNTIMES.map((r) => r.id).join(' ')}`)
}
const selected = RUNTIMES.filter((runtime) => (only === undefined || only.has(runtime.id)) && !skip.has(runtime.id))

const wallStart = performance.now()
for (const file of ['index.js', 'internal.js']) {
  if (!existsSync(dist + file)) fatal(`${dist}${file} is missing: run \`npm run build\` first (npm run test:runtimes does)`)
}
mkdirSync(CACHE, { recursive: true })
try {
  installToolchain()
} catch {
  fatal('npm ci in test/runtimes/toolchain failed')
}
const browsers = installBrowsers(new Set(selected.map((runtime) => runtime.id)))
const data = writeCorpusModule(vectors)
const { server, base: remoteBase } = await startServer({ dist, vectors })
const context = { dist, data, remoteBase, browsers, timeoutMs: RUNTIME_TIMEOUT_MS }
console.log(`runtime matrix: ${shown(dist)} · ${data.vectors} vectors in ${data.files} files · ${selected.length} runtimes, ${jobs} at a time`)

const results = new Map()
await pool(selected, jobs, async (runtime) => {
  const started = performance.now()
  let outcome
  try {
    outcome = await withTimeout(runtime.run(runtime, context), RUNTIME_TIMEOUT_MS, `did not finish within ${RUNTIME_TIMEOUT_MS / 1000} s`)
  } catch (error) {
    outcome = { error: error instanceof Error ? error.message : String(error) }
  }
  results.set(runtime.id, { ...outcome, ms: performance.now() - started })
})
server.close()

const summary = report(selected, results)
console.log(`\nruntimes: ${summary.passed} passed, ${summary.failed} failed (wall time ${((performance.now() - wallStart) / 1000).toFixed(1)} s)`)
process.exit(summary.failed > 0 ? 1 : 0)

// --------------------------------------------------------------------------------------------
// Judging and printing
// --------------------------------------------------------------------------------------------

/**
 * Judges each runtime: it passes when every vector and smoke check passed and every verdict equals
 * the reference runtime's (the first in matrix order with a complete list): two runtimes can both
 * pass a vector that lists `acceptable` results and still disagree, which is a library bug too.
 */
function report(runtimes, results) {
  const reference = runtimes.find((runtime) => {
    const result = results.get(runtime.id).result
    return result !== undefined && !result.misaligned && result.ids.length > 0
  })
  const referenceResult = reference && results.get(reference.id).result
  const rows = []
  const details = []
  for (const runtime of runtimes) {
    const outcome = results.get(runtime.id)
    const seconds = `${(outcome.ms / 1000).toFixed(1)} s`
    if (outcome.result === undefined) {
      rows.push({ ok: false, name: runtime.name, version: '-', vectors: 'did not run', smoke: '-', seconds, loads: runtime.loads })
      details.push([`✗ ${runtime.name}: ${outcome.error}`])
      continue
    }
    const { corpus, smoke, misaligned } = outcome.result
    const differences = compareVerdicts(referenceResult, outcome.result)
    const lines = [
      ...listed(corpus.failures, 'vector failures', (failure) =>
        `    ✗ ${failure.id}: expected ${JSON.stringify(failure.expected)}, actual ${JSON.stringify(failure.actual)} (${failure.problem})`),
      ...smoke.checks.filter((check) => !check.ok).map((check) => `    ✗ smoke: ${check.name}: ${check.detail}`),
      ...(misaligned ? ['    ✗ verdicts could not be matched to vector ids (a vector failed before it reached the library), so none were compared'] : []),
      ...listed(differences, 'verdict differences', (difference) =>
        `    ≠ ${difference.id}: ${reference.name} ${difference.reference}, ${runtime.name} ${difference.actual}`),
    ]
    if (lines.length > 0) details.push([`✗ ${runtime.name}:`, ...lines])
    const skipped = smoke.checks.filter((check) => check.ok && check.name.includes('(skipped')).length
    rows.push({
      ok: corpus.total > 0 && lines.length === 0,
      name: runtime.name,
      version: outcome.version,
      vectors: `${corpus.passed} passed, ${corpus.failed} failed` + (differences.length > 0 ? `, ${differences.length} differ from ${reference.name}` : ''),
      smoke: `${smoke.passed - skipped}/${smoke.total - skipped}` + (skipped > 0 ? ` (+${skipped} skipped)` : ''),
      seconds,
      loads: runtime.loads,
    })
  }
  const width = (key) => Math.max(...rows.map((row) => row[key].length))
  for (const row of rows) {
    console.log(`${row.ok ? '✓' : '✗'} ${row.name.padEnd(width('name'))}  ${row.version.padEnd(width('version'))}  ` +
      `vectors ${row.vectors.padEnd(width('vectors'))}  smoke ${row.smoke.padEnd(width('smoke'))}  ${row.seconds.padStart(width('seconds'))}`)
  }
  for (const block of details) console.log(`\n${block.join('\n')}`)
  const passed = rows.filter((row) => row.ok).length
  writeOutputs(rows, disagreements(runtimes, results, referenceResult), { passed, failed: rows.length - passed })
  return { passed, failed: rows.length - passed }
}

/** The first LIST_LIMIT entries as lines, then how many more there are. */
function listed(entries, what, line) {
  const lines = entries.slice(0, LIST_LIMIT).map(line)
  if (entries.length > LIST_LIMIT) lines.push(`    … and ${entries.length - LIST_LIMIT} more ${what}`)
  return lines
}

/** Every vector on which any two runtimes disagree, with each runtime's verdict (for diagnosis). */
function disagreements(runtimes, results, referenceResult) {
  const found = {}
  if (referenceResult === undefined) return found
  const complete = runtimes.filter((runtime) => {
    const result = results.get(runtime.id).result
    return result !== undefined && !result.misaligned && result.ids.join('\n') === referenceResult.ids.join('\n')
  })
  referenceResult.ids.forEach((id, i) => {
    const verdicts = Object.fromEntries(complete.map((runtime) => [runtime.id, results.get(runtime.id).result.verdicts[i]]))
    if (new Set(Object.values(verdicts)).size > 1) found[id] = verdicts
  })
  return found
}

/** The README table and last-run.json under .cache/, and the counts .ci/run sums. */
function writeOutputs(rows, disagreed, counts) {
  const table = [
    '| Runtime | Version tested | How the package is loaded | Conformance vectors | API smoke checks |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.name} | ${row.version} | ${row.loads} | ${row.vectors} | ${row.smoke} |`),
  ].join('\n')
  writeFileSync(join(CACHE, 'README-table.md'), `<!-- npm run test:runtimes, ${new Date().toISOString().slice(0, 10)} -->\n${table}\n`)
  writeFileSync(join(CACHE, 'last-run.json'), `${JSON.stringify({
    date: new Date().toISOString(), dist, vectors,
    runtimes: rows.map((row) => ({ ok: row.ok, name: row.name, version: row.version, vectors: row.vectors, smoke: row.smoke, seconds: row.seconds })),
    disagreements: disagreed,
  }, null, 1)}\n`)
  const cacheDir = join(ROOT, 'node_modules', '.cache', 'verify-access-token')
  mkdirSync(cacheDir, { recursive: true })
  writeFileSync(join(cacheDir, 'runtimes.json'), `${JSON.stringify(counts)}\n`)
}

/** Vectors whose verdict differs from the reference runtime's. */
function compareVerdicts(reference, result) {
  if (reference === undefined || result === reference || result.misaligned) return []
  if (reference.ids.join('\n') !== result.ids.join('\n')) return [{ id: '(vector list)', reference: `${reference.ids.length} ids`, actual: `${result.ids.length} ids` }]
  const differences = []
  for (let i = 0; i < reference.ids.length; i++) {
    if (reference.verdicts[i] !== result.verdicts[i]) {
      differences.push({ id: reference.ids[i], reference: reference.verdicts[i], actual: result.verdicts[i] })
    }
  }
  return differences
}

async function pool(items, size, work) {
  const queue = [...items]
  await Promise.all(Array.from({ length: Math.min(size, queue.length) }, async () => {
    while (queue.length > 0) await work(queue.shift())
  }))
}

function withTimeout(promise, ms, message) {
  let timer
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms) }),
  ]).finally(() => clearTimeout(timer))
}

/** A path relative to the working directory when it is inside it. */
function shown(path) {
  const shown = relative(process.cwd(), path)
  return shown === '' || shown.startsWith('..') ? path : shown + (path.endsWith(sep) ? '/' : '')
}

function fatal(message) {
  console.error(`runtime matrix: ${message}`)
  process.exit(1)
}
