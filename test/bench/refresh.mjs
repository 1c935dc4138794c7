/**
 * Stale-while-revalidate, measured: how long tokens wait while a stale remote key set refreshes
 * from an endpoint that takes 3 s to answer. A loopback server serves the set; once it is stale,
 * every response is delayed; tokens are verified one after another for a few seconds and each
 * one's latency is recorded. Prints p50, p99 and the maximum, and the requests made.
 *
 *   npm run build && node test/bench/refresh.mjs [--delay 3000] [--seconds 4]
 *
 * Uses the built package (dist/), as users do. Node only; loopback only; stops by itself.
 */
import { createServer } from 'node:http'
import { generateKeyPairSync, sign } from 'node:crypto'
import { parseArgs } from 'node:util'
import { createRemoteJwks, createVerifier } from '../../dist/index.js'

const { values } = parseArgs({ options: { delay: { type: 'string', default: '3000' }, seconds: { type: 'string', default: '4' } } })
const delay = Number(values.delay)
const seconds = Number(values.seconds)

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'ES256', use: 'sig' }
const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
const now = () => Math.floor(Date.now() / 1000)
function token() {
  const input = `${b64({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' })}.${b64({ iss: 'https://as.example/', aud: 'api', exp: now() + 600, iat: now(), sub: 'u' })}`
  return `${input}.${sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`
}

let slow = false
let requests = 0
const server = createServer((request, response) => {
  requests++
  const answer = () => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }))
  if (slow) setTimeout(answer, delay)
  else answer()
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const url = `http://127.0.0.1:${server.address().port}/jwks.json`

const jwks = createRemoteJwks(url, { cacheMaxAge: 1000, timeout: Math.max(5000, delay + 2000) })
const verify = createVerifier({ jwks, issuer: 'https://as.example/', audience: 'api' })
const warm = await verify(token())
if (!warm.ok) throw new Error(`warm-up failed: ${warm.step}/${warm.code}`)

// The set is fresh for one second; then every response takes `delay` ms.
slow = true
await new Promise((resolve) => setTimeout(resolve, 1100))
const latencies = []
const tokens = Array.from({ length: 64 }, token)
const end = performance.now() + seconds * 1000
let refused = 0
for (let i = 0; performance.now() < end; i++) {
  const start = performance.now()
  const result = await verify(tokens[i % tokens.length])
  latencies.push(performance.now() - start)
  if (!result.ok) refused++
  // Yield to the event loop now and then, as a server between requests would.
  if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve))
}
latencies.sort((a, b) => a - b)
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(3)
console.log(`stale-while-revalidate, endpoint delay ${delay} ms, ${seconds} s of sequential tokens (node ${process.version})`)
console.log(`tokens: ${latencies.length}, refused: ${refused}, requests after warm-up: ${requests - 1}`)
console.log(`latency ms: p50 ${at(0.5)}, p99 ${at(0.99)}, max ${latencies.at(-1).toFixed(3)}`)
server.closeAllConnections()
server.close()
