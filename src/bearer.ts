/**
 * The bearer token of a request: the `Authorization` header in the syntax of RFC 6750 §2.1, read
 * before the token's own four steps. Nothing in the header makes this throw; a header that is not
 * one Bearer credential is a failure value naming why, and carries none of the header's content.
 */

/**
 * Why a request carries no usable bearer token. `missing` and `other_scheme` are requests without
 * Bearer credentials (RFC 6750 §3.1: answer with a challenge and no error code); the others used
 * the Bearer scheme wrongly (`invalid_request`, 400).
 */
export type BearerReason = 'missing' | 'other_scheme' | 'no_token' | 'multiple_credentials' | 'malformed'

/**
 * `no_credentials`: no Bearer credentials at all (`missing`, `other_scheme`); `invalid_request`:
 * a malformed use of the Bearer scheme (`no_token`, `multiple_credentials`, `malformed`).
 */
export type BearerCode = 'no_credentials' | 'invalid_request'

/** A request without one well-formed bearer token. `step: 'request'` tells it from a token's failures. */
export interface BearerFailure {
  readonly ok: false
  /** Not one of the token's four steps: the token was never looked at. */
  readonly step: 'request'
  readonly code: BearerCode
  readonly reason: BearerReason
  /** A fixed English sentence per reason, safe to send and log. */
  readonly message: string
}

export interface BearerSuccess {
  readonly ok: true
  /** The credential exactly as sent: still unverified, and never decoded here. */
  readonly token: string
}

export type BearerResult = BearerSuccess | BearerFailure

// Fixed codes and messages: the only text a failure carries. A plain literal (no calls at module
// level), so bundlers drop it from builds that never call bearerToken.
const FAILURES: Readonly<Record<BearerReason, readonly [BearerCode, string]>> = {
  missing: ['no_credentials', 'The request has no Authorization header.'],
  other_scheme: ['no_credentials', 'The Authorization header uses a scheme other than Bearer.'],
  no_token: ['invalid_request', 'The Authorization header names the Bearer scheme but has no token.'],
  multiple_credentials: ['invalid_request', 'The Authorization header has more than one credential.'],
  malformed: ['invalid_request', 'The bearer token is not in the b64token syntax of RFC 6750.'],
}

/** A new object every time: a caller changing one failure cannot change the next. */
function failure(reason: BearerReason): BearerFailure {
  const [code, message] = FAILURES[reason]
  return { ok: false, step: 'request', code, reason, message }
}

// RFC 9110 §5.6.2 tchar: what an auth-scheme is made of.
const SCHEME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/
// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/

/**
 * Reads the bearer token from an `Authorization` header value (RFC 6750 §2.1):
 * `Bearer` in any case (RFC 9110 §11.1), one or more spaces, and exactly one `b64token`.
 * White space: spaces and tabs before and after the whole value are ignored, as they are not part
 * of a field value (RFC 9110 §5.5); between the scheme and the token only spaces count (`1*SP`).
 * An absent, empty or all-blank header is `missing`. The token's own syntax is judged later, by
 * the verifier's `format` step.
 * @see RFC 6750 §2.1, §3.1
 */
export function bearerToken(authorization: string | null | undefined): BearerResult {
  if (authorization === null || authorization === undefined) return failure('missing')
  // A header value is always a string; anything else (an array from a hand-built header map) is
  // answered rather than thrown on.
  if (typeof authorization !== 'string') return failure('malformed')
  const value = trimOws(authorization)
  // An empty field carries no authentication information: a challenge, not an error (RFC 6750 §3.1).
  if (value === '') return failure('missing')
  const scheme = SCHEME.exec(value)?.[0]
  // Security: a value that does not start with an auth-scheme is not credentials at all.
  if (scheme === undefined) return failure('malformed')
  // Another scheme (Basic, DPoP, Negotiate ...) is an unsupported method: a challenge, no error.
  if (scheme.toLowerCase() !== 'bearer') return failure('other_scheme')
  const rest = value.slice(scheme.length)
  if (rest === '') return failure('no_token')
  // Security: `1*SP` only; a tab, `=` or `,` straight after the scheme is not the Bearer syntax.
  if (rest[0] !== ' ') return failure('malformed')
  const credentials = rest.replace(/^ +/, '')
  const end = credentials.indexOf(' ')
  const token = end === -1 ? credentials : credentials.slice(0, end)
  // Security: a second credential, or a comma-separated list (two Authorization fields joined by
  // the Fetch API's Headers.get), is more than one method of sending a token (RFC 6750 §3.1
  // invalid_request): never pick one of them.
  if (end !== -1 || token.includes(',')) return failure('multiple_credentials')
  // Security: only the b64token characters; anything else (quotes, controls, non-ASCII, `=` before
  // the end) is refused here rather than handed to the verifier.
  if (!B64TOKEN.test(token)) return failure('malformed')
  return { ok: true, token }
}

/**
 * Without leading and trailing OWS (SP, HTAB: RFC 9110 §5.6.3). A loop rather than a regular
 * expression, whose `[ \t]+$` would take quadratic time on a long run of inner spaces.
 */
function trimOws(value: string): string {
  let start = 0
  let end = value.length
  while (start < end && isOws(value.charCodeAt(start))) start++
  while (end > start && isOws(value.charCodeAt(end - 1))) end--
  return value.slice(start, end)
}

function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09
}
