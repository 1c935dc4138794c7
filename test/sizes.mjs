/**
 * `npm run sizes`: measures the figures the README's "Size" section states and rewrites the block
 * between SIZES_BEGIN and SIZES_END in README.md with them: the gzipped bundles an application
 * pays (test/bench/size.mjs: esbuild --bundle --minify --format=esm --platform=browser on dist/,
 * gzip -9) and the package npm would publish (`npm pack --dry-run --json`: the tarball's size, the
 * unpacked size and every file). test/sizes.test.ts fails when the block differs from what this
 * writes, so the README's figures are always today's. Needs `npm run build` first (the npm script
 * builds). Node only.
 *
 * Both measurements are deterministic for a given tree and tool versions: esbuild's output is, and
 * npm packs with fixed timestamps and permissions. The README is itself in the package, so writing
 * the block changes the sizes it states: the block is written until it states its own size (a
 * fixed point, reached in two or three rounds). The packed size is stated in whole kB: exact, it
 * has no fixed point (each spelling of it compresses to a tarball a few bytes off the other).
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { ENTRIES, measureEntry } from './bench/size.mjs'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const README = new URL('../README.md', import.meta.url)

export const SIZES_BEGIN = '<!-- sizes:begin (written by `npm run sizes`, checked by test/sizes.test.ts: do not edit by hand) -->'
export const SIZES_END = '<!-- sizes:end -->'

/** The bundles the README states, in its order: name → module source (from the repository root). */
const BUNDLES = {
  'verifyAccessToken + static key set': ENTRIES['verifyAccessToken + static key set'],
  'createVerifier alone': ENTRIES['createVerifier alone'],
  'verifyAccessToken + createRemoteJwks': ENTRIES['the same + createRemoteJwks'],
  'createVerifier + a preset (auth0)': "export { createVerifier } from './dist/index.js'; export { auth0 } from './dist/providers.js'",
  'createVerifier + createDpopVerifier': "export { createVerifier, createDpopVerifier } from './dist/index.js'",
  'everything in the core entry': "export * from './dist/index.js'",
}

/** Bundles and package, measured now. */
export async function measureSizes() {
  const bundles = []
  for (const [name, source] of Object.entries(BUNDLES)) bundles.push({ name, ...(await measureEntry(source)) })
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))
  const files = pack.files.map(({ path, size }) => ({ path, size })).sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1))
  const esbuild = createRequire(import.meta.url)('esbuild/package.json').version
  return { bundles, packed: pack.size, unpacked: pack.unpackedSize, files, esbuild }
}

const n = (value) => value.toLocaleString('en-US')
const kb = (value) => `${(value / 1000).toFixed(1)} kB`

/** The README block for a measurement: Markdown between the two markers, markers included. */
export function renderSizes({ bundles, packed, unpacked, files, esbuild }) {
  const lines = [
    SIZES_BEGIN,
    '',
    `Bundles (esbuild ${esbuild}, \`--bundle --minify --format=esm --platform=browser\` on \`dist/\`, then \`gzip -9\`):`,
    '',
    '| an application importing | gzipped | minified |',
    '| --- | ---: | ---: |',
    ...bundles.map((b) => `| ${b.name} | ${n(b.gzip)} B | ${n(b.minified)} B |`),
    '',
    `The package (\`npm pack --dry-run\`): about ${Math.round(packed / 1000)} kB packed, ${n(unpacked)} B (${kb(unpacked)}) unpacked, ${files.length} files:`,
    '',
    '| file | bytes | share |',
    '| --- | ---: | ---: |',
    ...files.map((f) => `| \`${f.path}\` | ${n(f.size)} | ${((100 * f.size) / unpacked).toFixed(1)} % |`),
    '',
    SIZES_END,
  ]
  return lines.join('\n')
}

/** The block as README.md holds it now, markers included; undefined when the markers are missing. */
export function readSizesBlock(text = readFileSync(README, 'utf8')) {
  const start = text.indexOf(SIZES_BEGIN)
  const end = text.indexOf(SIZES_END, start)
  return start === -1 || end === -1 ? undefined : text.slice(start, end + SIZES_END.length)
}

/** Measures and rewrites the block until it states the README's own size; returns the block. */
export async function writeSizes() {
  for (let round = 0; round < 5; round++) {
    const text = readFileSync(README, 'utf8')
    const current = readSizesBlock(text)
    if (current === undefined) throw new Error(`README.md lacks the markers ${SIZES_BEGIN} … ${SIZES_END}`)
    const fresh = renderSizes(await measureSizes())
    if (fresh === current) return fresh
    writeFileSync(README, text.replace(current, fresh))
  }
  throw new Error('README sizes did not settle in 5 rounds')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const block = await writeSizes()
  console.log(block)
}
