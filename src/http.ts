/**
 * From a failure to an HTTP answer (RFC 6750 §3, RFC 9068 §4), and `verifyRequest`, which runs a
 * Fetch-API request through `bearerToken`, a verifier and `httpAnswer`. Everything in a challenge
 * comes from the caller's options or the library's fixed messages, never from the request.
 */
import { bearerToken, type BearerFailure } from './bearer.js'
import type { CallOptions } from './options.js'
import type { AccessTokenClaims, VerifyFailure, VerifyResult, VerifySuccess } from './result.js'
import type { FetchRequest, FetchResponse } from './web.js'

/** Anything `httpAnswer` answers: a request without a usable bearer token, or a token's failure. */
export type HttpFailure = BearerFailure | VerifyFailure

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
 * not know (a later minor release) answers 401 `invalid_token`. Throws a `TypeError` only for a
 * caller mistake: `failure` not a failure, or an invalid option.
 * @see RFC 6750 §3, RFC 9068 §4
 */
export function httpAnswer(failure: HttpFailure, options: AnswerOptions = {}): HttpAnswer {
  const { realm, scopes } = resolveAnswerOptions(options)
  return answer(failure, realm, scopes)
}

function answer(failure: HttpFailure, realm: string, scopes: AnswerOptions['scopes']): HttpAnswer {
  if (typeof failure !== 'object' || failure === null || read(failure, 'ok') !== false) fail('httpAnswer takes a failure result ({ ok: false, ... })')
  const step = read(failure, 'step')
  const code = read(failure, 'code')
  const description = errorDescription(read(failure, 'message'))
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

const ANSWER_OPTION_NAMES: ReadonlySet<string> = new Set(['realm', 'scopes'] satisfies (keyof AnswerOptions)[])

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
  return { realm: `realm="${realm.replace(/["\\]/g, '\\$&')}"`, scopes, scopeMatch }
}

/** A verifier as `verifyRequest` calls it: `createVerifier`'s result, or any function alike. */
export type RequestVerifier<Claims extends object = AccessTokenClaims> =
  (token: string, options?: CallOptions) => Promise<VerifyResult<Claims>>

/** Options of `verifyRequest`: the scopes this route requires, and the answer's realm. */
export interface RequestOptions extends AnswerOptions {
  /** Scopes this route requires, passed to the verifier for this call. Default: the verifier's. */
  readonly scopes?: string | readonly string[] | undefined
  readonly scopeMatch?: 'all' | 'any' | undefined
}

/** A failure with the `Response` to send: status and headers from `httpAnswer`, an empty body. */
export type RequestFailure = HttpFailure & { readonly response: FetchResponse }

export type RequestResult<Claims extends object = AccessTokenClaims> = VerifySuccess<Claims> | RequestFailure

/**
 * Verifies the bearer token of a Fetch-API `Request` (Workers, Deno, Bun, Hono, Next.js route
 * handlers): reads `Authorization` with `bearerToken`, runs `verifier` with this route's scopes,
 * and resolves to the verification result, or to the failure with a ready `Response` (status and
 * headers from `httpAnswer`, an empty body). Nothing in the request makes it reject; a caller
 * mistake (not a request, an invalid option) rejects with a `TypeError`.
 * @see RFC 6750 §2.1, §3
 */
export async function verifyRequest<Claims extends object = AccessTokenClaims>(
  request: FetchRequest,
  verifier: RequestVerifier<Claims>,
  options: RequestOptions = {},
): Promise<RequestResult<Claims>> {
  const { realm, scopes, scopeMatch } = resolveAnswerOptions(options, ['scopeMatch'])
  if (typeof verifier !== 'function') fail('verifier must be a function such as createVerifier returns')
  const headers = typeof request === 'object' && request !== null ? (request as { headers?: unknown }).headers : undefined
  if (typeof (headers as Headers | undefined)?.get !== 'function') fail('request must be a Fetch API Request')
  const bearer = bearerToken((headers as Headers).get('authorization'))
  const call: CallOptions = { ...(scopes !== undefined && { scopes }), ...(scopeMatch !== undefined && { scopeMatch }) }
  const result = bearer.ok === false ? bearer : Object.keys(call).length === 0 ? await verifier(bearer.token) : await verifier(bearer.token, call)
  if (result.ok === true) return result
  // The 403 names the scopes of this call: the verifier's failure lists them in `required`.
  const { status, headers: answerHeaders } = answer(result, realm, scopes)
  // An empty body: RFC 6750 §3 puts the error in WWW-Authenticate, so a body would only repeat it.
  return { ...result, response: new Response(null, { status, headers: answerHeaders }) }
}

function read(object: object, name: string): unknown {
  return Object.hasOwn(object, name) ? (object as Record<string, unknown>)[name] : undefined
}

function fail(message: string): never {
  throw new TypeError(`verify-access-token: ${message}`)
}
