/**
 * A loop to profile, not a benchmark: `node --cpu-prof --cpu-prof-dir=<dir> test/bench/profile.mjs
 * [valid|unknown kid|alg not allowed|header not JSON|cache] [RS256|ES256] [seconds]` verifies
 * tokens of that kind one at a time with `createVerifier` for that long, then prints the
 * top self-time functions of the newest profile in <dir> when given `--report <dir>` instead.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { makeFixtures } from './fixtures.mjs'

const args = process.argv.slice(2)
if (args[0] === '--report') {
  const dir = args[1]
  const file = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile')).sort().pop()
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'))
  const self = new Map()
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const dt = new Map()
  for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0))
  let total = 0
  for (const [id, time] of dt) {
    const { callFrame } = byId.get(id)
    const key = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.split('/').pop()}:${callFrame.lineNumber + 1}`
    self.set(key, (self.get(key) ?? 0) + time)
    total += time
  }
  // Shares of the busy time: idle (waiting for the thread pool) is reported, not counted.
  const idle = self.get('(idle) :0') ?? 0
  console.log(`idle ${(100 * idle / total).toFixed(1)} % of the wall time; shares below are of the rest`)
  self.delete('(idle) :0')
  for (const [key, time] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(args[2] ?? 25))) {
    console.log(`${(100 * time / (total - idle)).toFixed(1).padStart(5)} %  ${key}`)
  }
} else {
  const [kind = 'valid', alg = 'RS256', seconds = '5'] = args
  // Made once and kept, so that key generation and signing stay out of the profile.
  const cache = fileURLToPath(new URL('../../node_modules/.cache/verify-access-token/bench/profile-fixtures.json', import.meta.url))
  if (!existsSync(cache)) {
    mkdirSync(join(cache, '..'), { recursive: true })
    writeFileSync(cache, JSON.stringify(makeFixtures({ count: 1024, rejects: 256 })))
  }
  const fixtures = JSON.parse(readFileSync(cache, 'utf8'))
  const { createVerifier } = await import('../../dist/index.js')
  const options = { jwks: fixtures.jwks, issuer: fixtures.issuer, audience: fixtures.audience }
  const verify = createVerifier(kind === 'cache' ? { ...options, cache: { entries: 1000 } } : options)
  const tokens = kind === 'valid' ? fixtures.algs[alg].tokens : kind === 'cache' ? [fixtures.algs[alg].valid] : fixtures.algs[alg].reject[kind]
  const end = performance.now() + Number(seconds) * 1000
  let n = 0
  while (performance.now() < end) for (let k = 0; k < 64; k++) await verify(tokens[n++ % tokens.length])
  console.log(`${n} verifications, ${Math.round(n / Number(seconds))}/s`)
}
