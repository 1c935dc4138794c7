/**
 * Bundle sizes as an application pays them: an entry importing from the built package (dist/),
 * bundled by esbuild with `--bundle --minify --format=esm --platform=browser`, then gzip -9.
 * Shared by `npm run bench` and the size budget test (test/size.test.ts). Node only.
 */
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Gzipped bytes allowed for each budgeted entry; test/size.test.ts fails above them. */
export const BUDGETS = Object.freeze({
  'verifyAccessToken + static key set': 3500,
  'the same + createRemoteJwks': 5000,
})

/** The entries measured: name → module source, resolved from the repository root. */
export const ENTRIES = Object.freeze({
  'verifyAccessToken + static key set': "export { verifyAccessToken } from './dist/index.js'",
  'createVerifier alone': "export { createVerifier } from './dist/index.js'",
  'the same + createRemoteJwks': "export { verifyAccessToken, createRemoteJwks } from './dist/index.js'",
  'jose: jwtVerify + createLocalJWKSet': "export { jwtVerify, createLocalJWKSet } from 'jose'",
  'jose: jwtVerify + createRemoteJWKSet': "export { jwtVerify, createRemoteJWKSet } from 'jose'",
  'limit: minimal WebCrypto verifier': "export { createMinVerifier } from './test/bench/limit.mjs'",
})

/** Minified and gzip -9 bytes of one entry. */
export async function measureEntry(source) {
  const result = await build({
    stdin: { contents: source, resolveDir: ROOT, loader: 'js' },
    bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent',
    // The limit's node:crypto variant is never called in a browser; only its WebCrypto code counts.
    external: ['node:*'],
  })
  const code = result.outputFiles[0].contents
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length }
}

/** Every entry of ENTRIES, measured. */
export async function measureBundles() {
  const sizes = {}
  for (const [name, source] of Object.entries(ENTRIES)) sizes[name] = await measureEntry(source)
  return sizes
}
