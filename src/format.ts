/**
 * Step "format": the token is a JWS in the compact serialization (RFC 7515 §7.1) carrying a JWT
 * claims set (RFC 7519 §7.2 steps 1–10). Everything here is unverified: nothing is trusted yet.
 *
 * Header first: the header is judged before the payload is decoded, and the signature is only
 * checked for its alphabet here; its octets are decoded by the signature step, when a key will
 * use them. The reasons keep their precedence: a segment that is not base64url is `base64url`
 * whatever else is wrong, then the header, then the payload.
 */
import { decodeBase64urlBinary, decodedLength, decodeInto, isBase64url } from './base64url.js'
import { decodeUtf8, own, parseJsonText, type JsonObject } from './json.js'
import { formatFailure, type FormatFailure, type FormatReason } from './result.js'

/** What the pipeline reads from a well-formed header: the same for every token that carries it. */
export interface HeaderFacts {
  readonly alg: string
  readonly kid: string | undefined
  /** The `typ` parameter, judged by the claims step (RFC 9068 §2.1). */
  readonly typ: unknown
  /** The parsed header, never handed out: each result gets its own copy (`unverifiedHeader`). */
  readonly value: JsonObject
  /** Whether every member is a string, number, boolean or null, so a shallow copy is a full one. */
  readonly flat: boolean
  /** The header's JSON text, parsed afresh for results when the header nests objects or arrays. */
  readonly text: string
}

/** A compact JWS whose segments are canonical base64url and whose header is well formed. */
export interface ParsedJws {
  readonly ok: true
  readonly token: string
  readonly header: HeaderFacts
  /** The payload's octets, one character per octet (any octets at the JWS layer). */
  readonly payload: string
  /** Offsets of the payload and signature segments (each just after a dot). */
  readonly payloadAt: number
  readonly signatureAt: number
}

/** A token that is well formed but not yet verified: a JWS whose payload is a JSON object. */
export interface ParsedToken extends ParsedJws {
  readonly unverifiedPayload: JsonObject
}

const encoder = new TextEncoder()

// Header parameters whose meaning this library does not implement; each is rejected below.
const UNSUPPORTED = ['crit', 'b64', 'zip', 'enc'] as const

/**
 * Header segments already judged, with their verdict. Tokens of one issuer key share one header,
 * so this turns the header's decode, UTF-8 check, parse and duplicate scan into one lookup. The
 * verdict depends on the segment alone, so caching it changes no answer. Bounded: at most 64
 * segments of at most 1 KiB each, and forgotten all at once when full.
 */
const headers = new Map<string, HeaderFacts | FormatReason>()
const HEADER_CACHE_ENTRIES = 64
const HEADER_CACHE_LENGTH = 1024

/** Splits, decodes and parses a compact JWS carrying a JWT claims set, or says why it is not one. */
export function parseCompact(token: unknown, maxLength: number): ParsedToken | FormatFailure {
  const jws = parseJws(token, maxLength)
  if (jws.ok === false) return jws
  const text = textOf(jws.payload)
  const payload = text === undefined ? 'utf8' : parseJsonText(text)
  // Security: RFC 7519 §7.2 step 10: the payload is a JSON object (not a string, array or nested token).
  if (typeof payload === 'string') return formatFailure(payload)
  return { ok: true, token: jws.token, header: jws.header, payload: jws.payload, payloadAt: jws.payloadAt, signatureAt: jws.signatureAt, unverifiedPayload: payload }
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
  const segment = token.slice(0, first)
  let header = headers.get(segment)
  if (header === undefined) {
    header = judgeHeader(segment)
    if (segment.length <= HEADER_CACHE_LENGTH) {
      if (headers.size >= HEADER_CACHE_ENTRIES) headers.clear()
      headers.set(segment, header)
    }
  }
  // Security: each segment is canonical base64url (see base64url.ts for the rules); a segment
  // that is not outranks anything wrong with the header. The payload is decoded by the check.
  const payload = header === 'base64url' ? undefined : decodeBase64urlBinary(token.slice(first + 1, second))
  if (payload === undefined || !isBase64url(token.slice(second + 1))) return formatFailure(refine(token, 'base64url'))
  if (typeof header === 'string') return formatFailure(header)
  return { ok: true, token, header, payload, payloadAt: first + 1, signatureAt: second + 1 }
}

// Any octet above 0x7f: only such segments need the UTF-8 decoder.
const NON_ASCII = /[^\x00-\x7f]/

/**
 * The text of a segment's octets (a binary string): ASCII octets are their own UTF-8 decoding and
 * cannot begin with a byte order mark, so the common all-ASCII segment is used as is; any other
 * goes through the strict UTF-8 decoder (undefined when it is not UTF-8).
 */
export function textOf(binary: string): string | undefined {
  if (!NON_ASCII.test(binary)) return binary
  return decodeUtf8(bytesOf(binary))
}

function bytesOf(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** The verdict on one header segment: its facts, or the format reason it fails with. */
function judgeHeader(segment: string): HeaderFacts | FormatReason {
  const binary = decodeBase64urlBinary(segment)
  if (binary === undefined) return 'base64url'
  const text = textOf(binary)
  if (text === undefined) return 'utf8'
  const header = parseJsonText(text)
  if (typeof header === 'string') return header

  const alg = own(header, 'alg')
  const kid = own(header, 'kid')
  // Security: RFC 7515 §4.1.1: alg is required; §4.1.4: kid is a string, never coerced into one.
  if (typeof alg !== 'string' || (kid !== undefined && typeof kid !== 'string')) return 'header'
  for (const name of UNSUPPORTED) {
    // Security: crit names extensions we do not understand (RFC 7515 §4.1.11); b64 is not for JWTs
    // (RFC 7797 §7); zip and enc belong to JWE (RFC 7516 §4.1.2–4.1.3).
    if (own(header, name) !== undefined) return 'unsupported_header'
  }
  // Security: cty "JWT" announces a nested token (RFC 7519 §5.2), which an access token never is.
  if (isNestedJwt(own(header, 'cty'))) return 'unsupported_header'
  return { alg, kid, typ: own(header, 'typ'), value: header, flat: isFlat(header), text }
}

/** Whether every own member is a string, number, boolean or null. */
function isFlat(object: JsonObject): boolean {
  const members = Object.values(object)
  for (let i = 0; i < members.length; i++) {
    const member = members[i]
    if (typeof member === 'object' && member !== null) return false
  }
  return true
}

/**
 * A fresh copy of the header, for a result, so that no caller shares an object with another result
 * or with the cache: a shallow copy of a flat header (forty times cheaper than parsing it again),
 * a new parse of one that nests. Either way the same members in the same order.
 */
export function unverifiedHeader(jws: ParsedJws): JsonObject {
  return jws.header.flat ? { ...jws.header.value } : JSON.parse(jws.header.text) as JsonObject
}

/** The payload's octets, for the JWS layer, whose payload need not be JSON. */
export function payloadBytes(jws: ParsedJws): Uint8Array {
  return bytesOf(jws.payload)
}

/**
 * The signature's octets and the ASCII octets it covers, `BASE64URL(header) "." BASE64URL(payload)`;
 * made only when a key is about to verify them, as two views of one new buffer: allocating
 * buffers is most of their cost (one allocation instead of two saved a quarter here). A new
 * buffer per token, never a reused one: a runtime that read the bytes after `verify` returned
 * must not see another token's.
 */
export function signedBytes(jws: ParsedJws): { signature: Uint8Array<ArrayBuffer>; signingInput: Uint8Array<ArrayBuffer> } {
  const { token, signatureAt } = jws
  const signatureLength = decodedLength(token.length - signatureAt)
  const buffer = new Uint8Array(signatureLength + signatureAt - 1)
  // Canonical base64url (checked by parseJws), so the decode cannot fail.
  decodeInto(token, signatureAt, token.length, buffer, 0)
  const signingInput = buffer.subarray(signatureLength)
  // The signing input is ASCII (base64url was checked), so encoding it is exact.
  encoder.encodeInto(token.slice(0, signatureAt - 1), signingInput)
  return { signature: buffer.subarray(0, signatureLength), signingInput }
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
