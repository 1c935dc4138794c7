// @ts-check
/**
 * The corpus runner core: runs parsed vector files (vectors/README.md) against an implementation
 * and reports what passed. Web-standard APIs only (no `node:` imports, `Buffer` or `process`), so
 * the same code runs under Node, Deno, Bun, a browser or a worker; loading files is the caller's job.
 * Typed with JSDoc that `npm run typecheck` checks (test/tsconfig.json), so the types cannot drift
 * from the code and the file stays plain JavaScript.
 */

/**
 * The public entry point under test.
 * @typedef {object} PublicApi
 * @property {(token: unknown, options: any) => Promise<unknown>} verifyAccessToken
 * @property {(url: string, options: any) => unknown} [createRemoteJwks] Needed by vectors whose key set is an `endpoint`.
 * @property {(options: any) => (token: unknown, call?: any) => Promise<unknown>} [createVerifier] Needed by token vectors with per-call input (`dpop`, `clientCertificate`, `before`, …).
 * @property {(options: any) => unknown} [createDpopVerifier] Needed by the same vectors: each such verifier takes DPoP proofs.
 */

/**
 * The internal entry points (src/internal.ts) that run the `jws` and `signature` kinds.
 * @typedef {object} InternalApi
 * @property {(token: unknown, options: any) => Promise<unknown>} verifyJws
 * @property {(input: any) => Promise<unknown>} verifySignature
 * @property {(proof: unknown, options: any) => Promise<unknown>} [verifyDpopProof] Runs the `proof` kind; without it, proof vectors fail as not runnable.
 */

/**
 * Key sets by the path vectors name them with, e.g. `keys/issuer.json`.
 * @typedef {ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>} KeySets
 */

/**
 * @typedef {object} RunInput
 * @property {PublicApi} lib
 * @property {InternalApi | undefined} [internal] Absent: `jws` and `signature` vectors are counted as skipped.
 * @property {readonly { readonly name: string, readonly data: unknown }[]} files Parsed vector files; `name` is the path under vectors/, e.g. `claims.json` or `wycheproof/jws.json`.
 * @property {KeySets} jwksByPath
 */

/** @typedef {{ passed: number, failed: number, total: number }} Counts */

/**
 * @typedef {object} FileReport
 * @property {string} name
 * @property {string} kind
 * @property {number} total
 * @property {number} passed
 * @property {number} failed
 * @property {number} skipped
 * @property {number} imported Tests with an `upstream` provenance record from outside Wycheproof (RFC examples, cookbook).
 * @property {number} wycheproof Tests taken from Project Wycheproof.
 * @property {Record<string, Counts>} byStep By expected step (`ok` for vectors that verify).
 */

/**
 * @typedef {object} VectorFailure
 * @property {string} id `<file>#<tcId>`
 * @property {string} file
 * @property {unknown} tcId
 * @property {string} comment
 * @property {unknown} expected
 * @property {unknown} [acceptable]
 * @property {unknown} actual The comparable fields of the actual result; undefined when it threw.
 * @property {string} problem
 */

/**
 * @typedef {object} CorpusReport
 * @property {number} total
 * @property {number} passed
 * @property {number} failed
 * @property {number} skipped
 * @property {number} imported As in FileReport: other imported tests, then Wycheproof's.
 * @property {number} wycheproof
 * @property {{ token: number, jws: number, signature: number, proof: number }} byKind
 * @property {Record<string, Counts>} byStep
 * @property {string[]} tags Attack-class tags seen on any group or test, sorted.
 * @property {FileReport[]} files
 * @property {VectorFailure[]} failures
 */

/** @typedef {(typeof KINDS)[number]} Kind */

/** The steps a vector's expectation can name, in pipeline order; `ok` is "verifies". */
export const STEPS = Object.freeze(/** @type {const} */ (['format', 'signature', 'claims', 'scopes', 'dpop', 'ok']))

/** The vector kinds and the entry point each one runs through. */
export const KINDS = Object.freeze(/** @type {const} */ (['token', 'jws', 'signature', 'proof']))

/** Result fields compared exactly when an expectation names them (beyond ok, step and code). */
const COMPARED = Object.freeze(['reason', 'claim', 'missing', 'confirmation', 'rule', 'jkt'])

// A failure may quote no run of this many token characters (anything shorter is too likely to be
// a coincidence with a fixed English message).
const LEAK_WINDOW = 12

/**
 * Runs every test of every group of every file and returns a report.
 * A vector passes when the result matches `expect` or one `acceptable` entry; a thrown exception
 * or a rejection is a failure of that vector, never of the run.
 * @param {RunInput} input
 * @returns {Promise<CorpusReport>}
 */
export async function runCorpus({ lib, internal, files, jwksByPath }) {
  /** @type {CorpusReport} */
  const report = {
    total: 0, passed: 0, failed: 0, skipped: 0, imported: 0, wycheproof: 0,
    byKind: { token: 0, jws: 0, signature: 0, proof: 0 },
    byStep: emptySteps(),
    tags: [],
    files: [],
    failures: [],
  }
  /** @type {Set<string>} */
  const tags = new Set()
  const context = { lib, internal, keySet: (/** @type {unknown} */ ref) => resolveKeySet(ref, jwksByPath, lib) }

  for (const { name, data } of files) {
    const entry = {
      name, kind: isRecord(data) ? String(data.kind) : 'unknown',
      total: 0, passed: 0, failed: 0, skipped: 0, imported: 0, wycheproof: 0, byStep: emptySteps(),
    }
    report.files.push(entry)
    const kind = entry.kind
    if (!isRecord(data) || !Array.isArray(data.testGroups) || !isKind(kind)) {
      // A file the runner cannot read is one failure, so a broken file never passes silently.
      entry.failed++
      report.failed++
      report.failures.push({
        id: `${name}#file`, file: name, tcId: undefined, comment: 'the file itself',
        expected: undefined, actual: undefined,
        problem: `not a vector file: needs kind ${KINDS.join('|')} and a testGroups array`,
      })
      continue
    }
    for (const group of data.testGroups) {
      for (const tag of stringArray(isRecord(group) ? group.tags : undefined)) tags.add(tag)
      const tests = isRecord(group) && Array.isArray(group.tests) ? group.tests : []
      for (const test of tests) {
        if (!isRecord(test)) continue
        for (const tag of stringArray(test.tags)) tags.add(tag)
        const step = expectedStep(test.expect)
        const stats = (entry.byStep[step] ??= { passed: 0, failed: 0, total: 0 })
        const totals = (report.byStep[step] ??= { passed: 0, failed: 0, total: 0 })
        const wycheproof = name.startsWith('wycheproof/') || isWycheproofUpstream(test.upstream)
        const imported = test.upstream !== undefined && !wycheproof

        // Lower-layer vectors need the internal entry points; without them they are skipped, not failed.
        if (kind !== 'token' && internal === undefined) {
          entry.skipped++
          report.skipped++
          continue
        }
        entry.total++; report.total++; stats.total++; totals.total++
        report.byKind[kind]++
        if (imported) { entry.imported++; report.imported++ }
        if (wycheproof) { entry.wycheproof++; report.wycheproof++ }

        const { actual, problem } = await runVector(kind, isRecord(group) ? group : {}, test, context)
        if (problem === undefined) {
          entry.passed++; report.passed++; stats.passed++; totals.passed++
        } else {
          entry.failed++; report.failed++; stats.failed++; totals.failed++
          report.failures.push({
            id: `${name}#${String(test.tcId)}`, file: name, tcId: test.tcId,
            comment: typeof test.comment === 'string' ? test.comment : '',
            expected: test.expect,
            ...(Array.isArray(test.acceptable) && test.acceptable.length > 0 ? { acceptable: test.acceptable } : {}),
            actual: summarize(actual),
            problem,
          })
        }
      }
    }
  }
  report.tags = [...tags].sort()
  return report
}

/**
 * Runs one vector; `problem` is undefined when it passed, else says why not.
 * @returns {Promise<{ actual: unknown, problem: string | undefined }>}
 */
async function runVector(
  /** @type {string} */ kind,
  /** @type {Record<string, unknown>} */ group,
  /** @type {Record<string, unknown>} */ test,
  /** @type {{ lib: PublicApi, internal: InternalApi | undefined, keySet: (ref: unknown) => unknown }} */ context,
) {
  let actual
  try {
    actual = await execute(kind, group, test, context)
  } catch (error) {
    // Token and key-set content must never throw (the contract); options in vectors are valid.
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    return { actual: undefined, problem: `threw ${what}` }
  }
  if (actual instanceof EarlierCall) return { actual: actual.result, problem: actual.problem }
  return judge(kind, test, actual)
}

/** Whether one result is the one a test (or one of its earlier calls) expects. */
function judge(
  /** @type {string} */ kind,
  /** @type {Record<string, unknown>} */ test,
  /** @type {unknown} */ actual,
) {
  const candidates = [test.expect, ...(Array.isArray(test.acceptable) ? test.acceptable : [])]
  if (!candidates.some((expected) => matches(kind, expected, actual))) {
    return { actual, problem: 'result differs from expect' + (candidates.length > 1 ? ' and acceptable' : '') }
  }
  if (kind !== 'signature' && isRecord(actual) && actual.ok === false) {
    if (typeof actual.message !== 'string' || actual.message === '') return { actual, problem: 'failure has no message' }
    const leak = findLeak(actual, test.token) ?? findLeak(actual, test.proof) ?? findLeak(actual, record(test.dpop).proof)
    if (leak !== undefined) return { actual, problem: `failure field ${leak} quotes the token or the proof` }
  }
  return { actual, problem: undefined }
}

/** An earlier call of a `before` list that did not give its expected result. */
class EarlierCall {
  constructor(/** @type {unknown} */ result, /** @type {string} */ problem) {
    this.result = result
    this.problem = problem
  }
}

/** Calls the entry point the kind names, with the vector's inputs. */
function execute(
  /** @type {string} */ kind,
  /** @type {Record<string, unknown>} */ group,
  /** @type {Record<string, unknown>} */ test,
  /** @type {{ lib: PublicApi, internal: InternalApi | undefined, keySet: (ref: unknown) => unknown }} */ context,
) {
  const options = { ...record(group.options), ...record(test.options) }
  if (kind === 'token') {
    const now = test.now ?? group.now
    const verifyOptions = {
      ...options,
      jwks: context.keySet(test.jwks ?? group.jwks),
      // `now` is seconds since the epoch; fractional seconds are allowed.
      ...(typeof now === 'number' ? { currentDate: new Date(now * 1000) } : {}),
    }
    // DPoP options too: verifyAccessToken refuses them, as it keeps no replay store.
    if (!needsVerifier(group, test) && options.dpop === undefined) return context.lib.verifyAccessToken(test.token, verifyOptions)
    return runCalls(group, test, verifyOptions, context.lib)
  }
  const internal = /** @type {InternalApi} */ (context.internal)
  if (kind === 'proof') {
    if (typeof internal.verifyDpopProof !== 'function') throw new Error('proof vectors need verifyDpopProof (src/internal.ts)')
    return internal.verifyDpopProof(test.proof, {
      method: test.method,
      url: test.url,
      now: test.now ?? group.now,
      ...(test.accessToken !== undefined ? { accessToken: test.accessToken } : {}),
      ...(test.jkt !== undefined ? { jkt: test.jkt } : {}),
      ...options,
    })
  }
  if (kind === 'jws') {
    return internal.verifyJws(test.token, {
      jwks: context.keySet(test.jwks ?? group.jwks),
      algorithms: options.algorithms,
      ...(options.maxTokenLength !== undefined ? { maxTokenLength: options.maxTokenLength } : {}),
    })
  }
  return internal.verifySignature({
    alg: test.alg ?? group.alg,
    jwk: test.jwk ?? group.jwk,
    message: hexToBytes(test.msg, 'msg'),
    signature: hexToBytes(test.sig, 'sig'),
  })
}

// Per-call input a token vector may carry; any of them (or earlier calls) needs createVerifier.
const PER_CALL = ['dpop', 'clientCertificate', 'before', 'dpopNonces', 'dpopReplayStore']

function needsVerifier(/** @type {Record<string, unknown>} */ group, /** @type {Record<string, unknown>} */ test) {
  return PER_CALL.some((field) => test[field] !== undefined || group[field] !== undefined)
}

/**
 * A token vector with per-call input: one verifier (so one replay store), its `before` calls in
 * order, each judged against its own `expect`, then the vector's own call, whose result is returned.
 */
async function runCalls(
  /** @type {Record<string, unknown>} */ group,
  /** @type {Record<string, unknown>} */ test,
  /** @type {Record<string, unknown>} */ verifyOptions,
  /** @type {PublicApi} */ lib,
) {
  if (typeof lib.createVerifier !== 'function' || typeof lib.createDpopVerifier !== 'function') {
    throw new Error('vectors with per-call input need createVerifier and createDpopVerifier')
  }
  const nonces = test.dpopNonces ?? group.dpopNonces
  const store = test.dpopReplayStore ?? group.dpopReplayStore
  // The vector's dpop options are data; the providers it names are built here. Every verifier of
  // a per-call vector takes proofs, with its own replay store.
  const dpop = lib.createDpopVerifier({
    ...record(verifyOptions.dpop),
    ...(nonces !== undefined ? { nonce: nonceProvider(nonces) } : {}),
    ...(store === 'failing' ? { replayStore: { add() { throw new Error('replay store down') } } } : {}),
  })
  const verify = lib.createVerifier({ ...verifyOptions, dpop })
  const before = Array.isArray(test.before) ? test.before : []
  for (let i = 0; i < before.length; i++) {
    const call = record(before[i])
    const result = await verify(call.token ?? test.token, callOptions(call))
    const { problem } = judge('token', { ...call, token: call.token ?? test.token }, result)
    if (problem !== undefined) return new EarlierCall(result, `before[${i}]: ${problem}`)
  }
  return verify(test.token, callOptions(test))
}

/** The per-call options of a vector or an earlier call: `dpop` as is, DER certificates from hex. */
function callOptions(/** @type {Record<string, unknown>} */ call) {
  /** @type {Record<string, unknown>} */
  const options = {}
  if (call.dpop !== undefined) options.dpop = call.dpop
  const certificate = call.clientCertificate
  if (certificate !== undefined) {
    options.clientCertificate = isRecord(certificate) ? hexToBytes(certificate.hex, 'clientCertificate.hex') : certificate
  }
  return options
}

/**
 * The nonce provider a vector describes: a list of accepted nonces (the first is current), or
 * "failing" for one whose check throws.
 */
function nonceProvider(/** @type {unknown} */ nonces) {
  if (nonces === 'failing') return { current: () => 'n', check() { throw new Error('nonce provider down') } }
  const accepted = stringArray(nonces)
  return { current: () => accepted[0] ?? '', check: (/** @type {string} */ nonce) => accepted.includes(nonce) }
}

/**
 * Whether an actual result matches one expected result. `ok` always; failures: `step` and `code`
 * always, and `reason`, `claim`, `missing`, `confirmation` and `rule` when the expectation names
 * them; successes: `scopes` (token) or `jkt` (proof) when named. The `signature` kind has no
 * steps: `ok` and `reason`.
 * @param {string} kind
 * @param {unknown} expected
 * @param {unknown} actual
 */
export function matches(kind, expected, actual) {
  if (!isRecord(expected) || !isRecord(actual) || actual.ok !== expected.ok) return false
  if (kind === 'signature') return expected.ok === true || signatureVerdict(actual) === expected.reason
  if (expected.ok === true) {
    return (!('scopes' in expected) || sameJson(expected.scopes, actual.scopes)) && (!('jkt' in expected) || expected.jkt === actual.jkt)
  }
  if (actual.step !== expected.step || actual.code !== expected.code) return false
  for (const field of COMPARED) {
    if (field in expected && !sameJson(expected[field], actual[field])) return false
  }
  return true
}

/**
 * The `signature` kind's own small vocabulary, read off the library's signature failure: a key the
 * key policy refused is `key_rejected`; otherwise the failure's code (`key_not_found`,
 * `invalid_signature`).
 * @param {Record<string, unknown>} actual
 */
function signatureVerdict(actual) {
  return actual.code === 'key_not_found' && actual.reason === 'key_rejected' ? 'key_rejected' : actual.code
}

/**
 * The path of the first string in a failure that contains LEAK_WINDOW or more consecutive
 * characters of one token segment, or undefined. Failures must carry no token content.
 * @param {unknown} failure
 * @param {unknown} token
 * @returns {string | undefined}
 */
export function findLeak(failure, token) {
  if (typeof token !== 'string') return undefined
  const segments = token.split('.').filter((segment) => segment.length >= LEAK_WINDOW)
  if (segments.length === 0) return undefined
  /** @type {(value: unknown, path: string) => string | undefined} */
  const visit = (value, path) => {
    if (typeof value === 'string') {
      for (let i = 0; i + LEAK_WINDOW <= value.length; i++) {
        const window = value.slice(i, i + LEAK_WINDOW)
        if (segments.some((segment) => segment.includes(window))) return path
      }
      return undefined
    }
    if (typeof value !== 'object' || value === null) return undefined
    for (const [key, item] of Object.entries(value)) {
      const found = visit(item, `${path}.${key}`)
      if (found !== undefined) return found
    }
    return undefined
  }
  return visit(failure, 'result')
}

/**
 * The step a result belongs to, for counting: `ok` for successes, the failure's step otherwise
 * (`signature` for the `signature` kind, whose failures have no step).
 * @param {unknown} result
 * @returns {string}
 */
export function expectedStep(result) {
  if (!isRecord(result)) return 'unknown'
  if (result.ok === true) return 'ok'
  if (typeof result.step === 'string') return result.step
  return 'reason' in result ? 'signature' : 'unknown'
}

/**
 * Hex to octets; throws on odd length or a non-hex digit (a broken vector, reported as such).
 * @param {unknown} hex
 * @param {string} name
 * @returns {Uint8Array<ArrayBuffer>}
 */
export function hexToBytes(hex, name = 'hex') {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new Error(`vector field ${name} is not an even-length hex string`)
  }
  const bytes = new Uint8Array(hex.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return bytes
}

/**
 * The key set a vector names: an inline `{ keys }` object, a path looked up in `jwksByPath`, or
 * `{ endpoint: { status, headers?, body? | jwks? } }`: a remote key set whose endpoint answers so
 * (a `fetch` the runner supplies; `jwks` names a key set to serve as the body). A fresh remote set
 * per vector, so no vector sees another's cache.
 */
function resolveKeySet(
  /** @type {unknown} */ ref,
  /** @type {KeySets} */ jwksByPath,
  /** @type {PublicApi} */ lib,
) {
  if (isRecord(ref) && isRecord(ref.endpoint)) {
    const endpoint = ref.endpoint
    if (typeof lib.createRemoteJwks !== 'function') throw new Error('endpoint key sets need createRemoteJwks')
    const served = endpoint.jwks !== undefined ? resolveKeySet(endpoint.jwks, jwksByPath, lib) : endpoint.body
    const body = served === undefined || served === null ? null : typeof served === 'string' ? served : JSON.stringify(served)
    const init = { status: Number(endpoint.status ?? 200), headers: /** @type {Record<string, string>} */ (record(endpoint.headers)) }
    return lib.createRemoteJwks('https://issuer.example/jwks', { fetch: async () => new Response(body, init) })
  }
  if (typeof ref !== 'string') {
    if (ref === undefined) throw new Error('vector names no key set (jwks)')
    return ref
  }
  const found = jwksByPath instanceof Map ? jwksByPath.get(ref) : Object.hasOwn(jwksByPath, ref) ? /** @type {Record<string, unknown>} */ (jwksByPath)[ref] : undefined
  if (found === undefined) throw new Error(`key set ${ref} is not loaded`)
  return found
}

/** The comparable fields of a result: no claims, header, payload or message (noise in a listing). */
function summarize(/** @type {unknown} */ actual) {
  if (!isRecord(actual)) return actual
  /** @type {Record<string, unknown>} */
  const out = {}
  for (const field of ['ok', 'step', 'code', ...COMPARED, 'scopes']) {
    if (field in actual) out[field] = actual[field]
  }
  return out
}

// Wycheproof's data files are all named `*_test.json` (RFC and team files are not).
function isWycheproofUpstream(/** @type {unknown} */ upstream) {
  return isRecord(upstream) && typeof upstream.file === 'string' && /(^|\/)[a-z0-9_]+_test\.json$/.test(upstream.file)
}

function emptySteps() {
  /** @type {Record<string, { passed: number, failed: number, total: number }>} */
  const steps = {}
  for (const step of STEPS) steps[step] = { passed: 0, failed: 0, total: 0 }
  return steps
}

function sameJson(/** @type {unknown} */ a, /** @type {unknown} */ b) {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** @returns {value is Kind} */
function isKind(/** @type {unknown} */ value) {
  return KINDS.some((kind) => kind === value)
}

/** @returns {value is Record<string, unknown>} */
function isRecord(/** @type {unknown} */ value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function record(/** @type {unknown} */ value) {
  return isRecord(value) ? value : {}
}

function stringArray(/** @type {unknown} */ value) {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : []
}
