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
  /**
   * Confirmation (RFC 7800 §3.1): the key or certificate the token is bound to. `jkt` is a DPoP
   * key's thumbprint (RFC 9449 §6.1), `x5t#S256` a client certificate's (RFC 8705 §3.1).
   */
  readonly cnf?: { readonly jkt?: string; readonly 'x5t#S256'?: string; readonly [method: string]: unknown }
  readonly [claim: string]: unknown
}

/**
 * The steps that judge the access token, in the order they run. A call that passes a DPoP proof
 * runs a fifth, `'dpop'`, after them; its failures are `DpopFailure`s, which only such calls see.
 */
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
  | 'auth_scheme'
  | 'whitespace'

export interface FormatFailure {
  readonly ok: false
  readonly step: 'format'
  readonly code: 'malformed'
  /** The finer cause; `code` stays `malformed` for all of them. */
  readonly reason: FormatReason
  readonly message: string
}

/**
 * `jwks_unavailable`: a remote key set could not be fetched; answer 503, not 401. `graph_token`:
 * the signature did not verify and the header has a `nonce`, as Microsoft Graph tokens do.
 */
export type SignatureCode = 'alg_not_allowed' | 'key_not_found' | 'invalid_signature' | 'jwks_unavailable' | 'graph_token'

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
  readonly code: 'alg_not_allowed' | 'invalid_signature' | 'graph_token'
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

/** `binding_not_verified` and `certificate_mismatch` are `BindingFailure`s, about `cnf`. */
export type ClaimsCode =
  | 'expired'
  | 'not_yet_valid'
  | 'issuer_mismatch'
  | 'audience_mismatch'
  | 'type_mismatch'
  | 'missing_claim'
  | 'invalid_claim'
  | 'id_token'
  | 'claim_mismatch'
  | BindingFailure['code']

/**
 * A claim the options name (`requiredClaims`, `claimValues`, `idTokenClaims`, `subject`): any
 * name the caller chose, so a failure naming it carries option-derived data only.
 */
export type ConfiguredClaim = string & Record<never, never>

/** Wire names of what the `claims` step judges; `typ` is the header parameter (RFC 9068 §2.1). */
export type ClaimName =
  | 'exp' | 'nbf' | 'iat' | 'iss' | 'aud' | 'typ' | 'sub' | 'client_id' | 'jti'
  | 'azp' | 'acr' | 'auth_time' | 'amr' | 'groups' | 'roles' | 'entitlements' | 'cnf'

/** Which claims each code can name: impossible pairs such as `expired` with `aud` do not compile. */
export interface ClaimsCodeClaims {
  readonly expired: 'exp' | 'iat'
  readonly not_yet_valid: 'nbf' | 'iat'
  readonly issuer_mismatch: 'iss'
  /** `client_id` when the option `clientId` stands in for the audience (issuers without `aud`). */
  readonly audience_mismatch: 'aud' | 'client_id'
  readonly type_mismatch: 'typ'
  readonly missing_claim: 'exp' | 'iat' | 'sub' | 'client_id' | 'jti' | ConfiguredClaim
  readonly invalid_claim: 'exp' | 'nbf' | 'iat' | 'sub' | 'client_id' | 'jti' | 'azp' | 'acr' | 'auth_time' | 'amr' | 'groups' | 'roles' | 'entitlements' | 'cnf'
  /** The `idTokenClaims` entry that matched: an ID token presented as an access token. */
  readonly id_token: ConfiguredClaim
  /** A claim of `claimValues` (or `sub`, for `subject`) whose value is not an expected one. */
  readonly claim_mismatch: ConfiguredClaim
  readonly binding_not_verified: 'cnf'
  readonly certificate_mismatch: 'cnf'
}

/** The claims codes whose failure names only the claim. */
type PlainClaimsCode = Exclude<ClaimsCode, BindingFailure['code']>

/**
 * A code of the caller's own claim checks (`claimChecks`): `x_` and then lower-case snake_case,
 * so it can never equal a code of the library, now or in a later version.
 */
export type CustomCode = `x_${string}`

/** A caller's claim check refused the token (returned anything but `true`, threw or rejected). */
export interface CustomClaimsFailure {
  readonly ok: false
  readonly step: 'claims'
  readonly code: CustomCode
  /** The claim the check names (from the options, never from the token). */
  readonly claim: ConfiguredClaim
  readonly message: string
}

export type ClaimsFailure = CustomClaimsFailure | {
  readonly [Code in PlainClaimsCode]: {
    readonly ok: false
    readonly step: 'claims'
    readonly code: Code
    readonly claim: ClaimsCodeClaims[Code]
    readonly message: string
  }
}[PlainClaimsCode] | BindingFailure

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

/** The required roles are not granted (step `scopes`, option `roles`). */
export interface RolesFailure {
  readonly ok: false
  readonly step: 'scopes'
  /** `invalid_claim`: the role claim (or an object on its path) has the wrong type. */
  readonly code: 'insufficient_role' | 'invalid_claim'
  /** The `roleClaim` path, members joined by dots (`realm_access.roles`). */
  readonly claim: ConfiguredClaim
  /** The required roles that were not granted (with `roleMatch: 'any'`, all of them). */
  readonly missing: readonly string[]
  readonly required: readonly string[]
  readonly message: string
}

/**
 * A confirmation method of a token's `cnf` (RFC 7800 §3.1): a DPoP key thumbprint (RFC 9449
 * §6.1), a client certificate thumbprint (RFC 8705 §3.1), or any other member (`jwk`, `kid`,
 * `jku`, `jwe`, an unregistered one), which this library does not verify.
 */
export type ConfirmationMethod = 'jkt' | 'x5t#S256' | 'other'

/**
 * Step `claims`, its last built-in check (the caller's `claimChecks` run after it): the token is
 * bound to a key or certificate (`cnf`) and this call did not prove it. `binding_not_verified`: the call passed no DPoP proof for a `jkt`, no client
 * certificate for an `x5t#S256`, or the method is one this library does not verify (RFC 9449
 * §7.2: a bound token is never a bearer token). `certificate_mismatch`: the client certificate is
 * not the one the token is bound to, or could not be read (RFC 8705 §3).
 */
export interface BindingFailure {
  readonly ok: false
  readonly step: 'claims'
  readonly code: 'binding_not_verified' | 'certificate_mismatch'
  readonly claim: 'cnf'
  /** Which confirmation method the call did not satisfy. */
  readonly confirmation: ConfirmationMethod
  readonly message: string
}

export type VerifyFailure = FormatFailure | SignatureFailure | ClaimsFailure | ScopesFailure | RolesFailure

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

/** Fixed messages: the only text a failure carries. Nothing here is ever interpolated. */
const FORMAT_MESSAGES: Readonly<Record<FormatReason, string>> = {
  not_a_string: 'The token is not a string.',
  too_large: 'The token is longer than the configured maximum.',
  segments: 'The token is not a compact JWS of three segments with a header and a payload.',
  base64url: 'A token segment is not canonical unpadded base64url.',
  utf8: 'The header or payload is not valid UTF-8 without a byte order mark.',
  json: 'The header or payload is not valid JSON.',
  duplicate_member: 'The header or payload repeats a member name.',
  not_object: 'The header or payload is not a JSON object.',
  header: 'The header lacks a string "alg" or has a non-string "kid".',
  unsupported_header: 'The header uses crit, b64, zip, enc or a nested token, which are not supported.',
  auth_scheme: 'The token still starts with an authorization scheme such as "Bearer ": pass the credential alone (bearerToken extracts it).',
  whitespace: 'The token has white space before or after it: pass it trimmed.',
}

const SIGNATURE_MESSAGES: Readonly<Record<PlainSignatureFailure['code'], string>> = {
  alg_not_allowed: 'The token\'s algorithm is not allowed.',
  invalid_signature: 'The signature does not verify.',
  graph_token: 'A Microsoft Graph token: only Graph can verify it.',
}

const KEY_MESSAGES: Readonly<Record<KeyNotFoundReason, string>> = {
  no_matching_kid: 'No key in the key set has the token\'s kid.',
  no_key_for_algorithm: 'No key matching the token fits its algorithm (key type, curve or alg).',
  key_rejected: 'The key matching the token was refused by the key policy.',
  import_failed: 'The runtime could not import the key matching the token.',
}

const UNAVAILABLE_MESSAGES: Readonly<Record<UnavailableReason, string>> = {
  http_status: 'The key set endpoint answered with an error status.',
  timeout: 'The key set endpoint did not answer in time.',
  network: 'The key set endpoint could not be reached.',
  too_large: 'The key set endpoint sent too large a body.',
  not_a_key_set: 'The key set endpoint did not send a JSON Web Key Set.',
  discovery_failed: 'The issuer metadata could not be discovered.',
}

const CLAIMS_MESSAGES: Readonly<Record<PlainClaimsCode, string>> = {
  expired: 'The token has expired.',
  not_yet_valid: 'The token is not valid yet.',
  issuer_mismatch: 'Unexpected issuer.',
  audience_mismatch: 'Unexpected audience.',
  type_mismatch: 'Not an access token type.',
  missing_claim: 'A required claim is missing.',
  invalid_claim: 'A claim has the wrong type or value.',
  id_token: 'An ID token, not an access token.',
  claim_mismatch: 'A claim has an unexpected value.',
}

/** The output of a step that passes and produces nothing new: one shared frozen object. */
export const PASSED: { readonly ok: true } = Object.freeze({ ok: true } as const)

export function formatFailure(reason: FormatReason): FormatFailure {
  return { ok: false, step: 'format', code: 'malformed', reason, message: FORMAT_MESSAGES[reason] }
}

export function signatureFailure(code: PlainSignatureFailure['code']): PlainSignatureFailure {
  return { ok: false, step: 'signature', code, message: SIGNATURE_MESSAGES[code] }
}

export function keyNotFound(reason: KeyNotFoundReason, rule?: KeyRule): KeyNotFoundFailure {
  const failure = { ok: false, step: 'signature', code: 'key_not_found', reason, message: KEY_MESSAGES[reason] } as const
  return rule === undefined ? failure : { ...failure, rule }
}

export function unavailable(reason: UnavailableReason, retryAfter: number): UnavailableFailure {
  return { ok: false, step: 'signature', code: 'jwks_unavailable', reason, retryAfter, message: UNAVAILABLE_MESSAGES[reason] }
}

export function claimsFailure<Code extends PlainClaimsCode>(code: Code, claim: ClaimsCodeClaims[Code]): ClaimsFailure {
  return { ok: false, step: 'claims', code, claim, message: CLAIMS_MESSAGES[code] } as ClaimsFailure
}

export function bindingFailure(code: BindingFailure['code'], confirmation: ConfirmationMethod): BindingFailure {
  const message = code === 'certificate_mismatch'
    ? 'The client certificate is not the one the token is bound to.'
    : 'The token is bound to a key or certificate that this request did not prove.'
  return { ok: false, step: 'claims', code, claim: 'cnf', confirmation, message }
}

export function scopesFailure(
  code: ScopesFailure['code'],
  claim: ScopeClaim,
  missing: readonly string[],
  required: readonly string[],
): ScopesFailure {
  const message = code === 'insufficient_scope'
    ? 'The token does not grant the required scopes.'
    : 'The scope claim has the wrong type.'
  return { ok: false, step: 'scopes', code, claim, missing, required, message }
}

/** The scopes step's failure for the role claim, as roles name it: the same lists, the role code and message. */
export function rolesFailure(failure: ScopesFailure, claim: string): RolesFailure {
  return failure.code === 'invalid_claim'
    ? { ...failure, code: failure.code, claim, message: 'The role claim has the wrong type.' }
    : { ...failure, code: 'insufficient_role', claim, message: 'The token does not grant the required roles.' }
}

export function customFailure(code: CustomCode, claim: string): CustomClaimsFailure {
  return { ok: false, step: 'claims', code, claim, message: 'A claim check refused the token.' }
}
