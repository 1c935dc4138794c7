/**
 * Reading a token without verifying it, for debugging only. The `format` step alone (RFC 7515
 * §5.2 steps 1–7, RFC 7519 §7.2 step 10): no signature, key, claim or scope is checked.
 */
import { parseCompact, unverifiedHeader } from './format.js'
import { DEFAULT_MAX_TOKEN_LENGTH } from './options.js'
import type { FormatFailure } from './result.js'

/**
 * A well-formed token's header and claims, NOT verified: anyone can write any of these values.
 * The names say so, wherever they are passed on.
 */
export interface UnverifiedToken {
  readonly ok: true
  readonly unverifiedHeader: Readonly<Record<string, unknown>>
  readonly unverifiedPayload: Readonly<Record<string, unknown>>
}

/**
 * Decodes a token WITHOUT VERIFYING IT, to look at it while debugging. Never use its result to
 * decide anything: use `createVerifier` or `verifyAccessToken`. The token must pass the same
 * strict `format` step as in verification (at most 16384 characters), so a token this rejects is
 * one every verifier rejects; the failure is that step's result.
 * @see RFC 7515 §5.2, RFC 7519 §7.2
 */
export function decodeUnverified(token: unknown): UnverifiedToken | FormatFailure {
  const parsed = parseCompact(token, DEFAULT_MAX_TOKEN_LENGTH)
  if (parsed.ok === false) return parsed
  return { ok: true, unverifiedHeader: unverifiedHeader(parsed), unverifiedPayload: parsed.unverifiedPayload }
}
