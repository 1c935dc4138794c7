/**
 * From a failure to an HTTP answer (RFC 6750 §3, RFC 9068 §4; RFC 9449 §7.1 for step `dpop`), and
 * `verifyRequest`, which runs a Fetch-API request through `bearerToken` (or, with DPoP enabled,
 * `readDpopRequest`), a verifier and `httpAnswer`. Everything in a challenge comes from the
 * caller's options or the library's fixed messages, never from the request.
 */
import { ALGORITHMS, type Algorithm } from './algorithms.js'
import { bearerToken, type BearerFailure } from './bearer.js'
import { readProofChecker } from './binding.js'
import { dpopAnswer, readDpopRequest, type DpopRequestFailure } from './dpop-http.js'
import { dpopUnavailable, type DpopFailure } from './dpop-result.js'
import type { DpopVerifier } from './dpop.js'
import type { CallOptions } from './options.js'
import type { AccessTokenClaims, VerifyFailure, VerifyResult, VerifySuccess } from './result.js'
import type { Verifier } from './verify.js'
import type { FetchRequest, FetchResponse } from './web.js'

/**
 * Anything `httpAnswer` answers: a request without a usable bearer token (or a refused DPoP
 * request), a token's failure, or a DPoP proof's (step `dpop`).
 */
export type HttpFailure = BearerFailure | DpopRequestFailure | VerifyFailure | DpopFailure

/** Options of `httpAnswer`. */
export interface AnswerOptions {
  /**
   * The protection space named in every challenge (RFC 9110 §11.5), printable ASCII; sent as a
   * quoted-string with `\` and `"` escaped. Default `'api'`: RFC 6750 §3 requires at least one
   * attribute after `Bearer`, and a challenge without an error has no other.
   */
  readonly realm?: string | undefined
  /**
   * The scopes a 403 `insufficient_scope` answer lists in `scope`. Default: the failure's
   * `required` (every scope the call required), or its `missing` when it has no `required`.
   */
  readonly scopes?: string | readonly string[] | undefined
  /**
   * Step `dpop` only: the algorithms the `DPoP algs="…"` challenge lists, the DPoP verifier's
   * `algorithms`. Default: every supported algorithm, as `createDpopVerifier`'s default.
   */
  readonly algs?: readonly Algorithm[] | undefined
  /**
   * Step `dpop` only: a fresh server nonce for `DPoP-Nonce` (RFC 9449 §9), required to answer
   * `use_dpop_nonce`: `await nonces.current()`.
   */
  readonly nonce?: string | undefined
}

/** A status and the headers to send with it; the body is the caller's choice (empty is fine). */
export interface HttpAnswer {
  readonly status: 400 | 401 | 403 | 503
  readonly headers: Readonly<Record<string, string>>
}

/** Seconds in `Retry-After` when the failure does not say: the default `cooldown` of `createRemoteJwks`. */
export const DEFAULT_RETRY_AFTER = 30

const DEFAULT_REALM = 'api'

/**
 * The answer to a failure, per RFC 6750 §3 and §3.1:
 * no Bearer credentials → 401 with a challenge and no error; a malformed request → 400
 * `invalid_request`; a token that failed at `format`, `signature`, `claims`, or a wrongly typed
 * scope claim (RFC 9068 §4: the token is invalid) → 401 `invalid_token`; a token without the
 * required scopes → 403 `insufficient_scope` with `scope`; a key set that could not be fetched →
 * 503 with `Retry-After` and no challenge, as the token was not judged. A code this version does
 * not know (a later minor release) answers 401 `invalid_token`. A failure of step `dpop` is
 * answered as `dpopAnswer` answers it, with the `DPoP` scheme (RFC 9449 §7.1): 401
 * `invalid_dpop_proof`, `use_dpop_nonce` (with `DPoP-Nonce`: pass `nonce`) or `invalid_token`
 * (`key_mismatch`), and 503 with `Retry-After` for `dpop_unavailable`. Throws a `TypeError` only
 * for a caller mistake: `failure` not a failure, an invalid option, or `use_dpop_nonce` without
 * a `nonce`.
 * @see RFC 6750 §3, RFC 9068 §4, RFC 9449 §7.1
 */
export function httpAnswer(failure: HttpFailure, options: AnswerOptions = {}): HttpAnswer {
  const resolved = resolveAnswerOptions(options)
  return answer(failure, resolved.realm, resolved.scopes, resolved)
}

/** What a `DPoP` challenge needs: the realm as given, the `algs` and a nonce, where known. */
interface DpopChallenge {
  readonly rawRealm: string
  readonly algs: readonly Algorithm[] | undefined
  readonly nonce: string | undefined
}

function answer(failure: HttpFailure, realm: string, scopes: AnswerOptions['scopes'], dpop: DpopChallenge): HttpAnswer {
  if (typeof failure !== 'object' || failure === null || read(failure, 'ok') !== false) fail('httpAnswer takes a failure result ({ ok: false, ... })')
  const step = read(failure, 'step')
  const code = read(failure, 'code')
  const description = errorDescription(read(failure, 'message'))
  if (step === 'dpop') {
    // As for jwks_unavailable: the proof could not be judged, so no challenge, and a retry later.
    if (code === 'dpop_unavailable') return { status: 503, headers: { 'Retry-After': retryAfter(read(failure, 'retryAfter')) } }
    if (code === 'use_dpop_nonce' && dpop.nonce === undefined) {
      fail('use_dpop_nonce is answered with the nonce to use: httpAnswer(failure, { nonce: await nonces.current() })')
    }
    // RFC 9449 §7.1: a DPoP request's errors are answered in the DPoP scheme's challenge.
    return dpopAnswer(failure as DpopFailure, { realm: dpop.rawRealm, ...(dpop.algs && { algs: dpop.algs }), ...(dpop.nonce !== undefined && { nonce: dpop.nonce }) })
  }
  if (step === 'request') {
    // RFC 6750 §3.1: a request without authentication information (or with another scheme) gets
    // a challenge and no error code or other error information.
    if (code === 'no_credentials') return challenge(401, [realm])
    return challenge(400, [realm, `error="invalid_request"`, description])
  }
  // The key set could not be read: nothing about the token is known, so no challenge and no
  // error; the client may retry the same token later (RFC 9110 §10.2.3, §15.6.4).
  if (step === 'signature' && code === 'jwks_unavailable') {
    return { status: 503, headers: { 'Retry-After': retryAfter(read(failure, 'retryAfter')) } }
  }
  if (step === 'scopes' && code === 'insufficient_scope') {
    const scope = scopeAttribute(scopes ?? read(failure, 'required') ?? read(failure, 'missing'))
    return challenge(403, [realm, `error="insufficient_scope"`, description, scope])
  }
  // A valid token without the required roles is forbidden, like missing scopes; RFC 6750 has no
  // role error, and roles are not scopes, so no `scope` attribute names them.
  if (step === 'scopes' && code === 'insufficient_role') return challenge(403, [realm, `error="insufficient_scope"`, description])
  // RFC 9068 §4 and RFC 6750 §3.1: every other failure means the token is invalid (expired,
  // revoked, malformed, wrongly signed, a malformed scope claim), and so does a code this version
  // does not know: failing closed, the token is never answered as acceptable.
  return challenge(401, [realm, `error="invalid_token"`, description])
}

function challenge(status: HttpAnswer['status'], params: readonly (string | undefined)[]): HttpAnswer {
  return { status, headers: { 'WWW-Authenticate': `Bearer ${params.filter((p) => p !== undefined).join(', ')}` } }
}

/**
 * `error_description` holds only %x20-21 / %x23-5B / %x5D-7E (RFC 6750 §3). The library's fixed
 * messages quote names with `"`, which becomes `'`; any other character outside the set is left out.
 */
function errorDescription(message: unknown): string | undefined {
  if (typeof message !== 'string') return undefined
  const text = message.replace(/"/g, '\'').replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '')
  return text === '' ? undefined : `error_description="${text}"`
}

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/

/**
 * `scope="…"`: the space-delimited scopes (RFC 6750 §3). A scope outside the scope-token
 * characters (RFC 6749 §3.3: non-ASCII, `"`, `\`, controls) cannot be sent and is left out, rather
 * than escaped, which §3 forbids, or turned into an exception in an error path; with none left,
 * the attribute is left out.
 */
function scopeAttribute(value: unknown): string | undefined {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : []
  const sendable = [...new Set(list.filter((scope): scope is string => typeof scope === 'string' && SCOPE_TOKEN.test(scope)))]
  return sendable.length === 0 ? undefined : `scope="${sendable.join(' ')}"`
}

/** Whole seconds (RFC 9110 §10.2.3 delay-seconds); the default when the failure has no usable value. */
function retryAfter(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return String(DEFAULT_RETRY_AFTER)
  // Capped so the number never prints in exponent notation, which is not 1*DIGIT.
  return String(Math.min(Math.ceil(value), Number.MAX_SAFE_INTEGER))
}

const ANSWER_OPTION_NAMES: ReadonlySet<string> = new Set(['realm', 'scopes', 'algs', 'nonce'] satisfies (keyof AnswerOptions)[])

function resolveAnswerOptions(input: AnswerOptions, extra: readonly string[] = []) {
  if (typeof input !== 'object' || input === null) fail('options must be an object')
  // Own properties only; an unknown name is a mistake (`scope`, `realms`), not a default.
  const options: Partial<AnswerOptions & RequestOptions> = Object.assign(Object.create(null), input)
  for (const name of Object.keys(options)) {
    if (!ANSWER_OPTION_NAMES.has(name) && !extra.includes(name)) fail(`unknown option ${JSON.stringify(name)}`)
  }
  const realm = options.realm ?? DEFAULT_REALM
  // Printable ASCII only: a line break would split the header; other characters do not survive
  // every runtime's Headers. `\` and `"` are escaped (RFC 9110 §5.6.4 quoted-pair).
  if (typeof realm !== 'string' || !/^[\x20-\x7e]*$/.test(realm)) fail('realm must be a string of printable ASCII characters')
  const { scopes, scopeMatch } = options
  // As for the verifier's own `scopes` option: one scope per string.
  if (scopes !== undefined && !(typeof scopes === 'string' ? [scopes] : Array.isArray(scopes) ? scopes : [0])
    .every((scope) => typeof scope === 'string' && scope !== '' && !/\s/.test(scope))) {
    fail('scopes must be a scope or an array of scopes without white space')
  }
  if (scopeMatch !== undefined && scopeMatch !== 'all' && scopeMatch !== 'any') fail('scopeMatch must be "all" or "any"')
  const { algs, nonce } = options
  // Checked now, whatever the failure, as dpopAnswer checks them: a mistake shows on the first call.
  if (algs !== undefined && (!Array.isArray(algs) || algs.length === 0 || !algs.every((alg) => typeof alg === 'string' && ALGORITHM_NAMES.includes(alg)))) {
    fail(`algs must be a non-empty list of ${ALGORITHM_NAMES.join(', ')}`)
  }
  // RFC 9449 §8.1: nonce = 1*NQCHAR, which also keeps it a valid header value.
  if (nonce !== undefined && (typeof nonce !== 'string' || !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(nonce))) {
    fail('nonce must be a non-empty string of visible ASCII without " or \\ (RFC 9449 §8.1)')
  }
  return { realm: `realm="${realm.replace(/["\\]/g, '\\$&')}"`, rawRealm: realm, scopes, scopeMatch, algs, nonce, options }
}

const ALGORITHM_NAMES: readonly string[] = Object.keys(ALGORITHMS)

/**
 * A verifier as `verifyRequest` calls it: `createVerifier`'s result, or any function alike. Only
 * a call that passes a DPoP proof (`RequestOptions.dpop`) can fail at step `dpop`.
 */
export type RequestVerifier<Claims extends object = AccessTokenClaims> =
  | Verifier<Claims>
  | ((token: string, options?: CallOptions) => Promise<VerifyResult<Claims> | DpopFailure>)

/** How verifyRequest calls either kind of `RequestVerifier`. */
type CallVerifier<Claims extends object> = (token: string, options?: CallOptions) => Promise<VerifyResult<Claims> | DpopFailure>

/** Options of `verifyRequest`: the scopes this route requires, the answer's realm, and DPoP. */
export interface RequestOptions extends AnswerOptions {
  /** Scopes this route requires, passed to the verifier for this call. Default: the verifier's. */
  readonly scopes?: string | readonly string[] | undefined
  readonly scopeMatch?: 'all' | 'any' | undefined
  /**
   * The DPoP verifier given to `verifier` (`createDpopVerifier(...)`): requests with
   * `Authorization: DPoP` are then read with `readDpopRequest`, verified with their proof and
   * answered in the `DPoP` scheme (RFC 9449 §7.1), with `DPoP-Nonce` from its nonce provider;
   * `Bearer` requests as before, their 401 answers offering both schemes (RFC 9449 §7.2).
   * Default: bearer tokens only.
   */
  readonly dpop?: DpopVerifier | undefined
}

/** A failure with the `Response` to send: status and headers from `httpAnswer`, an empty body. */
export type RequestFailure = HttpFailure & { readonly response: FetchResponse }

export type RequestResult<Claims extends object = AccessTokenClaims> = VerifySuccess<Claims> | RequestFailure

/**
 * Verifies the bearer token of a Fetch-API `Request` (Workers, Deno, Bun, Hono, Next.js route
 * handlers): reads `Authorization` with `bearerToken`, runs `verifier` with this route's scopes,
 * and resolves to the verification result, or to the failure with a ready `Response` (status and
 * headers from `httpAnswer`, an empty body). With `dpop`, a DPoP request (`Authorization: DPoP`
 * and a `DPoP` header) is read with `readDpopRequest` and verified with its proof, method and URL
 * (`request.url`: behind a proxy that rewrites it, call the verifier yourself with the public
 * URL). Nothing in the request makes it reject; a caller mistake (not a request, an invalid
 * option) rejects with a `TypeError`.
 * @see RFC 6750 §2.1, §3; RFC 9449 §7
 */
export async function verifyRequest<Claims extends object = AccessTokenClaims>(
  request: FetchRequest,
  given: RequestVerifier<Claims>,
  options: RequestOptions = {},
): Promise<RequestResult<Claims>> {
  const verifier = given as CallVerifier<Claims>
  const resolved = resolveAnswerOptions(options, ['scopeMatch', 'dpop'])
  const { realm, scopes, scopeMatch } = resolved
  if (typeof verifier !== 'function') fail('verifier must be a function such as createVerifier returns')
  const headers = typeof request === 'object' && request !== null ? (request as { headers?: unknown }).headers : undefined
  if (typeof (headers as Headers | undefined)?.get !== 'function') fail('request must be a Fetch API Request')
  const call: CallOptions = { ...(scopes !== undefined && { scopes }), ...(scopeMatch !== undefined && { scopeMatch }) }
  // DPoP when the caller enables it: its algorithms name the challenge, its provider the nonces.
  const dpopOption = read(resolved.options, 'dpop')
  const checker = dpopOption === undefined ? undefined : readProofChecker(dpopOption)
  const algs = checker === undefined ? undefined : read(dpopOption as object, 'algorithms') as readonly Algorithm[] | undefined
  const challenge: DpopChallenge = { rawRealm: resolved.rawRealm, algs: resolved.algs ?? algs, nonce: resolved.nonce }

  const dpopRequest = checker === undefined ? undefined : readDpopRequest(request)
  if (dpopRequest !== undefined) {
    // A refused DPoP request: 400 in the DPoP scheme, before any token is judged (RFC 9449 §7.2).
    if (dpopRequest.ok === false) return withResponse(dpopRequest, dpopAnswer(dpopRequest, dpopOptions(challenge)))
    const result = await verifier(dpopRequest.token, { ...call, dpop: dpopRequest.dpop })
    if (result.ok === true) return result
    if (read(result, 'code') !== 'use_dpop_nonce' || challenge.nonce !== undefined) {
      return withResponse(result, answerDpopRequest(result, scopes, challenge))
    }
    // RFC 9449 §9: the client retries with the nonce this answer sends; without one to send (the
    // provider failed), the proof cannot be answered, as when it could not be checked.
    const nonce = await currentNonce(checker!)
    if (nonce === undefined) {
      const unavailable = dpopUnavailable('nonce_provider')
      return withResponse(unavailable, answerDpopRequest(unavailable, scopes, challenge))
    }
    return withResponse(result, answerDpopRequest(result, scopes, { ...challenge, nonce }))
  }

  const bearer = bearerToken((headers as Headers).get('authorization'))
  const result = bearer.ok === false ? bearer : Object.keys(call).length === 0 ? await verifier(bearer.token) : await verifier(bearer.token, call)
  if (result.ok === true) return result
  // The 403 names the scopes of this call: the verifier's failure lists them in `required`.
  const answered = answer(result, realm, scopes, challenge)
  // RFC 9449 §7.2: a server accepting both schemes offers both in a 401 to a Bearer request.
  const status = answered.status
  const offered = checker === undefined || status !== 401 || answered.headers['WWW-Authenticate'] === undefined
    ? answered
    : { status, headers: { ...answered.headers, 'WWW-Authenticate': `${answered.headers['WWW-Authenticate']}, ${dpopChallengeOnly(challenge)}` } }
  return withResponse(result, offered)
}

/**
 * A DPoP request's failure, answered in the DPoP scheme; the key set or the proof's stores that
 * could not be read get the 503 with `Retry-After` that httpAnswer gives.
 */
function answerDpopRequest(failure: HttpFailure, scopes: AnswerOptions['scopes'], challenge: DpopChallenge): HttpAnswer {
  const step = read(failure, 'step')
  if ((step === 'signature' && read(failure, 'code') === 'jwks_unavailable') || step === 'dpop') return answer(failure, '', scopes, challenge)
  return dpopAnswer(failure as VerifyFailure, dpopOptions(challenge))
}

function dpopOptions(challenge: DpopChallenge) {
  return { realm: challenge.rawRealm, ...(challenge.algs && { algs: challenge.algs }), ...(challenge.nonce !== undefined && { nonce: challenge.nonce }) }
}

/** `DPoP realm="…", algs="…"`: the second challenge of a 401 to a Bearer request. */
function dpopChallengeOnly(challenge: DpopChallenge): string {
  return dpopAnswer(undefined, dpopOptions({ ...challenge, nonce: undefined })).headers['WWW-Authenticate']!
}

/** The nonce provider's current nonce, or undefined when it fails or answers no valid nonce. */
async function currentNonce(checker: { readonly currentNonce: (() => unknown) | undefined }): Promise<string | undefined> {
  try {
    const nonce = await checker.currentNonce?.()
    return typeof nonce === 'string' && /^[\x21\x23-\x5B\x5D-\x7E]+$/.test(nonce) ? nonce : undefined
  } catch {
    return undefined
  }
}

/** The failure with a `Response` of that status and those headers, and an empty body. */
function withResponse<Failure extends HttpFailure>(failure: Failure, { status, headers }: HttpAnswer): Failure & { readonly response: FetchResponse } {
  // An empty body: RFC 6750 §3 and RFC 9449 §7.1 put the error in WWW-Authenticate.
  return { ...failure, response: new Response(null, { status, headers }) }
}

function read(object: object, name: string): unknown {
  return Object.hasOwn(object, name) ? (object as Record<string, unknown>)[name] : undefined
}

function fail(message: string): never {
  throw new TypeError(`verify-access-token: ${message}`)
}
