/**
 * The README's "Sender-constrained tokens" section: its Fetch example runs as written (imports
 * pointed at the source, its free variables jwks, issuer and audience supplied) against real DPoP
 * requests, and every example imports only names the package exports.
 */
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import * as lib from '../src/index.js'
import { boundToken, makeProof } from './dpop-helpers.js'
import { AUDIENCE, generateKey, ISSUER, validClaims, type TestKey } from './helpers.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const section = readme.slice(readme.indexOf('## Sender-constrained tokens'), readme.indexOf('## The steps'))
const examples = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!)
const fetchExample = examples.find((example) => example.includes('async fetch(request)')) ?? ''

type Handler = { fetch(request: Request): Promise<Response> }
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<Handler>

let issuer: TestKey
let client: TestKey
let handler: Handler
beforeAll(async () => {
  issuer = generateKey('P-256', 'issuer')
  client = generateKey('P-256', 'client')
  const body = fetchExample.replace(/^import .*$/m, '').replace('export default', 'const handler =') + '\nreturn handler'
  handler = await new AsyncFunction('createDpopVerifier', 'createVerifier', 'dpopAnswer', 'readDpopRequest', 'jwks', 'issuer', 'audience', body)(
    lib.createDpopVerifier, lib.createVerifier, lib.dpopAnswer, lib.readDpopRequest, { keys: [issuer.jwk] }, ISSUER, AUDIENCE)
})

const URL_ = 'https://api.example/orders'
const now = () => Math.floor(Date.now() / 1000)
// The example verifies at the real time, so the token and proof are made for it.
const token = () => boundToken(issuer, client, { ...validClaims({ iat: now() - 10, exp: now() + 600, scope: 'read:orders' }) })
const proofFor = (at: string) => makeProof({ key: client, token: at, claims: { htu: URL_, iat: now() } })

describe('README Fetch example', () => {
  it('DPoP request with a valid proof → 200 with the subject', async () => {
    const at = token()
    const response = await handler.fetch(new Request(URL_, { headers: { Authorization: `DPoP ${at}`, DPoP: proofFor(at) } }))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ orders: [], for: 'user-1' })
  })

  it('no credentials → 401 with the DPoP challenge listing the algorithms', async () => {
    const response = await handler.fetch(new Request(URL_))
    expect(response.status).toBe(401)
    expect(response.headers.get('www-authenticate')).toBe('DPoP algs="ES256 EdDSA"')
  })

  it('the bound token as Bearer with a proof → 400 invalid_request', async () => {
    const at = token()
    const response = await handler.fetch(new Request(URL_, { headers: { Authorization: `Bearer ${at}`, DPoP: proofFor(at) } }))
    expect(response.status).toBe(400)
  })

  it('the same request twice → 401 invalid_dpop_proof the second time', async () => {
    const at = token()
    const headers = { Authorization: `DPoP ${at}`, DPoP: proofFor(at) }
    expect((await handler.fetch(new Request(URL_, { headers }))).status).toBe(200)
    const again = await handler.fetch(new Request(URL_, { headers }))
    expect(again.status).toBe(401)
    expect(again.headers.get('www-authenticate')).toMatch(/^DPoP error="invalid_dpop_proof"/)
  })
})

describe('README examples of the section', () => {
  it('every import from verify-access-token → a name the package exports', () => {
    const imported = examples.flatMap((example) =>
      [...example.matchAll(/import \{([^}]*)\} from 'verify-access-token'/g)].flatMap((match) => match[1]!.split(',').map((name) => name.trim())))
    expect(imported.length).toBeGreaterThan(0)
    expect(imported.filter((name) => !Object.hasOwn(lib, name))).toEqual([])
  })
})
