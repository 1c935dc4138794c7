/**
 * What every runtime of the matrix runs (test/runtimes/matrix.mjs): the conformance corpus through
 * ../vectors/corpus.mjs, a verdict per vector for the cross-runtime comparison, and a smoke test of
 * the public API with keys this runtime's own WebCrypto generates. Web-standard APIs only (no
 * `node:` imports, no `Buffer` or `process`): the same file runs in Node, Deno, Bun, browsers,
 * workerd and the edge VM. The built library is passed in, loaded by each entry the way its users
 * load it (an ESM import of dist/index.js).
 */
import { runCorpus } from '../vectors/corpus.mjs'

const ISSUER = 'https://issuer.matrix.example'
const AUDIENCE = 'https://api.matrix.example'

/**
 * @param {{
 *   lib: Record<string, unknown>, internal: Record<string, unknown>,
 *   files: { name: string, data: unknown }[], jwksByPath: Record<string, unknown>,
 *   remoteBase?: string, expectBare?: boolean,
 * }} input
 */
export async function runAll({ lib, internal, files, jwksByPath, remoteBase, expectBare }) {
  const { report, verdicts, ids, misaligned } = await runRecordedCorpus(lib, internal, files, jwksByPath)
  const smoke = await runSmoke(lib, { files, jwksByPath, remoteBase, expectBare })
  return {
    env: describeEnvironment(),
    corpus: {
      total: report.total, passed: report.passed, failed: report.failed, skipped: report.skipped,
      failures: report.failures.map(({ id, expected, acceptable, actual, problem }) => ({ id, expected, acceptable, actual, problem })),
    },
    // One compact verdict per vector, in corpus order: the matrix compares these across runtimes,
    // because two runtimes can both "pass" a vector that lists `acceptable` results yet disagree.
    ids,
    verdicts,
    misaligned: misaligned === true,
    smoke,
  }
}

/** Runs the corpus with the entry points wrapped so that every result is recorded in call order. */
async function runRecordedCorpus(lib, internal, files, jwksByPath) {
  /** @type {string[]} */
  const verdicts = []
  const recorded = (kind, fn) => async (...args) => {
    try {
      const result = await fn(...args)
      verdicts.push(verdictOf(kind, result))
      return result
    } catch (error) {
      verdicts.push(`threw ${error?.name ?? typeof error}`)
      throw error
    }
  }
  const report = await runCorpus({
    // Everything the library exports (the corpus builds endpoint key sets with createRemoteJwks);
    // a verifier made for per-call vectors records each of its calls, earlier calls included.
    lib: {
      ...lib,
      verifyAccessToken: recorded('token', lib.verifyAccessToken),
      createVerifier: (options) => recorded('token', lib.createVerifier(options)),
    },
    internal: {
      verifyJws: recorded('jws', internal.verifyJws),
      verifySignature: recorded('signature', internal.verifySignature),
      verifyDpopProof: recorded('proof', internal.verifyDpopProof),
    },
    files,
    jwksByPath,
  })
  // The ids in the order runCorpus visits tests (it runs every test of every readable file).
  const ids = []
  for (const { name, data } of files) {
    for (const group of Array.isArray(data?.testGroups) ? data.testGroups : []) {
      for (const test of Array.isArray(group?.tests) ? group.tests : []) {
        if (typeof test !== 'object' || test === null || Array.isArray(test)) continue
        // Earlier calls run first, each recorded; a mismatch stops the vector, which the
        // length check below then reports as misaligned rather than comparing wrong pairs.
        const before = Array.isArray(test.before) ? test.before : []
        before.forEach((_, i) => ids.push(`${name}#${test.tcId}/before${i + 1}`))
        ids.push(`${name}#${test.tcId}`)
      }
    }
  }
  if (ids.length !== verdicts.length) {
    // Verdicts could not be matched to ids; say so rather than compare misaligned lists.
    return { report, verdicts, ids: [], misaligned: true }
  }
  return { report, verdicts, ids }
}

/** The comparable part of a result as one short string, e.g. `claims/expired exp` or `ok ["read"]`. */
export function verdictOf(kind, result) {
  if (typeof result !== 'object' || result === null) return `non-object ${typeof result}`
  if (kind === 'signature') return result.ok === true ? 'ok' : `fail ${result.reason}`
  if (result.ok === true) return Array.isArray(result.scopes) ? `ok ${JSON.stringify(result.scopes)}` : typeof result.jkt === 'string' ? `ok ${result.jkt}` : 'ok'
  let text = `${result.step}/${result.code}`
  for (const field of ['reason', 'claim', 'missing', 'confirmation', 'rule']) {
    if (field in result) text += ` ${field}=${JSON.stringify(result[field])}`
  }
  return text
}

function describeEnvironment() {
  const g = /** @type {any} */ (globalThis)
  return {
    userAgent: typeof g.navigator === 'object' && g.navigator !== null ? String(g.navigator.userAgent ?? '') : null,
    node: g.process?.versions?.node ?? null,
    deno: g.Deno?.version?.deno ?? null,
    bun: g.Bun?.version ?? null,
    edgeRuntime: typeof g.EdgeRuntime === 'string' ? g.EdgeRuntime : null,
    hasProcess: typeof g.process !== 'undefined',
    hasBuffer: typeof g.Buffer !== 'undefined',
    hasRequire: typeof g.require !== 'undefined',
  }
}

// ---------------------------------------------------------------------------------------------
// Smoke test of the public API, with keys and tokens made here by this runtime's WebCrypto, the
// real clock, and the calls a user makes. Each check is one entry: { name, ok, detail? }.
// ---------------------------------------------------------------------------------------------

const SIGNERS = {
  RS256: { gen: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, sign: { name: 'RSASSA-PKCS1-v1_5' } },
  PS256: { gen: { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, sign: { name: 'RSA-PSS', saltLength: 32 } },
  ES256: { gen: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } },
  ES384: { gen: { name: 'ECDSA', namedCurve: 'P-384' }, sign: { name: 'ECDSA', hash: 'SHA-384' } },
  ES512: { gen: { name: 'ECDSA', namedCurve: 'P-521' }, sign: { name: 'ECDSA', hash: 'SHA-512' } },
  EdDSA: { gen: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
  Ed25519: { gen: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
}

async function runSmoke(lib, { files, jwksByPath, remoteBase, expectBare }) {
  /** @type {{ name: string, ok: boolean, detail?: string }[]} */
  const checks = []
  const check = async (name, fn) => {
    try {
      const detail = await fn()
      checks.push(detail === true || detail === undefined ? { name, ok: true } : { name, ok: false, detail: String(detail) })
    } catch (error) {
      checks.push({ name, ok: false, detail: `threw ${error?.name}: ${error?.message}` })
    }
  }
  const { verifyAccessToken, createVerifier } = /** @type {any} */ (lib)

  await check('exports verifyAccessToken and createVerifier', () =>
    typeof verifyAccessToken === 'function' && typeof createVerifier === 'function' ? true : `exports: ${Object.keys(lib).join(', ')}`)

  if (expectBare) {
    // The point of workerd, the edge VM and browsers: the library runs with no Node globals.
    await check('no Node globals (process, Buffer, require)', () => {
      const g = /** @type {any} */ (globalThis)
      const seen = ['process', 'Buffer', 'require'].filter((name) => typeof g[name] !== 'undefined')
      return seen.length === 0 ? true : `present: ${seen.join(', ')}`
    })
  }

  const now = Math.floor(Date.now() / 1000)
  const claims = {
    iss: ISSUER, aud: [AUDIENCE, 'https://other.example'], sub: 'user-1', client_id: 'client-1', jti: 'jti-1',
    iat: now, exp: now + 300, scope: 'read write read',
  }
  const keys = []
  const tokens = {}
  for (const [alg, signer] of Object.entries(SIGNERS)) {
    await check(`${alg}: key generated here, token verifies with the real clock → ok`, async () => {
      const pair = await crypto.subtle.generateKey(signer.gen, true, ['sign', 'verify'])
      const exported = await crypto.subtle.exportKey('jwk', pair.publicKey)
      // Only the public members every runtime exports alike: exported alg/key_ops/ext differ by runtime.
      const jwk = { kty: exported.kty, kid: `smoke-${alg}`, use: 'sig', alg, key_ops: ['verify'] }
      for (const member of ['n', 'e', 'crv', 'x', 'y']) if (member in exported) jwk[member] = exported[member]
      keys.push(jwk)
      const token = await sign(signer, pair.privateKey, { alg, typ: 'at+jwt', kid: jwk.kid }, claims)
      tokens[alg] = token
      const result = await verifyAccessToken(token, {
        jwks: { keys: [jwk] }, issuer: ISSUER, audience: AUDIENCE, algorithms: [alg], scopes: ['read'], profile: 'rfc9068',
      })
      if (result.ok !== true) return `result ${verdictOf('token', result)}`
      if (JSON.stringify(result.scopes) !== '["read","write"]') return `scopes ${JSON.stringify(result.scopes)}`
      if (result.claims.sub !== 'user-1' || result.header.kid !== jwk.kid) return 'claims or header not returned'
      return true
    })
    await check(`${alg}: one signature bit flipped → signature/invalid_signature`, async () => {
      const token = tokens[alg]
      if (token === undefined) return 'no token (generation failed)'
      const result = await verifyAccessToken(flipSignatureBit(token), {
        jwks: { keys: keys.filter((key) => key.alg === alg) }, issuer: ISSUER, audience: AUDIENCE, algorithms: [alg],
      })
      return expectFailure(result, 'signature', 'invalid_signature')
    })
  }

  const all = Object.keys(SIGNERS)
  await check('createVerifier: one verifier, every algorithm, 21 concurrent calls → all ok', async () => {
    const verify = createVerifier({ jwks: { keys }, issuer: [ISSUER], audience: AUDIENCE, algorithms: all })
    const results = await Promise.all(Array.from({ length: 3 }, () => all.map((alg) => verify(tokens[alg]))).flat())
    const bad = results.filter((result) => result.ok !== true)
    return bad.length === 0 ? true : `${bad.length} failed, first ${verdictOf('token', bad[0])}`
  })
  await check('createVerifier: audience not in token → claims/audience_mismatch', async () => {
    const verify = createVerifier({ jwks: { keys }, issuer: ISSUER, audience: 'https://nope.example', algorithms: all })
    return expectFailure(await verify(tokens.ES256), 'claims', 'audience_mismatch', { claim: 'aud' })
  })
  await check('DPoP: proof by a key made here, bound token → ok; the same proof again → dpop/invalid_dpop_proof replayed', async () => {
    const es = SIGNERS.ES256
    const issuerPair = await crypto.subtle.generateKey(es.gen, true, ['sign', 'verify'])
    const clientPair = await crypto.subtle.generateKey(es.gen, true, ['sign', 'verify'])
    const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', issuerPair.publicKey)
    const client = await crypto.subtle.exportKey('jwk', clientPair.publicKey)
    const jwk = { kty: client.kty, crv: client.crv, x: client.x, y: client.y }
    const encoder = new TextEncoder()
    const digest = async (text) => base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))))
    // RFC 7638: the required members in lexicographic order.
    const jkt = await digest(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }))
    const token = await sign(es, issuerPair.privateKey, { alg: 'ES256', typ: 'at+jwt', kid: 'dpop-issuer' }, { ...claims, cnf: { jkt } })
    const url = 'https://api.matrix.example/orders'
    const proof = await sign(es, clientPair.privateKey, { typ: 'dpop+jwt', alg: 'ES256', jwk },
      { jti: `smoke-${now}`, htm: 'GET', htu: url, iat: now, ath: await digest(token) })
    const verify = createVerifier({
      jwks: { keys: [{ kty, crv, x, y, kid: 'dpop-issuer' }] }, issuer: ISSUER, audience: AUDIENCE, dpop: lib.createDpopVerifier(),
    })
    const dpop = { proof, method: 'GET', url }
    const first = await verify(token, { dpop })
    if (first.ok !== true) return `first use ${verdictOf('token', first)}`
    const bearer = expectFailure(await verify(token), 'claims', 'binding_not_verified', { confirmation: 'jkt' })
    if (bearer !== true) return `without the proof: ${bearer}`
    return expectFailure(await verify(token, { dpop }), 'dpop', 'invalid_dpop_proof', { reason: 'replayed' })
  })
  await check('currentDate after exp → claims/expired', async () =>
    expectFailure(await verifyAccessToken(tokens.ES256, {
      jwks: { keys }, issuer: ISSUER, audience: AUDIENCE, currentDate: new Date((now + 301) * 1000),
    }), 'claims', 'expired', { claim: 'exp' }))
  await check('required scope not granted → scopes/insufficient_scope', async () =>
    expectFailure(await verifyAccessToken(tokens.ES256, {
      jwks: { keys }, issuer: ISSUER, audience: AUDIENCE, scopes: ['admin', 'read'],
    }), 'scopes', 'insufficient_scope', { missing: ['admin'] }))
  await check('kid not in the key set → signature/key_not_found', async () =>
    expectFailure(await verifyAccessToken(tokens.ES256, {
      jwks: { keys: keys.filter((key) => key.alg !== 'ES256') }, issuer: ISSUER, audience: AUDIENCE,
    }), 'signature', 'key_not_found'))
  await check('non-string token → format/malformed not_a_string', async () =>
    expectFailure(await verifyAccessToken(42, { jwks: { keys }, issuer: ISSUER, audience: AUDIENCE }),
      'format', 'malformed', { reason: 'not_a_string' }))
  await check('caller mistakes → TypeError (throw from createVerifier, rejection from verifyAccessToken)', async () => {
    const problems = []
    const mistakes = {
      'no issuer': { jwks: { keys }, audience: AUDIENCE },
      'empty keys': { jwks: { keys: [] }, issuer: ISSUER, audience: AUDIENCE },
      'alg none': { jwks: { keys }, issuer: ISSUER, audience: AUDIENCE, algorithms: ['none'] },
      'alg HS256': { jwks: { keys }, issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] },
      'negative tolerance': { jwks: { keys }, issuer: ISSUER, audience: AUDIENCE, clockTolerance: -1 },
    }
    for (const [what, options] of Object.entries(mistakes)) {
      try {
        createVerifier(options)
        problems.push(`createVerifier accepted ${what}`)
      } catch (error) {
        if (!(error instanceof TypeError)) problems.push(`createVerifier threw ${error?.name} for ${what}`)
      }
      let outcome
      try {
        outcome = await verifyAccessToken(tokens.ES256, options)
      } catch (error) {
        outcome = error
      }
      if (!(outcome instanceof TypeError)) problems.push(`verifyAccessToken did not reject with a TypeError for ${what}`)
    }
    return problems.length === 0 ? true : problems.join('; ')
  })
  await check('results are plain, JSON-serialisable objects with a message', async () => {
    const success = await verifyAccessToken(tokens.ES256, { jwks: { keys }, issuer: ISSUER, audience: AUDIENCE })
    const failure = await verifyAccessToken('a.b', { jwks: { keys }, issuer: ISSUER, audience: AUDIENCE })
    if (Object.getPrototypeOf(success) !== Object.prototype || Object.getPrototypeOf(failure) !== Object.prototype) return 'not plain objects'
    if (typeof failure.message !== 'string' || failure.message === '') return 'failure without message'
    JSON.stringify([success, failure])
    return true
  })

  await runRequestSmoke(lib, { check, keys, tokens })
  await runRemoteSmoke(lib, { check, files, jwksByPath, remoteBase })
  return {
    total: checks.length,
    passed: checks.filter((entry) => entry.ok).length,
    failed: checks.filter((entry) => !entry.ok).length,
    checks,
  }
}

// verifyRequest with this runtime's own Request and Response: the Fetch-API adapter must work
// wherever the library does (workers, browsers, edge). Skipped when dist/ does not export it.
async function runRequestSmoke(lib, { check, keys, tokens }) {
  const { verifyRequest, createVerifier } = /** @type {any} */ (lib)
  if (typeof verifyRequest !== 'function') {
    await check('verifyRequest (skipped: not exported by dist/index.js)', () => true)
    return
  }
  const verify = createVerifier({ jwks: { keys }, issuer: ISSUER, audience: AUDIENCE, algorithms: Object.keys(SIGNERS) })
  const request = (authorization) =>
    new Request('https://api.matrix.example/orders', authorization === undefined ? {} : { headers: { authorization } })
  await check('verifyRequest: Request with a valid bearer token, scope read → ok with the claims', async () => {
    if (tokens.ES256 === undefined) return 'no token (generation failed)'
    const result = await verifyRequest(request(`Bearer ${tokens.ES256}`), verify, { scopes: 'read' })
    return result.ok === true && result.claims.sub === 'user-1' ? true : `result ${verdictOf('token', result)}`
  })
  await check('verifyRequest: flipped signature bit, no header, scope admin → Responses 401 invalid_token, 401, 403', async () => {
    if (tokens.ES256 === undefined) return 'no token (generation failed)'
    const answers = [
      [await verifyRequest(request(`Bearer ${flipSignatureBit(tokens.ES256)}`), verify), 401, 'Bearer realm="api", error="invalid_token", '],
      [await verifyRequest(request(), verify), 401, 'Bearer realm="api"'],
      [await verifyRequest(request(`Bearer ${tokens.ES256}`), verify, { scopes: 'admin' }), 403, 'Bearer realm="api", error="insufficient_scope", '],
    ]
    for (const [result, status, challenge] of answers) {
      if (result.ok !== false || typeof result.response?.status !== 'number') return `no failure with a response: ${verdictOf('token', result)}`
      const header = result.response.headers.get('www-authenticate') ?? ''
      if (result.response.status !== status || !header.startsWith(challenge)) return `${result.response.status} ${header}`
    }
    return true
  })
}

// ----- REMOTE KEY SETS HOOK ------------------------------------------------------------------
// The remote smoke checks run when dist/index.js exports `createRemoteJwks`; until then they are
// reported as skipped. `remoteBase` is the matrix's loopback server (http://127.0.0.1:<port>),
// reachable from every runtime of the matrix (workerd through a `local` network service, browsers
// same-origin). It serves vectors/keys/<name>.json at `${remoteBase}/keys/<name>.json` with
// `Cache-Control: max-age=60`, issuer metadata naming it as jwks_uri at
// `${remoteBase}/issuers/<name>.json/.well-known/openid-configuration`, and 404 under
// `${remoteBase}/missing/` (see setup.mjs, startServer). To add a check:
// another `check(name, fn)` below; `fn` returns true or a string saying what was wrong.
async function runRemoteSmoke(lib, { check, files, jwksByPath, remoteBase }) {
  const { createRemoteJwks, verifyAccessToken } = /** @type {any} */ (lib)
  if (typeof createRemoteJwks !== 'function' || typeof remoteBase !== 'string') {
    const why = typeof createRemoteJwks !== 'function' ? 'createRemoteJwks is not exported by dist/index.js' : 'no loopback server given'
    await check(`remote key sets (skipped: ${why})`, () => true)
    return
  }
  // A token vector that verifies against a key set named by path: its key set is then served.
  const vector = findValidTokenVector(files, jwksByPath)
  await check('remote key set over loopback http → ok', async () => {
    if (vector === undefined) return 'no valid token vector with a key-set path in the corpus'
    const jwks = createRemoteJwks(`${remoteBase}/${vector.jwks}`)
    const result = await verifyAccessToken(vector.token, { ...vector.options, jwks })
    return result.ok === true ? true : `result ${verdictOf('token', result)}`
  })
  await check('remote key set answering 404 → signature/jwks_unavailable', async () => {
    if (vector === undefined) return 'no valid token vector with a key-set path in the corpus'
    const jwks = createRemoteJwks(`${remoteBase}/missing/jwks.json`)
    return expectFailure(await verifyAccessToken(vector.token, { ...vector.options, jwks }), 'signature', 'jwks_unavailable')
  })
  if (typeof lib.discoverJwks === 'function') {
    await check('discoverJwks over loopback http (OpenID Connect Discovery) → ok', async () => {
      if (vector === undefined) return 'no valid token vector with a key-set path in the corpus'
      const jwks = await lib.discoverJwks(`${remoteBase}/issuers/${vector.jwks.replace(/^keys\//, '')}`)
      const result = await verifyAccessToken(vector.token, { ...vector.options, jwks })
      return result.ok === true ? true : `result ${verdictOf('token', result)}`
    })
  }
  await check('remote key set over plain http to a non-loopback host → TypeError', () => {
    try {
      createRemoteJwks('http://issuer.example/jwks.json')
      return 'accepted'
    } catch (error) {
      return error instanceof TypeError ? true : `threw ${error?.name}`
    }
  })
}
// ----- end of REMOTE KEY SETS HOOK -----------------------------------------------------------

/** The first `valid.json` test expected to verify whose key set is a path: token, options, path. */
function findValidTokenVector(files, jwksByPath) {
  const file = files.find(({ name }) => name === 'valid.json')
  for (const group of file?.data?.testGroups ?? []) {
    for (const test of group.tests ?? []) {
      const jwks = test.jwks ?? group.jwks
      const now = test.now ?? group.now
      if (test.expect?.ok !== true || typeof jwks !== 'string' || !(jwks in jwksByPath) || typeof test.token !== 'string') continue
      const options = { ...group.options, ...test.options, ...(typeof now === 'number' ? { currentDate: new Date(now * 1000) } : {}) }
      return { token: test.token, jwks, options }
    }
  }
  return undefined
}

function expectFailure(result, step, code, fields = {}) {
  if (result?.ok !== false || result.step !== step || result.code !== code) return `result ${verdictOf('token', result)}`
  for (const [field, value] of Object.entries(fields)) {
    if (JSON.stringify(result[field]) !== JSON.stringify(value)) return `${field} ${JSON.stringify(result[field])}`
  }
  return true
}

async function sign(signer, privateKey, header, payload) {
  const encoder = new TextEncoder()
  const input = `${base64url(encoder.encode(JSON.stringify(header)))}.${base64url(encoder.encode(JSON.stringify(payload)))}`
  const signature = new Uint8Array(await crypto.subtle.sign(signer.sign, privateKey, encoder.encode(input)))
  return `${input}.${base64url(signature)}`
}

/** The token with bit 0 of its signature's middle octet flipped (still canonical base64url). */
function flipSignatureBit(token) {
  const [header, payload, signature] = token.split('.')
  const bytes = Uint8Array.from(atob(signature.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))
  bytes[bytes.length >> 1] ^= 1
  return `${header}.${payload}.${base64url(bytes)}`
}

function base64url(bytes) {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
