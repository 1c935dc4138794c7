/**
 * The timing core, portable (Node, Bun, Deno): interleaved rounds in one process, each entry timed
 * for one slice per round in an order rotated every round, so that drift of a shared machine hits
 * every entry alike. Reported figures are medians over rounds, and every ratio is the median of
 * the per-round ratios (never a ratio of medians), as test/bench/README.md explains.
 */

/**
 * @typedef {object} Entry
 * @property {string} label
 * @property {(token: string) => unknown} verify
 * @property {boolean} sync a plain call per token instead of an await
 * @property {readonly string[]} tokens cycled through, continuing across slices
 */

const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
export { median }

/** One slice of one-at-a-time verification; returns operations per second. */
async function sequentialSlice(entry, state, ms) {
  const { verify, tokens } = entry
  const n = tokens.length
  let i = state.next
  let ops = 0
  const start = performance.now()
  const end = start + ms
  let now = start
  if (entry.sync) {
    while (now < end) {
      for (let k = 0; k < 32; k++) {
        try { verify(tokens[i]) } catch {}
        if (++i === n) i = 0
      }
      ops += 32
      now = performance.now()
    }
  } else {
    while (now < end) {
      for (let k = 0; k < 16; k++) {
        try { await verify(tokens[i]) } catch {}
        if (++i === n) i = 0
      }
      ops += 16
      now = performance.now()
    }
  }
  state.next = i
  return ops / ((now - start) / 1000)
}

/** Batches of `batch` verifications issued at once (Promise.all) until the slice is over. */
async function concurrentSlice(entry, state, ms, batch) {
  const { verify, tokens } = entry
  let ops = 0
  const start = performance.now()
  let now = start
  do {
    const group = []
    for (let k = 0; k < batch; k++) {
      group.push(tokens[state.next])
      if (++state.next === tokens.length) state.next = 0
    }
    // One argument only: a verifier may read a second one (ours takes call options).
    try { await Promise.all(group.map((token) => verify(token))) } catch {}
    ops += batch
    now = performance.now()
  } while (now - start < ms)
  return ops / ((now - start) / 1000)
}

// Process CPU time (all threads, so WebCrypto's thread pool too), where the runtime offers it.
const cpuNow = typeof process === 'object' && typeof process?.cpuUsage === 'function'
  ? () => { const { user, system } = process.cpuUsage(); return user + system }
  : () => NaN

/**
 * Times every entry for `rounds` rounds after one warm-up round. Returns ops/s per entry and
 * round, and beside it (`cpu`) the process CPU microseconds per operation, which a busy shared
 * machine inflates less than wall time.
 * @param {{ entries: Entry[], rounds: number, slice: number, mode?: 'sequential' | 'concurrent', batch?: number }} plan
 * @returns {Promise<Map<string, number[]> & { cpu: Map<string, number[]> }>}
 */
export async function measure({ entries, rounds, slice, mode = 'sequential', batch = 1000 }) {
  const states = entries.map(() => ({ next: 0 }))
  const results = new Map(entries.map((entry) => [entry.label, []]))
  const cpu = new Map(entries.map((entry) => [entry.label, []]))
  const run = (index) => mode === 'concurrent'
    ? concurrentSlice(entries[index], states[index], slice, batch)
    : sequentialSlice(entries[index], states[index], slice)
  for (let index = 0; index < entries.length; index++) await run(index) // warm-up: JIT, lazy imports, key caches
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < entries.length; k++) {
      // Rotated, and reversed every other round, so no entry always follows the same neighbour.
      const offset = (round + k) % entries.length
      const index = round % 2 === 0 ? offset : entries.length - 1 - offset
      const before = cpuNow()
      const wall = performance.now()
      const opsPerSecond = await run(index)
      const operations = opsPerSecond * (performance.now() - wall) / 1000
      results.get(entries[index].label).push(opsPerSecond)
      cpu.get(entries[index].label).push((cpuNow() - before) / operations)
    }
  }
  return Object.assign(results, { cpu })
}

/**
 * Medians of ops/s and of per-round ratios to `reference` (a label).
 * @param {Map<string, number[]>} results
 * @param {string} reference
 */
export function summarize(results, reference) {
  const base = results.get(reference)
  const rows = []
  for (const [label, values] of results) {
    const ratios = base === undefined ? [] : values.map((value, round) => value / base[round])
    const cpu = results.cpu?.get(label) ?? []
    rows.push({ label, opsPerSecond: median(values), ratio: median(ratios), cpuPerOp: median(cpu), rounds: values.length })
  }
  return rows
}

/** Median per-round ratio of two entries' results. */
export function ratioOf(results, numerator, denominator) {
  const a = results.get(numerator)
  const b = results.get(denominator)
  if (a === undefined || b === undefined) return NaN
  return median(a.map((value, round) => value / b[round]))
}
