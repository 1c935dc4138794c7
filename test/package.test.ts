/**
 * The package as a user installs it: the built files behind the exports map, both module formats,
 * no runtime dependencies, and no Node APIs in the source. Needs `npm run build` first (npm test
 * builds before it runs vitest).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = new URL('../', import.meta.url)
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))
const built = existsSync(new URL('dist/index.js', root))
const PUBLIC_FUNCTIONS = [
  'bearerToken', 'createDpopNonces', 'createDpopReplayStore', 'createDpopVerifier', 'createJwksFromPem', 'createRemoteJwks',
  'createVerifier', 'decodeUnverified', 'discoverJwks', 'dpopAnswer', 'httpAnswer', 'readDpopRequest', 'verifyAccessToken', 'verifyRequest',
]

describe('package.json', () => {
  it('dependencies absent → no runtime dependency', () => {
    expect(pkg.dependencies).toBeUndefined()
    expect(pkg.sideEffects).toBe(false)
    // What users run, nothing else: the corpus is its own package (vectors/package.json), and the
    // corpus runners' dist/internal.* is built for the tests but never shipped.
    expect(pkg.files).toEqual(['dist/index.js', 'dist/index.cjs', 'dist/providers.js', 'dist/providers.cjs', 'dist/*.d.ts', 'dist/*.d.cts', 'dist/cli.js'])
  })

  it('exports map lists types first for each condition → resolvable by TypeScript', () => {
    for (const entry of ['.', './providers']) {
      for (const condition of ['import', 'require']) {
        expect(Object.keys(pkg.exports[entry][condition])[0]).toBe('types')
      }
    }
  })

  it('src files but the CLI use no Node API → runs in browsers and workers', () => {
    const dir = new URL('src/', root)
    for (const file of readdirSync(dir).filter((name) => name !== 'cli.ts')) {
      const text = readFileSync(new URL(file, dir), 'utf8')
      expect(text, file).not.toMatch(/from ['"]node:|\brequire\(|\bBuffer\.|\bprocess\./)
      // The CLI sits on top of the library: nothing in the library may import it.
      expect(text, file).not.toMatch(/from ['"]\.\/cli(\.js)?['"]/)
    }
  })

  it('bin → verify-access-token is dist/cli.js, inside the published files', () => {
    expect(pkg.bin).toEqual({ 'verify-access-token': 'dist/cli.js' })
  })
})

describe.runIf(built)('built package', () => {
  it('ESM entry → exports the public functions', async () => {
    const esm = await import(new URL('dist/index.js', root).href)
    expect(Object.keys(esm).sort()).toEqual(PUBLIC_FUNCTIONS)
  })

  it('CommonJS entry → exports the same functions', () => {
    const cjs = createRequire(import.meta.url)('../dist/index.cjs')
    expect(Object.keys(cjs).sort()).toEqual(PUBLIC_FUNCTIONS)
  })

  it('dist/cli.js → a Node script with a shebang, executable, loading the built library', () => {
    const cli = readFileSync(new URL('dist/cli.js', root), 'utf8')
    expect(cli.startsWith('#!/usr/bin/env node\n')).toBe(true)
    expect(statSync(new URL('dist/cli.js', root)).mode & 0o111).not.toBe(0)
    // One copy of the library: the CLI imports the ESM build beside it instead of bundling another.
    expect(cli).toMatch(/from ['"]\.\/index\.js['"]/)
    expect(readFileSync(new URL('dist/index.js', root), 'utf8')).not.toMatch(/from ['"](node:)?(fs|util)['"]/)
  })

  it('createVerifier alone, bundled → none of the HTTP helpers\' code (it tree-shakes away)', async () => {
    // esbuild comes with tsup, the build tool; a bundle is what a user's application ships.
    const { build } = await import('esbuild')
    const out = await build({
      stdin: { contents: "import { createVerifier } from './dist/index.js'; console.log(createVerifier)", resolveDir: fileURLToPath(root) },
      bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent',
    })
    const code = out.outputFiles[0]?.text ?? ''
    expect(code).toContain('alg_not_allowed')
    for (const text of ['b64token', 'Retry-After', 'WWW-Authenticate', 'realm must be']) expect(code).not.toContain(text)
    // DPoP is opt-in through createDpopVerifier: a verifier without it carries no proof checking.
    for (const text of ['dpop+jwt', 'DPoP-Nonce', 'replay store']) expect(code).not.toContain(text)
  })

  it('providers subpath, ESM and CommonJS → the five presets, and no verifier code of its own to import', async () => {
    const presets = ['auth0', 'cognito', 'entraId', 'keycloak', 'okta']
    const esm = await import(new URL('dist/providers.js', root).href)
    expect(Object.keys(esm).sort()).toEqual(presets)
    expect(Object.keys(createRequire(import.meta.url)('../dist/providers.cjs')).sort()).toEqual(presets)
    // The core entry does not carry the presets: importing createVerifier costs nothing for them.
    expect(readFileSync(new URL('dist/index.js', root), 'utf8')).not.toContain('login.microsoftonline.com')
  })

  it('non-string token through the build → format/malformed', async () => {
    const { verifyAccessToken } = await import(new URL('dist/index.js', root).href)
    const result = await verifyAccessToken(42, {
      jwks: { keys: [{ kty: 'EC' }] }, issuer: 'https://as.example', audience: 'api',
    })
    expect(result).toMatchObject({ ok: false, step: 'format', code: 'malformed', reason: 'not_a_string' })
  })
})
