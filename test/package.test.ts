/**
 * The package as a user installs it: the built files behind the exports map, both module formats,
 * no runtime dependencies, and no Node APIs in the source. Needs `npm run build` first (npm test
 * builds before it runs vitest).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

const root = new URL('../', import.meta.url)
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))
const built = existsSync(new URL('dist/index.js', root))

describe('package.json', () => {
  it('dependencies absent → no runtime dependency', () => {
    expect(pkg.dependencies).toBeUndefined()
    expect(pkg.sideEffects).toBe(false)
    expect(pkg.files).toEqual(['dist', 'vectors'])
  })

  it('exports map lists types first for each condition → resolvable by TypeScript', () => {
    for (const condition of ['import', 'require']) {
      expect(Object.keys(pkg.exports['.'][condition])[0]).toBe('types')
    }
  })

  it('src files use no Node API → runs in browsers and workers', () => {
    const dir = new URL('src/', root)
    for (const file of readdirSync(dir)) {
      const text = readFileSync(new URL(file, dir), 'utf8')
      expect(text, file).not.toMatch(/from ['"]node:|\brequire\(|\bBuffer\.|\bprocess\./)
    }
  })
})

describe.runIf(built)('built package', () => {
  const PUBLIC_FUNCTIONS = [
    'createDpopNonces', 'createDpopReplayStore', 'createDpopVerifier', 'createJwksFromPem', 'createRemoteJwks', 'createVerifier',
    'discoverJwks', 'dpopAnswer', 'readDpopRequest', 'verifyAccessToken',
  ]

  it('ESM entry → exports the ten public functions', async () => {
    const esm = await import(new URL('dist/index.js', root).href)
    expect(Object.keys(esm).sort()).toEqual(PUBLIC_FUNCTIONS)
  })

  it('CommonJS entry → exports the same functions', () => {
    const cjs = createRequire(import.meta.url)('../dist/index.cjs')
    expect(Object.keys(cjs).sort()).toEqual(PUBLIC_FUNCTIONS)
  })

  it('non-string token through the build → format/malformed', async () => {
    const { verifyAccessToken } = await import(new URL('dist/index.js', root).href)
    const result = await verifyAccessToken(42, {
      jwks: { keys: [{ kty: 'EC' }] }, issuer: 'https://as.example', audience: 'api',
    })
    expect(result).toMatchObject({ ok: false, step: 'format', code: 'malformed', reason: 'not_a_string' })
  })
})
