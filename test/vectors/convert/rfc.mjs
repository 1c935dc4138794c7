/**
 * The RFC examples (RFC 7515, 7516, 7520, 7797, 8037, as transcribed in the shared folder): kinds
 * `jws` (the JWS layer), `token` (end to end) and `signature` (known-answer tests).
 */
import { ALL_ALGORITHMS, COOKBOOK_COMMIT, emit, readRfc, vectorFile } from './common.mjs'
import { ALGORITHMS, expectJws, expectSignature, expectToken, misfit, prepareKey } from './policy.mjs'

const rfc7515 = readRfc('rfc7515-appendix-a.json')
const rfc7516 = readRfc('rfc7516-appendix-a2-jwe.json')
const rfc7520 = readRfc('rfc7520-section4-jws.json')
const rfc8037 = readRfc('rfc8037-appendix-a-ed25519.json')
const rfc7797 = readRfc('rfc7797-b64-false.json')

/** Every distinct key the vectors of one RFC file name, in order: that RFC's key set. */
function keySetOf(...vectors) {
  const keys = []
  const seen = new Set()
  for (const vector of vectors) {
    for (const key of vector.input.jwks.keys) {
      const id = JSON.stringify(key)
      if (!seen.has(id)) { seen.add(id); keys.push(key) }
    }
  }
  return { keys }
}

/** Where an RFC vector comes from: the shared file, the RFC section (or cookbook commit), its id. */
function rfcUpstream(file, vector) {
  const { source } = vector
  const commit = source.via?.commit ?? source.commit ?? `${source.doc} ${source.section}`
  return { file: `rfc/${file}`, commit, tcId: vector.id, result: 'valid' }
}

const RFC_SOURCES = [
  {
    file: 'rfc7515-appendix-a.json', data: rfc7515, label: 'RFC 7515 Appendix A',
    issuer: 'joe', audience: 'https://api.example', now: 1300819379,
    nowNote: 'one second before the examples\' exp (1300819380), so exp is not what fails',
  },
  {
    file: 'rfc7520-section4-jws.json', data: rfc7520, label: 'RFC 7520 §4 (via ietf-jose/cookbook)',
    issuer: 'https://as.example', audience: 'https://api.example', now: 1700000000,
  },
  {
    file: 'rfc8037-appendix-a-ed25519.json', data: rfc8037, label: 'RFC 8037 Appendix A.4',
    issuer: 'https://as.example', audience: 'https://api.example', now: 1700000000,
  },
  {
    file: 'rfc7797-b64-false.json', data: rfc7797, label: 'RFC 7797 §4 (and the ietf-jose/cookbook variant)',
    issuer: 'https://as.example', audience: 'https://api.example', now: 1700000000,
  },
  {
    file: 'rfc7516-appendix-a2-jwe.json', data: rfc7516, label: 'RFC 7516 Appendix A.2',
    issuer: 'https://as.example', audience: 'https://api.example', now: 1700000000,
  },
]

/** What an RFC example is, for comments: "RFC 7515 Appendix A.2 (rfc7515-A2-rs256)". */
const rfcName = (vector) => `${vector.source.doc} ${vector.source.section ?? vector.source.path} (${vector.id})`

function rfcTags(vector, outcome) {
  const tags = []
  const id = vector.id
  const detail = outcome.detail ?? ''
  if (/HMAC/.test(detail)) tags.push('A02')
  if (/alg none/.test(detail) || /A5-unsecured/.test(id)) tags.push('A01')
  if (/json/.test(id) && /(A6|A7|4\.[678])/.test(id)) tags.push('A24')
  if (/jwe/.test(id)) tags.push('A25')
  if (/detached/.test(detail)) tags.push('A20')
  if (/b64-false/.test(id)) tags.push('A23')
  if (/-crit$/.test(id)) tags.push('A22')
  if (outcome.expect.reason === 'json' || outcome.expect.reason === 'not_object') tags.push('A21')
  if (/A3-es256|A4-es512|4\.3-es512/.test(id) && outcome.expect.ok) tags.push('A07')
  if (/eddsa/.test(id)) tags.push('A13')
  return [...new Set(tags)].sort()
}

function rfcTest(tcId, vector, file, outcome, input, differs) {
  const verdict = outcome.expect.ok ? 'accepts' : 'rejects'
  const tags = rfcTags(vector, outcome)
  return {
    tcId,
    comment: `${verdict} the ${rfcName(vector)} example`,
    tags: tags.length > 0 ? tags : undefined,
    ...input,
    expect: outcome.expect,
    policy: differs ? outcome.detail : undefined,
    upstream: rfcUpstream(file, vector),
  }
}

// The RFC examples are all correct instances of their own specification: a rejection here is our
// policy, and says so. Signatures re-verified twice (shared rfc/README.md), except alg none.
const signatureValidFor = (vector) => vector.jws?.signature_valid_for_key === true

function rfcJws() {
  let tcId = 0
  const testGroups = RFC_SOURCES.map(({ file, data, label }) => {
    const jwks = keySetOf(...data.vectors)
    return {
      comment: `${label}: the RFC's own keys (${jwks.keys.map((k) => k.kty).join(', ')}); every supported algorithm allowed`,
      jwks,
      options: { algorithms: ALL_ALGORITHMS },
      tests: data.vectors.map((vector) => {
        const outcome = expectJws(vector.input.token, jwks, ALL_ALGORITHMS, signatureValidFor(vector))
        return rfcTest(++tcId, vector, file, outcome, { token: vector.input.token }, !outcome.expect.ok)
      }),
    }
  })
  emit('rfc/jws.json', vectorFile({
    kind: 'jws',
    description: 'The RFC JWS examples at the JWS layer (verifyJws, src/internal.ts): RFC 7515 A.1–A.7, RFC 7520 ' +
      '§4.1–4.8, RFC 8037 A.4, RFC 7797 §4 and the RFC 7516 A.2 JWE. Signatures with a supported algorithm ' +
      'verify; HS256 and alg none fail alg_not_allowed; detached content, b64:false, the JSON serializations ' +
      'and the JWE fail at format. Every example is valid under its own RFC, so each rejection carries `policy`.',
    source: RFC_SOURCE,
    notes: {},
    testGroups,
  }))
  return testGroups
}

// Where the RFC examples come from, for every file made from them.
const RFC_SOURCE = {
  name: 'RFC examples (shared vectors-external/rfc/, transcribed and re-verified with provenance; RFC 7520 and 7797 via ietf-jose/cookbook)',
  cookbookCommit: COOKBOOK_COMMIT,
  license: 'IETF Trust Legal Provisions (example values quoted as test data); ietf-jose/cookbook: Unlicense',
}

function rfcToken() {
  let tcId = 0
  const testGroups = RFC_SOURCES.map(({ file, data, label, issuer, audience, now, nowNote }) => {
    const jwks = keySetOf(...data.vectors)
    const options = { issuer, audience }
    const tests = []
    for (const vector of data.vectors) {
      const variants = [{}]
      // The two examples that pass the signature step also show the RFC 9068 profile's typ rule.
      if (vector.id === 'rfc7515-A2-rs256' || vector.id === 'rfc7515-A3-es256') variants.push({ profile: 'rfc9068' })
      for (const extra of variants) {
        const outcome = expectToken(vector.input.token, jwks, { ...options, ...extra }, now, signatureValidFor(vector))
        const test = rfcTest(++tcId, vector, file, outcome, { now, token: vector.input.token }, true)
        if (Object.keys(extra).length > 0) {
          test.comment += ' (profile rfc9068)'
          // Insert the per-test options before expect, keeping a stable field order.
          const { expect, policy, upstream, ...rest } = test
          tests.push({ ...rest, options: extra, expect, policy, upstream })
        } else {
          tests.push(test)
        }
      }
    }
    return {
      comment: `${label}: the RFC's own keys; default algorithms (RS256, ES256); issuer "${issuer}", ` +
        `audience "${audience}"; now ${now}${nowNote ? ` (${nowNote})` : ''}`,
      jwks,
      options,
      tests,
    }
  })
  emit('rfc/token.json', vectorFile({
    kind: 'token',
    description: 'The RFC JWS examples end to end through verifyAccessToken. None of them is an access token: ' +
      'RFC 7515 A.2 and A.3 pass format and signature and fail at claims (no aud; under profile rfc9068, no ' +
      'typ at+jwt), A.1 (HS256) and A.5 (alg none) fail alg_not_allowed, and the rest fail at format (a ' +
      'payload that is not a JSON object, detached content, b64:false, JSON serialization, JWE).',
    source: RFC_SOURCE,
    notes: {},
    testGroups,
  }))
  return testGroups
}

/** The RFC signatures as known-answer tests of verifySignature: signing input and signature octets. */
function rfcSignature() {
  let tcId = 0
  const testGroups = []
  const sources = [['rfc7515-appendix-a.json', rfc7515], ['rfc7520-section4-jws.json', rfc7520], ['rfc8037-appendix-a-ed25519.json', rfc8037]]
  for (const [file, data] of sources) {
    for (const vector of data.vectors) {
      const alg = vector.jws?.alg
      // Only compact examples whose algorithm the library has (no HS*, no none, no JSON-only ones).
      if (alg === undefined || !(alg in ALGORITHMS) || !signatureValidFor(vector)) continue
      const [header, payload, signature] = vector.input.token.split('.')
      if (`${header}.${payload}` !== vector.jws.signing_input) throw new Error(`${vector.id}: signing input mismatch`)
      const jwk = vector.input.jwks.keys.find((key) => misfit(prepareKey(key).key ?? { kty: '' }, alg) === undefined)
      const algs = alg === 'EdDSA' ? ['EdDSA', 'Ed25519'] : [alg]
      for (const name of algs) {
        const msg = Buffer.from(vector.jws.signing_input, 'ascii').toString('hex')
        const sig = Buffer.from(signature, 'base64url').toString('hex')
        const outcome = expectSignature(name, jwk, sig, true)
        testGroups.push({
          comment: `${rfcName(vector)}: the signing input and signature octets, ${name}` +
            (name === 'Ed25519' ? ' (RFC 9864 names the same Ed25519 check "Ed25519")' : ''),
          alg: name,
          jwk,
          tests: [{
            tcId: ++tcId,
            comment: `accepts the ${rfcName(vector)} signature under ${name}`,
            tags: name.startsWith('E') && name !== 'EdDSA' && name !== 'Ed25519' ? ['A07'] : /^Ed/.test(name) ? ['A13'] : undefined,
            msg,
            sig,
            expect: outcome.expect,
            upstream: rfcUpstream(file, vector),
          }],
        })
      }
    }
  }
  emit('rfc/signature.json', vectorFile({
    kind: 'signature',
    description: 'The RFC example signatures as known-answer tests of verifySignature (src/internal.ts): the ' +
      'ASCII signing input as msg and the decoded signature as sig, with the RFC\'s public key (RFC 7515 A.2 ' +
      'RS256, A.3 ES256, A.4 ES512; RFC 7520 §4.1 RS256, §4.2 PS384, §4.3 ES512; RFC 8037 A.4 EdDSA, also ' +
      'under the RFC 9864 name Ed25519). Each must verify.',
    source: {
      name: 'RFC examples (shared vectors-external/rfc/, transcribed and re-verified with provenance; RFC 7520 via ietf-jose/cookbook)',
      cookbookCommit: COOKBOOK_COMMIT,
      license: 'IETF Trust Legal Provisions (example values quoted as test data); ietf-jose/cookbook: Unlicense',
    },
    notes: {},
    testGroups,
  }))
  return testGroups
}

/** Converts the RFC examples; returns the jws and token groups, which rfc9068.mjs cites. */
export function convertRfcExamples() {
  const rfcJwsGroups = rfcJws()
  const rfcTokenGroups = rfcToken()
  rfcSignature()
  return { rfcJwsGroups, rfcTokenGroups }
}
