/**
 * What the bytes of a bundle are: each source module's marginal cost, the gzip -9 size of the
 * minified bundle minus that of the same bundle without the module's code. Bundles src/ (not
 * dist/) so that esbuild's `// src/x.ts` markers tell the modules apart; the total is within a
 * few per cent of the dist/ figure that test/bench/size.mjs measures. Marginal costs do not add
 * up to the total (gzip shares strings across modules). Node only.
 *
 *   node test/bench/modules.mjs                      # verifyAccessToken + static key set
 *   node test/bench/modules.mjs "export { createVerifier, createRemoteJwks } from './src/index.ts'"
 */
import { build, transform } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const source = process.argv[2] ?? "export { verifyAccessToken } from './src/index.ts'"
const bundled = await build({
  stdin: { contents: source, resolveDir: ROOT, loader: 'ts' },
  bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent',
})
const parts = bundled.outputFiles[0].text.split(/^(?=\/\/ \S*src\/\S+\.ts$)/m)
const sizeOf = async (code) => {
  const minified = (await transform(code, { minify: true, loader: 'js' })).code
  return { minified: minified.length, gzip: gzipSync(minified, { level: 9 }).length }
}
const total = await sizeOf(parts.join(''))
const rows = []
for (let i = 0; i < parts.length; i++) {
  const name = parts[i].match(/^\/\/ \S*?(src\/\S+\.ts)$/m)?.[1]
  if (name === undefined) continue
  const without = await sizeOf(parts.filter((_, j) => j !== i).join(''))
  rows.push({ name, gzip: total.gzip - without.gzip, minified: total.minified - without.minified })
}
rows.sort((a, b) => b.gzip - a.gzip)
console.log(`${source}\n${total.gzip} B gzipped, ${total.minified} B minified; marginal cost per module:`)
for (const row of rows) {
  // The module holding the entry's export cannot be taken out this way (the export then names nothing).
  if (row.gzip < 0) console.log(`     - (not separable)   ${row.name}`)
  else console.log(`${String(row.gzip).padStart(6)} B gz ${String(row.minified).padStart(7)} B min  ${row.name}`)
}
