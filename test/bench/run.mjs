/**
 * `npm run bench`: every scenario of issue 10 in one command, on the built package (dist/).
 *
 *   npm run bench                  full run (under 3 min here); writes test/bench/results.md
 *   npm run bench -- --smoke       a few seconds, the same code paths; CI runs it from npm test
 *   (BENCH_SMOKE=1 does the same as --smoke)
 *
 * Method (test/bench/README.md): one process, interleaved rounds, ratios per round, medians.
 * Before any timing every candidate must accept the valid token and reject six negatives
 * (./candidates.mjs); one that fails is reported and excluded. Bun and Deno run the sequential
 * rows in child processes (installed from npm by test/runtimes/setup.mjs); cold starts are fresh
 * Node processes (./cold.mjs); bundle sizes come from ./size.mjs.
 *
 * Exit code 1 when this library fails its own contract check or a scenario cannot run; a target
 * that is not met is reported, not a failure (the numbers of a shared machine are not a test).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import {
  FAST_JWT, FAST_JWT_CACHE, JOSE, JSONWEBTOKEN, LIMIT, NODE_LIMIT, OURS, OURS_CACHE, OURS_ONE_SHOT, byName, prepare,
} from './candidates.mjs'
import { makeFixtures } from './fixtures.mjs'
import { measure, median, ratioOf, summarize } from './harness.mjs'
import { BUDGETS, measureBundles, TARGETS } from './size.mjs'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const HERE = join(ROOT, 'test', 'bench')
const CACHE = join(ROOT, 'node_modules', '.cache', 'verify-access-token', 'bench')
const smoke = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1'
const PLAN = smoke
  ? { count: 64, rejects: 16, rounds: 1, slice: 15, batch: 50, concurrentRounds: 1, concurrentSlice: 15, coldRuns: 1, childRounds: 1, childSlice: 15 }
  // A batch of 1,000 in flight takes 100-200 ms here, so its slices are longer and more numerous.
  // Sized to finish within three minutes on a busy two-core machine (160-175 s at load 6-8).
  : { count: 2048, rejects: 256, rounds: 8, slice: 150, batch: 1000, concurrentRounds: 12, concurrentSlice: 250, coldRuns: 11, childRounds: 5, childSlice: 150 }
const started = performance.now()
const problems = []
const log = (text) => console.log(text)
mkdirSync(CACHE, { recursive: true })

// ---------------------------------------------------------------- fixtures and setup

log(`bench${smoke ? ' (smoke)' : ''}: making fixtures …`)
const fixtures = makeFixtures({ count: PLAN.count, rejects: PLAN.rejects })
const fixturesPath = join(CACHE, 'fixtures.json')
writeFileSync(fixturesPath, JSON.stringify(fixtures))

// aws-jwt-verify's WebCrypto build is selected by the `browser` condition: bundle it once.
const awsWebBuild = join(CACHE, 'aws-jwt-verify.web.mjs')
await build({
  stdin: { contents: "export { JwtVerifier } from 'aws-jwt-verify'", resolveDir: ROOT, loader: 'js' },
  bundle: true, format: 'esm', platform: 'browser', outfile: awsWebBuild, logLevel: 'silent',
})
const context = (alg) => ({ fixtures, alg, awsWebBuild: pathToFileURL(awsWebBuild).href })

const excludedAll = new Map()
async function ready(names, alg) {
  const { ready: usable, excluded } = await prepare(names, context(alg))
  for (const { name, reason } of excluded) {
    const key = `${name}|${reason}`
    if (!excludedAll.has(key)) {
      excludedAll.set(key, { name, alg, reason })
      log(`  excluded ${name} (${alg}): ${reason}`)
    }
    // This library failing its own contract check is a failure of the run, not a footnote.
    if (byName(name).kind === 'ours' && name !== OURS_CACHE) problems.push(`${name} (${alg}): ${reason}`)
  }
  return usable
}
const entry = (candidate, tokens, label = candidate.name) => ({ label, verify: candidate.verify, sync: candidate.sync, tokens })

// ---------------------------------------------------------------- throughput, one at a time

const SEQUENTIAL = [
  'floor: crypto.subtle.verify alone', LIMIT, OURS, OURS_ONE_SHOT, JOSE, 'aws-jwt-verify (web build)',
  'hono (CryptoKey, one key)', 'cf-worker-jwt (CryptoKey, one key)',
  'floor: node:crypto verify alone', NODE_LIMIT, FAST_JWT, JSONWEBTOKEN, 'aws-jwt-verify (node build)',
]
const sequential = {}
for (const alg of ['RS256', 'ES256']) {
  log(`${alg}: distinct tokens, one at a time …`)
  const candidates = await ready(SEQUENTIAL, alg)
  const results = await measure({ entries: candidates.map((c) => entry(c, fixtures.algs[alg].tokens)), rounds: PLAN.rounds, slice: PLAN.slice })
  sequential[alg] = { rows: summarize(results, LIMIT), results, candidates }
}

// ---------------------------------------------------------------- 1,000 in flight

const CONCURRENT = ['floor: crypto.subtle.verify alone', LIMIT, OURS, JOSE, NODE_LIMIT]
const concurrent = {}
for (const alg of ['RS256', 'ES256']) {
  log(`${alg}: ${PLAN.batch} in flight (Promise.all) …`)
  const candidates = await ready(CONCURRENT, alg)
  const results = await measure({
    entries: candidates.map((c) => entry(c, fixtures.algs[alg].tokens)), rounds: PLAN.concurrentRounds, slice: PLAN.concurrentSlice, mode: 'concurrent', batch: PLAN.batch,
  })
  concurrent[alg] = { rows: summarize(results, LIMIT), results }
}

// ---------------------------------------------------------------- rejects

const REJECT_KINDS = ['unknown kid', 'alg not allowed', 'header not JSON']
log('RS256: rejects against our own valid rate …')
const rejectEntries = []
for (const candidate of await ready([OURS, JOSE], 'RS256')) {
  if (candidate.name === OURS) rejectEntries.push(entry(candidate, fixtures.algs.RS256.tokens, `${OURS}: valid`))
  for (const kind of REJECT_KINDS) rejectEntries.push(entry(candidate, fixtures.algs.RS256.reject[kind], `${candidate.name}: ${kind}`))
}
const rejectResults = await measure({ entries: rejectEntries, rounds: PLAN.rounds, slice: PLAN.slice })
const rejects = summarize(rejectResults, `${OURS}: valid`)

// ---------------------------------------------------------------- repeated token, verdict cache

log('RS256: the same token repeated, with and without a verdict cache …')
const repeatEntries = []
const one = [fixtures.algs.RS256.valid]
for (const candidate of await ready([OURS, OURS_CACHE, FAST_JWT_CACHE, LIMIT], 'RS256')) {
  repeatEntries.push(entry(candidate, fixtures.algs.RS256.tokens, `${candidate.name}: distinct tokens`))
  repeatEntries.push(entry(candidate, one, `${candidate.name}: same token`))
}
// More rounds here: same ÷ distinct is the one ratio read against a ±0.05 band.
const repeatResults = await measure({ entries: repeatEntries, rounds: PLAN.concurrentRounds, slice: PLAN.slice })
const repeats = summarize(repeatResults, `${LIMIT}: distinct tokens`)

// ---------------------------------------------------------------- cold start

log('cold start: fresh processes …')
const COLD = ['limit', 'ours', 'jose']
const cold = {}
for (const alg of ['RS256', 'ES256']) {
  const runs = Object.fromEntries(COLD.map((name) => [name, []]))
  for (let round = 0; round < PLAN.coldRuns; round++) {
    for (let k = 0; k < COLD.length; k++) {
      const name = COLD[(round + k) % COLD.length]
      const child = spawnSync(process.execPath, [join(HERE, 'cold.mjs'), name, alg, fixturesPath], { encoding: 'utf8' })
      if (child.status !== 0) {
        problems.push(`cold start of ${name} failed: ${child.stderr.trim().split('\n').pop()}`)
        runs[name].push(NaN)
        continue
      }
      runs[name].push(JSON.parse(child.stdout).total)
    }
  }
  cold[alg] = Object.fromEntries(COLD.map((name) => [name, {
    total: median(runs[name]),
    ratio: median(runs[name].map((value, round) => value / runs.limit[round])),
  }]))
}

// ---------------------------------------------------------------- bundle sizes

log('bundle sizes …')
const sizes = await measureBundles()

// ---------------------------------------------------------------- Bun and Deno

const OTHER_RUNTIMES = [LIMIT, 'floor: crypto.subtle.verify alone', OURS, JOSE, NODE_LIMIT, FAST_JWT]
const runtimes = []
for (const { id, bin, args } of await findRuntimes()) {
  if (bin === undefined) {
    runtimes.push({ id, skipped: args })
    log(`${id}: skipped (${args})`)
    continue
  }
  for (const alg of ['RS256', 'ES256']) {
    log(`${id} ${alg}: distinct tokens, one at a time …`)
    const child = spawnSync(bin, [...args, join(HERE, 'child.mjs'), fixturesPath, alg, String(PLAN.childRounds), String(PLAN.childSlice), JSON.stringify(OTHER_RUNTIMES)], {
      encoding: 'utf8', cwd: ROOT, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' }, timeout: 120_000,
    })
    const line = child.stdout?.trim().split('\n').pop()
    if (child.status !== 0 || !line?.startsWith('{')) {
      runtimes.push({ id, alg, skipped: `it failed: ${(child.stderr || child.error?.message || '').trim().split('\n').slice(-2).join(' ')}` })
      log(`${id} ${alg}: failed, reported`)
      continue
    }
    const report = JSON.parse(line)
    const results = Object.assign(new Map(Object.entries(report.results)), { cpu: new Map(Object.entries(report.cpu)) })
    runtimes.push({ id, alg, version: report.runtime, excluded: report.excluded, rows: summarize(results, LIMIT) })
  }
}

/** Bun and Deno from the runtime matrix's pinned toolchain; a reason instead when not usable. */
async function findRuntimes() {
  const { installToolchain, tool } = await import('../runtimes/setup.mjs')
  // The same paths as the runtime matrix (../runtimes/matrix.mjs): bun's postinstall moves its
  // binary into bun/bin (as bun.exe, on Linux too).
  const find = (...candidates) => candidates.map(tool).find(existsSync)
  const locate = () => ({ Bun: find('bun/bin/bun.exe', '@oven/bun-linux-x64/bin/bun'), Deno: find('@deno/linux-x64-glibc/deno', 'deno/deno') })
  let paths = locate()
  if (paths.Bun === undefined || paths.Deno === undefined) {
    if (smoke) return Object.keys(paths).map((id) => ({ id, bin: undefined, args: 'smoke run: not installed, and a smoke run installs nothing (npm run test:runtimes or npm run bench does)' }))
    try {
      installToolchain()
    } catch (error) {
      return Object.keys(paths).map((id) => ({ id, bin: undefined, args: `could not be installed from npm: ${error.message}` }))
    }
    paths = locate()
  }
  return [
    paths.Bun !== undefined ? { id: 'Bun', bin: paths.Bun, args: [] } : { id: 'Bun', bin: undefined, args: 'not installable here' },
    paths.Deno !== undefined ? { id: 'Deno', bin: paths.Deno, args: ['run', '-A', '--no-prompt'] } : { id: 'Deno', bin: undefined, args: 'not installable here' },
  ]
}

// ---------------------------------------------------------------- report

const seconds = ((performance.now() - started) / 1000).toFixed(0)
const fixed = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '–')
const thousands = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–')
const row = (rows, label) => rows.find((r) => r.label === label)
const seqRatio = (alg, name) => row(sequential[alg].rows, name)?.ratio
const concRatio = (alg, name) => row(concurrent[alg].rows, name)?.ratio
const rejectRow = (name, kind) => row(rejects, `${name}: ${kind}`)
const repeatRow = (label) => row(repeats, label)
const oneShot = (alg) => ratioOf(sequential[alg].results, OURS_ONE_SHOT, OURS)
const sameOverDistinct = ratioOf(repeatResults, `${OURS}: same token`, `${OURS}: distinct tokens`)
const cacheHits = repeatRow(`${OURS_CACHE}: same token`)?.opsPerSecond
const verdict = (ok) => (ok === undefined ? '–' : ok ? 'met' : '**not met**')
const atLeast = (value, target) => (Number.isFinite(value) ? value >= target : undefined)
const atMost = (value, target) => (Number.isFinite(value) ? value <= target : undefined)

const rejectCell = (name) => REJECT_KINDS.map((kind) => thousands(rejectRow(name, kind)?.opsPerSecond)).join(' / ')
const rejectTimes = REJECT_KINDS.map((kind) => rejectRow(OURS, kind)?.ratio)
const targets = [
  ['RS256, distinct tokens, one at a time (÷ limit)', fixed(seqRatio('RS256', OURS)), fixed(seqRatio('RS256', JOSE)), '≥ 0.95', verdict(atLeast(seqRatio('RS256', OURS), 0.95))],
  ['ES256, distinct tokens, one at a time (÷ limit)', fixed(seqRatio('ES256', OURS)), fixed(seqRatio('ES256', JOSE)), '≥ 0.95', verdict(atLeast(seqRatio('ES256', OURS), 0.95))],
  [`RS256, ${PLAN.batch} in flight (÷ limit in flight)`, fixed(concRatio('RS256', OURS)), fixed(concRatio('RS256', JOSE)), '≥ 0.90', verdict(atLeast(concRatio('RS256', OURS), 0.9))],
  [`ES256, ${PLAN.batch} in flight (÷ limit in flight)`, fixed(concRatio('ES256', OURS)), fixed(concRatio('ES256', JOSE)), '≥ 0.90', verdict(atLeast(concRatio('ES256', OURS), 0.9))],
  ['unknown kid / alg not allowed / header not JSON, rejects per second', rejectCell(OURS), rejectCell(JOSE), '', ''],
  ['… the same ÷ our own valid RS256 rate', rejectTimes.map((v) => `${fixed(v, 1)}×`).join(' / '), REJECT_KINDS.map((kind) => `${fixed(rejectRow(JOSE, kind)?.ratio, 1)}×`).join(' / '), '≥ 25×', verdict(rejectTimes.every((v) => v >= 25) ? true : rejectTimes.some((v) => !Number.isFinite(v)) ? undefined : false)],
  ['one-shot `verifyAccessToken`, same options (÷ `createVerifier`), RS256 / ES256', `${fixed(oneShot('RS256'))} / ${fixed(oneShot('ES256'))}`, '–', '≥ 0.95', verdict(atLeast(Math.min(oneShot('RS256'), oneShot('ES256')), 0.95))],
  ['cold start, import + key set + first verdict (÷ limit), RS256 / ES256', `${fixed(cold.RS256.ours.ratio)} / ${fixed(cold.ES256.ours.ratio)}`, `${fixed(cold.RS256.jose.ratio)} / ${fixed(cold.ES256.jose.ratio)}`, '≤ 1.10', verdict(atMost(Math.max(cold.RS256.ours.ratio, cold.ES256.ours.ratio), 1.1))],
  ['gzipped bundle, `verifyAccessToken` + static key set', `${thousands(sizes['verifyAccessToken + static key set'].gzip)} B`, `${thousands(sizes['jose: jwtVerify + createLocalJWKSet'].gzip)} B`, `≤ ${thousands(TARGETS['verifyAccessToken + static key set'])} B`, verdict(atMost(sizes['verifyAccessToken + static key set'].gzip, TARGETS['verifyAccessToken + static key set']))],
  ['the same + `createRemoteJwks`', `${thousands(sizes['the same + createRemoteJwks'].gzip)} B`, `${thousands(sizes['jose: jwtVerify + createRemoteJWKSet'].gzip)} B`, `≤ ${thousands(TARGETS['the same + createRemoteJwks'])} B`, verdict(atMost(sizes['the same + createRemoteJwks'].gzip, TARGETS['the same + createRemoteJwks']))],
  ['repeated token, opt-in verdict cache (verifications per second)', thousands(cacheHits), `fast-jwt (cache on): ${thousands(repeatRow(`${FAST_JWT_CACHE}: same token`)?.opsPerSecond)}`, '≥ 300,000', verdict(atLeast(cacheHits, 300_000))],
  ['no cache by default: same token ÷ distinct tokens', fixed(sameOverDistinct), '–', '1.00 ± 0.05', verdict(Number.isFinite(sameOverDistinct) ? Math.abs(sameOverDistinct - 1) <= 0.05 : undefined)],
]

const table = (header, lines) => [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...lines.map((line) => `| ${line.join(' | ')} |`)].join('\n')
const throughputTable = (rows) => table(
  ['candidate', 'backend', 'ops/s (median)', '÷ limit (median of per-round ratios)', 'CPU µs/op (all threads)'],
  rows.map((r) => [r.label, byName(r.label)?.backend ?? '', thousands(r.opsPerSecond), fixed(r.ratio), fixed(r.cpuPerOp, 1)]),
)
const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
const versions = [`Node ${process.version}`, ...runtimes.filter((r) => r.version).map((r) => r.version).filter((v, i, all) => all.indexOf(v) === i)]
const command = smoke ? 'npm run bench -- --smoke' : 'npm run bench'
const markdown = [
  `# Benchmark results${smoke ? ' (smoke run: too short to mean anything)' : ''}`,
  '',
  `Written by \`${command}\` (test/bench/run.mjs) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC in ${seconds} s.`,
  `Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, load average at the end ${os.loadavg().map((v) => v.toFixed(1)).join(' / ')}.`,
  `Runtimes: ${versions.join(', ')}. Plan: ${PLAN.count} distinct tokens per algorithm, ${PLAN.rounds} interleaved rounds of ${PLAN.slice} ms slices after a warm-up round (${PLAN.concurrentRounds} of ${PLAN.concurrentSlice} ms in flight), ${PLAN.coldRuns} cold starts per candidate and algorithm.`,
  'Every figure is a median over rounds; every ratio is the median of the per-round ratios. The limit is a minimal complete WebCrypto verifier (test/bench/limit.mjs).',
  '',
  '## Targets (issue 10)',
  '',
  table(['measure', 'verify-access-token', 'jose', 'target', ''], targets),
  '',
  '## One at a time, distinct tokens (Node)',
  '',
  ...['RS256', 'ES256'].flatMap((alg) => [`### ${alg}`, '', throughputTable(sequential[alg].rows), '']),
  `## ${PLAN.batch} in flight (Promise.all), distinct tokens (Node)`,
  '',
  ...['RS256', 'ES256'].flatMap((alg) => [`### ${alg}`, '', throughputTable(concurrent[alg].rows), '']),
  '## Rejects (RS256, Node)',
  '',
  table(['candidate: token', 'ops/s (median)', '÷ our valid RS256 rate', 'CPU µs/op'], rejects.map((r) => [r.label, thousands(r.opsPerSecond), fixed(r.ratio, 1), fixed(r.cpuPerOp, 1)])),
  '',
  '## The same token repeated (RS256, Node)',
  '',
  table(['candidate: tokens', 'ops/s (median)', '÷ limit, distinct tokens', 'CPU µs/op'], repeats.map((r) => [r.label, thousands(r.opsPerSecond), fixed(r.ratio), fixed(r.cpuPerOp, 2)])),
  '',
  '## Cold start (Node, in process: import, key set, first verdict; fresh process each)',
  '',
  table(['candidate', 'RS256 ms (median)', 'RS256 ÷ limit', 'ES256 ms (median)', 'ES256 ÷ limit'],
    COLD.map((name) => [name, fixed(cold.RS256[name].total, 1), fixed(cold.RS256[name].ratio), fixed(cold.ES256[name].total, 1), fixed(cold.ES256[name].ratio)])),
  '',
  '## Bundle size (esbuild --bundle --minify --format=esm --platform=browser, gzip -9)',
  '',
  table(['entry', 'minified bytes', 'gzip bytes', 'CI budget (test/size.test.ts)', 'issue 10 target'], Object.entries(sizes).map(([name, size]) => [name, thousands(size.minified), thousands(size.gzip), BUDGETS[name] === undefined ? '' : thousands(BUDGETS[name]), TARGETS[name] === undefined ? '' : thousands(TARGETS[name])])),
  '',
  '## Bun and Deno, one at a time, distinct tokens',
  '',
  ...runtimes.flatMap((r) => r.rows === undefined
    ? [`${r.id}${r.alg ? ` ${r.alg}` : ''}: skipped, ${r.skipped}`, '']
    : [`### ${r.version}, ${r.alg}`, '', throughputTable(r.rows), ...(r.excluded.length > 0 ? ['', `Excluded: ${r.excluded.map((e) => `${e.name} (${e.reason})`).join('; ')}`] : []), '']),
  '## Excluded candidates',
  '',
  excludedAll.size === 0 ? 'None: every candidate accepted the valid token and rejected the six negatives.' : [...excludedAll.values()].map((e) => `- ${e.name} (${e.alg}): ${e.reason}`).join('\n'),
  '',
].join('\n')

const out = smoke ? join(CACHE, 'results-smoke.md') : join(HERE, 'results.md')
writeFileSync(out, markdown)
log('')
log(table(['measure', 'verify-access-token', 'jose', 'target', ''], targets))
log('')
log(`written to ${out.slice(ROOT.length)} (${seconds} s)`)
if (problems.length > 0) {
  log(`\nproblems:\n${problems.map((p) => `- ${p}`).join('\n')}`)
  process.exitCode = 1
}
