/**
 * The conformance corpus (vectors/, format in vectors/README.md) run against the source, and the
 * corpus's own self-test: ids, counts, flags, tags, result shapes, coverage and the JSON Schema
 * (checked with ajv, draft 2020-12, strict mode).
 * `npm run vectors` runs the same corpus against the built package. VECTORS_DIR=<dir> points both
 * parts at another corpus directory (for developing the runner against sample files).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { createDpopVerifier, createRemoteJwks, createVerifier, verifyAccessToken } from '../src/index.js'
import { verifyDpopProof, verifyJws, verifySignature } from '../src/internal.js'
import {
  ALGORITHMS, CLAIM_NAMES, CODES_BY_STEP, CONFIRMATIONS, DPOP_REASONS, FORMAT_REASONS, KEY_NOT_FOUND_REASONS, KEY_RULES, SCOPE_CLAIMS,
  UNAVAILABLE_REASONS,
} from './codes.mjs'
import { dpopFailure, makeProof, METHOD, thumbprint, URL as PROOF_URL } from './dpop-helpers.js'
import { failure, generateKey, makeToken, NOW, signBytes } from './helpers.js'
import { KINDS, runCorpus, type VectorFailure } from './vectors/corpus.mjs'
import { findVectorFiles, readAttackClasses, readKeySets } from './vectors/files.mjs'

type Json = Record<string, unknown>

interface VectorTest {
  readonly tcId: unknown
  readonly comment: unknown
  readonly flags?: unknown
  readonly tags?: unknown
  readonly now?: unknown
  readonly token?: unknown
  readonly options?: Json
  readonly jwks?: unknown
  readonly msg?: unknown
  readonly sig?: unknown
  readonly expect: unknown
  readonly acceptable?: unknown
  readonly proof?: unknown
  readonly method?: unknown
  readonly url?: unknown
  readonly before?: unknown
}

interface VectorGroup {
  readonly jwks?: unknown
  readonly options?: Json
  readonly now?: unknown
  readonly alg?: unknown
  readonly jwk?: unknown
  readonly tags?: unknown
  readonly tests: readonly VectorTest[]
}

interface VectorFile {
  readonly schema: unknown
  readonly kind: string
  readonly numberOfTests: unknown
  readonly notes?: Json
  readonly testGroups: readonly VectorGroup[]
}

const dir = process.env.VECTORS_DIR ?? fileURLToPath(new URL('../vectors/', import.meta.url))

function readJson(name: string): unknown {
  try {
    return JSON.parse(readFileSync(join(dir, name), 'utf8'))
  } catch (error) {
    throw new Error(`cannot read ${join(dir, name)}: ${(error as Error).message}`)
  }
}
const files = findVectorFiles(dir).map((name) => ({ name, data: readJson(name) as VectorFile }))

/** Every test with where it came from, for the checks below. */
const tests = files.flatMap(({ name, data }) =>
  (data.testGroups ?? []).flatMap((group) =>
    (group.tests ?? []).map((test) => ({ id: `${name}#${String(test.tcId)}`, kind: data.kind, file: data, group, test }))))

const jwksByPath = readKeySets(dir)

const describeFailure = (failure: VectorFailure): string =>
  `${failure.id} ${failure.comment}: ${failure.problem}; expected ${JSON.stringify(failure.expected)}` +
  (failure.acceptable === undefined ? '' : ` or ${JSON.stringify(failure.acceptable)}`) +
  `, got ${JSON.stringify(failure.actual)}`

describe('corpus against src/', () => {
  it(`the corpus directory holds vector files (${dir})`, () => {
    expect(files.map(({ name }) => name)).not.toEqual([])
  })

  for (const file of files) {
    it(`${file.name}: every vector gives its expected result`, async () => {
      const report = await runCorpus({
        lib: { verifyAccessToken, createRemoteJwks, createVerifier, createDpopVerifier },
        internal: { verifyJws, verifySignature, verifyDpopProof },
        files: [file],
        jwksByPath,
      })
      expect(report.failures.map(describeFailure)).toEqual([])
      expect(report.skipped).toBe(0)
    })
  }
})

// The runner must fail what it should: a runner that passes everything would make the corpus moot.
describe('corpus runner (test/vectors/corpus.mjs)', () => {
  const token = `eyJhbGciOiJSUzI1NiJ9.${'p'.repeat(20)}.${'s'.repeat(20)}`
  const failure = { ok: false, step: 'scopes', code: 'insufficient_scope', claim: 'scope', missing: ['a', 'b'], message: 'fixed' }
  const run = (result: unknown, test: Json) => runCorpus({
    lib: { verifyAccessToken: async () => { if (result instanceof Error) throw result; return result } },
    files: [{ name: 'x.json', data: { kind: 'token', testGroups: [{ jwks: { keys: [{}] }, tests: [{ tcId: 1, now: 1, token, ...test }] }] } }],
    jwksByPath: {},
  })

  it('a result equal to expect, or to one acceptable entry → passes', async () => {
    expect((await run(failure, { expect: { ok: false, step: 'scopes', code: 'insufficient_scope', missing: ['a', 'b'] } })).passed).toBe(1)
    expect((await run({ ok: true, scopes: ['x'] }, { expect: failure, acceptable: [{ ok: true }] })).passed).toBe(1)
  })

  it('a different code, a missing list in another order, other scopes, a throw → fails', async () => {
    expect((await run(failure, { expect: { ok: false, step: 'scopes', code: 'invalid_claim' } })).failed).toBe(1)
    expect((await run(failure, { expect: { ok: false, step: 'scopes', code: 'insufficient_scope', missing: ['b', 'a'] } })).failed).toBe(1)
    expect((await run({ ok: true, scopes: ['x'] }, { expect: { ok: true, scopes: [] } })).failed).toBe(1)
    const thrown = await run(new TypeError('boom'), { expect: { ok: true } })
    expect(thrown.failures.map(({ problem }) => problem)).toEqual(['threw TypeError: boom'])
  })

  it('a failure quoting 12 characters of a token segment → fails as a leak', async () => {
    const leaky = { ...failure, message: `bad ${'p'.repeat(12)}` }
    const report = await run(leaky, { expect: { ok: false, step: 'scopes', code: 'insufficient_scope' } })
    expect(report.failures.map(({ problem }) => problem)).toEqual(['failure field result.message quotes the token or the proof'])
  })

  // Per-call input goes to one verifier: earlier calls first, each judged, then the vector's own.
  const runCalls = (results: unknown[], test: Json) => {
    const calls: unknown[] = []
    return {
      calls,
      report: runCorpus({
        lib: {
          verifyAccessToken: async () => { throw new Error('per-call vectors must not use verifyAccessToken') },
          createVerifier: () => async (tokenArg: unknown, call: unknown) => { calls.push([tokenArg, call]); return results.shift() },
          createDpopVerifier: () => ({}),
        },
        files: [{ name: 'x.json', data: { kind: 'token', testGroups: [{ jwks: { keys: [{}] }, tests: [{ tcId: 1, now: 1, token, ...test }] }] } }],
        jwksByPath: {},
      }),
    }
  }
  const dpop = { proof: 'p', method: 'GET', url: 'https://a/' }

  it('a vector with dpop and clientCertificate hex → one verifier call with them, DER as bytes', async () => {
    const { calls, report } = runCalls([{ ok: true }], { dpop, clientCertificate: { hex: '3082' }, expect: { ok: true } })
    expect((await report).passed).toBe(1)
    expect(calls).toEqual([[token, { dpop, clientCertificate: new Uint8Array([0x30, 0x82]) }]])
  })

  it('an earlier call with another result than its expect → fails, naming before[0]', async () => {
    const { report } = runCalls([failure, { ok: true }], { before: [{ dpop, expect: { ok: true } }], dpop, expect: { ok: true } })
    expect((await report).failures.map(({ problem }) => problem)).toEqual(['before[0]: result differs from expect'])
  })

  it('earlier calls as expected → the vector\'s own call decides', async () => {
    const { calls, report } = runCalls([{ ok: true }, failure], { before: [{ dpop, expect: { ok: true } }], dpop, expect: { ok: false, step: 'scopes', code: 'insufficient_scope' } })
    expect((await report).passed).toBe(1)
    expect(calls).toHaveLength(2)
  })
})

// The result vocabulary (./codes.mjs, tied to src/index.ts) by step name, as the files spell it.
const CODES: Readonly<Record<string, readonly string[]>> = CODES_BY_STEP
// The `signature` kind's own vocabulary (vectors/README.md): verifySignature in src/internal.ts.
// Codes whose claim the options name (requiredClaims, claimValues, idTokenClaims): any name.
const CONFIGURED_CLAIM_CODES: readonly string[] = ['missing_claim', 'id_token', 'claim_mismatch']
// Claims codes about cnf, which also name the confirmation method (BindingFailure).
const BINDING_CODES: readonly string[] = ['binding_not_verified', 'certificate_mismatch']
const SIGNATURE_REASONS = ['key_rejected', 'key_not_found', 'invalid_signature']
// Tags name classes of the corpus's own catalogue (vectors/attacks.json); another corpus may have none.
const attackIds = readAttackClasses(dir)?.map(({ id }) => id)

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string')
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])
const isIn = (names: readonly string[], value: unknown): boolean => (names as readonly unknown[]).includes(value)

/** Why a result is not a valid result of its kind, or undefined. */
function shapeProblem(kind: string, result: unknown): string | undefined {
  if (!isObject(result)) return 'not an object'
  const extra = (...allowed: string[]): string | undefined => {
    const unknown = Object.keys(result).filter((key) => !allowed.includes(key))
    return unknown.length === 0 ? undefined : `unexpected member ${unknown.join(', ')}`
  }
  if (typeof result.ok !== 'boolean') return 'ok is not a boolean'
  if (kind === 'signature') {
    if (result.ok) return extra('ok')
    return isIn(SIGNATURE_REASONS, result.reason) ? extra('ok', 'reason') : `reason ${String(result.reason)} is not one of ${SIGNATURE_REASONS.join('|')}`
  }
  if (result.ok) {
    if (kind === 'proof') return typeof result.jkt === 'string' || !('jkt' in result) ? extra('ok', 'jkt') : 'jkt must be a string'
    if ('scopes' in result && (kind !== 'token' || !isStringArray(result.scopes))) return 'scopes must be an array of strings on token results'
    return extra('ok', 'scopes')
  }
  const step = result.step as string
  const codes = CODES[step]
  if (codes === undefined) return `step ${String(step)} is not a step`
  if (kind === 'jws' && step !== 'format' && step !== 'signature') return `a jws result stops at signature, not ${step}`
  if (kind === 'proof' && step !== 'dpop') return `a proof result is a dpop result, not ${step}`
  if (!isIn(codes, result.code)) return `code ${String(result.code)} does not belong to step ${step}`
  if (step === 'dpop') {
    const reasons: readonly string[] = DPOP_REASONS[result.code as keyof typeof DPOP_REASONS]
    if (!isIn(reasons, result.reason)) return `reason ${String(result.reason)} is not a reason of ${String(result.code)}`
    if ('rule' in result && result.reason !== 'key') return 'only reason key names a rule'
    return extra('ok', 'step', 'code', 'reason', 'rule')
  }
  if (isIn(BINDING_CODES, result.code)) {
    if (result.claim !== 'cnf') return `${String(result.code)} names claim cnf`
    return isIn(CONFIRMATIONS, result.confirmation) ? extra('ok', 'step', 'code', 'claim', 'confirmation') : `confirmation ${String(result.confirmation)} is not a confirmation method`
  }
  if (step === 'format') {
    return isIn(FORMAT_REASONS, result.reason) ? extra('ok', 'step', 'code', 'reason') : `reason ${String(result.reason)} is not a format reason`
  }
  if (step === 'signature') {
    if (!('reason' in result)) return extra('ok', 'step', 'code')
    const reasons = result.code === 'key_not_found' ? KEY_NOT_FOUND_REASONS : result.code === 'jwks_unavailable' ? UNAVAILABLE_REASONS : []
    return isIn(reasons, result.reason) ? extra('ok', 'step', 'code', 'reason') : `reason ${String(result.reason)} does not belong to ${String(result.code)}`
  }
  if (step === 'claims') {
    const named = CONFIGURED_CLAIM_CODES.includes(result.code as string) ? typeof result.claim === 'string' && result.claim !== '' : isIn(CLAIM_NAMES, result.claim)
    return named ? extra('ok', 'step', 'code', 'claim') : `claim ${String(result.claim)} is not a claim the claims step names`
  }
  // A role failure names the roleClaim path, which the options choose.
  if (result.code === 'insufficient_role' ? typeof result.claim !== 'string' : 'claim' in result && !isIn(SCOPE_CLAIMS, result.claim) && result.code !== 'invalid_claim') {
    return `claim ${String(result.claim)} is not a scope claim`
  }
  if (!isStringArray(result.missing)) return 'missing must be an array of strings'
  if ((result.code === 'insufficient_scope' || result.code === 'insufficient_role') && result.missing.length === 0) return `${String(result.code)} names nothing missing`
  return extra('ok', 'step', 'code', 'claim', 'missing')
}

/** The `alg` of a token's header, or undefined when it does not decode. */
function headerAlg(token: unknown): unknown {
  if (typeof token !== 'string') return undefined
  try {
    return (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as Json).alg
  } catch {
    return undefined
  }
}

const tokenTests = tests.filter(({ kind }) => kind === 'token')

describe('corpus self-test', () => {
  it('every file names the v1 format and a known kind', () => {
    const bad = files.filter(({ data }) => data.schema !== 'verify-access-token-vectors/v1' || !KINDS.includes(data.kind as never))
    expect(bad.map(({ name, data }) => `${name}: schema ${String(data.schema)}, kind ${String(data.kind)}`)).toEqual([])
  })

  it('tcIds are positive integers, unique within each file', () => {
    const problems: string[] = []
    for (const { name, data } of files) {
      const seen = new Set<unknown>()
      for (const group of data.testGroups) {
        for (const { tcId } of group.tests) {
          if (!Number.isSafeInteger(tcId) || (tcId as number) < 1) problems.push(`${name}: tcId ${String(tcId)} is not a positive integer`)
          if (seen.has(tcId)) problems.push(`${name}: tcId ${String(tcId)} is repeated`)
          seen.add(tcId)
        }
      }
    }
    expect(problems).toEqual([])
  })

  it('numberOfTests equals the number of tests in each file', () => {
    const wrong = files
      .map(({ name, data }) => ({ name, said: data.numberOfTests, counted: data.testGroups.reduce((n, group) => n + group.tests.length, 0) }))
      .filter(({ said, counted }) => said !== counted)
    expect(wrong.map(({ name, said, counted }) => `${name}: numberOfTests ${String(said)}, counted ${counted}`)).toEqual([])
  })

  it('every flag used is defined in the file notes', () => {
    const undefinedFlags = tests.flatMap(({ id, file, test }) =>
      list(test.flags).filter((flag) => typeof flag !== 'string' || !Object.hasOwn(file.notes ?? {}, flag)).map((flag) => `${id}: ${String(flag)}`))
    expect(undefinedFlags).toEqual([])
  })

  it.skipIf(attackIds === undefined)(`every tag names an attack class of attacks.json${attackIds === undefined ? ' (skipped: this corpus has no attacks.json)' : ''}`, () => {
    const groupTags = files.flatMap(({ name, data }) => data.testGroups.flatMap((group) => list(group.tags).map((tag) => ({ id: `${name} group`, tag }))))
    const testTags = tests.flatMap(({ id, test }) => list(test.tags).map((tag) => ({ id, tag })))
    const bad = [...groupTags, ...testTags].filter(({ tag }) => typeof tag !== 'string' || !attackIds?.includes(tag))
    expect(bad.map(({ id, tag }) => `${id}: ${String(tag)}`)).toEqual([])
  })

  it('every comment starts with accepts or rejects, as expect.ok says', () => {
    const bad = tests.filter(({ test }) => {
      const ok = isObject(test.expect) && test.expect.ok === true
      return typeof test.comment !== 'string' || !test.comment.startsWith(ok ? 'accepts ' : 'rejects ')
    })
    expect(bad.map(({ id, test }) => `${id}: ${String(test.comment)}`)).toEqual([])
  })

  it('every expect and acceptable entry is a valid result of its kind', () => {
    const problems: string[] = []
    for (const { id, kind, test } of tests) {
      const expectProblem = shapeProblem(kind, test.expect)
      if (expectProblem !== undefined) problems.push(`${id} expect: ${expectProblem}`)
      if (test.acceptable !== undefined && !Array.isArray(test.acceptable)) problems.push(`${id} acceptable: not an array`)
      list(test.acceptable).forEach((result, i) => {
        const problem = shapeProblem(kind, result)
        if (problem !== undefined) problems.push(`${id} acceptable[${i}]: ${problem}`)
      })
    }
    expect(problems).toEqual([])
  })

  it('earlier calls (before) are objects whose expect is a valid token result', () => {
    const problems: string[] = []
    for (const { id, kind, test } of tests) {
      if (test.before === undefined) continue
      if (kind !== 'token' || !Array.isArray(test.before) || test.before.length === 0) {
        problems.push(`${id}: before must be a non-empty array on a token vector`)
        continue
      }
      test.before.forEach((call: unknown, i: number) => {
        const problem = isObject(call) ? shapeProblem('token', call.expect) : 'not an object'
        if (problem !== undefined) problems.push(`${id} before[${i}]: ${problem}`)
      })
    }
    expect(problems).toEqual([])
  })

  it('proof vectors name a proof, the request method and URL, and when they run', () => {
    const bad = tests.filter(({ kind, group, test }) => kind === 'proof' &&
      (test.proof === undefined || typeof test.method !== 'string' || typeof test.url !== 'string' || typeof (test.now ?? group.now) !== 'number'))
    expect(bad.map(({ id }) => id)).toEqual([])
  })

  it('every key set a vector names exists and holds a keys array', () => {
    const problems: string[] = []
    for (const { id, kind, group, test } of tests) {
      if (kind === 'signature' || kind === 'proof') continue
      let ref = test.jwks ?? group.jwks
      // A remote key set names the set its endpoint serves (if any) in endpoint.jwks.
      if (isObject(ref) && isObject(ref.endpoint)) {
        if (ref.endpoint.jwks === undefined) continue
        ref = ref.endpoint.jwks
      }
      const keySet = typeof ref === 'string' ? jwksByPath.get(ref) : ref
      if (keySet === undefined) problems.push(`${id}: key set ${String(ref)} ${typeof ref === 'string' ? 'does not exist' : 'is not named'}`)
      else if (!isObject(keySet) || !Array.isArray(keySet.keys)) problems.push(`${id}: key set ${typeof ref === 'string' ? ref : '(inline)'} has no keys array`)
    }
    expect(problems).toEqual([])
  })

  it('token vectors say when they run (now, seconds since the epoch)', () => {
    const bad = tokenTests.filter(({ group, test }) => typeof (test.now ?? group.now) !== 'number')
    expect(bad.map(({ id }) => id)).toEqual([])
  })

  it('jws groups name their algorithms; signature groups an alg and a jwk, tests hex msg and sig', () => {
    const problems: string[] = []
    const hex = (value: unknown): boolean => typeof value === 'string' && /^(?:[0-9a-f]{2})*$/i.test(value)
    for (const { id, kind, group, test } of tests) {
      const algorithms = test.options?.algorithms ?? group.options?.algorithms
      if (kind === 'jws' && (!isStringArray(algorithms) || algorithms.length === 0)) problems.push(`${id}: no options.algorithms`)
      if (kind === 'signature') {
        if (!isIn(ALGORITHMS, group.alg)) problems.push(`${id}: alg ${String(group.alg)} is not supported`)
        if (group.jwk === undefined) problems.push(`${id}: no jwk`)
        if (!hex(test.msg) || !hex(test.sig)) problems.push(`${id}: msg and sig must be hex`)
      }
    }
    expect(problems).toEqual([])
  })

  it('every failure code of every step occurs in at least two token vectors', () => {
    const counts = new Map<string, number>()
    for (const { test } of tokenTests) {
      if (isObject(test.expect) && test.expect.ok === false) {
        const key = `${String(test.expect.step)}/${String(test.expect.code)}`
        counts.set(key, (counts.get(key) ?? 0) + 1)
      }
    }
    const rare = Object.entries(CODES).flatMap(([step, codes]) => codes.map((code) => `${step}/${code}`))
      .filter((key) => (counts.get(key) ?? 0) < 2)
    expect(rare.map((key) => `${key}: ${counts.get(key) ?? 0} vectors`)).toEqual([])
  })

  it('every format reason and every claim name is expected by some token vector', () => {
    const named = new Set(tokenTests.flatMap(({ test }) => (isObject(test.expect) ? [test.expect.reason, test.expect.claim] : [])))
    expect([...FORMAT_REASONS, ...CLAIM_NAMES].filter((name) => !named.has(name))).toEqual([])
  })

  it('every supported algorithm has a token vector that verifies', () => {
    const verified = new Set(tokenTests.filter(({ test }) => isObject(test.expect) && test.expect.ok === true).map(({ test }) => headerAlg(test.token)))
    expect(ALGORITHMS.filter((alg) => !verified.has(alg))).toEqual([])
  })
})

describe('corpus schema (vectors/schema.json)', () => {
  const schemaPath = join(dir, 'schema.json')
  if (!existsSync(schemaPath)) {
    it.skip(`every vector file conforms to the schema: skipped, ${schemaPath} does not exist yet`, () => {})
    return
  }
  // Strict mode: an unknown keyword or a loose type in the schema is an error, not a silent pass.
  const ajv = new Ajv2020({ strict: true, allErrors: true })
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as { readonly $id: string }
  const validateFile = ajv.compile(schema)
  const validateKeySet = ajv.getSchema(`${schema.$id}#/$defs/keySet`)
  const problems = (validate: ValidateFunction, data: unknown): string[] =>
    validate(data) ? [] : (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '(root)'}: ${e.message ?? e.keyword}`)

  for (const { name, data } of files) {
    it(`${name} conforms to the schema`, () => {
      expect(problems(validateFile, data)).toEqual([])
    })
  }

  it('every key set in keys/ conforms to #/$defs/keySet', () => {
    if (validateKeySet === undefined) throw new Error('schema.json has no #/$defs/keySet')
    const bad = [...jwksByPath].flatMap(([path, keySet]) => problems(validateKeySet, keySet).map((problem) => `${path} ${problem}`))
    expect(bad).toEqual([])
  })

  // The published schema spells the vocabulary out for other implementations; it must say what
  // ./codes.mjs (and so the public types) say, or a new code would be valid here and invalid there.
  it('schema.json enums → the codes, reasons, claims and algorithms of codes.mjs', () => {
    type Def = { enum?: unknown; properties?: Record<string, { enum?: unknown }>; else?: Def }
    const defs = (schema as unknown as { $defs: Record<string, Def> }).$defs
    const listed = (def: string, property?: string): unknown =>
      property === undefined ? defs[def]?.enum : defs[def]?.properties?.[property]?.enum
    // Codes whose claim the options name accept any claim name; the others list the wire names.
    const claimNames = defs['claimsFailure']?.else?.properties?.['claim']?.enum
    expect({
      algorithm: listed('algorithm'),
      formatReason: listed('formatFailure', 'reason'),
      signatureCode: listed('signatureFailure', 'code'),
      signatureReason: listed('signatureFailure', 'reason'),
      claimsCode: listed('claimsFailure', 'code'),
      claimName: claimNames,
      scopesCode: listed('scopesFailure', 'code'),
      confirmation: listed('claimsFailure', 'confirmation'),
      dpopCode: listed('dpopFailure', 'code'),
      dpopReason: listed('dpopFailure', 'reason'),
      dpopRule: listed('dpopFailure', 'rule'),
    }).toEqual({
      algorithm: ALGORITHMS,
      formatReason: FORMAT_REASONS,
      signatureCode: CODES_BY_STEP.signature,
      signatureReason: [...KEY_NOT_FOUND_REASONS, ...UNAVAILABLE_REASONS],
      claimsCode: CODES_BY_STEP.claims,
      claimName: CLAIM_NAMES,
      scopesCode: CODES_BY_STEP.scopes,
      confirmation: CONFIRMATIONS,
      dpopCode: CODES_BY_STEP.dpop,
      dpopReason: Object.values(DPOP_REASONS).flat(),
      dpopRule: KEY_RULES,
    })
  })

  // The schema must reject what it claims to: a schema reduced to `true` would pass every file.
  it('a vector file with tcId 0 and an unknown member → schema errors', () => {
    const valid = files.find(({ name }) => name === 'valid.json')?.data ?? files[0]?.data
    const broken = structuredClone(valid) as unknown as { testGroups: { tests: Json[] }[]; extra?: number }
    broken.extra = 1
    const first = broken.testGroups[0]?.tests[0]
    if (first !== undefined) first['tcId'] = 0
    expect(problems(validateFile, broken)).not.toEqual([])
  })
})

// What the vectors do not reach: the options and branches of the entry points in src/internal.ts.
describe('src/internal.ts entry points, beyond the vectors', () => {
  const ec = generateKey('P-256', 'k1')
  const ed = generateKey('Ed25519', 'e1')
  const token = makeToken({ key: ec, claims: { sub: 'x' } })

  it('verifyJws, a valid token → ok with the decoded header and the payload octets, nothing else', async () => {
    expect(await verifyJws(token, { jwks: { keys: [ec.jwk] }, algorithms: ['ES256'] }))
      .toEqual({ ok: true, header: { alg: 'ES256', kid: 'k1' }, payload: new Uint8Array(Buffer.from('{"sub":"x"}')) })
  })

  it('verifyJws, maxTokenLength one below the token\'s length → format/malformed (too_large); at its length → ok', async () => {
    const settings = { jwks: { keys: [ec.jwk] }, algorithms: ['ES256'] } as const
    expect(await verifyJws(token, { ...settings, maxTokenLength: token.length - 1 })).toEqual(failure.format('too_large'))
    expect(await verifyJws(token, { ...settings, maxTokenLength: token.length })).toMatchObject({ ok: true })
  })

  it('verifyJws, an empty key set → signature/key_not_found: no_key_for_algorithm without a kid, no_matching_kid with one', async () => {
    const settings = { jwks: { keys: [] }, algorithms: ['ES256'] } as const
    expect(await verifyJws(makeToken({ key: ec, header: { kid: undefined } }), settings)).toEqual(failure.signature('key_not_found', 'no_key_for_algorithm'))
    expect(await verifyJws(token, settings)).toEqual(failure.signature('key_not_found', 'no_matching_kid'))
  })

  const message = new Uint8Array(Buffer.from('message'))
  const signature = () => new Uint8Array(signBytes(ec, 'ES256', 'message'))

  it('verifySignature, a valid ES256 signature → exactly { ok: true }', async () => {
    expect(await verifySignature({ alg: 'ES256', jwk: ec.jwk, message, signature: signature() })).toEqual({ ok: true })
  })

  it('verifySignature, an Ed25519 key for ES256 → signature/key_not_found (key_rejected, rule key_type)', async () => {
    expect(await verifySignature({ alg: 'ES256', jwk: ed.jwk, message, signature: signature() }))
      .toEqual({ ...failure.signature('key_not_found', 'key_rejected'), rule: 'key_type' })
  })

  it('verifySignature, algorithm HS256 → TypeError naming it', async () => {
    await expect(verifySignature({ alg: 'HS256' as never, jwk: ec.jwk, message, signature: signature() }))
      .rejects.toThrow(/^verify-access-token: algorithm "HS256" is not supported$/)
  })

  // The proof of each case verifies with the defaults; only the option given refuses it.
  const at = (claims: Record<string, unknown>) => makeProof({ key: ec, claims })
  const proofCases: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    ['algorithms [EdDSA], an ES256 proof', {}, { algorithms: ['EdDSA'] }, 'algorithm'],
    ['maxAge 60, iat 60 s ago', { iat: NOW - 60 }, { maxAge: 60 }, 'stale'],
    ['clockTolerance 0, iat 5 s ahead', { iat: NOW + 5 }, { clockTolerance: 0 }, 'future'],
  ]
  it.each(proofCases)('verifyDpopProof, %s → dpop/invalid_dpop_proof (%s); without the option → ok', async (_, claims, given, reason) => {
    const proof = at(claims)
    const request = { method: METHOD, url: PROOF_URL, now: NOW }
    expect(await verifyDpopProof(proof, request)).toEqual({ ok: true, jkt: thumbprint(ec.jwk) })
    expect(await verifyDpopProof(proof, { ...request, ...given })).toEqual(dpopFailure('invalid_dpop_proof', reason))
  })
})
