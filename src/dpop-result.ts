/**
 * The failures of step "dpop" (RFC 9449 §4.3, §7.1, §9), which runs only for calls that pass a
 * DPoP proof. Same contract as the other steps: plain serialisable data, a stable code, a finer
 * `reason` from a closed list, a fixed English message, and no token or proof content.
 */
import type { KeyRule } from './result.js'

/**
 * Why a proof is not a valid DPoP proof for this request (code `invalid_dpop_proof`):
 * - `malformed`: not a compact JWS carrying a JSON object, as for tokens (RFC 9449 §4.3 point 2);
 * - `type`: `typ` is not `dpop+jwt` (point 4, §11.5);
 * - `algorithm`: `alg` is not an allowed asymmetric algorithm: `none` and HS* never are (point 5);
 * - `key`: no usable public `jwk` header: missing, private, or refused by the key policy (points
 *   6, 7; `rule` says which rule);
 * - `signature`: the signature does not verify with that key (point 6);
 * - `claims`: `jti`, `htm`, `htu`, `iat` or `ath` is missing or of the wrong type (point 3, §4.2);
 * - `method`: `htm` is not the request's method (point 8);
 * - `url`: `htu` is not the request's URL, compared without query and fragment (point 9);
 * - `stale`, `future`: `iat` is outside the accepted window (point 11, §11.1);
 * - `access_token_hash`: `ath` is not the hash of the presented access token (point 12, §7);
 * - `replayed`: this proof was already used (§11.1).
 */
export type DpopReason =
  | 'malformed' | 'type' | 'algorithm' | 'key' | 'signature' | 'claims'
  | 'method' | 'url' | 'stale' | 'future' | 'access_token_hash' | 'replayed'

export interface InvalidProofFailure {
  readonly ok: false
  readonly step: 'dpop'
  readonly code: 'invalid_dpop_proof'
  readonly reason: DpopReason
  /** With `key`: the key-policy rule that refused the proof's `jwk`. */
  readonly rule?: KeyRule
  readonly message: string
}

/**
 * The server requires a nonce (RFC 9449 §9) and the proof has none (`missing`) or one it does not
 * accept (`mismatch`). Answer 401 with a fresh `DPoP-Nonce`; the client retries with it.
 */
export interface NonceFailure {
  readonly ok: false
  readonly step: 'dpop'
  readonly code: 'use_dpop_nonce'
  readonly reason: 'missing' | 'mismatch'
  readonly message: string
}

/**
 * The access token is not bound to the proof's key: it has no `cnf.jkt` (`not_bound`), or its
 * `cnf.jkt` is not the RFC 7638 thumbprint of the proof's `jwk` (`thumbprint`). RFC 9449 §7.1
 * answers this `invalid_token` ("Invalid DPoP key binding").
 */
export interface KeyMismatchFailure {
  readonly ok: false
  readonly step: 'dpop'
  readonly code: 'key_mismatch'
  readonly reason: 'not_bound' | 'thumbprint'
  readonly message: string
}

/**
 * The proof could not be judged: the replay store or the nonce provider failed (threw, rejected,
 * or answered something other than a boolean). Answer 503 with `Retry-After`, as for
 * `jwks_unavailable`: the request was not refused for anything it did.
 */
export interface DpopUnavailableFailure {
  readonly ok: false
  readonly step: 'dpop'
  readonly code: 'dpop_unavailable'
  readonly reason: 'replay_store' | 'nonce_provider'
  /** Whole seconds (at least 1) before trying again: the HTTP `Retry-After`. */
  readonly retryAfter: number
  readonly message: string
}

/** A failure of step `dpop`. */
export type DpopFailure = InvalidProofFailure | NonceFailure | KeyMismatchFailure | DpopUnavailableFailure

/** The codes of step `dpop`. */
export type DpopCode = DpopFailure['code']

const REASON_MESSAGES: Readonly<Record<DpopReason, string>> = {
  malformed: 'The DPoP proof is not a well-formed compact JWS.',
  type: 'The DPoP proof\'s typ is not dpop+jwt.',
  algorithm: 'The DPoP proof\'s algorithm is not an allowed asymmetric algorithm.',
  key: 'The DPoP proof has no usable public jwk header.',
  signature: 'The DPoP proof\'s signature does not verify with its jwk.',
  claims: 'The DPoP proof lacks a required claim or has one of the wrong type.',
  method: 'The DPoP proof is for another HTTP method.',
  url: 'The DPoP proof is for another URL.',
  stale: 'The DPoP proof is too old.',
  future: 'The DPoP proof is issued in the future.',
  access_token_hash: 'The DPoP proof is for another access token.',
  replayed: 'The DPoP proof was already used.',
}

export function invalidProof(reason: DpopReason, rule?: KeyRule): InvalidProofFailure {
  const failure = { ok: false, step: 'dpop', code: 'invalid_dpop_proof', reason, message: REASON_MESSAGES[reason] } as const
  return rule === undefined ? failure : { ...failure, rule }
}

export function nonceFailure(reason: NonceFailure['reason']): NonceFailure {
  const message = reason === 'missing' ? 'The server requires a nonce in the DPoP proof.' : 'The DPoP proof\'s nonce is not one the server accepts.'
  return { ok: false, step: 'dpop', code: 'use_dpop_nonce', reason, message }
}

export function keyMismatch(reason: KeyMismatchFailure['reason']): KeyMismatchFailure {
  const message = reason === 'not_bound' ? 'The access token is not bound to a DPoP key.' : 'The access token is bound to another key than the DPoP proof\'s.'
  return { ok: false, step: 'dpop', code: 'key_mismatch', reason, message }
}

export function dpopUnavailable(reason: DpopUnavailableFailure['reason']): DpopUnavailableFailure {
  const message = reason === 'replay_store' ? 'The DPoP replay store could not be used.' : 'The DPoP nonce provider could not be used.'
  return { ok: false, step: 'dpop', code: 'dpop_unavailable', reason, retryAfter: 1, message }
}
