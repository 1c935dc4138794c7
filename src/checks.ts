/**
 * Step "claims", last: the caller's own claim checks (option `claimChecks`). They run only after
 * the signature verified and every built-in claim check passed (RFC 7519 §7.2: claims of a token
 * are judged only once it is validated), in the order given, and the first that refuses is the
 * result. Nothing a check does can make verification throw.
 */
import { unverifiedHeader, type ParsedToken } from './format.js'
import { own } from './json.js'
import { customFailure, PASSED, type AccessTokenClaims, type CustomClaimsFailure, type CustomCode, type JoseHeader } from './result.js'

/** One check of the caller's: a claim name, the code to fail with, and the test. */
export interface ClaimCheck {
  /** The claim the check judges; its value is the test's first argument and the failure names it. */
  readonly claim: string
  /** The failure code: `x_` then lower-case snake_case, such as `x_tenant_not_allowed`. */
  readonly code: CustomCode
  /**
   * `true` (exactly) accepts. Anything else, a throw, or a rejected promise refuses the token with
   * `code`. May be async; verification waits for it, so a promise that never settles holds it.
   */
  readonly check: (value: unknown, claims: AccessTokenClaims, header: JoseHeader) => boolean | PromiseLike<boolean>
}

/** Runs the checks in order; passes when all of them accept. Never throws or rejects. */
export async function runClaimChecks(token: ParsedToken, checks: readonly ClaimCheck[]): Promise<typeof PASSED | CustomClaimsFailure> {
  const claims = token.unverifiedPayload as AccessTokenClaims
  // The checks are the caller's code: they get a copy of the header, never the one kept for the
  // segment (format.ts), so nothing they do reaches another token's verification.
  const header = unverifiedHeader(token) as JoseHeader
  for (const { claim, code, check } of checks) {
    let verdict: unknown
    try {
      verdict = await check(own(claims, claim), claims, header)
    } catch {
      // A check that fails to answer has not accepted the token.
    }
    // Security: only an explicit true accepts; undefined (a forgotten return) refuses.
    if (verdict !== true) return customFailure(code, claim)
  }
  return PASSED
}
