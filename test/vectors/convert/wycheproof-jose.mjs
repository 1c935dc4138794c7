/**
 * Project Wycheproof's JOSE files, json_web_signature_test.json and json_web_key_test.json: kind
 * `jws` through verifyJws, and the single-key JSON Web Key cases one layer down (kind
 * `signature`) through verifySignature.
 */
import { ALL_ALGORITHMS, emit, readWycheproof, report, vectorFile } from './common.mjs'
import { expectJws, expectSignature } from './policy.mjs'
import { convertedTest, notesFor, outputName, wycheproofSource } from './wycheproof.mjs'

// --- The JOSE files: kind `jws`, through verifyJws. -------------------------------------------

// Upstream `invalid` cases whose signature octets DO verify under the group's key: the label is
// about the key set or the structure, not the signature. (Checked independently with node:crypto:
// each MAC or signature verifies under the group's key, empty HMAC keys included; tc353–356 and
// tc367/370 repeat the valid tc33/tc18 and tc357 byte for byte.) Where the key policy or the format
// decides first, the override changes nothing; it matters where the library reaches the signature.
const SIGNATURE_VERIFIES = {
  'json_web_signature_test.json': [353, 354, 355, 356, 367, 370],
  'json_web_key_test.json': [1, 4, 6, 7, 8, 9, 10, 11, 12, 16, 17, 18, 19, 20, 21, 25, 26],
}

// Explained by tcId: the known upstream defects (shared wycheproof/README.md "Known data defects")
// and the ROCA key, which the library does not detect. All are listed in vectors/wycheproof/README.md.
const EXPLAINED = {
  'json_web_signature_test.json': {
    17: 'upstream defect: the JSON serialization string is truncated (closing "]}" missing), so it is not even JSON; ' +
      'any compact-only verifier rejects it. RFC 7515 A.6/A.7 in vectors/rfc/ test a well-formed JSON serialization',
    367: 'upstream defect (C2SP/wycheproof#236): byte-identical to the valid tc357, labelled invalid; ' +
      'rejected here only because HS256 is never allowed, not for padding',
    370: 'upstream defect (C2SP/wycheproof#236): byte-identical to the valid tc357, labelled invalid; ' +
      'rejected here only because HS256 is never allowed, not for padding',
    372: 'upstream defect: "?" inside the header segment is not base64url (RFC 7515 §2) and the MAC covers ' +
      'the unmodified text; labelled valid upstream, rejected at format here',
    373: 'upstream defect: "?" inside the payload segment is not base64url (RFC 7515 §2) and the MAC covers ' +
      'the unmodified text; labelled valid upstream, rejected at format here',
  },
  'json_web_key_test.json': {
    7: 'ROCA-vulnerable moduli (CVE-2017-15361) are not detected: the key is 2048+ bits with e = 65537, so the ' +
      'policy accepts it and the genuine signature verifies. Rejecting the key is also right (acceptable)',
  },
}

// Attack classes (vectors/attacks.json) for the JSON Web Key cases, by tcId.
const JWK_TAGS = {
  1: ['A35', 'A02'], 2: ['A02'], 3: ['A02'], 4: ['A35', 'A06'], 6: ['A35'], 7: ['A11'], 8: ['A11'], 9: ['A11'],
  10: ['A02'], 11: ['A02'], 12: ['A02'], 13: ['A02'], 14: ['A02'], 15: ['A02'], 16: ['A02'], 17: ['A02'], 18: ['A02'],
  19: ['A03'], 20: ['A03'], 21: ['A35'], 22: ['A10'], 23: ['A10'], 24: ['A10', 'A35'], 25: ['A02'], 26: ['A02'],
}

function jwsTags(file, group, test, outcome) {
  if (file === 'json_web_key_test.json') return JWK_TAGS[test.tcId] ?? []
  const tags = []
  const c = test.comment
  const expect = outcome.expect
  if (test.flags.includes('AlgIsNone') || /NoneAlgorithm/.test(c)) tags.push('A01')
  if (test.flags.includes('JsonSerialization')) tags.push('A24')
  if (test.flags.includes('ModifiedPadding') || (test.flags.includes('ModifiedSignature') && /^ps/.test(group.comment))) tags.push('A12')
  if (test.flags.includes('WrongPrimitive') || /one key, one algorithm/.test(outcome.detail ?? '')) tags.push('A03')
  // HMAC: where rejecting HS* is the point (upstream expects a valid MAC to verify), or key confusion.
  if (/SymmetryConfusion/.test(c) || (expect.code === 'alg_not_allowed' && /HMAC/.test(outcome.detail) && test.result === 'valid')) tags.push('A02')
  if (/EmbeddedJwk/.test(c)) tags.push('A04')
  if (/Missing|EmptyString|ExtraComponent|ExtraEmptyComponent/.test(c)) tags.push('A15')
  if (/MissingPayload/.test(c) || /detached content/.test(outcome.detail ?? '')) tags.push('A20')
  if (/WrongUse|WrongKeyOps/.test(c)) tags.push('A35')
  if (group.comment === 'base64') tags.push(/JsonHeader/.test(c) ? 'A16' : 'A14')
  if (group.comment === 'SpecialCaseEs256' && test.result !== 'valid') {
    tags.push(/SignatureTooLong|TrailingZeros|BufferOverflow/.test(c) ? 'A07' : 'A08')
  }
  return tags
}

function convertJose(file, description) {
  const upstream = readWycheproof(file)
  const verifies = new Set(SIGNATURE_VERIFIES[file] ?? [])
  const explained = EXPLAINED[file] ?? {}
  const testGroups = []
  for (const group of upstream.testGroups) {
    // Verify with `public` when present, else with `private` (symmetric keys): Wycheproof's rule.
    const keys = group.public ?? group.private
    const jwks = { keys: Array.isArray(keys.keys) ? keys.keys : [keys] }
    const tests = group.tests.map((test) => {
      const outcome = expectJws(test.jws, jwks, ALL_ALGORITHMS, test.result === 'valid' || verifies.has(test.tcId))
      const acceptable = file === 'json_web_key_test.json' && test.tcId === 7
        ? [{ ok: false, step: 'signature', code: 'key_not_found' }] : undefined
      return convertedTest(file, test, outcome, {
        input: { token: test.jws },
        tags: jwsTags(file, group, test, outcome),
        acceptable,
        explanation: explained[test.tcId],
      })
    })
    testGroups.push({
      comment: `upstream group "${group.comment}" (${group.type}); key set: the group's ` +
        `${group.public !== undefined ? '"public" JWK' : '"private" JWK (no "public" given: symmetric keys)'}`,
      jwks,
      options: { algorithms: ALL_ALGORITHMS },
      tests,
    })
  }
  emit(outputName(file), vectorFile({ kind: 'jws', description, source: wycheproofSource(file), notes: notesFor(upstream, testGroups), testGroups }))
  report.push({ file, groups: testGroups })
  return upstream
}

/**
 * The JSON Web Key cases with one asymmetric key, one layer down: the JWS signing input and
 * signature octets through verifySignature. At the JWS layer tc8 (1024-bit RSA) and tc9 (e = 1)
 * stop at format (their payload segment is empty) before any key is judged; here the key policy
 * itself answers.
 */
function convertJwkKeys(upstream) {
  const file = 'json_web_key_test.json'
  const verifies = new Set(SIGNATURE_VERIFIES[file])
  const testGroups = []
  for (const group of upstream.testGroups) {
    const set = group.public ?? group.private
    const list = Array.isArray(set.keys) ? set.keys : [set]
    if (list.length !== 1 || list[0].kty === 'oct') continue
    const keys = list[0]
    for (const test of group.tests) {
      const [header, payload, signature] = test.jws.split('.')
      const alg = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')).alg
      const outcome = expectSignature(alg, keys, Buffer.from(signature, 'base64url').toString('hex'),
        test.result === 'valid' || verifies.has(test.tcId))
      testGroups.push({
        comment: `upstream group "${group.comment}" tc${test.tcId}, one layer down: header alg ${alg}, the group's ` +
          `"${group.public !== undefined ? 'public' : 'private'}" JWK; msg is the JWS signing input`,
        alg,
        jwk: keys,
        tests: [convertedTest(file, test, outcome, {
          input: { msg: Buffer.from(`${header}.${payload}`, 'ascii').toString('hex'), sig: Buffer.from(signature, 'base64url').toString('hex') },
          tags: JWK_TAGS[test.tcId] ?? [],
          acceptable: test.tcId === 7 ? [{ ok: false, reason: 'key_rejected' }] : undefined,
          explanation: EXPLAINED[file][test.tcId],
        })],
      })
    }
  }
  const path = 'wycheproof/json_web_key.signature.json'
  emit(path, vectorFile({
    kind: 'signature',
    description: 'Project Wycheproof json_web_key_test.json, the cases whose key set is one asymmetric key, run one ' +
      'layer down through verifySignature (src/internal.ts): msg is the JWS signing input (ASCII), sig the decoded ' +
      'signature, jwk the group\'s key, alg the header\'s. So the key policy answers even where the JWS layer stops ' +
      'earlier (tc8 and tc9 have an empty payload segment): key_rejected for a key the policy refuses, key_not_found ' +
      'for a point the runtime cannot import. Same tcIds as wycheproof/json_web_key.json.',
    source: wycheproofSource(file),
    notes: notesFor(upstream, testGroups),
    testGroups,
  }))
  report.push({ file, groups: testGroups, path })
}

/** Converts the two JOSE files and the key cases one layer down, in output order. */
export function convertJoseFiles() {
  convertJose('json_web_signature_test.json',
    'Project Wycheproof json_web_signature_test.json: compact JWS cases whose payloads ("foo", "Test", ' +
    'raw octets, prose) are not JWT claims sets, so they run through verifyJws (src/internal.ts): format at ' +
    'the JWS layer, then signature. options.algorithms lists every supported algorithm, so the key policy ' +
    'and the signature decide, not the allow-list; HS* and none are never allowed. Where our expectation is ' +
    'not upstream\'s label, `policy` says why (see vectors/wycheproof/README.md).')
  const jwkUpstream = convertJose('json_web_key_test.json',
    'Project Wycheproof json_web_key_test.json: key-set cases (mixed and duplicate-kid sets, key use, weak ' +
    'RSA keys, short and empty HMAC keys, alg/curve mismatches, invalid points), run through verifyJws with ' +
    'every supported algorithm allowed. The library ignores keys its policy refuses rather than rejecting the ' +
    'set (RFC 7517 §5), so a bad key shows as key_not_found or, for HMAC, alg_not_allowed.')
  convertJwkKeys(jwkUpstream)
}
