/**
 * The command line, as users run it: the BUILT dist/cli.js spawned with node (npm test builds
 * first; for this file alone, run `npm run build`), with key sets from files and from a loopback
 * server, tokens as arguments and on standard input, and a pseudo-terminal for colour.
 */
import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AUDIENCE, generateKey, ISSUER, makeToken, segmentsOf, validClaims, withSignature, type TestKey } from './helpers.js'
import { closedPortUrl, json, startServer, type TestServer } from './http-server.js'

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
const ESCAPE = '\u001b['

interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string }

/** Runs the built CLI without blocking this process (the loopback server must keep answering). */
function run(args: readonly string[], { input = '', env = {} }: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const { NO_COLOR: _, ...inherited } = process.env
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...inherited, ...env }, stdio: 'pipe' })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => { stdout += chunk })
    child.stderr.on('data', (chunk) => { stderr += chunk })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(input)
  })
}

let key: TestKey
let dir: string
let jwksFile: string
let valid: string
let server: TestServer
const now = Math.floor(Date.now() / 1000)
const current = (claims: Record<string, unknown> = {}) => makeToken({ key, claims: validClaims({ iat: now - 60, exp: now + 600, ...claims }) })
const required = (jwks = jwksFile) => ['--jwks', jwks, '--issuer', ISSUER, '--audience', AUDIENCE]
/** Each step's line as `step state…`, spaces collapsed. */
const lines = (stdout: string) => stdout.trim().split('\n').map((line) => line.replace(/ +/g, ' '))

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)')
  key = generateKey('P-256')
  dir = mkdtempSync(join(tmpdir(), 'vat-cli-'))
  jwksFile = join(dir, 'jwks.json')
  writeFileSync(jwksFile, JSON.stringify({ keys: [key.jwk] }))
  valid = current({ scope: 'read write' })
  server = await startServer()
  server.route('/jwks.json', json(() => ({ keys: [key.jwk] })))
})
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await server?.close()
})

describe('help and usage', () => {
  it('--help → exit 0, the three commands listed', async () => {
    const { code, stdout } = await run(['--help'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/verify <token \| ->/)
    expect(stdout).toMatch(/decode <token \| ->/)
    expect(stdout).toMatch(/vectors \[dir\]/)
  })

  it.each([
    ['verify', ['--jwks', '--issuer', '--audience', '--scope', '--json', 'Exit status']],
    ['decode', ['WITHOUT VERIFYING', 'UNVERIFIED']],
  ])('%s --help → exit 0 with that command\'s options', async (command, words) => {
    const { code, stdout } = await run([command, '--help'])
    expect(code).toBe(0)
    for (const word of words) expect(stdout).toContain(word)
  })

  it('no arguments → exit 2 with the usage', async () => {
    const { code, stdout } = await run([])
    expect(code).toBe(2)
    expect(stdout).toContain('Usage:')
  })

  it.each([
    ['an unknown command', ['inspect']],
    ['no token', ['verify', ...['--jwks', 'x', '--issuer', 'i', '--audience', 'a']]],
    ['two tokens', ['verify', 'a', 'b']],
    ['an unknown option', ['verify', 'a.b.c', '--scopes', 'x']],
    ['--issuer missing', ['verify', 'a.b.c', '--jwks', 'x', '--audience', 'a']],
    ['a key set file that does not exist', ['verify', 'a.b.c', '--jwks', '/nonexistent/jwks.json', '--issuer', 'i', '--audience', 'a']],
    ['an algorithm never allowed', ['verify', 'a.b.c', '--jwks', '-', '--issuer', 'i', '--audience', 'a', '--algorithm', 'HS256']],
    ['a plain-http key set URL to another host', ['verify', 'a.b.c', '--jwks', 'http://issuer.example/jwks.json', '--issuer', 'i', '--audience', 'a']],
  ])('verify with %s → exit 2 and a message on stderr', async (_, args) => {
    const result = await run(args.map((arg) => (arg === '-' ? jwksFile : arg)))
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^verify-access-token: .+\nRun "verify-access-token --help" for usage\.\n$/)
    expect(result.stdout).toBe('')
  })

  it('a key set file that is not JSON → exit 2', async () => {
    const file = join(dir, 'broken.json')
    writeFileSync(file, '{"keys": [')
    expect((await run(['verify', valid, ...required(file)])).code).toBe(2)
  })
})

describe('verify', () => {
  it('valid token, key set file → exit 0, every step passed, the subject and scopes', async () => {
    const { code, stdout, stderr } = await run(['verify', valid, ...required(), '--scope', 'read'])
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(lines(stdout)).toEqual(['format passed', 'signature passed', 'claims passed', 'scopes passed', 'valid for sub "user-1"; scopes: read write'])
    expect(stdout).not.toContain(ESCAPE)
  })

  it('expired token → exit 1, claims failed with code, claim and message, scopes not reached', async () => {
    const { code, stdout } = await run(['verify', current({ exp: now - 10 }), ...required()])
    expect(code).toBe(1)
    expect(lines(stdout)).toEqual([
      'format passed', 'signature passed', 'claims failed expired (exp): The token has expired.', 'scopes not reached', 'invalid: claims/expired',
    ])
  })

  it('bad signature → exit 1, signature failed, claims and scopes not reached', async () => {
    const bytes = Uint8Array.from(Buffer.from(segmentsOf(valid)[2], 'base64url'))
    bytes[0] = (bytes[0] ?? 0) ^ 1
    const { code, stdout } = await run(['verify', withSignature(valid, bytes), ...required()])
    expect(code).toBe(1)
    expect(lines(stdout).slice(0, 4)).toEqual([
      'format passed', 'signature failed invalid_signature: The signature does not verify.', 'claims not reached', 'scopes not reached',
    ])
  })

  it('not a token → exit 1, format failed with its reason, the rest not reached', async () => {
    const { code, stdout } = await run(['verify', 'a.b', ...required()])
    expect(code).toBe(1)
    expect(lines(stdout)[0]).toMatch(/^format failed malformed \(segments\): /)
    expect(lines(stdout).slice(1, 4)).toEqual(['signature not reached', 'claims not reached', 'scopes not reached'])
  })

  it('--scope "read admin" (a space-separated list) → scopes failed naming admin as missing', async () => {
    const { code, stdout } = await run(['verify', valid, ...required(), '--scope', 'read admin'])
    expect(code).toBe(1)
    expect(lines(stdout)[3]).toBe('scopes failed insufficient_scope (scope; missing: admin): The token does not grant the required scopes.')
  })

  it('--json on an expired token → exit 1, JSON with valid, steps and the result', async () => {
    const { code, stdout } = await run(['verify', current({ exp: now - 10 }), ...required(), '--json'])
    expect(code).toBe(1)
    expect(JSON.parse(stdout)).toEqual({
      valid: false,
      steps: { format: 'passed', signature: 'passed', claims: 'failed', scopes: 'not_reached' },
      result: { ok: false, step: 'claims', code: 'expired', claim: 'exp', message: 'The token has expired.' },
    })
  })

  it('--json on a valid token → exit 0, the verified claims', async () => {
    const { code, stdout } = await run(['verify', valid, ...required(), '--json'])
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toMatchObject({ valid: true, result: { ok: true, claims: { sub: 'user-1' }, scopes: ['read', 'write'] } })
  })

  it('token "-" with the token and a newline on standard input → exit 0', async () => {
    expect((await run(['verify', '-', ...required()], { input: `${valid}\n` })).code).toBe(0)
  })

  it('--algorithm ES384 only, ES256 token → exit 1, signature failed alg_not_allowed', async () => {
    const { code, stdout } = await run(['verify', valid, ...required(), '--algorithm', 'ES384'])
    expect(code).toBe(1)
    expect(lines(stdout)[1]).toMatch(/^signature failed alg_not_allowed: /)
  })

  it('key set URL on a loopback server → exit 0, the set fetched once', async () => {
    const url = `${server.origin}/jwks.json`
    const { code } = await run(['verify', valid, ...required(url)])
    expect(code).toBe(0)
    expect(server.count('/jwks.json')).toBe(1)
  })

  it('key set URL at a closed port → exit 1, signature failed jwks_unavailable', async () => {
    const { code, stdout } = await run(['verify', valid, ...required(await closedPortUrl())])
    expect(code).toBe(1)
    expect(lines(stdout)[1]).toMatch(/^signature failed jwks_unavailable: /)
  })
})

describe('decode', () => {
  it('a token → exit 0, header and payload, every line marked UNVERIFIED', async () => {
    const { code, stdout } = await run(['decode', valid])
    expect(code).toBe(0)
    const output = stdout.trimEnd().split('\n')
    expect(output.length).toBeGreaterThan(10)
    for (const line of output) expect(line).toMatch(/^UNVERIFIED /)
    expect(stdout).toContain('"sub": "user-1"')
    expect(stdout).toContain(`"exp": ${now + 600},  (${new Date((now + 600) * 1000).toISOString()})`)
  })

  it('a token with a bad signature → still decoded (nothing is verified), exit 0', async () => {
    expect((await run(['decode', withSignature(valid, new Uint8Array(64))])).code).toBe(0)
  })

  it('token "-" on standard input → exit 0', async () => {
    expect((await run(['decode', '-'], { input: valid })).code).toBe(0)
  })

  it('not a token → exit 1, the format failure on stderr, nothing on stdout', async () => {
    const { code, stdout, stderr } = await run(['decode', 'a.b'])
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' })
    expect(stderr).toMatch(/^not a well-formed token: malformed \(segments\): /)
  })
})

describe('vectors', () => {
  const corpus = fileURLToPath(new URL('../vectors', import.meta.url))

  it('this project\'s corpus → exit 0, the per-step table and "N passed, 0 failed"', async () => {
    const { code, stdout } = await run(['vectors', corpus])
    expect(code).toBe(0)
    // One column per step the corpus names, the fifth (dpop) included, then ok and total.
    expect(stdout).toMatch(/^ {2}file +format +signature +claims +scopes +dpop +ok +total$/m)
    expect(stdout).toMatch(/^ {2}dpop\.json +- +- +\d+\/\d+ +- +\d+\/\d+ /m)
    expect(stdout).toMatch(/^ {2}claims\.json +- +- +\d+\/\d+ /m)
    expect(stdout).toMatch(/attack classes covered: 35 of 35/)
    expect(stdout).toMatch(/^vectors: \d+ passed, 0 failed$/m)
  }, 120_000)

  it('a corpus with one vector whose expectation is wrong → exit 1, the vector listed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vat-corpus-'))
    const file = JSON.parse(readFileSync(join(corpus, 'valid.json'), 'utf8')) as { testGroups: { jwks?: unknown, tests: Record<string, unknown>[] }[] }
    const group = file.testGroups[0]!
    group.tests = [{ ...group.tests[0]!, expect: { ok: false, step: 'claims', code: 'expired', claim: 'exp' } }]
    file.testGroups = [group]
    mkdirSync(join(dir, 'keys'))
    for (const name of readdirSync(join(corpus, 'keys'))) copyFileSync(join(corpus, 'keys', name), join(dir, 'keys', name))
    writeFileSync(join(dir, 'valid.json'), JSON.stringify(file))
    const { code, stdout } = await run(['vectors', dir])
    expect(code).toBe(1)
    expect(stdout).toMatch(/^✗ valid\.json#\d+ /m)
    expect(stdout).toMatch(/^vectors: 0 passed, 1 failed$/m)
    expect(stdout).toMatch(/attack classes: no attacks\.json in this corpus/)
  })

  it('a directory without vector files → exit 2 (usage)', async () => {
    const { code, stderr } = await run(['vectors', mkdtempSync(join(tmpdir(), 'vat-empty-'))])
    expect(code).toBe(2)
    expect(stderr).toMatch(/no vector files in /)
  })

  it('vectors --help → exit 0, the command\'s usage', async () => {
    const { code, stdout } = await run(['vectors', '--help'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Usage: verify-access-token vectors \[dir\]/)
  })
})

// `script` runs the command on a pseudo-terminal, so stdout is a TTY as in an interactive shell.
const hasScript = spawnSync('script', ['--version']).status === 0

describe.runIf(hasScript)('colour', () => {
  const onTerminal = (args: readonly string[], env: Record<string, string> = {}) => {
    const command = [process.execPath, CLI, ...args].map((arg) => `'${arg}'`).join(' ')
    return new Promise<Run>((resolve, reject) => {
      const { NO_COLOR: _, ...inherited } = process.env
      const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
      let stdout = ''
      child.stdout.on('data', (chunk) => { stdout += chunk })
      child.on('error', reject)
      child.on('close', (code) => resolve({ code, stdout, stderr: '' }))
    })
  }

  it('verify on a terminal → coloured step states', async () => {
    const { code, stdout } = await onTerminal(['verify', valid, ...required()])
    expect(code).toBe(0)
    expect(stdout).toContain(`${ESCAPE}32mpassed`)
  })

  it('verify on a terminal with NO_COLOR set → no escape codes', async () => {
    const { stdout } = await onTerminal(['verify', valid, ...required()], { NO_COLOR: '1' })
    expect(stdout).toContain('passed')
    expect(stdout).not.toContain(ESCAPE)
  })

  it('decode on a terminal → UNVERIFIED in colour on every line', async () => {
    const { stdout } = await onTerminal(['decode', valid])
    for (const line of stdout.trimEnd().split(/\r?\n/)) expect(line).toMatch(/^\u001b\[33mUNVERIFIED/)
  })
})
