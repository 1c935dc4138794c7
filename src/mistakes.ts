/**
 * Caller mistakes: the one way options are read and refused, shared by `options.ts` and
 * `remote.ts`. A mistake throws a `TypeError` before any token is seen; token and key-set
 * content never reaches this file.
 */

/** Errors this library made itself; any other error met while reading options gets wrapped. */
const OURS = new WeakSet<object>()

/** Throws the `TypeError` for a caller mistake. Messages say the fix in a few words. */
export function fail(message: string, cause?: unknown): never {
  const error = new TypeError(`verify-access-token: ${message}`, cause === undefined ? undefined : { cause })
  OURS.add(error)
  throw error
}

/**
 * Runs `read` over caller objects and turns anything it throws that is not our own mistake (a
 * throwing getter, a Proxy trap, a revoked Proxy) into a `TypeError` with the original as `cause`.
 */
export function guarded<T>(what: string, read: () => T): T {
  try {
    return read()
  } catch (error) {
    if (typeof error === 'object' && error !== null && OURS.has(error)) throw error
    return fail(`${what} could not be read`, error)
  }
}

/**
 * A caller object's property, found on the object itself or on a prototype other than
 * `Object.prototype`: a class instance's getter or a Promise's `then` counts, a member that a
 * polluted `Object.prototype` adds never does.
 */
export function read(value: object, name: PropertyKey): unknown {
  for (let o: object | null = value; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    if (Object.hasOwn(o, name)) return (value as Record<PropertyKey, unknown>)[name]
  }
  return undefined
}

/**
 * Copies an options object's own enumerable properties into a null-prototype object, refusing
 * names not in `known` (a misspelt option would silently drop the check it meant to ask for).
 */
export function readOptions<T extends object>(input: unknown, known: readonly string[], what = 'options'): Partial<T> {
  if (typeof input !== 'object' || input === null) fail(`${what} must be an object`)
  const options: Record<string, unknown> = Object.create(null)
  for (const name of Object.keys(input)) {
    // Security: an unknown name is a mistake, not an option to ignore (`scope` for `scopes`).
    if (!known.includes(name)) fail(`unknown option ${JSON.stringify(name)}${suggest(name, known)}`)
    options[name] = (input as Record<string, unknown>)[name]
  }
  return options as Partial<T>
}

/** ` (did you mean "x"?)` for a name one edit or a plural away from a known one. */
function suggest(name: string, known: readonly string[]): string {
  const lower = name.toLowerCase()
  const match = known.find((k) => {
    const l = k.toLowerCase()
    return l === lower || l === `${lower}s` || `${l}s` === lower || distance(l, lower) <= 2
  })
  return match === undefined ? '' : ` (did you mean ${JSON.stringify(match)}?)`
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = row
  }
  return previous[b.length]!
}

/**
 * A duration or size within [min, max] (whole when `whole`), shared by every option with a unit.
 * The bounds catch unit mistakes (seconds given for milliseconds and the reverse) and the timer
 * limit of 2^31 − 1 ms.
 */
export function duration(value: unknown, name: string, min: number, max: number, unit: string, whole = true): number {
  if (typeof value !== 'number' || !(whole ? Number.isInteger(value) : Number.isFinite(value)) || value < min || value > max) {
    // Number.MIN_VALUE as the lower bound means "any positive number" (maxTokenAge): said so,
    // rather than as "from 5e-324 to 1.7976931348623157e+308".
    const range = min === Number.MIN_VALUE ? 'greater than 0' : `from ${min} to ${max}`
    fail(`${name} must be ${whole ? 'a whole number' : 'a number'} of ${unit} ${range}`)
  }
  return value
}

/** The longest delay timers honour (2^31 − 1 ms); beyond it Node fires after 1 ms. */
export const MAX_TIMER = 2 ** 31 - 1
