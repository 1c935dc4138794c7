/**
 * The result union and the failure codes. Plain, readonly, serialisable data: a failure names its
 * step, a stable snake_case code and a fixed English message, and never carries token content.
 * A new code is a minor release; a new step would be a major one.
 */

/** The JOSE header of a verified token (RFC 7515 §4.1). */
export interface JoseHeader {
  readonly alg: string
  readonly kid?: string
  readonly typ?: string
  readonly [parameter: string]: unknown
}

/** The claims of an access token (RFC 7519 §4.1, RFC 9068 §2.2); more may be present. */
export interface AccessTokenClaims {
  readonly iss?: string
  readonly sub?: string
  readonly aud?: string | readonly string[]
  readonly exp?: number
  readonly nbf?: number
  readonly iat?: number
  readonly jti?: string
  readonly client_id?: string
  /** Authorized party (OpenID Connect Core §2). */
  readonly azp?: string
  /** Authentication context class reference (RFC 9068 §2.2.1). */
  readonly acr?: string
  /** Authentication methods references (RFC 9068 §2.2.1, RFC 8176). */
  readonly amr?: readonly string[]
  /** Time of the end-user authentication, seconds since the epoch (RFC 9068 §2.2.1). */
  readonly auth_time?: number
  /** RFC 9068 §2.2.3.1 (SCIM attributes as claims). */
  readonly groups?: readonly string[]
  readonly roles?: readonly string[]
  readonly entitlements?: readonly string[]
  readonly scope?: string
  readonly scp?: string | readonly string[]
  readonly permissions?: readonly string[]
  readonly [claim: string]: unknown
}

/** The steps, in the order they run. */
export type Step = 'format' | 'signature' | 'claims' | 'scopes'

/** Why a token is not a well-formed compact JWS carrying a JWT (step `format`). */
export type FormatReason =
  | 'not_a_string'
  | 'too_large'
  | 'segments'
  | 'base64url'
  | 'utf8'
  | 'json'
  | 'duplicate_member'
  | 'not_object'
  | 'header'
  | 'unsupported_header'

export interface FormatFailure {
  readonly ok: false
  readonly step: 'format'
  readonly code: 'malformed'
  /** The finer cause; `code` stays `malformed` for all of them. */
  readonly reason: FormatReason
  readonly message: string
}

/** `jwks_unavailable`: a remote key set could not be fetched; answer 503, not 401. */
export type SignatureCode = 'alg_not_allowed' | 'key_not_found' | 'invalid_signature' | 'jwks_unavailable'

/**
 * Why no key was found: the set has no key with the token's `kid`; keys match the `kid` (or the
 * token has none) but none fits the algorithm (type, curve or the key's own `alg`); the only
 * matching keys were refused by the key policy (`rule` says which rule); or the runtime's
 * WebCrypto refused to import a key the policy passed.
 */
export type KeyNotFoundReason = 'no_matching_kid' | 'no_key_for_algorithm' | 'key_rejected' | 'import_failed'

/** The key-policy rule that refused a key (see the README's key policy). */
export type KeyRule =
  | 'not_a_jwk' | 'kid' | 'alg' | 'private_key' | 'use' | 'key_ops' | 'key_type'
  | 'encoding' | 'rsa_modulus' | 'rsa_exponent' | 'curve' | 'point' | 'weak_key'

/**
 * Why a key set could not be read: the endpoint answered a non-2xx status, did not answer in
 * time, could not be reached, sent too large a body, or sent something that is not a JWK Set;
 * or the issuer's metadata could not be discovered.
 */
export type UnavailableReason = 'http_status' | 'timeout' | 'network' | 'too_large' | 'not_a_key_set' | 'discovery_failed'

export interface PlainSignatureFailure {
  readonly ok: false
  readonly step: 'signature'
  readonly code: 'alg_not_allowed' | 'invalid_signature'
  readonly message: string
}

export interface KeyNotFoundFailure {
  readonly ok: false
  readonly step: 'signature'
  readonly code: 'key_not_found'
  readonly reason: KeyNotFoundReason
  /** With `key_rejected`: the rule that refused the key. */
  readonly rule?: KeyRule
  readonly message: string
}

export interface UnavailableFailure {
  readonly ok: false
  readonly step: 'signature'
  readonly code: 'jwks_unavailable'
  readonly reason: UnavailableReason
  /** Whole seconds (at least 1) before the key set is asked again: the HTTP `Retry-After`. */
  readonly retryAfter: number
  readonly message: string
}

export type SignatureFailure = PlainSignatureFailure | KeyNotFoundFailure | UnavailableFailure

export type ClaimsCode =
  | 'expired'
  | 'not_yet_valid'
  | 'issuer_mismatch'
  | 'audience_mismatch'
  | 'type_mismatch'
  | 'missing_claim'
  | 'invalid_claim'

/** Wire names of what the `claims` step judges; `typ` is the header parameter (RFC 9068 §2.1). */
export type ClaimName =
  | 'exp' | 'nbf' | 'iat' | 'iss' | 'aud' | 'typ' | 'sub' | 'client_id' | 'jti'
  | 'azp' | 'acr' | 'auth_time' | 'amr' | 'groups' | 'roles' | 'entitlements'

/** Which claims each code can name: impossible pairs such as `expired` with `aud` do not compile. */
export interface ClaimsCodeClaims {
  readonly expired: 'exp' | 'iat'
  readonly not_yet_valid: 'nbf' | 'iat'
  readonly issuer_mismatch: 'iss'
  readonly audience_mismatch: 'aud'
  readonly type_mismatch: 'typ'
  readonly missing_claim: 'exp' | 'iat' | 'sub' | 'client_id' | 'jti'
  readonly invalid_claim: 'exp' | 'nbf' | 'iat' | 'sub' | 'client_id' | 'jti' | 'azp' | 'acr' | 'auth_time' | 'amr' | 'groups' | 'roles' | 'entitlements'
}

export type ClaimsFailure = {
  readonly [Code in ClaimsCode]: {
    readonly ok: false
    readonly step: 'claims'
    readonly code: Code
    readonly claim: ClaimsCodeClaims[Code]
    readonly message: string
  }
}[ClaimsCode]

/** The claims a granted scope set can be read from. */
export type ScopeClaim = 'scope' | 'scp' | 'permissions'

export interface ScopesFailure {
  readonly ok: false
  readonly step: 'scopes'
  /** `invalid_claim`: the scope claim has the wrong type, so nothing counts as granted. */
  readonly code: 'insufficient_scope' | 'invalid_claim'
  /** The claim the granted scopes were read from. */
  readonly claim: ScopeClaim
  /** The required scopes that were not granted (with `scopeMatch: 'any'`, all of them). */
  readonly missing: readonly string[]
  /** The scopes this verification required: the 403 answer lists them (RFC 6750 §3.1). */
  readonly required: readonly string[]
  readonly message: string
}

export type VerifyFailure = FormatFailure | SignatureFailure | ClaimsFailure | ScopesFailure

/** Every failure code, by step. */
export type FailureCode = VerifyFailure['code']

export interface VerifySuccess<Claims extends object = AccessTokenClaims> {
  readonly ok: true
  readonly claims: Claims & AccessTokenClaims
  readonly header: JoseHeader
  /** The granted scopes, de-duplicated, in token order. */
  readonly scopes: readonly string[]
}

export type VerifyResult<Claims extends object = AccessTokenClaims> = VerifySuccess<Claims> | VerifyFailure

/**
 * One fixed English sentence per code: the only text a failure carries, never interpolated. The
 * finer cause is in `reason`, `claim` or `rule`; the README explains each. Kept short, as every
 * byte here is in every application's bundle.
 */
const MESSAGES: Readonly<Record<FailureCode, string>> = {
  malformed: 'The token is not a well-formed JWT.',
  alg_not_allowed: 'The token\'s algorithm is not allowed.',
  key_not_found: 'No usable key for the token.',
  invalid_signature: 'The signature does not verify.',
  jwks_unavailable: 'The key set could not be read.',
  expired: 'The token has expired.',
  not_yet_valid: 'The token is not valid yet.',
  issuer_mismatch: 'Unexpected issuer.',
  audience_mismatch: 'Unexpected audience.',
  type_mismatch: 'Not an access token type.',
  missing_claim: 'A required claim is missing.',
  invalid_claim: 'A claim has the wrong type or value.',
  insufficient_scope: 'A required scope is not granted.',
}

export function formatFailure(reason: FormatReason): FormatFailure {
  return { ok: false, step: 'format', code: 'malformed', reason, message: MESSAGES.malformed }
}

export function signatureFailure(code: PlainSignatureFailure['code']): PlainSignatureFailure {
  return { ok: false, step: 'signature', code, message: MESSAGES[code] }
}

export function keyNotFound(reason: KeyNotFoundReason, rule?: KeyRule): KeyNotFoundFailure {
  const failure = { ok: false, step: 'signature', code: 'key_not_found', reason, message: MESSAGES.key_not_found } as const
  return rule === undefined ? failure : { ...failure, rule }
}

export function unavailable(reason: UnavailableReason, retryAfter: number): UnavailableFailure {
  return { ok: false, step: 'signature', code: 'jwks_unavailable', reason, retryAfter, message: MESSAGES.jwks_unavailable }
}

export function claimsFailure<Code extends ClaimsCode>(code: Code, claim: ClaimsCodeClaims[Code]): ClaimsFailure {
  return { ok: false, step: 'claims', code, claim, message: MESSAGES[code] } as ClaimsFailure
}

export function scopesFailure(
  code: ScopesFailure['code'],
  claim: ScopeClaim,
  missing: readonly string[],
  required: readonly string[],
): ScopesFailure {
  return { ok: false, step: 'scopes', code, claim, missing, required, message: MESSAGES[code] }
}
