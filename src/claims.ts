/**
 * Step "claims": RFC 7519 §4.1 and RFC 9068 §4. Runs only after the signature verified, so every
 * value judged here was signed by a configured key. Checks run in a fixed order: `typ`, the ID
 * token markers, `iss`, `aud` (then `client_id`), `exp`, `nbf`, `iat`, the typed claims (`sub`,
 * `client_id`, `jti` first, which the RFC 9068 profile also requires), then `requiredClaims`,
 * `subject` and `claimValues`. The step ends with the `cnf` binding (binding.ts) and the
 * caller's `claimChecks` (checks.ts), which the pipeline runs next.
 */
import { mediaType, type ParsedToken } from './format.js'
import { own, type JsonObject } from './json.js'
import type { Settings } from './options.js'
import { claimsFailure, PASSED, type ClaimsCodeClaims, type ClaimsFailure } from './result.js'

/** Checks the claims at `now` (seconds since the epoch). */
export function checkClaims(token: ParsedToken, settings: Settings, now: number): typeof PASSED | ClaimsFailure {
  const claims = token.unverifiedPayload
  const tolerance = settings.clockTolerance

  // Security: explicit typing keeps an ID token or a DPoP proof from passing as an access
  // token (RFC 9068 §2.1 and §4, RFC 8725 §3.11).
  if (!isAcceptedType(token.header.typ, settings.types)) return claimsFailure('type_mismatch', 'typ')

  for (const [name, values] of settings.idTokenClaims) {
    // Security: a claim only the issuer's ID tokens carry (Cognito `token_use: "id"`, Keycloak
    // `typ: "ID"`, an OpenID Connect `nonce`) says this is an ID token, which authorizes nothing
    // (OpenID Connect Core §2, RFC 9068 §4); named as such, ahead of the audience it also fails.
    if (matches(own(claims, name), values)) return claimsFailure('id_token', name)
  }

  // Security: RFC 9068 §4: iss must exactly match; a missing or non-string iss matches nothing.
  const iss = own(claims, 'iss')
  if (typeof iss !== 'string' || !settings.issuers.includes(iss)) return claimsFailure('issuer_mismatch', 'iss')

  // Security: a token for another API is not for us (RFC 7519 §4.1.3, RFC 8725 §3.9).
  if (settings.audiences !== undefined && !hasAudience(own(claims, 'aud'), settings.audiences)) return claimsFailure('audience_mismatch', 'aud')
  // Security: for issuers whose access tokens have no aud (Cognito), the client the token was
  // issued to (RFC 9068 §2.2 client_id) is what ties it to this API; absent matches nothing.
  if (settings.clientIds !== undefined && !matches(own(claims, 'client_id'), settings.clientIds)) return claimsFailure('audience_mismatch', 'client_id')

  // Security: exp is required (RFC 9068 §2.2); a token without one would never expire.
  const exp = own(claims, 'exp')
  if (exp === undefined) return claimsFailure('missing_claim', 'exp')
  // Security: a finite number only: `1e309` parses to Infinity, which would never expire.
  if (!isNumericDate(exp)) return claimsFailure('invalid_claim', 'exp')
  // Security: RFC 7519 §4.1.4: not accepted "on or after" exp, so exp equal to now is expired.
  if (now >= exp + tolerance) return claimsFailure('expired', 'exp')

  const nbf = own(claims, 'nbf')
  if (nbf !== undefined) {
    // Security: a non-number nbf cannot be compared, so it cannot be honoured.
    if (!isNumericDate(nbf)) return claimsFailure('invalid_claim', 'nbf')
    // Security: RFC 7519 §4.1.5: accepted "on or after" nbf, so nbf equal to now is valid.
    if (now + tolerance < nbf) return claimsFailure('not_yet_valid', 'nbf')
  }

  const iat = own(claims, 'iat')
  if (iat === undefined) {
    // maxTokenAge measures from iat, so it makes iat required.
    if (settings.maxTokenAge !== undefined || settings.rfc9068) return claimsFailure('missing_claim', 'iat')
  } else {
    if (!isNumericDate(iat)) return claimsFailure('invalid_claim', 'iat')
    if (settings.maxTokenAge !== undefined) {
      // Security: a token issued in the future would outlive any age limit.
      if (iat > now + tolerance) return claimsFailure('not_yet_valid', 'iat')
      // Security: iat + maxTokenAge acts as a second exp, with the same "on or after" boundary.
      if (now >= iat + settings.maxTokenAge + tolerance) return claimsFailure('expired', 'iat')
    }
  }

  // Security: a claim the result type promises as a string or a list of strings is one, so a
  // caller's `claims.sub === id` never compares a number or an array (RFC 7519 §4.1, RFC 9068
  // §2.2, §2.2.3.1). Absent claims pass, except that RFC 9068 §2.2 requires sub, client_id and
  // jti (iat was checked above); in this one loop, so the order is sub, client_id, jti, then the rest.
  for (const [name, isValid] of TYPED_CLAIMS) {
    const value = own(claims, name)
    if (value === undefined) {
      if (settings.rfc9068 && (name === 'sub' || name === 'client_id' || name === 'jti')) return claimsFailure('missing_claim', name)
    } else if (!isValid(value)) {
      return claimsFailure('invalid_claim', name)
    }
  }

  for (const [name, values] of settings.expected) {
    const value = own(claims, name)
    // Security: a claim the caller requires is present (own, any JSON value but absence) and,
    // where values are listed, a string equal to one of them, compared exactly.
    if (value === undefined) return claimsFailure('missing_claim', name)
    if (!matches(value, values)) return claimsFailure('claim_mismatch', name)
  }
  return PASSED
}

/** A present claim and `true`, or a string claim equal to one of the values. */
function matches(value: unknown, values: true | readonly string[]): boolean {
  return value !== undefined && (values === true || (typeof value === 'string' && values.includes(value)))
}

const isString = (value: unknown): boolean => typeof value === 'string'
const isStringList = (value: unknown): boolean => {
  if (!Array.isArray(value)) return false
  // By index, so a hole is an undefined member, not a skipped one.
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false
  return true
}

/** The claims whose type is checked when present, in the order they are checked. */
const TYPED_CLAIMS: readonly (readonly [ClaimsCodeClaims['invalid_claim'], (value: unknown) => boolean])[] = [
  ['sub', isString], ['client_id', isString], ['jti', isString], ['azp', isString], ['acr', isString],
  ['auth_time', isNumericDate],
  ['amr', isStringList], ['groups', isStringList], ['roles', isStringList], ['entitlements', isStringList],
]

/** RFC 7519 §2: a JSON number, possibly fractional; never a string, never infinite. */
function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

function hasAudience(aud: unknown, expected: readonly string[]): boolean {
  if (typeof aud === 'string') return expected.includes(aud)
  // Security: an array with a non-string member is an invalid claim, not a partial match.
  if (!Array.isArray(aud) || aud.length === 0 || !aud.every((item) => typeof item === 'string')) return false
  return aud.some((item) => expected.includes(item))
}

/**
 * Media types compare case-insensitively and `application/` may be left out (RFC 7515 §4.1.9).
 * Default (`types` undefined): absent, `JWT` (what most issuers still send) or `at+jwt`. Otherwise
 * present and one of `types` (lower case, without `application/`): `at+jwt` only for rfc9068.
 */
function isAcceptedType(typ: unknown, types: readonly string[] | undefined): boolean {
  if (typ === undefined) return types === undefined
  if (typeof typ !== 'string') return false
  return (types ?? DEFAULT_TYPES).includes(mediaType(typ))
}

const DEFAULT_TYPES = ['jwt', 'at+jwt']
