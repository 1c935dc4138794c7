// @ts-check
/**
 * The closed vocabulary of results, listed once: for the unit and type tests, the corpus self-test
 * and the vector generator and converter. Those run under plain `node`, so this is JavaScript whose
 * JSDoc `npm run typecheck` checks (test/tsconfig.json). Each list is tied to a public type of
 * src/index.ts both ways: `@satisfies` rejects a member the type lacks, and each `Complete<…>`
 * typedef fails to compile, naming the member, when the type gains one the list lacks.
 * A list's order is the order the corpus files use, so they stay byte for byte the same.
 */

/** @typedef {import('../src/index.js').Algorithm} Algorithm */
/** @typedef {import('../src/index.js').ClaimName} ClaimName */
/** @typedef {import('../src/index.js').ClaimsCode} ClaimsCode */
/** @typedef {import('../src/index.js').FailureCode} FailureCode */
/** @typedef {import('../src/index.js').FormatReason} FormatReason */
/** @typedef {import('../src/index.js').ScopeClaim} ScopeClaim */
/** @typedef {Extract<import('../src/index.js').VerifyFailure, { step: 'scopes' }>['code']} ScopesCode */
/** @typedef {import('../src/index.js').SignatureCode} SignatureCode */
/** @typedef {import('../src/index.js').Step} Step */
/** @typedef {import('../src/index.js').CustomCode} CustomCode A caller's own `x_…` code: not listable. */
/** @typedef {import('../src/index.js').KeyNotFoundReason} KeyNotFoundReason */
/** @typedef {import('../src/index.js').UnavailableReason} UnavailableReason */
/** @typedef {import('../src/index.js').KeyRule} KeyRule */
/** @typedef {import('../src/index.js').VerifyFailure} VerifyFailure */
/** @typedef {import('../src/index.js').DpopFailure} DpopFailure Only calls with a DPoP proof see it. */
/** @typedef {import('../src/index.js').DpopCode} DpopCode */
/** @typedef {import('../src/index.js').DpopReason} DpopReason */
/** @typedef {import('../src/index.js').ConfirmationMethod} ConfirmationMethod */
/** @typedef {Step | DpopFailure['step']} AnyStep The four token steps and the fifth, `dpop`. */
/** @typedef {VerifyFailure | DpopFailure} AnyFailure */

/**
 * Compiles only when `Missing` is `never`; otherwise the error names the members a list lacks.
 * @template {never} Missing
 * @typedef {Missing} Complete
 */

/** Why step `format` failed (`reason`; the code is always `malformed`). */
export const FORMAT_REASONS = Object.freeze(/** @satisfies {readonly FormatReason[]} */ (/** @type {const} */ ([
  'not_a_string', 'too_large', 'segments', 'base64url', 'utf8', 'json', 'duplicate_member', 'not_object', 'header',
  'unsupported_header', 'auth_scheme', 'whitespace',
])))
/** @typedef {Complete<Exclude<FormatReason, (typeof FORMAT_REASONS)[number]>>} FormatReasonsComplete */

/** Why `key_not_found` (`reason`). */
export const KEY_NOT_FOUND_REASONS = Object.freeze(/** @satisfies {readonly KeyNotFoundReason[]} */ (/** @type {const} */ ([
  'no_matching_kid', 'no_key_for_algorithm', 'key_rejected', 'import_failed',
])))
/** @typedef {Complete<Exclude<KeyNotFoundReason, (typeof KEY_NOT_FOUND_REASONS)[number]>>} KeyNotFoundReasonsComplete */

/** Why `jwks_unavailable` (`reason`). */
export const UNAVAILABLE_REASONS = Object.freeze(/** @satisfies {readonly UnavailableReason[]} */ (/** @type {const} */ ([
  'http_status', 'timeout', 'network', 'too_large', 'not_a_key_set', 'discovery_failed',
])))
/** @typedef {Complete<Exclude<UnavailableReason, (typeof UNAVAILABLE_REASONS)[number]>>} UnavailableReasonsComplete */

/** The key-policy rules a `key_rejected` failure can name (`rule`). */
export const KEY_RULES = Object.freeze(/** @satisfies {readonly KeyRule[]} */ (/** @type {const} */ ([
  'not_a_jwk', 'kid', 'alg', 'private_key', 'use', 'key_ops', 'key_type', 'encoding', 'rsa_modulus', 'rsa_exponent', 'curve', 'point', 'weak_key',
])))
/** @typedef {Complete<Exclude<KeyRule, (typeof KEY_RULES)[number]>>} KeyRulesComplete */

/** Codes of step `signature`; `jwks_unavailable` is the one a caller answers with 503. */
export const SIGNATURE_CODES = Object.freeze(/** @satisfies {readonly SignatureCode[]} */ (/** @type {const} */ ([
  'alg_not_allowed', 'key_not_found', 'invalid_signature', 'jwks_unavailable', 'graph_token',
])))
/** @typedef {Complete<Exclude<SignatureCode, (typeof SIGNATURE_CODES)[number]>>} SignatureCodesComplete */

/** Codes of step `claims`. */
export const CLAIMS_CODES = Object.freeze(/** @satisfies {readonly ClaimsCode[]} */ (/** @type {const} */ ([
  'expired', 'not_yet_valid', 'issuer_mismatch', 'audience_mismatch', 'type_mismatch', 'missing_claim', 'invalid_claim',
  'id_token', 'claim_mismatch', 'binding_not_verified', 'certificate_mismatch',
])))
/** @typedef {Complete<Exclude<ClaimsCode, (typeof CLAIMS_CODES)[number]>>} ClaimsCodesComplete */

/** Codes of step `scopes`. */
export const SCOPES_CODES = Object.freeze(/** @satisfies {readonly ScopesCode[]} */ (/** @type {const} */ ([
  'insufficient_scope', 'invalid_claim', 'insufficient_role',
])))
/** @typedef {Complete<Exclude<ScopesCode, (typeof SCOPES_CODES)[number]>>} ScopesCodesComplete */

/** Codes of step `dpop`, which runs only for calls that pass a DPoP proof. */
export const DPOP_CODES = Object.freeze(/** @satisfies {readonly DpopCode[]} */ (/** @type {const} */ ([
  'invalid_dpop_proof', 'use_dpop_nonce', 'key_mismatch', 'dpop_unavailable',
])))
/** @typedef {Complete<Exclude<DpopCode, (typeof DPOP_CODES)[number]>>} DpopCodesComplete */

/** Every step with its codes, in pipeline order; a key is missing or extra only if the steps change. */
export const CODES_BY_STEP = Object.freeze(/** @satisfies {{ readonly [S in AnyStep]: readonly Extract<AnyFailure, { step: S }>['code'][] }} */ ({
  format: Object.freeze(/** @type {const} */ (['malformed'])),
  signature: SIGNATURE_CODES,
  claims: CLAIMS_CODES,
  scopes: SCOPES_CODES,
  dpop: DPOP_CODES,
}))
/** @typedef {Complete<Exclude<FailureCode | DpopCode, (typeof CODES_BY_STEP)[AnyStep][number] | CustomCode>>} FailureCodesComplete */

/** Why each `dpop` code failed (`reason`), by code. */
export const DPOP_REASONS = Object.freeze(/** @satisfies {{ readonly [C in DpopCode]: readonly Extract<DpopFailure, { code: C }>['reason'][] }} */ ({
  invalid_dpop_proof: Object.freeze(/** @type {const} */ ([
    'malformed', 'type', 'algorithm', 'key', 'signature', 'claims', 'method', 'url', 'stale', 'future', 'access_token_hash', 'replayed',
  ])),
  use_dpop_nonce: Object.freeze(/** @type {const} */ (['missing', 'mismatch'])),
  key_mismatch: Object.freeze(/** @type {const} */ (['not_bound', 'thumbprint'])),
  dpop_unavailable: Object.freeze(/** @type {const} */ (['replay_store', 'nonce_provider'])),
}))
/** @typedef {Complete<Exclude<DpopFailure['reason'], (typeof DPOP_REASONS)[DpopCode][number]>>} DpopReasonsComplete */

/** The confirmation methods a binding failure names (`confirmation`, with `claim: 'cnf'`). */
export const CONFIRMATIONS = Object.freeze(/** @satisfies {readonly ConfirmationMethod[]} */ (/** @type {const} */ ([
  'jkt', 'x5t#S256', 'other',
])))
/** @typedef {Complete<Exclude<ConfirmationMethod, (typeof CONFIRMATIONS)[number]>>} ConfirmationsComplete */

/** What a claims failure can name in `claim` (wire names; `typ` is the header parameter). */
export const CLAIM_NAMES = Object.freeze(/** @satisfies {readonly ClaimName[]} */ (/** @type {const} */ ([
  'exp', 'nbf', 'iat', 'iss', 'aud', 'typ', 'sub', 'client_id', 'jti',
  'azp', 'acr', 'auth_time', 'amr', 'groups', 'roles', 'entitlements', 'cnf',
])))
/** @typedef {Complete<Exclude<ClaimName, (typeof CLAIM_NAMES)[number]>>} ClaimNamesComplete */

/** The claims granted scopes can be read from (`scopeClaim`). */
export const SCOPE_CLAIMS = Object.freeze(/** @satisfies {readonly ScopeClaim[]} */ (/** @type {const} */ ([
  'scope', 'scp', 'permissions',
])))
/** @typedef {Complete<Exclude<ScopeClaim, (typeof SCOPE_CLAIMS)[number]>>} ScopeClaimsComplete */

/** Every supported algorithm, in the order the corpus lists them in `options.algorithms`. */
export const ALGORITHMS = Object.freeze(/** @satisfies {readonly Algorithm[]} */ (/** @type {const} */ ([
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519',
])))
/** @typedef {Complete<Exclude<Algorithm, (typeof ALGORITHMS)[number]>>} AlgorithmsComplete */
