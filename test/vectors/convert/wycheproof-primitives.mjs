/**
 * Project Wycheproof's primitive files (ECDSA P1363 and DER, RSASSA-PKCS1-v1_5, RSASSA-PSS,
 * Ed25519): kind `signature`, through verifySignature with the group's key as a JWK.
 */
import { b64u, emit, hexToBytes, readWycheproof, report, stripZeros, vectorFile } from './common.mjs'
import { COORDINATE, expectSignature } from './policy.mjs'
import { convertedTest, notesFor, outputName, wycheproofSource } from './wycheproof.mjs'

// --- The primitive files: kind `signature`, through verifySignature. ---------------------------

const HASH_BITS = { 'SHA-256': '256', 'SHA-384': '384', 'SHA-512': '512' }
const CURVE_NAMES = { secp256r1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' }

/** An EC public JWK from SEC 1 `04 ‖ x ‖ y`, for groups that have no `publicKeyJwk`. */
function ecJwk(publicKey) {
  const crv = CURVE_NAMES[publicKey.curve]
  const point = hexToBytes(publicKey.uncompressed)
  const size = COORDINATE[crv]
  if (point[0] !== 4 || point.length !== 1 + 2 * size) throw new Error(`unexpected point encoding for ${crv}`)
  return { kty: 'EC', crv, x: b64u(point.subarray(1, 1 + size)), y: b64u(point.subarray(1 + size)) }
}

const rsaJwk = (publicKey) => ({
  kty: 'RSA',
  n: b64u(stripZeros(hexToBytes(publicKey.modulus))),
  e: b64u(stripZeros(hexToBytes(publicKey.publicExponent))),
})

/**
 * One primitive file. `plan(group)` returns undefined to skip a group, or `{ alg, jwk, comment,
 * verdict(test) → { valid, policy? }, tags(test), acceptable(test) }`.
 */
function convertPrimitive(file, description, plan, note) {
  const upstream = readWycheproof(file)
  const testGroups = []
  let skipped = 0
  for (const group of upstream.testGroups) {
    const p = plan(group)
    if (p === undefined) {
      skipped += group.tests.length
      continue
    }
    const tests = group.tests.map((test) => {
      const { valid, policy, invalidDetail } = p.verdict(test)
      const outcome = expectSignature(p.alg, p.jwk, test.sig, valid, invalidDetail)
      return convertedTest(file, test, outcome, {
        input: { msg: test.msg, sig: test.sig },
        tags: p.tags(test),
        acceptable: p.acceptable?.(test),
        policy,
      })
    })
    testGroups.push({ comment: p.comment, alg: p.alg, jwk: p.jwk, tests })
  }
  emit(outputName(file), vectorFile({
    kind: 'signature',
    description: description + (note ?? ''),
    source: wycheproofSource(file),
    notes: notesFor(upstream, testGroups),
    testGroups,
  }))
  report.push({ file, groups: testGroups, skipped })
}

const labelled = (test) => ({ valid: test.result === 'valid' })
const groupSource = (group) => `source ${group.source.name} ${group.source.version}`

function convertP1363(file, alg) {
  convertPrimitive(file,
    `Project Wycheproof ${file}: ECDSA signatures in IEEE P1363 form (R ‖ S, fixed width), which is ` +
    `exactly the JWS ${alg} signature format (RFC 7518 §3.4). Run through verifySignature (src/internal.ts) ` +
    `with the group's public key as a JWK; valid must verify, invalid must be rejected. High-S signatures ` +
    'are valid (JWS does not require low-S).',
    (group) => ({
      alg,
      jwk: group.publicKeyJwk ?? ecJwk(group.publicKey),
      comment: `${group.type} (${groupSource(group)}); JWK ${group.publicKeyJwk !== undefined
        ? 'from publicKeyJwk' : 'built from publicKey.uncompressed (the group has no publicKeyJwk)'}`,
      verdict: labelled,
      tags: (test) => {
        const tags = []
        if (test.result !== 'valid' && test.flags.some((f) => ['InvalidSignature', 'RangeCheck', 'IntegerOverflow', 'ModifiedInteger', 'ArithmeticError'].includes(f))) tags.push('A08')
        if (test.flags.includes('SignatureSize')) tags.push('A07')
        if (/malleability/i.test(test.comment)) tags.push('A09')
        return tags
      },
    }))
}

function convertDer(file, alg) {
  convertPrimitive(file,
    `Project Wycheproof ${file}: ECDSA signatures in ASN.1 DER form. A JWS ${alg} signature is R ‖ S ` +
    '(RFC 7518 §3.4), never DER, so every one of these must fail through verifySignature, including ' +
    'the ones upstream labels valid (policy: DER is not a JWS signature encoding).',
    (group) => ({
      alg,
      jwk: ecJwk(group.publicKey),
      comment: `${group.type} (${groupSource(group)}); JWK built from publicKey.uncompressed`,
      // The octets are DER: as R ‖ S they are not the signature, whatever the upstream label.
      verdict: () => ({
        valid: false,
        policy: 'DER is not a JWS signature encoding (RFC 7518 §3.4): a DER signature that verifies upstream is rejected here',
        invalidDetail: 'DER octets read as R ‖ S do not verify',
      }),
      tags: () => ['A07'],
    }))
}

function convertPkcs1(file) {
  convertPrimitive(file,
    `Project Wycheproof ${file}: RSASSA-PKCS1-v1_5 signatures (JWS RS${file.match(/sha(\d+)/)[1]}). ` +
    'Run through verifySignature with the group\'s keyJwk. valid must verify, invalid must be rejected; the ' +
    'one "acceptable" case per file (MissingNull: DigestInfo without the NULL parameter) is expected to be ' +
    'rejected, as WebCrypto does, with acceptance listed in `acceptable`. Keys with e = 3 (SmallPublicKey) ' +
    'meet the key policy (odd, > 1), so their valid signatures verify.',
    (group) => ({
      alg: `RS${HASH_BITS[group.sha]}`,
      jwk: group.keyJwk,
      comment: `${group.type}, ${group.keySize}-bit key, e = 0x${group.publicKey.publicExponent}, ${group.sha} (${groupSource(group)}); JWK from keyJwk`,
      verdict: (test) => test.result === 'acceptable'
        ? { valid: false, policy: 'PKCS#1 v1.5 DigestInfo without the NULL parameter (MissingNull): WebCrypto rejects it; accepting it is also right (acceptable)' }
        : labelled(test),
      tags: (test) => [
        ...(test.result !== 'valid' ? ['A12'] : []),
        ...(test.flags.includes('WrongPrimitive') ? ['A03'] : []),
        ...(test.flags.includes('SmallPublicKey') ? ['A11'] : []),
      ],
      acceptable: (test) => (test.result === 'acceptable' ? [{ ok: true }] : undefined),
    }))
}

const JOSE_SALT = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 }

function convertPss(file, misc) {
  convertPrimitive(file,
    `Project Wycheproof ${file}: RSASSA-PSS signatures. JOSE fixes the parameters (RFC 7518 §3.5): MGF1 ` +
    'with the message hash and a salt as long as the hash, so PS256/PS384/PS512 verify exactly those. ' +
    'Run through verifySignature; valid must verify, invalid must be rejected.',
    (group) => {
      const alg = HASH_BITS[group.sha] && `PS${HASH_BITS[group.sha]}`
      // No JOSE algorithm hashes the message with SHA-1 or SHA-224: nothing to express.
      if (alg === undefined) return undefined
      const jose = group.mgf === 'MGF1' && group.mgfSha === group.sha && group.sLen === JOSE_SALT[group.sha]
      return {
        alg,
        jwk: group.publicKeyJwk ?? rsaJwk(group.publicKey),
        comment: `${group.type}, ${group.keySize}-bit key, ${group.sha}, ${group.mgf} ${group.mgfSha}, sLen ${group.sLen} ` +
          `(${groupSource(group)}); ${jose ? `exactly ${alg}` : `not ${alg}'s parameters, verified as ${alg}`}; JWK ` +
          `${group.publicKeyJwk !== undefined ? 'from publicKeyJwk' : 'built from publicKey'}`,
        verdict: (test) => jose ? labelled(test) : {
          valid: false,
          policy: `PSS with ${group.mgf} ${group.mgfSha} and sLen ${group.sLen} is not ${alg} (RFC 7518 §3.5: MGF1 with ${group.sha}, ` +
            `sLen ${JOSE_SALT[group.sha]}); verified with ${alg}'s parameters it must fail`,
        },
        tags: (test) => [
          ...(test.result !== 'valid' || !jose ? ['A12'] : []),
          ...(test.flags.includes('WrongPrimitive') ? ['A03'] : []),
        ],
      }
    },
    misc ? ' Groups whose message hash is SHA-1 or SHA-224 have no JOSE algorithm and are not converted; the ' +
      'others are verified under the JOSE algorithm of their hash, and only the 3 groups with JOSE\'s exact ' +
      'parameters verify.' : undefined)
}

function convertEd25519(file) {
  convertPrimitive(file,
    `Project Wycheproof ${file}: Ed25519 signatures (JWS EdDSA, RFC 8037; "Ed25519" in RFC 9864 is the same ` +
    'check). Run through verifySignature with the group\'s publicKeyJwk; valid must verify, invalid must be rejected.',
    (group) => ({
      alg: 'EdDSA',
      jwk: group.publicKeyJwk,
      comment: `${group.type} (${groupSource(group)}); JWK from publicKeyJwk`,
      verdict: labelled,
      tags: (test) => (test.result !== 'valid' ? ['A13'] : []),
    }))
}/** Converts every primitive file, in output order. */
export function convertPrimitiveFiles() {
  convertP1363('ecdsa_secp256r1_sha256_p1363_test.json', 'ES256')
  convertP1363('ecdsa_secp384r1_sha384_p1363_test.json', 'ES384')
  convertP1363('ecdsa_secp521r1_sha512_p1363_test.json', 'ES512')
  convertDer('ecdsa_secp256r1_sha256_test.json', 'ES256')
  convertDer('ecdsa_secp384r1_sha384_test.json', 'ES384')
  convertDer('ecdsa_secp521r1_sha512_test.json', 'ES512')
  for (const bits of [2048, 3072, 4096]) {
    for (const hash of [256, 384, 512]) convertPkcs1(`rsa_signature_${bits}_sha${hash}_test.json`)
  }
  for (const file of [
    'rsa_pss_2048_sha256_mgf1_32_test.json', 'rsa_pss_3072_sha256_mgf1_32_test.json', 'rsa_pss_4096_sha256_mgf1_32_test.json',
    'rsa_pss_2048_sha384_mgf1_48_test.json', 'rsa_pss_4096_sha384_mgf1_48_test.json', 'rsa_pss_4096_sha512_mgf1_64_test.json',
  ]) convertPss(file, false)
  convertPss('rsa_pss_misc_test.json', true)
  convertEd25519('ed25519_test.json')
}
