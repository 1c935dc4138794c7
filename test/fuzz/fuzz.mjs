// @ts-check
/**
 * Differential and totality fuzzing of the verifier, with panva/jose as the independent oracle
 * (issue 9, "Proof under attack"). Each case is rebuilt from the run's seed and its own index
 * (random.mjs), so a failing case replays alone: `npm run test:fuzz -- --seed S --case I`.
 *
 * Differential cases (80 %): a configuration (key set with distractor keys, options) and a token
 * valid under it by construction, a token with a random claim set, a mutation of a valid token, or
 * random JSON signed by a configured key. The properties:
 *   1. every token valid by construction verifies, with the claims and header jose reads;
 *   2. nothing verifies that jose refuses;
 *   3. every token refused that jose accepts falls into a documented strictness class (oracle.mjs).
 * Totality cases (20 %, totality.mjs): junk strings, non-strings, junk signed content, junk key
 * sets and junk key-set endpoints. The property: a well-formed result, never a throw or an
 * unhandled rejection, and never `ok` unless the signer's own key was in the set.
 */
import { ALGORITHMS, CLAIM_NAMES, CODES_BY_STEP, FORMAT_REASONS } from '../codes.mjs'
import { loadKeys } from './keys.mjs'
import { MUTATIONS } from './mutations.mjs'
import { classify, CLASSES, joseVerifier, libraryOptions, readLeniently } from './oracle.mjs'
import { freshSeed, random } from './random.mjs'
import { AUDIENCES, b64url, ISSUERS, jsonText, jsonValue, makeConfig, makeRandom, makeValid, NOW, signSegments } from './tokens.mjs'
import { makeTotalityCase } from './totality.mjs'

/** @typedef {import('./random.mjs').Random} Random */
/** @typedef {import('./tokens.mjs').Config} Config */
/** @typedef {import('./tokens.mjs').Made} Made */
/** @typedef {import('./keys.mjs').Jwk} Jwk */
/** @typedef {import('../../src/index.js').VerifyResult} VerifyResult */
/** @typedef {import('../../src/index.js').VerifyFailure} VerifyFailure */

/**
 * The functions under test: from src/ (the vitest run) or from dist/ (npm run test:fuzz).
 * @typedef {object} Library
 * @property {typeof import('../../src/index.js').createVerifier} createVerifier
 * @property {typeof import('../../src/index.js').createRemoteJwks} createRemoteJwks
 */

/**
 * @typedef {object} Violation
 * @property {number} case
 * @property {string} kind
 * @property {string} what
 * @property {unknown} [library]
 * @property {unknown} [jose]
 * @property {unknown} [token]
 * @property {unknown} [config]
 */

/**
 * @typedef {object} Report
 * @property {number} seed
 * @property {number} cases
 * @property {number} seconds
 * @property {Record<string, number>} kinds cases per kind
 * @property {number} validByConstruction
 * @property {Record<string, number>} validByAlgorithm tokens valid by construction that verified, by algorithm
 * @property {number} bothAccept
 * @property {Record<string, number>} bothReject by the library's step
 * @property {number} libraryOnly tokens the library accepts and jose refuses (each a violation)
 * @property {{ id: string, title: string, failure: string, count: number, example: number, byFailure: Record<string, number> }[]} classes
 * @property {Record<string, number>} totality cases per kind
 * @property {number} unhandledRejections
 * @property {number} violationCount
 * @property {Violation[]} violations the first few, in full
 */

/** @param {number} n @param {string} unit */
const plural = (n, unit) => `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}`

/**
 * Why a result is not a well-formed result, or undefined when it is one.
 * @param {unknown} value
 */
export function malformedResult(value) {
  if (typeof value !== 'object' || value === null) return 'not an object'
  const result = /** @type {Record<string, unknown>} */ (value)
  let copy
  try {
    copy = JSON.stringify(JSON.parse(JSON.stringify(result)))
  } catch {
    return 'not serialisable'
  }
  if (copy !== JSON.stringify(result)) return 'changes in a JSON round trip'
  if (result.ok === true) {
    const header = /** @type {Record<string, unknown>} */ (result.header)
    if (typeof result.claims !== 'object' || typeof header !== 'object' || typeof header?.alg !== 'string') return 'ok without claims or header'
    return Array.isArray(result.scopes) && result.scopes.every((s) => typeof s === 'string') ? undefined : 'ok without scopes'
  }
  if (result.ok !== false) return 'ok is neither true nor false'
  const codes = /** @type {Record<string, readonly string[]>} */ (CODES_BY_STEP)[String(result.step)]
  if (codes === undefined || !codes.includes(String(result.code))) return `unknown step/code ${String(result.step)}/${String(result.code)}`
  if (typeof result.message !== 'string') return 'no message'
  if (result.step === 'format' && !(/** @type {readonly string[]} */ (FORMAT_REASONS)).includes(String(result.reason))) return 'unknown format reason'
  if (result.step === 'claims' && !(/** @type {readonly string[]} */ (CLAIM_NAMES)).includes(String(result.claim))) return 'unknown claim'
  return undefined
}

/** A failure as one line: step/code and its reason, rule or claim. */
export function describe(/** @type {VerifyResult} */ result) {
  if (result.ok) return 'ok'
  const detail = 'reason' in result ? result.reason : 'claim' in result ? result.claim : undefined
  const rule = 'rule' in result ? `/${String(result.rule)}` : ''
  return `${result.step}/${result.code}${detail === undefined ? '' : `/${String(detail)}`}${rule}`
}

/** Whether `keys` holds the public key of `jwk` (the members that make the key), however decorated. */
function holdsKey(/** @type {unknown[] | undefined} */ keys, /** @type {Jwk} */ jwk) {
  const material = jwk.kty === 'RSA' ? ['kty', 'n', 'e'] : jwk.kty === 'EC' ? ['kty', 'crv', 'x', 'y'] : ['kty', 'crv', 'x']
  return (keys ?? []).some((key) => typeof key === 'object' && key !== null &&
    material.every((m) => /** @type {Record<string, unknown>} */ (key)[m] === jwk[m]))
}

/**
 * Runs the fuzzer. Resolves to the report; `violationCount` 0 means every property held.
 * @param {object} options
 * @param {Library} options.lib
 * @param {number} options.cases
 * @param {number} [options.seed]
 * @param {number} [options.only] run this case index only (a replay)
 * @param {(line: string) => void} [options.progress]
 * @returns {Promise<Report>}
 */
export async function runFuzz({ lib, cases, seed = freshSeed(), only, progress }) {
  const started = performance.now()
  const pool = loadKeys()
  // Configurations are shared by many cases (keys are imported once per configuration by both
  // libraries); each is rebuilt from its own stream, so a replayed case gets the same one.
  const configCount = Math.max(8, Math.min(2000, Math.ceil(cases / 40)))
  /** @type {Map<number, { index: number, config: Config, library: (token: unknown) => Promise<VerifyResult>, jose: ReturnType<typeof joseVerifier> }>} */
  const configs = new Map()
  const configAt = (/** @type {number} */ index) => {
    let made = configs.get(index)
    if (made === undefined) {
      const config = makeConfig(random(seed, 0x4000_0000 + index), pool)
      made = { index, config, library: lib.createVerifier(libraryOptions(config)), jose: joseVerifier(config) }
      configs.set(index, made)
    }
    return made
  }
  // Mutations start from one of four valid tokens per configuration, each made from its own
  // stream: signing is most of the run's time, and the mutation is what each case varies.
  /** @type {Map<string, Made | undefined>} */
  const bases = new Map()
  const baseToken = (/** @type {number} */ configIndex, /** @type {Config} */ config, /** @type {number} */ slot) => {
    const key = `${configIndex}/${slot}`
    if (!bases.has(key)) bases.set(key, makeValid(random(seed, 0x6000_0000 + configIndex * 4 + slot), config))
    return bases.get(key)
  }
  // The fixed key set of most totality cases: one key of each type, every algorithm allowed.
  const fixed = ['rsa-a', 'ec-p256-a', 'ed25519'].map((name, i) => {
    const key = /** @type {import('./keys.mjs').BaseKey} */ (pool.find((k) => k.name === name))
    return { key, jwk: { ...key.publicJwk, kid: `fixed-${i}` } }
  })
  const totalityOptions = (/** @type {unknown} */ jwks) => ({
    jwks: /** @type {import('../../src/index.js').VerifyOptions['jwks']} */ (jwks),
    issuer: ISSUERS[0], audience: AUDIENCES[0], algorithms: [...ALGORITHMS], currentDate: new Date(NOW * 1000),
  })
  const fixedVerifier = lib.createVerifier(totalityOptions({ keys: fixed.map((f) => f.jwk) }))

  /** @type {Report} */
  const report = {
    seed, cases: 0, seconds: 0, kinds: {}, validByConstruction: 0, validByAlgorithm: Object.fromEntries(ALGORITHMS.map((a) => [a, 0])), bothAccept: 0, bothReject: {}, libraryOnly: 0,
    classes: CLASSES.map((c) => ({ id: c.id, title: c.title, failure: c.failure, count: 0, example: -1, byFailure: {} })),
    totality: {}, unhandledRejections: 0, violationCount: 0, violations: [],
  }
  /** @param {Violation} v */
  const violate = (v) => {
    report.violationCount++
    if (report.violations.length < 10) report.violations.push(v)
  }
  const onUnhandled = () => { report.unhandledRejections++ }
  process.on('unhandledRejection', onUnhandled)

  /** Calls the library; a throw or a rejection is itself a violation. */
  const call = async (/** @type {() => Promise<VerifyResult>} */ verify, /** @type {number} */ index, /** @type {string} */ kind, /** @type {unknown} */ token) => {
    try {
      const result = await verify()
      const malformed = malformedResult(result)
      if (malformed === undefined) return result
      violate({ case: index, kind, what: `malformed result: ${malformed}`, library: result, token })
    } catch (error) {
      violate({ case: index, kind, what: `threw: ${String(error)}`, token })
    }
    return undefined
  }

  /** One differential case. */
  const differential = async (/** @type {Random} */ r, /** @type {number} */ index) => {
    const { index: configIndex, config, library, jose } = configAt(r.int(configCount))
    const kind = r.weighted([[25, 'valid'], [31, 'random claims'], [38, 'mutation'], [6, 'random JSON']])
    /** @type {Made | undefined} */
    let made = kind === 'random claims' ? undefined : kind === 'mutation' ? baseToken(configIndex, config, r.int(4)) : makeValid(r, config)
    let token
    let mutation = ''
    if (kind === 'random claims' || made === undefined) {
      made = makeRandom(r, config, pool)
      token = made.token
    } else if (kind === 'mutation') {
      let current = made
      for (let n = r.weighted([[4, 1], [1, 2]]); n > 0; n--) {
        const m = r.weighted(MUTATIONS.map((x) => /** @type {const} */ ([x.weight, x])))
        mutation += (mutation === '' ? '' : ' + ') + m.name
        current = { ...current, token: m.apply(r, current, config) }
      }
      token = current.token
    } else if (kind === 'random JSON') {
      const header = { alg: made.alg, kid: made.entry.jwk.kid, ...(/** @type {object} */ (jsonValue(r, 2) ?? {})) }
      const claims = r.chance(0.7) ? { ...made.claims, ...(/** @type {object} */ (jsonValue(r, 2) ?? {})) } : jsonValue(r)
      token = signSegments(made.entry.key, made.alg, b64url(jsonText(header)), b64url(JSON.stringify(claims) ?? 'null'))
    } else {
      token = made.token
    }
    const label = mutation === '' ? kind : `mutation: ${mutation}`
    report.kinds[kind] = (report.kinds[kind] ?? 0) + 1
    const ours = await call(() => library(token), index, label, token)
    if (ours === undefined) return
    const theirs = await jose(token)
    const detail = () => ({ token, config: { ...config, entries: config.entries.map((e) => ({ key: e.key.name, decoration: e.decoration, rule: e.rule, jwk: e.jwk })) } })
    const valid = kind === 'valid' && made.valid
    if (valid) report.validByConstruction++
    if (valid && !ours.ok) violate({ case: index, kind: label, what: 'a valid token was refused', library: ours, jose: theirs, ...detail() })
    if (valid && ours.ok) report.validByAlgorithm[made.alg] = (report.validByAlgorithm[made.alg] ?? 0) + 1
    if (ours.ok && !theirs.ok) report.libraryOnly++
    if (ours.ok && !theirs.ok) violate({ case: index, kind: label, what: 'accepted a token jose refuses', library: ours, jose: theirs, ...detail() })
    if (ours.ok && theirs.ok) {
      report.bothAccept++
      if (JSON.stringify(ours.claims) !== JSON.stringify(theirs.payload) || JSON.stringify(ours.header) !== JSON.stringify(theirs.header)) {
        violate({ case: index, kind: label, what: 'claims or header differ from jose\'s', library: ours, jose: theirs, ...detail() })
      }
    }
    if (!ours.ok && !theirs.ok) report.bothReject[ours.step] = (report.bothReject[ours.step] ?? 0) + 1
    if (!ours.ok && theirs.ok) {
      const found = classify(ours, { token, config, read: readLeniently(token), signer: made.entry.key })
      const entry = found === undefined ? undefined : report.classes.find((c) => c.id === found.id)
      if (entry === undefined) {
        violate({ case: index, kind: label, what: `refused (${describe(ours)}) where jose accepts, in no documented class`, library: ours, jose: theirs, ...detail() })
      } else {
        entry.count++
        entry.byFailure[describe(ours)] = (entry.byFailure[describe(ours)] ?? 0) + 1
        if (entry.example < 0) entry.example = index
      }
    }
  }

  /** One totality case. */
  const totality = async (/** @type {Random} */ r, /** @type {number} */ index) => {
    const signer = r.pick(fixed)
    const t = makeTotalityCase(r, signer.key, signer.jwk)
    report.totality[t.kind] = (report.totality[t.kind] ?? 0) + 1
    const fetchImpl = t.fetch
    /** @type {() => Promise<VerifyResult>} */
    const verify = t.jwks !== undefined
      ? () => lib.createVerifier(totalityOptions(t.jwks))(t.token)
      : fetchImpl !== undefined
        ? () => lib.createVerifier(totalityOptions(lib.createRemoteJwks('https://jwks.fuzz.invalid/jwks.json', { fetch: fetchImpl })))(t.token)
        : () => fixedVerifier(t.token)
    const result = await call(verify, index, `totality: ${t.kind}`, t.token)
    if (result?.ok === true && !holdsKey(t.served, signer.jwk)) {
      violate({ case: index, kind: `totality: ${t.kind}`, what: 'verified without the signer\'s key', library: result, token: t.token, config: t.served })
    }
    if (t.kind === 'not a string' && result !== undefined && (result.ok || result.step !== 'format' || result.reason !== 'not_a_string')) {
      violate({ case: index, kind: `totality: ${t.kind}`, what: 'a value that is not a string was not format/not_a_string', library: result })
    }
  }

  const first = only ?? 0
  const last = only === undefined ? cases : only + 1
  for (let index = first; index < last; index++) {
    const r = random(seed, index)
    if (r.chance(0.8)) await differential(r, index)
    else await totality(r, index)
    report.cases++
    if (progress !== undefined && cases >= 10_000 && (index + 1) % (cases / 10) === 0) {
      progress(`  ${plural(index + 1, 'case')}, ${((performance.now() - started) / 1000).toFixed(0)} s`)
    }
  }
  // Rejections surface after the promise settles: give them two turns of the event loop.
  await new Promise((resolve) => setTimeout(resolve, 20))
  process.off('unhandledRejection', onUnhandled)
  if (report.unhandledRejections > 0) violate({ case: -1, kind: 'any', what: `${report.unhandledRejections} unhandled rejections` })
  report.seconds = (performance.now() - started) / 1000
  return report
}

/**
 * The report as the lines the command prints.
 * @param {Report} report
 * @returns {string[]}
 */
export function formatReport(report) {
  const n = (/** @type {number} */ x) => x.toLocaleString('en-US')
  const differential = Object.values(report.kinds).reduce((a, b) => a + b, 0)
  const totality = Object.values(report.totality).reduce((a, b) => a + b, 0)
  const disagreements = report.classes.reduce((sum, c) => sum + c.count, 0)
  const width = Math.max(...report.classes.map((c) => c.failure.length))
  return [
    `differential fuzzing against jose: seed ${report.seed} (0x${report.seed.toString(16)}), ${plural(report.cases, 'case')} in ${report.seconds.toFixed(1)} s`,
    `  differential: ${n(differential)} (${Object.entries(report.kinds).map(([k, v]) => `${k} ${n(v)}`).join(', ')})`,
    `    valid by construction: ${n(report.validByConstruction)}, all verified unless listed below (${Object.entries(report.validByAlgorithm).map(([a, k]) => `${a} ${n(k)}`).join(', ')})`,
    `    both accept: ${n(report.bothAccept)} (same claims and header)`,
    `    both refuse: ${n(Object.values(report.bothReject).reduce((a, b) => a + b, 0))} (library step: ${Object.entries(report.bothReject).map(([k, v]) => `${k} ${n(v)}`).join(', ')})`,
    `    library accepts, jose refuses: ${n(report.libraryOnly)}`,
    `    library refuses, jose accepts: ${n(disagreements)}, by strictness class:`,
    ...report.classes.flatMap((c) => [
      `      ${c.failure.padEnd(width)}  ${n(c.count).padStart(7)}  ${c.title}${c.example >= 0 ? ` (e.g. case ${c.example})` : ''}`,
      // The exact failures behind a class whose failure has several forms (the key policy's rules).
      ...(Object.keys(c.byFailure).length > 1 || c.id === 'key-policy'
        ? Object.entries(c.byFailure).sort((a, b) => b[1] - a[1]).map(([f, k]) => `        ${f.padEnd(width - 2)}  ${n(k).padStart(7)}`)
        : []),
    ]),
    `  totality: ${n(totality)} (${Object.entries(report.totality).map(([k, v]) => `${k} ${n(v)}`).join(', ')}); unhandled rejections: ${report.unhandledRejections}`,
    `  violations: ${report.violationCount}`,
    ...report.violations.flatMap((v) => [
      `  ✗ case ${v.case} (${v.kind}): ${v.what}`,
      `    replay: npm run test:fuzz -- --seed ${report.seed} --case ${v.case}`,
      `    ${JSON.stringify({ library: v.library, jose: v.jose, token: v.token, config: v.config }, (_, x) => typeof x === 'bigint' ? `${x}n` : x).slice(0, 4000)}`,
    ]),
  ]
}
