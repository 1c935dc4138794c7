// @ts-check
/**
 * A soak of a remote key set (issue 9): a loopback key-set endpoint (endpoint.mjs, in a worker
 * thread) whose signing key rotates every few seconds and which fails now and then (HTTP 500, a
 * request never answered, 429 with Retry-After), and one verifier meeting it with hundreds of
 * tokens in flight: valid, expired, with an unknown kid, and tampered. Each fetch the remote set
 * makes goes through a recording `fetch` (its `fetch` option), so every verdict can be judged
 * against what the library was actually sent, and when:
 *
 *   served(K)   a fetch that succeeded with K in its key set ended by the verification's end.
 *   failing     a fetch failed (error status, timeout, network) at a time f with
 *               start - maxWait <= f <= end, maxWait = max(cooldown, Retry-After): the longest
 *               failure state the library may keep after one failure.
 *   missing(K)  a fetch succeeded without K within [start - cooldown, end]: the library may hold
 *               a set without K and, within the cooldown, refuse to refetch for an unknown kid.
 *
 *   token          right verdicts
 *   valid          ok if served(K); jwks_unavailable if failing; key_not_found if missing(K)
 *   expired        claims/expired if served(K); jwks_unavailable if failing; key_not_found if missing(K)
 *   unknown kid    key_not_found; jwks_unavailable if failing (never ok)
 *   tampered       invalid_signature if served(K); jwks_unavailable if failing; key_not_found if missing(K)
 *
 * Anything else is a wrong verdict. The fetches themselves are judged against the remote set's
 * rules (one at a time; after the k-th failure none before min(1 s × 2^(k-1), cooldown) or the
 * Retry-After; while healthy at most two per cooldown), and heap and latency are measured. Every
 * time comparison has 50 ms of slack for timers.
 */
import { generateKeyPairSync, sign } from 'node:crypto'
import { Worker } from 'node:worker_threads'
import { modeAt } from './schedule.mjs'

/** @typedef {import('../../src/index.js').VerifyResult} VerifyResult */
/** @typedef {import('./schedule.mjs').Schedule} Schedule */

/**
 * @typedef {object} Library
 * @property {typeof import('../../src/index.js').createVerifier} createVerifier
 * @property {typeof import('../../src/index.js').createRemoteJwks} createRemoteJwks
 */

/** @type {Schedule} */
export const FULL = {
  verifications: 100_000, inflight: 500, minDuration: 40_000, maxDuration: 280_000,
  rotateEvery: 4000, cycle: 6000, outage: 2500, maxAge: 3000, cooldown: 2000, timeout: 1000, retryAfter: 2000,
}

/** The short soak inside `npm test`: the same kinds of events, compressed to the library's minimums. */
export const SHORT = {
  verifications: 5000, inflight: 500, minDuration: 9000, maxDuration: 60_000,
  rotateEvery: 2000, cycle: 3000, outage: 1200, maxAge: 1000, cooldown: 1000, timeout: 500, retryAfter: 1000,
}

const ISSUER = 'https://soak.example'
const AUDIENCE = 'https://api.example'
const SLACK = 50
/** The largest heap growth accepted between the two measurements, in bytes. */
const HEAP_GROWTH_LIMIT = 16 * 1048576

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
/** @param {number[]} sorted @param {number} p */
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
/** @param {string} value */
const b64url = (value) => Buffer.from(value).toString('base64url')

/**
 * One fetch as the library saw it.
 * @typedef {{ start: number, end: number, outcome: string, kids: string[], mode: string }} Fetch
 */

/**
 * A `fetch` that records each request's times, outcome and served kids. It reads the body itself
 * (under the library's abort signal, so a timeout while reading is recorded too) and hands the
 * library an identical response.
 * @param {Fetch[]} log
 * @param {(now: number) => string} mode the endpoint's scheduled mode at a time
 * @returns {(input: string, init: RequestInit) => Promise<Response>}
 */
function recordingFetch(log, mode) {
  return async (input, init) => {
    const entry = { start: Date.now(), end: 0, outcome: 'pending', kids: /** @type {string[]} */ ([]), mode: mode(Date.now()) }
    log.push(entry)
    try {
      const response = await fetch(input, init)
      const body = await response.arrayBuffer()
      entry.end = Date.now()
      entry.outcome = response.ok ? 'ok' : String(response.status)
      if (response.ok) entry.kids = JSON.parse(new TextDecoder().decode(body)).keys.map((/** @type {{ kid: string }} */ k) => k.kid)
      return new Response(body, { status: response.status, headers: response.headers })
    } catch (error) {
      entry.end = Date.now()
      entry.outcome = init.signal?.aborted === true ? 'timeout' : 'network'
      throw error
    }
  }
}

/**
 * @typedef {'valid' | 'expired' | 'unknown kid' | 'tampered'} Kind
 * @typedef {{ kind: Kind, kid: string, start: number, end: number, verdict: string }} Outcome
 */

/**
 * Runs the soak. Resolves to the report; no wrong verdict, no rule violation and no error means it held.
 * @param {Library} lib
 * @param {Schedule} plan
 * @param {(line: string) => void} [progress]
 */
export async function runSoak(lib, plan, progress) {
  const gc = /** @type {(() => void) | undefined} */ (/** @type {Record<string, unknown>} */ (globalThis).gc)
  const started = Date.now()
  const worker = new Worker(new URL('./endpoint.mjs', import.meta.url), { workerData: { plan, started } })
  /** @type {(type: string) => Promise<any>} */
  const nextMessage = (type) => new Promise((resolve) => {
    const on = (/** @type {{ type: string }} */ message) => { if (message.type === type) { worker.off('message', on); resolve(message) } }
    worker.on('message', on)
  })
  const { url } = await nextMessage('ready')

  // Keys. The signing key changes every `rotateEvery`, in turn to a key published that instant
  // (its first tokens meet a set without it: the unknown-kid refetch) and to a key announced one
  // period before (published beside the signing key, as issuers roll keys). The key replaced
  // stays published for one more period.
  /** @typedef {{ kid: string, privateKey: import('node:crypto').KeyObject, jwk: Record<string, unknown> }} Key */
  /** @type {Key | undefined} */
  let signer
  /** @type {Key | undefined} */
  let announced
  let generation = 0
  let rotations = -1
  const newKey = () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const kid = `g${generation++}`
    return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' } }
  }
  const tick = async () => {
    if (rotations % 2 !== 0) {
      const now = newKey()
      const next = newKey()
      const done = nextMessage('published')
      worker.postMessage({ type: 'publish', keys: [...(signer === undefined ? [] : [signer]), now, next].map((k) => k.jwk) })
      await done
      signer = now
      announced = next
    } else {
      signer = announced
    }
    rotations++
  }
  await tick()
  const rotation = setInterval(() => void tick(), plan.rotateEvery)

  /** @type {Fetch[]} */
  const fetches = []
  const jwks = lib.createRemoteJwks(url, { cooldown: plan.cooldown, timeout: plan.timeout, fetch: recordingFetch(fetches, (now) => modeAt(plan, started, now)) })
  const verify = lib.createVerifier({ jwks, issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'] })
  gc?.()
  const heapBefore = process.memoryUsage().heapUsed

  /** @type {Outcome[]} */
  const outcomes = []
  /** @type {number[]} */
  const latencies = []
  /** @type {string[]} */
  const errors = []
  let unhandled = 0
  const onUnhandled = () => { unhandled++ }
  process.on('unhandledRejection', onUnhandled)
  const begin = Date.now()
  const rate = plan.verifications / plan.minDuration // per ms
  let next = 0
  let peakRss = 0

  /** One token of a kind, signed now by the newest key. */
  const tokenOf = (/** @type {Kind} */ kind, /** @type {number} */ i) => {
    const key = /** @type {Key} */ (signer)
    const now = Math.floor(Date.now() / 1000)
    const kid = kind === 'unknown kid' ? `unknown-${i}` : key.kid
    const claims = { iss: ISSUER, aud: AUDIENCE, sub: `user-${i % 100}`, iat: now - 60, exp: kind === 'expired' ? now - 30 : now + 600, jti: `t${i}` }
    const input = `${b64url(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid }))}.${b64url(JSON.stringify(claims))}`
    let signature = sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')
    if (kind === 'tampered') {
      // One character in the middle: still canonical base64url of 64 octets, no longer the signature.
      const at = 20 + (i % 40)
      signature = signature.slice(0, at) + (signature[at] === 'A' ? 'B' : 'A') + signature.slice(at + 1)
    }
    return { token: `${input}.${signature}`, kid }
  }

  const dispatcher = async () => {
    for (let i = next++; i < plan.verifications; i = next++) {
      const due = begin + i / rate
      if (Date.now() < due) await sleep(due - Date.now())
      if (Date.now() - begin > plan.maxDuration) {
        if (next <= plan.verifications) errors.push(`stopped at the ${plan.maxDuration / 1000} s bound with ${plan.verifications - i} verifications left`)
        next = plan.verifications + 1
        return
      }
      // 11 valid, 3 expired, 3 unknown kid and 3 tampered in every 20.
      const kind = /** @type {Kind} */ (i % 20 < 11 ? 'valid' : i % 20 < 14 ? 'expired' : i % 20 < 17 ? 'unknown kid' : 'tampered')
      const { token, kid } = tokenOf(kind, i)
      const start = Date.now()
      const t0 = performance.now()
      try {
        const result = await verify(token)
        latencies.push(performance.now() - t0)
        outcomes.push({ kind, kid, start, end: Date.now(), verdict: result.ok ? 'ok' : `${result.step}/${result.code}` })
      } catch (error) {
        errors.push(`verification ${i} threw: ${String(error)}`)
      }
      if (i % 1000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss)
      if (progress !== undefined && i > 0 && i % (plan.verifications / 10) === 0) {
        progress(`  ${i.toLocaleString('en-US')} verifications, ${((Date.now() - begin) / 1000).toFixed(0)} s, ${fetches.length} fetches`)
      }
    }
  }
  await Promise.all(Array.from({ length: plan.inflight }, dispatcher))
  const seconds = (Date.now() - begin) / 1000
  clearInterval(rotation)
  const stopped = nextMessage('log')
  worker.postMessage({ type: 'stop' })
  const { log: served, maxOpen } = await stopped
  await worker.terminate()
  await sleep(20)
  process.off('unhandledRejection', onUnhandled)
  if (unhandled > 0) errors.push(`${unhandled} unhandled rejections`)

  const judged = judge(outcomes, fetches, plan)
  latencies.sort((a, b) => a - b)
  const latency = { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? 0 }
  const verifications = outcomes.length
  // The soak's own records go before the second measurement; the verifier and its key set stay.
  outcomes.length = 0
  latencies.length = 0
  gc?.()
  const heapAfter = process.memoryUsage().heapUsed
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
  // Judged only after collections (--expose-gc): otherwise garbage not yet collected counts too.
  if (gc !== undefined && heapAfter - heapBefore > HEAP_GROWTH_LIMIT) errors.push(`the heap grew by more than ${HEAP_GROWTH_LIMIT / 1048576} MB`)
  if (verifications < plan.verifications) errors.push(`${plan.verifications - verifications} verifications did not complete`)
  const alive = typeof verify === 'function' && typeof jwks.reload === 'function'
  return {
    plan, seconds, verifications, rotations, alive,
    verdicts: judged.verdicts, wrong: judged.wrong, wrongCount: judged.wrongCount,
    requests: requestFigures(fetches, plan, seconds, served.length, maxOpen),
    latency,
    heap: { before: heapBefore, after: heapAfter, gc: gc !== undefined, peakRss },
    errors,
  }
}

/**
 * Judges every verdict by the rules in the header comment.
 * @param {Outcome[]} outcomes
 * @param {Fetch[]} fetches
 * @param {Schedule} plan
 */
export function judge(outcomes, fetches, plan) {
  const ok = fetches.filter((f) => f.outcome === 'ok')
  const failed = fetches.filter((f) => f.outcome !== 'ok' && f.outcome !== 'pending').map((f) => f.end)
  const maxWait = Math.max(plan.cooldown, plan.retryAfter)
  /** @type {Map<string, number>} */
  const firstServed = new Map()
  for (const f of ok) for (const kid of f.kids) if ((firstServed.get(kid) ?? Infinity) > f.end) firstServed.set(kid, f.end)
  const served = (/** @type {string} */ kid, /** @type {number} */ e) => (firstServed.get(kid) ?? Infinity) <= e + SLACK
  const failing = (/** @type {number} */ s, /** @type {number} */ e) => failed.some((f) => f <= e + SLACK && f + maxWait + SLACK >= s)
  const missing = (/** @type {string} */ kid, /** @type {number} */ s, /** @type {number} */ e) =>
    ok.some((f) => !f.kids.includes(kid) && f.end <= e + SLACK && f.end >= s - plan.cooldown - SLACK)
  const success = { valid: 'ok', expired: 'claims/expired', 'unknown kid': undefined, tampered: 'signature/invalid_signature' }
  /** @type {Record<string, Record<string, number>>} */
  const verdicts = {}
  /** @type {(Outcome & { why: string })[]} */
  const wrong = []
  let wrongCount = 0
  for (const o of outcomes) {
    const byKind = (verdicts[o.kind] ??= {})
    byKind[o.verdict] = (byKind[o.verdict] ?? 0) + 1
    const right = o.verdict === 'signature/jwks_unavailable' ? failing(o.start, o.end)
      : o.verdict === 'signature/key_not_found' ? o.kind === 'unknown kid' || missing(o.kid, o.start, o.end)
      : o.verdict === success[o.kind] && served(o.kid, o.end)
    if (!right) {
      wrongCount++
      if (wrong.length < 10) wrong.push({ ...o, why: `${o.verdict} for a ${o.kind} token` })
    }
  }
  return { verdicts, wrong, wrongCount }
}

/**
 * The fetches against the remote set's rules.
 * @param {Fetch[]} fetches
 * @param {Schedule} plan
 * @param {number} seconds
 * @param {number} received requests the endpoint logged
 * @param {number} maxOpen the most requests the endpoint had open at once
 */
export function requestFigures(fetches, plan, seconds, received, maxOpen) {
  const sorted = [...fetches].sort((a, b) => a.start - b.start)
  /** @type {string[]} */
  const violations = []
  let failures = 0
  let overlapping = 0
  for (let i = 1; i < sorted.length; i++) {
    const previous = /** @type {Fetch} */ (sorted[i - 1])
    const request = /** @type {Fetch} */ (sorted[i])
    if (request.start < previous.end) overlapping++
    if (previous.outcome === 'ok') {
      failures = 0
      const before = sorted[i - 2]
      if (before?.outcome === 'ok' && request.start - before.start < plan.cooldown - SLACK) {
        violations.push(`three fetches within ${request.start - before.start} ms while the endpoint answered (cooldown ${plan.cooldown} ms)`)
      }
      continue
    }
    failures++
    const backoff = Math.min(1000 * 2 ** (failures - 1), Math.max(plan.cooldown, 1000))
    const wait = previous.outcome === '429' ? Math.max(backoff, plan.retryAfter) : backoff
    if (request.start - previous.end < wait - SLACK) {
      violations.push(`a fetch ${request.start - previous.end} ms after failure ${failures} (${previous.outcome}); the backoff is ${wait} ms`)
    }
  }
  if (overlapping > 0) violations.push(`${overlapping} fetches started while another was under way (single flight)`)
  /** @type {Record<string, number>} */
  const byOutcome = {}
  for (const f of fetches) byOutcome[f.outcome] = (byOutcome[f.outcome] ?? 0) + 1
  const failedWhileUp = fetches.filter((f) => f.outcome !== 'ok' && f.mode === 'ok').length
  // Two per cooldown while healthy, one per backoff step while failing.
  const ms = seconds * 1000
  const bound = 2 * Math.ceil(ms / plan.cooldown) + fetches.filter((f) => f.outcome !== 'ok').length + 2
  if (fetches.length > bound) violations.push(`${fetches.length} fetches, more than the ${bound} the rules allow`)
  return { total: fetches.length, received, maxOpen, byOutcome, failedWhileUp, bound, violations }
}

/**
 * The report as printed lines.
 * @param {Awaited<ReturnType<typeof runSoak>>} r
 */
export function formatSoak(r) {
  const n = (/** @type {number} */ x) => x.toLocaleString('en-US')
  const mb = (/** @type {number} */ x) => `${(x / 1048576).toFixed(1)} MB`
  const p = r.plan
  const q = r.requests
  return [
    `soak of a remote key set: ${n(r.verifications)} verifications, ${p.inflight} in flight, ${r.seconds.toFixed(1)} s`,
    `  endpoint: the signing key changes every ${p.rotateEvery / 1000} s (${r.rotations} rotations), in turn to a key published that instant and to one published ${p.rotateEvery / 1000} s before`,
    `    each ${p.cycle / 1000} s cycle ends with ${p.outage / 1000} s of 500, no answer, or 429 with Retry-After ${p.retryAfter / 1000} s, in turn; max-age ${p.maxAge / 1000} s`,
    `  remote set: cooldown ${p.cooldown / 1000} s, timeout ${p.timeout} ms`,
    ...Object.entries(r.verdicts).map(([kind, v]) => `  ${kind.padEnd(12)} ${Object.entries(v).sort((a, b) => b[1] - a[1]).map(([verdict, k]) => `${verdict} ${n(k)}`).join(', ')}`),
    `  wrong verdicts: ${r.wrongCount}`,
    ...r.wrong.map((w) => `    ✗ ${w.why}: kid ${w.kid}, ${w.start} to ${w.end}`),
    `  fetches: ${n(q.total)} for ${n(r.verifications)} verifications (${Object.entries(q.byOutcome).map(([k, v]) => `${k} ${v}`).join(', ')}; ${q.failedWhileUp} failed while the endpoint was scheduled up); the endpoint received ${q.received}, at most ${q.maxOpen} at once; rule violations: ${q.violations.length}`,
    ...q.violations.slice(0, 10).map((v) => `    ✗ ${v}`),
    `  latency per verification: p50 ${r.latency.p50.toFixed(1)} ms, p99 ${r.latency.p99.toFixed(1)} ms, max ${r.latency.max.toFixed(1)} ms`,
    `  heap used: ${mb(r.heap.before)} before, ${mb(r.heap.after)} after${r.heap.gc ? ' (each after global.gc())' : ' (no --expose-gc: not collected first)'}; peak RSS ${mb(r.heap.peakRss)}`,
    ...r.errors.map((e) => `  ✗ ${e}`),
  ]
}
