// @ts-check
/** The soak's schedule, shared by the endpoint (worker thread) and the soak that judges it. */

/**
 * The soak's shape. Durations in milliseconds.
 * @typedef {object} Schedule
 * @property {number} verifications
 * @property {number} inflight verifications in flight at once
 * @property {number} minDuration dispatch is paced so the run lasts at least this long
 * @property {number} maxDuration dispatch stops here whatever is left (a hard bound)
 * @property {number} rotateEvery the signing key changes this often (soak.mjs)
 * @property {number} cycle the endpoint's schedule repeats with this period: up, then one outage
 * @property {number} outage how long each outage lasts, at the end of each cycle
 * @property {number} maxAge the endpoint's Cache-Control max-age
 * @property {number} cooldown the remote set's cooldown
 * @property {number} timeout the remote set's fetch timeout
 * @property {number} retryAfter the endpoint's Retry-After during a 429 outage
 */

/** The outages, in turn: an error status, a request never answered, a 429 with Retry-After. */
export const OUTAGES = /** @type {const} */ (['500', 'no answer', '429'])

/**
 * What the endpoint does for a request arriving at `now`: `ok`, or the current cycle's outage.
 * @param {Schedule} plan
 * @param {number} started when the endpoint started (ms since the epoch)
 * @param {number} now
 * @returns {'ok' | typeof OUTAGES[number]}
 */
export function modeAt(plan, started, now) {
  const t = now - started
  const cycle = Math.floor(t / plan.cycle)
  return t % plan.cycle >= plan.cycle - plan.outage ? OUTAGES[cycle % OUTAGES.length] ?? '500' : 'ok'
}
