/**
 * Bundle sizes as an application pays them: an entry importing from the built package (dist/),
 * bundled by esbuild with `--bundle --minify --format=esm --platform=browser`, then gzip -9.
 * Shared by `npm run bench` and the size budget test (test/size.test.ts). Node only.
 */
import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Issue 10's targets, in gzipped bytes: not met. The code itself (strict JSON with repeated
 * members found at any depth, the key policy with on-curve and small-order checks, key sets per
 * issuer and as promises, option checks, the one-shot memo, the verdict cache) is 7.9 KB gzipped
 * even with every option and key-set error message cut to one character (measured on this
 * tree), so 3.5 KB needs features removed, not bytes trimmed. `npm run bench` reports both.
 */
export const TARGETS = Object.freeze({
  'verifyAccessToken + static key set': 3500,
  'the same + createRemoteJwks': 5000,
})

/**
 * The budget CI enforces (test/size.test.ts fails above it): today's size (12,113 B and 13,886 B)
 * and about 0.4 % more, so that nothing grows the bundle unnoticed. Raised from 11,800 B and
 * 13,560 B by the hot-path work of issue 10 (11,748 B and 13,507 B measured before it): the
 * verdict cache reusing parsed tokens, the scope memo and the one-shot check in place add about
 * 365 B and bought the cache's 311k/s and the one-shot target. Before that lowered from 11,900 B and
 * 13,700 B (11,810 B and 13,574 B measured) when roles came to share the scopes step's matching
 * (issue 13's share, `node test/bench/share.mjs`: 884 B to 823 B); before that from 12,600 B and
 * 14,400 B by the size work that followed issue 13: certificate parsing out of
 * `verifyAccessToken`'s bundle, shared option checks, shorter curve constants.
 * Raise it only with a reason in the commit message.
 */
export const BUDGETS = Object.freeze({
  'verifyAccessToken + static key set': 12160,
  'the same + createRemoteJwks': 13940,
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
