/**
 * RFC 9068: its normative requirements (as transcribed in the shared folder) and the vectors that
 * pin each one, written as vectors/rfc/rfc9068-requirements.md.
 */
import { GENERATOR, outputs, readRfc } from './common.mjs'

/** `file#tcId` list of the RFC vectors converted from shared vectors with these ids. */
function rfcIds(groups, file, ids, filter = () => true) {
  const found = groups.flatMap((group) => group.tests)
    .filter((test) => ids.includes(test.upstream.tcId) && filter(test)).map((test) => test.tcId)
  if (found.length === 0) throw new Error(`no ${file} test for ${ids.join(', ')}`)
  return { file, tcIds: found }
}

export function writeRfc9068Requirements({ rfcJwsGroups, rfcTokenGroups }) {
  const shared = readRfc('rfc9068-requirements.json')
  const at = (file, what, tcIds) => ({ file, ...(tcIds !== undefined ? { tcIds } : {}), what })
  const none = ['rfc7515-A5-unsecured']
  const jwe = ['rfc7516-A2-jwe-rsa1_5']
  const pins = {
    '9068-2.1-signed': [
      { ...rfcIds(rfcTokenGroups, 'rfc/token.json', [...none, ...jwe]), what: 'alg none and a 5-segment JWE, end to end' },
      at('wycheproof/json_web_signature.json', 'alg none / NONE with an empty signature segment: signature/alg_not_allowed', [16, 341, 342, 343, 344]),
      at('format.json', 'segment count (a JWE has 5), enc/zip header members'),
      at('signature.json', 'alg not in the allow-list'),
    ],
    '9068-2.1-no-none': [
      at('wycheproof/json_web_signature.json', 'alg none, NONE, none with a kid (all with an empty signature segment)', [16, 341, 342, 343, 344]),
      { ...rfcIds(rfcTokenGroups, 'rfc/token.json', none), what: 'RFC 7515 A.5 unsecured JWS' },
      at('signature.json', 'none and its case variants are not allowed algorithms'),
    ],
    '9068-2.1-rs256': [
      { ...rfcIds(rfcJwsGroups, 'rfc/jws.json', ['rfc7515-A2-rs256', 'rfc7520-4.1-rs256']), what: 'RS256 examples verify' },
      at('wycheproof/rsa_signature_2048_sha256.json', 'RS256 primitive: every case'),
      at('valid.json', 'RS256 tokens verify with the default allow-list'),
    ],
    '9068-2.1-typ': [
      { ...rfcIds(rfcTokenGroups, 'rfc/token.json', ['rfc7515-A2-rs256', 'rfc7515-A3-es256'], (t) => t.options?.profile === 'rfc9068'), what: 'no typ under profile rfc9068 → claims/type_mismatch' },
      at('claims.json', 'typ at+jwt / application/at+jwt in any case accepted; other values rejected'),
    ],
    '9068-2.2-required': [
      at('claims.json', 'exp, iss, aud always; iat, sub, client_id, jti under profile rfc9068: missing and wrongly typed'),
      { ...rfcIds(rfcTokenGroups, 'rfc/token.json', ['rfc7515-A2-rs256', 'rfc7515-A3-es256'], (t) => t.options === undefined), what: 'RFC tokens without aud → claims/audience_mismatch' },
    ],
    '9068-2.2.3-scope': [at('scopes.json', 'scope string matching, scp and permissions, all-of and any-of, wrong types')],
    '9068-4-typ': [at('claims.json', 'typ rules, default and profile rfc9068')],
    '9068-4-encrypted': [
      { ...rfcIds(rfcJwsGroups, 'rfc/jws.json', jwe), what: 'RFC 7516 A.2 JWE at the JWS layer → format/segments' },
      { ...rfcIds(rfcTokenGroups, 'rfc/token.json', jwe), what: 'the same JWE end to end' },
      at('format.json', '5 segments; enc and zip header members'),
    ],
    '9068-4-iss': [at('claims.json', 'exact issuer match, no normalisation; missing and wrongly typed iss')],
    '9068-4-aud': [
      at('claims.json', 'string and array aud, empty array, non-string members, missing aud'),
      { ...rfcIds(rfcTokenGroups, 'rfc/token.json', ['rfc7515-A2-rs256', 'rfc7515-A3-es256'], (t) => t.options === undefined), what: 'RFC tokens without aud' },
    ],
    '9068-4-sig': [
      at('signature.json', 'allow-list, key selection from the configured set only, key policy, signature bytes'),
      at('wycheproof/json_web_signature.json', 'embedded jwk header ignored (32), HS256 over the EC key bytes (31), wrong primitive (331–340), key use/key_ops (353–356)', [31, 32, 331, 332, 333, 334, 335, 336, 337, 338, 339, 340, 353, 354, 355, 356]),
      at('wycheproof/json_web_key.json', 'key-set hygiene: mixed sets, use:enc, weak RSA, alg/curve mismatch, invalid point'),
      at('wycheproof/', 'every primitive file: ES256/384/512 (P1363 and DER), RS256/384/512, PS256/384/512, EdDSA'),
    ],
    '9068-4-exp': [at('claims.json', 'exp boundary (exp equal to now is expired), tolerance, non-numeric and infinite exp, missing exp')],
    '9068-4-errors': [
      at('(none)', 'not pinned by a vector: every failure names its step; format, signature and claims map to ' +
        'invalid_token, scopes to insufficient_scope (RFC 6750 §3.1). The corpus pins the step of each failure.'),
    ],
    '9068-5-id-token-confusion': [at('claims.json', 'typ JWT accepted by default, rejected under profile rfc9068 (explicit typing)')],
  }
  for (const requirement of shared.requirements) {
    if (pins[requirement.id] === undefined) throw new Error(`RFC 9068 requirement ${requirement.id} is not mapped`)
  }
  for (const id of Object.keys(pins)) if (!shared.requirements.some((r) => r.id === id)) throw new Error(`unknown requirement ${id}`)
  // Markdown, not JSON: every .json file under vectors/ is read as a vector file by the runners.
  const cell = (text) => String(text).replaceAll('|', '\\|')
  const lines = [
    '# RFC 9068 requirements and the vectors that pin them',
    '',
    `Generated by \`${GENERATOR}\` from \`vectors-external/rfc/rfc9068-requirements.json\` in the shared folder`,
    '(requirement ids, wording and obligations as transcribed there; re-read RFC 9068 before quoting it).',
    'RFC 9068 has no example token, so these are its normative statements and the corpus files that',
    'exercise each one. Paths are under `vectors/`. tcIds are given for the converted files only; the',
    'step files (`format.json`, `signature.json`, `claims.json`, `scopes.json`, `valid.json`) are cited by',
    'file, as their ids may change.',
  ]
  for (const requirement of shared.requirements) {
    lines.push('', `## ${requirement.id} (§${requirement.section}, ${requirement.level})`, '',
      `> ${requirement.text}`, '', `Obligation: ${requirement.obligation}`, '',
      '| file | tcIds | what it pins |', '| --- | --- | --- |')
    for (const pin of pins[requirement.id]) {
      lines.push(`| \`${pin.file}\` | ${pin.tcIds?.join(', ') ?? '–'} | ${cell(pin.what)} |`)
    }
  }
  outputs.set('rfc/rfc9068-requirements.md', `${lines.join('\n')}\n`)
}

