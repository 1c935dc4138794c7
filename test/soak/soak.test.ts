/**
 * The soak of a remote key set inside `npm test`: the short schedule (5,000 verifications, 500 in
 * flight, about 10 s) against src/, then the rules that judge it, shown to catch what they must
 * (a judge that passes everything would make the soak prove nothing). `npm run test:soak` runs
 * 100,000 verifications against the build.
 */
import { describe, expect, it } from 'vitest'
import { createRemoteJwks, createVerifier } from '../../src/index.js'
import { formatSoak, judge, requestFigures, runSoak, SHORT } from './soak.mjs'

describe('soak', () => {
  it('5,000 verifications, 500 in flight, rotation and outages → no wrong verdict, fetches within the rules', async () => {
    const report = await runSoak({ createRemoteJwks, createVerifier }, SHORT)
    console.log(formatSoak(report).join('\n'))
    expect(report.errors).toEqual([])
    expect(report.wrong).toEqual([])
    expect(report.requests.violations).toEqual([])
    expect(report.verifications).toBe(SHORT.verifications)
    // The schedule happened: keys rotated, and the endpoint both served and failed.
    expect(report.rotations).toBeGreaterThanOrEqual(2)
    expect(report.requests.byOutcome.ok).toBeGreaterThan(0)
    expect(report.requests.total).toBeGreaterThan(report.requests.byOutcome.ok ?? 0)
  }, 90_000)
})

describe('the soak judge', () => {
  const plan = { ...SHORT, cooldown: 1000, retryAfter: 1000 }
  const at = 1_000_000
  // One fetch served g1 at `at`; one failed 5 s later.
  const fetches = [
    { start: at - 10, end: at, outcome: 'ok', kids: ['g1'], mode: 'ok' },
    { start: at + 5000, end: at + 5010, outcome: '500', kids: [], mode: '500' },
  ]
  const outcome = (kind: 'valid' | 'expired' | 'unknown kid' | 'tampered', verdict: string, start: number, kid = 'g1') =>
    ({ kind, kid, start, end: start + 5, verdict })

  it('right verdicts → none wrong', () => {
    const right = [
      outcome('valid', 'ok', at + 100),
      outcome('expired', 'claims/expired', at + 100),
      outcome('tampered', 'signature/invalid_signature', at + 100),
      outcome('unknown kid', 'signature/key_not_found', at + 3000),
      outcome('valid', 'signature/jwks_unavailable', at + 5500), // within the failure state
      outcome('valid', 'signature/key_not_found', at + 500, 'g2'), // g2 missing from a fetch within the cooldown
    ]
    expect(judge(right, fetches, plan).wrongCount).toBe(0)
  })

  it.each([
    ['ok for an expired token', outcome('expired', 'ok', at + 100)],
    ['ok for an unknown kid', outcome('unknown kid', 'ok', at + 100, 'u1')],
    ['ok for a tampered token', outcome('tampered', 'ok', at + 100)],
    ['ok before its key was ever served', outcome('valid', 'ok', at - 500)],
    ['jwks_unavailable with no failure near', outcome('valid', 'signature/jwks_unavailable', at + 2000)],
    ['key_not_found for a served key, no fetch within the cooldown', outcome('valid', 'signature/key_not_found', at + 3000)],
    ['a claims failure of a valid token', outcome('valid', 'claims/expired', at + 100)],
    ['invalid_signature for a valid token', outcome('valid', 'signature/invalid_signature', at + 100)],
  ])('%s → wrong', (_, wrong) => {
    expect(judge([wrong], fetches, plan).wrongCount).toBe(1)
  })

  it('a fetch too soon after a failure, two fetches at once, three in one cooldown → rule violations', () => {
    const log = [
      { start: 0, end: 10, outcome: '500', kids: [], mode: '500' },
      { start: 500, end: 510, outcome: 'ok', kids: ['g1'], mode: 'ok' }, // before the 1 s backoff
      { start: 600, end: 700, outcome: 'ok', kids: ['g1'], mode: 'ok' },
      { start: 650, end: 660, outcome: 'ok', kids: ['g1'], mode: 'ok' }, // overlaps, and a third within the cooldown
    ]
    const { violations } = requestFigures(log, plan, 1, 4, 1)
    expect(violations.some((v) => v.includes('after failure 1'))).toBe(true)
    expect(violations.some((v) => v.includes('single flight'))).toBe(true)
    expect(violations.some((v) => v.includes('three fetches'))).toBe(true)
  })
})
