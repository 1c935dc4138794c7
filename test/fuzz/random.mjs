// @ts-check
/**
 * A seeded generator for the fuzzer: sfc32 (Chris Doty-Humphrey's small fast counter), whose state
 * comes from the run's seed and the case's index through splitmix32. Every case has its own stream,
 * so `--seed S --case I` rebuilds case I alone, whatever ran before it.
 */

/** @param {number} x @returns {[number, number]} */
function splitmix32(x) {
  x = (x + 0x9e3779b9) | 0
  let z = x
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return [x, (z ^ (z >>> 16)) >>> 0]
}

/**
 * The random choices one case makes.
 * @typedef {object} Random
 * @property {() => number} u32 a uniform 32-bit unsigned integer
 * @property {(n: number) => number} int a uniform integer in [0, n)
 * @property {(min: number, max: number) => number} between a uniform integer in [min, max]
 * @property {(p: number) => boolean} chance true with probability p
 * @property {<T>(list: readonly T[]) => T} pick one member of a non-empty list
 * @property {<T>(choices: readonly (readonly [number, T])[]) => T} weighted one value, by weight
 * @property {<T>(list: readonly T[]) => T[]} shuffle a shuffled copy
 * @property {(length: number) => Uint8Array} bytes random octets
 */

/**
 * @param {number} seed the run's seed (a 32-bit unsigned integer)
 * @param {number} stream the case's index, or any other stream number
 * @returns {Random}
 */
export function random(seed, stream) {
  const state = [seed ^ Math.imul(stream + 1, 0x632be5ab)]
  const next = () => {
    const [s, out] = splitmix32(/** @type {number} */ (state[0]))
    state[0] = s
    return out
  }
  let a = next()
  let b = next()
  let c = next()
  next()
  let counter = 1
  const u32 = () => {
    const t = (((a + b) | 0) + counter) | 0
    counter = (counter + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  for (let i = 0; i < 12; i++) u32()
  /** @param {number} n */
  const int = (n) => Math.floor((u32() / 0x1_0000_0000) * n)
  return {
    u32,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (p) => u32() / 0x1_0000_0000 < p,
    pick(list) {
      if (list.length === 0) throw new Error('pick from an empty list')
      return /** @type {typeof list[number]} */ (list[int(list.length)])
    },
    weighted(choices) {
      const total = choices.reduce((sum, [weight]) => sum + weight, 0)
      let at = (u32() / 0x1_0000_0000) * total
      for (const [weight, value] of choices) {
        if (at < weight) return value
        at -= weight
      }
      return /** @type {typeof choices[number]} */ (choices[choices.length - 1])[1]
    },
    shuffle(list) {
      const copy = [...list]
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(i + 1)
        ;[copy[i], copy[j]] = [/** @type {typeof copy[number]} */ (copy[j]), /** @type {typeof copy[number]} */ (copy[i])]
      }
      return copy
    },
    bytes(length) {
      const out = new Uint8Array(length)
      for (let i = 0; i < length; i++) out[i] = u32() & 0xff
      return out
    },
  }
}

/** A fresh seed: 32 random bits from the platform. */
export function freshSeed() {
  return crypto.getRandomValues(new Uint32Array(1))[0] ?? 0
}
