/**
 * Step "signature", after a signature failed: naming Microsoft Graph tokens. Entra ID signs tokens
 * for Microsoft Graph over a hash of their header `nonce`, not the header as sent, so no one but
 * Graph can verify them (https://learn.microsoft.com/entra/identity-platform/access-tokens: "you
 * can't validate tokens for Microsoft Graph ... due to their proprietary format").
 */
import type { ParsedJws } from './format.js'
import { own } from './json.js'
import { signatureFailure, type SignatureFailure } from './result.js'

/**
 * `graph_token` for a signature that did not verify under a configured key while the header has a
 * `nonce`; any other failure unchanged. Decided from the unverified header, so it only renames a
 * rejection that happens anyway: a token whose signature verifies is never refused for a nonce,
 * and a forgery that adds one gains a different code, nothing more.
 */
export function nameGraphToken(failure: SignatureFailure, token: ParsedJws): SignatureFailure {
  // Security: the token is refused either way; the code tells the caller to ask for a token for
  // this API instead of a Graph token (the usual mistake behind such a failure).
  return failure.code === 'invalid_signature' && own(token.header.value, 'nonce') !== undefined
    ? signatureFailure('graph_token')
    : failure
}
