// @ts-check
/**
 * Key sets, options and tokens for the differential fuzzer: a configuration (key set with
 * distractor keys, issuers, audiences, algorithms, clock tolerance, age limit, profile, scopes),
 * tokens that are valid under it by construction, and tokens with random claim sets. Mutations of
 * valid tokens live in mutations.mjs. JSON is written as text here, so tokens can carry what
 * `JSON.stringify` never writes (`1e309`, duplicate names, escapes) and still be signed.
 */
import { ALGORITHMS } from '../codes.mjs'
import { ALGORITHMS_OF, DECORATIONS, signWith } from './keys.mjs'

/** @typedef {import('./random.mjs').Random} Random */
/** @typedef {import('./keys.mjs').BaseKey} BaseKey */
/** @typedef {import('./keys.mjs').Jwk} Jwk */
/** @typedef {import('../../src/index.js').Algorithm} Algorithm */
/** @typedef {import('../../src/index.js').KeyRule} KeyRule */

/** The time every case is verified at (seconds since the epoch; a whole second, as jose floors). */
export const NOW = 1_700_000_000
export const ISSUERS = /** @type {const} */ (['https://as.example', 'https://tenant.example/'])
export const AUDIENCES = /** @type {const} */ (['https://api.example', 'urn:example:api'])
/** The library's default `maxTokenLength`, which the fuzzer leaves in place. */
export const MAX_TOKEN_LENGTH = 16384

/**
 * One member of a key set.
 * @typedef {object} Entry
 * @property {BaseKey} key
 * @property {Jwk} jwk as published
 * @property {string} decoration
 * @property {boolean} clean published correctly, and the key itself passes the key policy
 * @property {KeyRule | undefined} rule the key-policy rule the library refuses this entry by
 */

/**
 * @typedef {object} Config
 * @property {Entry[]} entries
 * @property {{ keys: Jwk[] }} jwks
 * @property {string[]} issuers
 * @property {string[]} audiences
 * @property {Algorithm[]} algorithms
 * @property {number} clockTolerance seconds
 * @property {number | undefined} maxTokenAge seconds
 * @property {boolean} rfc9068
 * @property {string[]} scopes required scopes (all of them)
 */

/**
 * A random configuration over the key pool.
 * @param {Random} r
 * @param {readonly BaseKey[]} pool
 * @returns {Config}
 */
export function makeConfig(r, pool) {
  if (r.chance(0.04)) return crowded(r, pool)
  const count = r.weighted([[3, 1], [4, 2], [3, 3], [2, 4], [1, 6]])
  /** @type {Entry[]} */
  const entries = []
  for (let i = 0; i < count; i++) {
    const key = r.weighted(pool.map((k) => /** @type {const} */ ([k.weight, k])))
    /** @type {Jwk} */
    const jwk = { ...key.publicJwk }
    const earlier = entries.length > 0 ? r.pick(entries).jwk.kid : undefined
    // Mostly unique kids; sometimes none, sometimes one an earlier key already has.
    const kid = r.weighted([[8, `k${i}`], [1, undefined], [earlier === undefined ? 0 : 1, earlier]])
    if (kid !== undefined) jwk.kid = kid
    const decoration = r.weighted(DECORATIONS.map((d) => /** @type {const} */ ([d.weight, d])))
    // A kid copied from an earlier entry may be that entry's non-string kid (7): the policy
    // refuses such a key whatever its decoration, so the entry carries that rule too.
    const rule = decoration.apply(key, jwk, r.pick(ALGORITHMS_OF[key.kind])) ?? key.flaw ??
      (jwk.kid !== undefined && typeof jwk.kid !== 'string' ? 'kid' : undefined)
    entries.push({ key, jwk, decoration: decoration.name, clean: decoration.clean && rule === undefined, rule })
  }
  const kinds = [...new Set(entries.map((entry) => entry.key.kind))]
  /** @type {Algorithm[]} */
  const algorithms = r.chance(0.4)
    ? [...ALGORITHMS]
    : [...new Set([
      ...kinds.flatMap((kind) => r.shuffle(ALGORITHMS_OF[kind]).slice(0, r.between(1, ALGORITHMS_OF[kind].length))),
      ...(r.chance(0.3) ? [r.pick(ALGORITHMS)] : []),
    ])]
  const tolerance = r.weighted([[5, 0], [3, r.between(1, 120)], [1, 3600]])
  return {
    entries,
    jwks: { keys: entries.map((entry) => entry.jwk) },
    issuers: r.chance(0.7) ? [ISSUERS[0]] : [...ISSUERS],
    audiences: r.chance(0.7) ? [r.pick(AUDIENCES)] : [...AUDIENCES],
    algorithms,
    clockTolerance: tolerance,
    maxTokenAge: r.chance(0.25) ? r.between(1, 7200) : undefined,
    rfc9068: r.chance(0.2),
    scopes: r.weighted([[6, []], [2, ['read']], [1, ['read', 'write']]]),
  }
}

/**
 * A crowded key set: four to eight P-256 keys that all fit an ES256 token without a kid (or with
 * the one kid they share), so a token signed by a later key is past the library's 3 attempts.
 * @param {Random} r
 * @param {readonly BaseKey[]} pool
 * @returns {Config}
 */
function crowded(r, pool) {
  const shared = r.chance(0.3) ? 'shared' : undefined
  const keys = r.shuffle(pool.filter((k) => k.kind === 'P-256' && k.privateKey !== undefined)).slice(0, r.between(4, 8))
  /** @type {Entry[]} */
  const entries = keys.map((key) => ({ key, jwk: { ...key.publicJwk, ...(shared === undefined ? {} : { kid: shared }) }, decoration: 'plain', clean: true, rule: undefined }))
  return {
    entries, jwks: { keys: entries.map((e) => e.jwk) }, issuers: [ISSUERS[0]], audiences: [AUDIENCES[0]], algorithms: ['ES256'],
    clockTolerance: 0, maxTokenAge: undefined, rfc9068: false, scopes: [],
  }
}

/** Marks a number written as raw JSON text (`1e309`, `-0`, `1.0`). */
export class Raw {
  /** @param {string} text */
  constructor(text) { this.text = text }
}
/** Leaves a member out. */
export const ABSENT = Symbol('absent')

/**
 * JSON text of an object whose members may be `Raw` numbers or `ABSENT`.
 * @param {Record<string, unknown>} object
 * @returns {string}
 */
export function jsonText(object) {
  const raws = /** @type {string[]} */ ([])
  const text = JSON.stringify(object, (_, value) => {
    if (value instanceof Raw) {
      raws.push(value.text)
      return `\u0000raw${raws.length - 1}\u0000`
    }
    return value === ABSENT ? undefined : value
  })
  return text.replace(/"\\u0000raw(\d+)\\u0000"/g, (_, i) => /** @type {string} */ (raws[Number(i)]))
}

/**
 * Sets an own, enumerable member, also for the name `__proto__` (which assignment would not).
 * @param {Record<string, unknown>} object
 * @param {string} name
 * @param {unknown} value
 */
export function put(object, name, value) {
  Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true })
}

/** @param {string | Uint8Array} value */
export const b64url = (value) => Buffer.from(value).toString('base64url')

/**
 * A token from header and payload text (or bytes), signed by `key` with `alg`.
 * @param {BaseKey} key
 * @param {Algorithm} alg
 * @param {string} headerSegment already encoded
 * @param {string} payloadSegment already encoded
 */
export function signSegments(key, alg, headerSegment, payloadSegment) {
  const input = `${headerSegment}.${payloadSegment}`
  return `${input}.${b64url(signWith(key, alg, input))}`
}

/**
 * What a token was made from, for mutations and for checking a disagreement.
 * @typedef {object} Made
 * @property {string} token
 * @property {Entry} entry the entry whose key signed it
 * @property {Algorithm} alg
 * @property {Record<string, unknown>} header
 * @property {Record<string, unknown>} claims
 * @property {boolean} valid valid under the configuration by construction
 */

/**
 * Entries that can sign a token the configuration must accept: published cleanly, with a kid no
 * other entry has, and an allowed algorithm the entry fits.
 * @param {Config} config
 * @returns {{ entry: Entry, algs: Algorithm[] }[]}
 */
function validSigners(config) {
  return config.entries.flatMap((entry) => {
    const kid = entry.jwk.kid
    if (!entry.clean || typeof kid !== 'string' || config.entries.filter((e) => e.jwk.kid === kid).length !== 1) return []
    const algs = ALGORITHMS_OF[entry.key.kind].filter((alg) => config.algorithms.includes(alg) && (entry.jwk.alg === undefined || entry.jwk.alg === alg))
    return algs.length === 0 ? [] : [{ entry, algs }]
  })
}

const WORDS = ['read', 'write', 'admin', 'orders:read', 'profile', 'email']

/**
 * Claims the configuration accepts at NOW, with random well-typed extra claims.
 * @param {Random} r
 * @param {Config} c
 * @returns {Record<string, unknown>}
 */
export function validClaims(r, c) {
  const tolerance = c.clockTolerance
  /** @type {Record<string, unknown>} */
  const claims = {
    iss: r.pick(c.issuers),
    aud: r.chance(0.25) ? r.shuffle([r.pick(c.audiences), 'urn:example:other']) : r.pick(c.audiences),
    // Just inside the window now and then: expired is `now >= exp + tolerance`.
    exp: r.chance(0.15) ? NOW - tolerance + 1 : NOW + r.between(1, 7200) + (r.chance(0.1) ? 0.5 : 0),
  }
  if (c.rfc9068 || r.chance(0.8)) Object.assign(claims, { sub: `user-${r.int(100)}`, client_id: 'client-1', jti: `t${r.u32()}` })
  if (c.maxTokenAge !== undefined) claims.iat = NOW - r.between(-tolerance, c.maxTokenAge + tolerance - 1)
  else if (c.rfc9068 || r.chance(0.7)) claims.iat = NOW - r.between(0, 3600)
  if (r.chance(0.3)) claims.nbf = NOW - r.between(-tolerance, 600)
  const granted = [...c.scopes, ...r.shuffle(WORDS).slice(0, r.int(3))]
  if (granted.length > 0 || r.chance(0.5)) claims.scope = r.shuffle(granted).join(' ')
  if (r.chance(0.3)) claims.roles = r.shuffle(WORDS).slice(0, r.int(3))
  if (r.chance(0.2)) claims.amr = ['pwd']
  if (r.chance(0.2)) claims.acr = 'urn:mace:incommon:iap:silver'
  if (r.chance(0.2)) claims.auth_time = NOW - r.between(0, 9000)
  if (r.chance(0.2)) claims.tenant = { id: r.int(1000), name: 'tenant \u00e9\u4e2d' }
  // An own member named __proto__, as JSON.parse makes one: it must stay an ordinary claim.
  if (r.chance(0.1)) put(claims, '__proto__', { admin: true })
  return claims
}

/**
 * A token the configuration must accept, or undefined when no entry can sign one.
 * @param {Random} r
 * @param {Config} c
 * @returns {Made | undefined}
 */
export function makeValid(r, c) {
  const signers = validSigners(c)
  if (signers.length === 0) return undefined
  const { entry, algs } = r.pick(signers)
  const alg = r.pick(algs)
  const typ = c.rfc9068
    ? r.pick(['at+jwt', 'application/at+jwt', 'AT+JWT'])
    : r.pick([ABSENT, 'JWT', 'at+jwt', 'jwt', 'application/jwt', 'Application/AT+JWT'])
  /** @type {Record<string, unknown>} */
  const header = { alg, kid: entry.jwk.kid, typ }
  // Header parameters the library must ignore: key sources a token names are never followed.
  if (r.chance(0.1)) header.jku = 'https://attacker.example/jwks.json'
  if (r.chance(0.05)) header.x5t = 'bm90IGEgdGh1bWJwcmludA'
  if (r.chance(0.05)) header.cty = 'at+jwt'
  const claims = validClaims(r, c)
  const token = signSegments(entry.key, alg, b64url(jsonText(header)), b64url(jsonText(claims)))
  return { token, entry, alg, header, claims, valid: true }
}

/**
 * A token with a random claim set and header, signed by a random key of the set (or the weak key's
 * forgery): each claim is absent, right, just over or under a boundary, or of another type.
 * @param {Random} r
 * @param {Config} c
 * @param {readonly BaseKey[]} pool
 * @returns {Made}
 */
export function makeRandom(r, c, pool) {
  const signable = c.entries.filter((entry) => entry.key.privateKey !== undefined || entry.key.flaw === 'weak_key')
  const entry = signable.length > 0 && r.chance(0.9)
    ? r.pick(signable)
    : { key: r.pick(pool), jwk: {}, decoration: 'not in the set', clean: false, rule: undefined }
  const alg = r.pick(ALGORITHMS_OF[entry.key.kind])
  const t = c.clockTolerance
  const age = c.maxTokenAge ?? 600
  const iss = r.pick(c.issuers)
  const aud = r.pick(c.audiences)
  /** @type {(choices: readonly (readonly [number, unknown])[]) => unknown} */
  const w = (choices) => r.weighted(choices)
  /** @type {Record<string, unknown>} */
  const claims = {
    iss: w([[6, iss], [1, ABSENT], [1, 'https://evil.example'], [1, 7], [1, [iss]], [0.5, `${iss}/`]]),
    aud: w([[5, aud], [2, [aud]], [1, ['x', aud]], [1, []], [1, [aud, 7]], [0.5, [aud, null]], [1, 7], [1, ABSENT], [1, 'urn:other'], [0.5, { aud }]]),
    exp: w([[5, NOW + r.between(1, 3600)], [1, ABSENT], [1, NOW - t], [1, NOW - t + 1], [1, NOW - t - 0.5], [1, NOW - t + 0.5],
      [1, String(NOW + 600)], [1, null], [1, new Raw('1e309')], [0.5, new Raw('-1e309')], [0.5, true], [1, NOW - r.between(1, 100000)], [0.5, new Raw('1.7e9')]]),
    nbf: w([[5, ABSENT], [2, NOW - r.between(0, 600)], [1, NOW + t], [1, NOW + t + 1], [1, NOW + t + 0.5], [1, 'x'],
      [0.5, new Raw('1e309')], [0.5, new Raw('-1e309')], [0.5, null]]),
    iat: w([[4, NOW - r.between(0, 600)], [3, ABSENT], [1, NOW - age - t], [1, NOW - age - t + 1], [1, NOW - age - t - 1],
      [1, NOW + t], [1, NOW + t + 1], [1, 'x'], [0.5, new Raw('1e309')], [0.5, null]]),
    sub: w([[6, 'user-1'], [2, ABSENT], [1, 7], [0.5, null], [0.5, ['u']], [0.5, '']]),
    client_id: w([[6, 'client-1'], [2, ABSENT], [1, 7], [0.5, { id: 1 }]]),
    jti: w([[6, `t${r.u32()}`], [2, ABSENT], [1, 7], [0.5, false]]),
    azp: w([[8, ABSENT], [1, 'client-1'], [1, 7]]),
    acr: w([[8, ABSENT], [1, '1'], [1, 1]]),
    auth_time: w([[8, ABSENT], [1, NOW - 100], [1, 'x'], [0.5, new Raw('1e309')]]),
    amr: w([[8, ABSENT], [1, ['pwd']], [1, 'pwd'], [1, ['pwd', 7]]]),
    groups: w([[9, ABSENT], [1, ['g']], [0.5, 'g'], [0.5, [null]]]),
    roles: w([[9, ABSENT], [1, ['r']], [0.5, { r: 1 }]]),
    entitlements: w([[9, ABSENT], [1, ['e']], [0.5, 'e']]),
    scope: w([[4, 'read write'], [2, ABSENT], [1, 'read'], [1, ''], [1, ['read']], [1, 7], [1, 'read  write'], [1, 'read\twrite'], [0.5, 'Read']]),
  }
  const kids = c.entries.map((e) => e.jwk.kid)
  /** @type {Record<string, unknown>} */
  const header = {
    alg: w([[12, alg], [1, r.pick(ALGORITHMS_OF[entry.key.kind])], [0.5, r.pick(ALGORITHMS)]]),
    kid: w([[6, entry.jwk.kid ?? ABSENT], [2, ABSENT], [1, r.pick(kids) ?? ABSENT], [1, 'unknown'], [0.5, 7], [0.5, '']]),
    typ: w([[4, ABSENT], [2, 'JWT'], [2, 'at+jwt'], [1, 'application/at+jwt'], [1, 'AT+JWT'], [1, 'dpop+jwt'], [1, 'jwt'],
      [1, 'application/jwt'], [0.5, 7], [0.5, ''], [0.5, 'secevent+jwt'], [0.5, null]]),
  }
  if (r.chance(0.05)) header.jwk = pool[0]?.publicJwk
  if (r.chance(0.05)) header.x5u = 'https://attacker.example/cert.pem'
  const token = signSegments(entry.key, alg, b64url(jsonText(header)), b64url(jsonText(claims)))
  return { token, entry, alg, header, claims, valid: false }
}

/**
 * Any JSON value, for headers and claim sets that are nothing like a token.
 * @param {Random} r
 * @param {number} depth
 * @returns {unknown}
 */
export function jsonValue(r, depth = 3) {
  const kind = r.int(depth > 0 ? 8 : 5)
  if (kind === 0) return null
  if (kind === 1) return r.chance(0.5)
  if (kind === 2) return r.pick([0, -1, 1.5, NOW, 2 ** 53, -(2 ** 31), 1e-7, r.u32()])
  if (kind === 3) return r.pick(['', 'a', 'JWT', 'RS256', 'https://as.example', '\u0000', '\ud83d\ude00', 'k0', 'read write'])
  if (kind === 4) return new Raw(r.pick(['1e309', '-0', '1.0', '1E2', '-1e309', '0.1e1']))
  if (kind === 5) return Array.from({ length: r.int(4) }, () => jsonValue(r, depth - 1))
  /** @type {Record<string, unknown>} */
  const object = {}
  const names = ['alg', 'kid', 'typ', 'crit', 'iss', 'aud', 'exp', 'nbf', 'iat', 'sub', 'scope', 'x', '', '__proto__', 'constructor']
  for (let i = r.int(5); i > 0; i--) put(object, r.pick(names), jsonValue(r, depth - 1))
  return object
}
