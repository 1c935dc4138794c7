/**
 * The README's usage example is run as written (only its import is pointed at the source), so
 * the token a newcomer copies from it verifies.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { verifyAccessToken } from '../src/index.js'

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
