/**
 * Step "format": the token is a JWS in the compact serialization (RFC 7515 §7.1) carrying a JWT
 * claims set (RFC 7519 §7.2 steps 1–10). Everything here is unverified: nothing is trusted yet.
 */
import { decodeBase64url } from './base64url.js'
import { own, parseJsonObject, type JsonObject } from './json.js'
import { formatFailure, type FormatFailure, type FormatReason } from './result.js'

/** A compact JWS whose header is well formed; its payload is still raw octets. */
export interface ParsedJws {
  readonly ok: true
  readonly unverifiedHeader: JsonObject
  readonly payload: Uint8Array
  readonly alg: string
  readonly kid: string | undefined
  /** The ASCII octets the signature covers: `BASE64URL(header) "." BASE64URL(payload)`. */
  readonly signingInput: Uint8Array<ArrayBuffer>
  readonly signature: Uint8Array<ArrayBuffer>
}

/** A token that is well formed but not yet verified: a JWS whose payload is a JSON object. */
export interface ParsedToken extends ParsedJws {
  readonly unverifiedPayload: JsonObject
}

const encoder = new TextEncoder()

// Header parameters whose meaning this library does not implement; each is rejected below.
const UNSUPPORTED = ['crit', 'b64', 'zip', 'enc'] as const

/** Splits, decodes and parses a compact JWS carrying a JWT claims set, or says why it is not one. */
export function parseCompact(token: unknown, maxLength: number): ParsedToken | FormatFailure {
  const jws = parseJws(token, maxLength)
  if (jws.ok === false) return jws
  // Security: RFC 7519 §7.2 step 10: the payload is a JSON object (not a string, array or nested token).
  const payload = parseJsonObject(jws.payload)
  if (typeof payload === 'string') return formatFailure(payload)
  return {
    ok: true,
    unverifiedHeader: jws.unverifiedHeader,
    payload: jws.payload,
    alg: jws.alg,
    kid: jws.kid,
    signingInput: jws.signingInput,
    signature: jws.signature,
    unverifiedPayload: payload,
  }
}

/**
 * The JWS layer alone (RFC 7515 §5.2 steps 1–7): three segments, strict base64url, a header that
 * is a strict JSON object with a string `alg`. The payload may be any octets.
 */
export function parseJws(token: unknown, maxLength: number): ParsedJws | FormatFailure {
  if (typeof token !== 'string') return formatFailure('not_a_string')
  // Security: the cap comes before any decoding, so size alone bounds the work (RFC 7518 §8.6).
  if (token.length > maxLength) return formatFailure('too_large')
  const first = token.indexOf('.')
  const second = token.indexOf('.', first + 1)
  // Security: exactly three segments; two is not a JWS, four or five (a JWE) are not accepted, and
  // the JSON serialization has no dots where these are (RFC 7515 §7.1, RFC 7516 §9). The header
  // cannot be empty, and an empty payload is detached content (RFC 7515 Appendix F), which a JWT
  // never is. An empty signature passes here, so an unsigned token (`alg: none`) is refused for
  // what it is, at the signature step, by the allow-list.
  if (first < 1 || second < first + 2 || token.indexOf('.', second + 1) !== -1) {
    return formatFailure(refine(token, 'segments'))
  }
  const headerBytes = decodeBase64url(token.slice(0, first))
  const payload = decodeBase64url(token.slice(first + 1, second))
  const signature = decodeBase64url(token.slice(second + 1)) as Uint8Array<ArrayBuffer> | undefined
  // Security: each segment is canonical base64url (see base64url.ts for the rules).
  if (headerBytes === undefined || payload === undefined || signature === undefined) {
    return formatFailure(refine(token, 'base64url'))
  }
  const header = parseJsonObject(headerBytes)
  if (typeof header === 'string') return formatFailure(header)

  const alg = own(header, 'alg')
  const kid = own(header, 'kid')
  // Security: RFC 7515 §4.1.1: alg is required; §4.1.4: kid is a string, never coerced into one.
  if (typeof alg !== 'string' || (kid !== undefined && typeof kid !== 'string')) return formatFailure('header')
  for (const name of UNSUPPORTED) {
    // Security: crit names extensions we do not understand (RFC 7515 §4.1.11); b64 is not for JWTs
    // (RFC 7797 §7); zip and enc belong to JWE (RFC 7516 §4.1.2–4.1.3).
    if (own(header, name) !== undefined) return formatFailure('unsupported_header')
  }
  // Security: cty "JWT" announces a nested token (RFC 7519 §5.2), which an access token never is.
  if (isNestedJwt(own(header, 'cty'))) return formatFailure('unsupported_header')

  return {
    ok: true,
    unverifiedHeader: header,
    payload,
    alg,
    kid,
    // The signing input is ASCII (base64url was checked above), so encoding it is exact.
    signingInput: encoder.encode(token.slice(0, second)),
    signature,
  }
}

/**
 * A more useful reason for a token that is not a compact JWS because the caller passed the whole
 * `Authorization` value or forgot to trim it (RFC 6750 §2.1 puts one space between the scheme and
 * the credential). Only on the failure path; the token is still refused, with a reason that
 * says what to do.
 */
function refine(token: string, reason: 'segments' | 'base64url'): FormatReason {
  // Security: refused all the same; only the reason changes, and it names no token content.
  // The two schemes access tokens travel under (RFC 6750 §2.1, RFC 9449 §7.1); any other word
  // before a space could as well be a broken segment.
  if (/^(?:bearer|dpop) /i.test(token)) return 'auth_scheme'
  if (/^[ \t\r\n]|[ \t\r\n]$/.test(token)) return 'whitespace'
  return reason
}

/** `JWT` or `application/jwt` in any case (media types are case-insensitive, RFC 7515 §4.1.10). */
function isNestedJwt(cty: unknown): boolean {
  return typeof cty === 'string' && mediaType(cty) === 'jwt'
}

/** A `typ` or `cty` value compared as RFC 7515 §4.1.9 says: lower case, `application/` implied. */
export function mediaType(type: string): string {
  const lower = type.toLowerCase()
  return lower.startsWith('application/') ? lower.slice(12) : lower
}
