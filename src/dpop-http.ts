/**
 * DPoP over HTTP, framework-agnostic: reading a DPoP request (RFC 9449 §4.1, §4.3 point 1, §7.1,
 * §7.2) and the answer to one that fails (RFC 9449 §7.1, §9; RFC 6750 §3). Web `Request` and
 * plain header records only; the verification itself is `verify(token, { dpop })`.
 */
import { ALGORITHMS, type Algorithm } from './algorithms.js'
import type { DpopInput } from './binding.js'
import type { DpopFailure } from './dpop-result.js'
import { fail, guarded, readOptions } from './mistakes.js'
import type { VerifyFailure } from './result.js'
import type { FetchRequest } from './web.js'

/** A DPoP request: the access token and what `verify(token, { dpop })` needs. */
export interface DpopRequest {
  readonly ok: true
  /** The access token of `Authorization: DPoP <token>`. */
  readonly token: string
  /** Pass as `verify(request.token, { dpop: request.dpop })`. */
  readonly dpop: { readonly proof: string; readonly method: string; readonly url: string } & DpopInput
}

/**
 * Why a request is refused before any token is judged (`invalid_request`, answered 400):
 * - `several_credentials`: more than one `Authorization` header (RFC 9449 §7.2, RFC 6750 §2);
 * - `mixed_schemes`: `Authorization: Bearer` with a `DPoP` header: a proof was made for this
 *   request, so the token must be sent as a DPoP token, not downgraded;
 * - `several_proofs`: more than one `DPoP` header (RFC 9449 §4.3 point 1);
 * - `missing_proof`: `Authorization: DPoP` without a `DPoP` header (RFC 9449 §7.1);
 * - `missing_token`: a `DPoP` header without `Authorization` credentials;
 * - `malformed_credentials`: the `DPoP` credentials are not one token68 (RFC 9449 §7.1).
 */
export type DpopRequestReason =
  | 'several_credentials' | 'mixed_schemes' | 'several_proofs' | 'missing_proof' | 'missing_token' | 'malformed_credentials'

export interface DpopRequestFailure {
  readonly ok: false
  readonly step: 'request'
  readonly code: 'invalid_request'
  readonly reason: DpopRequestReason
  readonly message: string
}

const REQUEST_MESSAGES: Readonly<Record<DpopRequestReason, string>> = {
  several_credentials: 'Multiple methods used to include access token.',
  mixed_schemes: 'A DPoP proof was sent with a Bearer token; send the token with the DPoP scheme.',
  several_proofs: 'More than one DPoP header.',
  missing_proof: 'The DPoP scheme was used without a DPoP header.',
  missing_token: 'A DPoP header was sent without an access token.',
  malformed_credentials: 'The DPoP credentials are not a single token.',
}

const requestFailure = (reason: DpopRequestReason): DpopRequestFailure =>
  ({ ok: false, step: 'request', code: 'invalid_request', reason, message: REQUEST_MESSAGES[reason] })

// RFC 9110 §11.2 (token68), which the DPoP scheme and header use (RFC 9449 §4.1, §7.1).
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/
// An auth scheme is a token (RFC 9110 §11.1); credentials follow after one or more spaces.
const CREDENTIALS = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)(?: +(.*))?$/

/**
 * Reads a DPoP request from a web `Request`: `Authorization: DPoP <token>` and one `DPoP` header.
 * Returns undefined when the request uses neither (no credentials, or Bearer without a proof:
 * read it as a bearer request), a `DpopRequest`, or the reason it is refused. The URL is
 * `request.url`: behind a proxy that rewrites it, pass the public URL in `dpop.url` instead.
 * Never throws for anything a request contains.
 */
export function readDpopRequest(request: FetchRequest): DpopRequest | DpopRequestFailure | undefined {
  const headers = guarded('request', () => {
    if (typeof request !== 'object' || request === null || typeof request.headers?.get !== 'function') {
      fail('readDpopRequest needs a web Request (with headers.get)')
    }
    return { authorization: request.headers.get('authorization'), proof: request.headers.get('dpop'), method: request.method, url: request.url }
  })
  const { authorization, proof } = headers
  // Security: several Authorization fields are several methods to send a token (RFC 9449 §7.2,
  // RFC 6750 §2); Headers joins them with ", ", and neither a scheme nor token68 holds a comma.
  if (authorization !== null && authorization.includes(',')) return requestFailure('several_credentials')
  const credentials = authorization === null ? null : CREDENTIALS.exec(authorization.trim())
  const scheme = credentials?.[1]?.toLowerCase()
  if (scheme !== 'dpop') {
    if (proof === null) return undefined
    // Security: a proof beside Bearer credentials would let a DPoP-bound token be sent as a
    // bearer token while looking like a DPoP request (RFC 9449 §7.2).
    return requestFailure(scheme === undefined ? 'missing_token' : 'mixed_schemes')
  }
  // Not trimmed again: the spaces after the scheme are taken by the pattern, and a tab or another
  // blank after them is not `1*SP` (bearerToken refuses `Bearer <SP><TAB>token` the same way).
  const token = credentials?.[2] ?? ''
  // Security: RFC 9449 §7.1: credentials = "DPoP" 1*SP token68, one token and nothing else.
  if (!TOKEN68.test(token)) return requestFailure('malformed_credentials')
  // Security: RFC 9449 §7.1: a DPoP token comes with a proof, or it is not checked at all.
  if (proof === null || proof.trim() === '') return requestFailure('missing_proof')
  // Security: RFC 9449 §4.3 point 1: not more than one DPoP header (joined with ", " by Headers).
  if (proof.includes(',')) return requestFailure('several_proofs')
  return { ok: true, token, dpop: { proof: proof.trim(), method: headers.method, url: headers.url } }
}

/** Options of `dpopAnswer`. */
export interface DpopAnswerOptions {
  /** The algorithms the `algs` challenge parameter lists: the DPoP verifier's `algorithms`. Default: all supported. */
  readonly algs?: readonly Algorithm[]
  /** A fresh server nonce for `DPoP-Nonce`: required for `use_dpop_nonce`, sent with any answer when given. */
  readonly nonce?: string
  /** The `realm` challenge parameter (RFC 9110 §11.5), when you use one. */
  readonly realm?: string
}

/** An HTTP answer: the status and the headers to set. */
export interface DpopAnswer {
  readonly status: 400 | 401 | 403 | 503
  readonly headers: Readonly<Record<string, string>>
}

/**
 * The HTTP answer to a DPoP request that failed, with the RFC 9449 §7.1 challenge
 * `WWW-Authenticate: DPoP algs="…"` and, for the errors, `error` and `error_description`:
 * - undefined (no credentials at all): 401, no error (RFC 6750 §3.1);
 * - a refused request (`readDpopRequest`): 400 `invalid_request`;
 * - `dpop`/`invalid_dpop_proof`: 401 `invalid_dpop_proof`;
 * - `dpop`/`use_dpop_nonce`: 401 `use_dpop_nonce` and `DPoP-Nonce` (RFC 9449 §9);
 * - `dpop`/`key_mismatch`: 401 `invalid_token` (RFC 9449 §7.1, "Invalid DPoP key binding");
 * - `scopes`/`insufficient_scope`: 403 `insufficient_scope` with `scope`;
 * - `scopes`/`insufficient_role`: 403 `insufficient_scope` without `scope` (roles are not scopes);
 * - `dpop_unavailable`, `jwks_unavailable`: 503 with `Retry-After`, no challenge;
 * - any other failure of the token: 401 `invalid_token`.
 * Messages are the failures' fixed ones: nothing from the token or proof.
 */
export function dpopAnswer(failure: VerifyFailure | DpopFailure | DpopRequestFailure | undefined, options: DpopAnswerOptions = {}): DpopAnswer {
  const { algs, nonce, realm } = readAnswerOptions(options)
  const headers: Record<string, string> = {}
  if (nonce !== undefined) {
    headers['DPoP-Nonce'] = nonce
    // RFC 9449 §8.2: an answer with a nonce must not be served again from a cache.
    headers['Cache-Control'] = 'no-store'
  }
  if (failure !== undefined && (failure.code === 'dpop_unavailable' || failure.code === 'jwks_unavailable')) {
    return { status: 503, headers: { ...headers, 'Retry-After': String(failure.retryAfter) } }
  }
  const params: [string, string][] = []
  if (realm !== undefined) params.push(['realm', realm])
  let status: DpopAnswer['status'] = 401
  if (failure !== undefined) {
    const [error, answerStatus] = failure.code === 'invalid_request' ? ['invalid_request', 400] as const
      : failure.code === 'invalid_dpop_proof' || failure.code === 'use_dpop_nonce' ? [failure.code, 401] as const
      // As httpAnswer answers them: RFC 6750 has no role error, and a valid token is forbidden.
      : failure.code === 'insufficient_scope' || failure.code === 'insufficient_role' ? ['insufficient_scope', 403] as const
      : ['invalid_token', 401] as const
    status = answerStatus
    params.push(['error', error], ['error_description', failure.message])
    if (failure.code === 'insufficient_scope') params.push(['scope', failure.required.join(' ')])
    if (failure.code === 'use_dpop_nonce' && nonce === undefined) {
      fail('dpopAnswer needs a nonce for use_dpop_nonce: pass { nonce: await nonces.current() }')
    }
  }
  params.push(['algs', algs.join(' ')])
  headers['WWW-Authenticate'] = `DPoP ${params.map(([name, value]) => `${name}="${quote(value)}"`).join(', ')}`
  return { status, headers }
}

/** An auth-param quoted-string (RFC 9110 §5.6.4): `"` and `\` escaped. */
function quote(value: string): string {
  return value.replace(/["\\]/g, '\\$&')
}

/** Every algorithm of the table: the default `algs`, as it is `createDpopVerifier`'s default. */
const ALL_ALGORITHMS = Object.keys(ALGORITHMS)

function readAnswerOptions(input: DpopAnswerOptions): { algs: readonly string[]; nonce: string | undefined; realm: string | undefined } {
  const options = guarded('dpopAnswer options', () => readOptions<DpopAnswerOptions>(input, ['algs', 'nonce', 'realm'], 'dpopAnswer options'))
  const algs = options.algs ?? ALL_ALGORITHMS
  if (!Array.isArray(algs) || algs.length === 0 || !algs.every((alg) => typeof alg === 'string' && Object.hasOwn(ALGORITHMS, alg))) {
    fail(`dpopAnswer algs must be a non-empty list of ${ALL_ALGORITHMS.join(', ')}`)
  }
  const nonce = options.nonce
  // RFC 9449 §8.1: nonce = 1*NQCHAR, which also keeps it a valid header value.
  if (nonce !== undefined && (typeof nonce !== 'string' || !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(nonce))) {
    fail('dpopAnswer nonce must be a non-empty string of visible ASCII without " or \\ (RFC 9449 §8.1)')
  }
  const realm = options.realm
  if (realm !== undefined && (typeof realm !== 'string' || !/^[\x20-\x7E]*$/.test(realm))) fail('dpopAnswer realm must be a string of printable ASCII')
  return { algs, nonce, realm }
}
