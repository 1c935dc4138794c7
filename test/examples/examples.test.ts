/**
 * The README's adapter examples (Express 5, Fastify 5, Hono 4 on @hono/node-server, a Worker-style
 * fetch handler), each a real server on 127.0.0.1 answering real HTTP requests: the same table of
 * requests and RFC 6750 answers for all four. The example files are exactly what the README shows
 * (test/readme.test.ts compares them), so what a user copies is what runs here.
 */
import { serve } from '@hono/node-server'
import { readFileSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRemoteJwks, createVerifier, type Verifier } from 'verify-access-token'
import { generateKey, makeToken, NOW, options, validClaims, withSignature, type TestKey } from '../helpers.js'
import { startServer, status, type TestServer } from '../http-server.js'
import { createApp as createExpressApp } from './express.js'
import { createApp as createFastifyApp } from './fastify.js'
import { createApp as createHonoApp } from './hono.js'
import { createWorker } from './worker.js'

interface Running { readonly origin: string; close(): Promise<void> }

/** Starts `server` on 127.0.0.1, any free port. */
async function listening(server: Server): Promise<Running> {
  if (!server.listening) await new Promise<void>((resolve) => server.once('listening', resolve))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
  }
}

const EXAMPLES: Record<string, { file: string; start(verify: Verifier): Promise<Running> }> = {
  'Express 5': {
    file: 'express.ts',
    start: (verify) => listening(createExpressApp(verify).listen(0, '127.0.0.1')),
  },
  'Fastify 5': {
    file: 'fastify.ts',
    async start(verify) {
      const app = createFastifyApp(verify)
      await app.listen({ port: 0, host: '127.0.0.1' })
      return { origin: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: () => app.close() }
    },
  },
  'Hono 4': {
    file: 'hono.ts',
    start: (verify) => listening(serve({ fetch: createHonoApp(verify).fetch, port: 0, hostname: '127.0.0.1' }) as Server),
  },
  'Worker fetch handler': {
    file: 'worker.ts',
    start: (verify) => listening(serve({ fetch: createWorker(verify).fetch, port: 0, hostname: '127.0.0.1' }) as Server),
  },
}

let key: TestKey
let issuerDown: TestServer
const tokens: Record<string, string> = {}
beforeAll(async () => {
  key = generateKey('P-256')
  const signed = (claims: Record<string, unknown>) => makeToken({ key, claims: validClaims({ scope: 'read:orders', ...claims }) })
  tokens['valid'] = signed({})
  tokens['expired'] = signed({ exp: NOW - 1 })
  tokens['write only'] = signed({ scope: 'write:orders' })
  tokens['bad signature'] = withSignature(signed({}), new Uint8Array(64))
  // The issuer's key set endpoint, broken: every fetch answers 500.
  issuerDown = await startServer()
  issuerDown.route('/jwks.json', status(500))
})
afterAll(async () => { await issuerDown?.close() })

const bearer = (name: string) => ({ authorization: `Bearer ${tokens[name]}` })
const CHALLENGE = 'Bearer realm="orders"'
const invalidToken = (description: string) => `${CHALLENGE}, error="invalid_token", error_description="${description}"`

describe.each(Object.entries(EXAMPLES))('%s example', (_, example) => {
  let app: Running
  let down: Running
  beforeAll(async () => {
    app = await example.start(createVerifier(options(key)))
    down = await example.start(createVerifier(options(key, { jwks: createRemoteJwks(`${issuerDown.origin}/jwks.json`) })))
  })
  afterAll(async () => { await Promise.all([app?.close(), down?.close()]) })

  const get = (headers: Record<string, string> = {}, running = app) => fetch(`${running.origin}/orders`, { headers })

  it('example file → under 15 lines of code', () => {
    const code = readFileSync(new URL(example.file, import.meta.url), 'utf8').split('\n').filter((line) => line.trim() !== '')
    expect(code.length).toBeLessThan(15)
  })

  it('GET without Authorization → 401 with a challenge and no error', async () => {
    const response = await get()
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe(CHALLENGE)
  })

  it('GET with Basic credentials → 401 with a challenge and no error', async () => {
    const response = await get({ authorization: 'Basic dXNlcjpwYXNz' })
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe(CHALLENGE)
  })

  it('GET with two Bearer credentials → 400 invalid_request', async () => {
    const response = await get({ authorization: `Bearer ${tokens['valid']} ${tokens['valid']}` })
    expect(response.status).toBe(400)
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="orders", error="invalid_request", error_description="[^"]+"$/)
  })

  it('GET with a bad signature → 401 invalid_token', async () => {
    const response = await get(bearer('bad signature'))
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe(invalidToken('The signature does not verify.'))
  })

  it('GET with an expired token → 401 invalid_token', async () => {
    const response = await get(bearer('expired'))
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe(invalidToken('The token has expired.'))
  })

  it('GET with a token granting only write:orders → 403 insufficient_scope naming read:orders', async () => {
    const response = await get(bearer('write only'))
    expect(response.status).toBe(403)
    expect(response.headers.get('www-authenticate')).toBe(
      `${CHALLENGE}, error="insufficient_scope", error_description="The token does not grant the required scopes.", scope="read:orders"`)
  })

  it('GET while the issuer\'s key set endpoint answers 500 → 503 with Retry-After and no challenge', async () => {
    const response = await get(bearer('valid'), down)
    expect(response.status).toBe(503)
    // The remote set's failure backoff: the first retry after about a second, then doubling.
    expect(response.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/)
    expect(response.headers.has('www-authenticate')).toBe(false)
  })

  it('GET with a valid token granting read:orders → 200 with the subject', async () => {
    const response = await get(bearer('valid'))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ sub: 'user-1' })
  })
})
