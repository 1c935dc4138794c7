/**
 * The README's usage example is run as written (only its import is pointed at the source), so
 * the token a newcomer copies from it verifies; its failure-code table is checked row by row
 * against httpAnswer, and its adapter examples against the files the example tests run.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { bearerToken, httpAnswer, verifyAccessToken, type CustomCode, type HttpFailure } from '../src/index.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const usage = readme.slice(readme.indexOf('## Usage'))
const example = /```js\n([\s\S]*?)```/.exec(usage)?.[1] ?? ''

type Run = (verify: typeof verifyAccessToken, console: { log: (...args: unknown[]) => void }) => Promise<unknown>
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => Run

describe('README usage example', () => {
  it('example token and key set as written → ok', async () => {
    expect(example).toContain("from 'verify-access-token'")
    const body = example.replace(/^import .*$/m, '') + '\nreturn result'
    const logged: unknown[][] = []
    const result = await new AsyncFunction('verifyAccessToken', 'console', body)(verifyAccessToken, {
      log: (...args) => logged.push(args),
    })
    expect(result).toMatchObject({ ok: true, scopes: ['read:orders', 'write:orders'] })
    expect(logged).toEqual([['user-123', ['read:orders', 'write:orders']]])
  })
})

/** The README's failure-code table: its rows, each cell split on `|` (no cell holds a `|`). */
function failureTable(): { step: string; code: string; answer: string }[] {
  const section = readme.slice(readme.indexOf('### Answering the client'), readme.indexOf('#### Reading the header'))
  return section.split('\n')
    .filter((line) => /^\| `[a-z]+` \| `[a-z_]+` \|/.test(line))
    .map((line) => {
      const [step = '', code = '', , answer = ''] = line.split('|').slice(1, -1).map((cell) => cell.trim().replace(/^`|`$/g, ''))
      return { step, code, answer }
    })
}

// Every (step, code) an answer is given for; the type check fails when a code is added without one.
const CODES = {
  request: ['no_credentials', 'invalid_request'],
  format: ['malformed'],
  signature: ['alg_not_allowed', 'key_not_found', 'invalid_signature', 'jwks_unavailable', 'graph_token'],
  claims: [
    'type_mismatch', 'id_token', 'issuer_mismatch', 'audience_mismatch', 'expired', 'not_yet_valid', 'missing_claim', 'invalid_claim', 'claim_mismatch',
    'binding_not_verified', 'certificate_mismatch',
  ],
  scopes: ['insufficient_scope', 'insufficient_role', 'invalid_claim'],
  dpop: ['invalid_dpop_proof', 'use_dpop_nonce', 'key_mismatch', 'dpop_unavailable'],
} as const satisfies { [Step in HttpFailure['step']]: readonly Extract<HttpFailure, { step: Step }>['code'][] }
type Listed = (typeof CODES)[keyof typeof CODES][number]
// A caller's own x_… codes cannot be listed; the README's row for them is checked with one example.
const everyCodeListed: [Exclude<HttpFailure['code'], Listed | CustomCode>] extends [never] ? true : false = true

/** A failure of that step and code, as the library makes it. */
function failureFor(step: string, code: string): HttpFailure {
  if (step === 'request') return bearerToken(code === 'no_credentials' ? null : 'Bearer') as HttpFailure
  const extra = step === 'scopes' ? { claim: 'scope', missing: ['admin'], required: ['read', 'admin'] } : {}
  return { ok: false, step, code, ...extra, message: 'A fixed message.' } as unknown as HttpFailure
}

describe('README failure-code table', () => {
  const rows = failureTable()

  it('table rows → exactly one per step and code of the library', () => {
    expect(everyCodeListed).toBe(true)
    const listed = Object.entries(CODES).flatMap(([step, codes]) => codes.map((code) => `${step}/${code}`))
    expect(rows.map(({ step, code }) => `${step}/${code}`).sort()).toEqual(listed.sort())
  })

  it.each(failureTable())('$step/$code row → what httpAnswer returns ($answer)', ({ step, code, answer }) => {
    // The answer column's grammar: a status, then any of these parts; anything else is unchecked prose.
    const match = /^(\d{3})((?:, (?:no error|error="[a-z_]+"|scope="…"|algs="…"|DPoP-Nonce|Retry-After|no challenge))*)$/.exec(answer)
    expect(match, answer).not.toBeNull()
    const [, status = '', parts = ''] = match ?? []
    // Step dpop is answered in the DPoP scheme (RFC 9449 §7.1); use_dpop_nonce needs the nonce to send.
    const scheme = step === 'dpop' ? 'DPoP' : 'Bearer'
    const withNonce = parts.includes('DPoP-Nonce')
    const { status: actual, headers } = httpAnswer(failureFor(step, code), withNonce ? { nonce: 'nonce-1' } : {})
    expect(actual).toBe(Number(status))
    const challenge = headers['WWW-Authenticate']
    if (parts.includes('no challenge')) expect(challenge).toBeUndefined()
    else expect(challenge).toMatch(new RegExp(`^${scheme} realm="api"`))
    const error = /error="([a-z_]+)"/.exec(parts)?.[1]
    if (error !== undefined) expect(challenge).toMatch(new RegExp(`^${scheme} realm="api", error="${error}"`))
    if (parts.includes('no error')) expect(challenge).toBe(`${scheme} realm="api"`)
    if (!parts.includes('no challenge')) expect(challenge?.includes('error=') ?? false).toBe(error !== undefined)
    expect(challenge?.includes('scope=') ?? false).toBe(parts.includes('scope="…"'))
    if (parts.includes('scope="…"')) expect(challenge).toMatch(/, scope="read admin"$/)
    expect(challenge?.includes('algs=') ?? false).toBe(parts.includes('algs="…"'))
    // Without an algs option, every supported algorithm, as createDpopVerifier's default.
    if (parts.includes('algs="…"')) expect(challenge).toMatch(/, algs="RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA Ed25519"$/)
    expect(headers['Retry-After']).toBe(parts.includes('Retry-After') ? '30' : undefined)
    // RFC 9449 §8.2: an answer with a nonce is not cached.
    expect(headers['DPoP-Nonce']).toBe(withNonce ? 'nonce-1' : undefined)
    expect(headers['Cache-Control']).toBe(withNonce ? 'no-store' : undefined)
    expect(Object.keys(headers).length).toBe(withNonce ? 3 : 1)
  })
})

describe('README adapters', () => {
  const section = readme.slice(readme.indexOf('## Adapters'), readme.indexOf('## Command line'))
  const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((block) => block[1])

  it('the four code blocks → exactly the example files the tests run as servers', () => {
    const files = ['express.ts', 'fastify.ts', 'hono.ts', 'worker.ts']
      .map((file) => readFileSync(new URL(`examples/${file}`, import.meta.url), 'utf8'))
    expect(blocks).toEqual(files)
  })
})
