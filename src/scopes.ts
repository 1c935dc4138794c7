/**
 * Step "scopes": the token grants the required scopes (RFC 9068 §2.2.3, RFC 8693 §4.2, RFC 6749
 * §3.3). Matching is exact and case-sensitive: `read` does not match `Read`, `reader` or `read:all`.
 */
import { own, type JsonObject } from './json.js'
import { scopesFailure, type ScopeClaim, type ScopesFailure } from './result.js'

/** What a verification requires of the granted scopes: per verifier, or per call. */
export interface ScopeRule {
  readonly required: readonly string[]
  readonly any: boolean
  readonly claim: ScopeClaim
}

/** The step's output: the granted scopes, de-duplicated, in token order. */
export interface Granted {
  readonly ok: true
  readonly scopes: readonly string[]
}

/** Returns the granted scopes, or the failure when the required ones are not all granted. */
export function checkScopes(claims: JsonObject, rule: ScopeRule): Granted | ScopesFailure {
  const { claim, required } = rule
  const granted = readGranted(own(claims, claim), claim)
  // Security: a wrongly typed scope claim grants nothing, and says so rather than reading as empty.
  if (granted === undefined) return scopesFailure('invalid_claim', claim, [...required], [...required])
  if (required.length === 0) return { ok: true, scopes: granted }
  // A Set, not an object, so required scopes such as `constructor` are never found by inheritance;
  // a few scopes are searched directly, which compares the same way (SameValueZero).
  const set = granted.length > 16 ? new Set(granted) : undefined
  const missing = required.filter((scope) => set === undefined ? !granted.includes(scope) : !set.has(scope))
  const satisfied = rule.any ? missing.length < required.length : missing.length === 0
  // Security: a token without the required grant is refused (RFC 6750 §3.1 insufficient_scope).
  // Fresh arrays: a caller changing a failure's lists never changes what is required.
  return satisfied ? { ok: true, scopes: granted } : scopesFailure('insufficient_scope', claim, missing, [...required])
}

let lastScope: string | undefined
let lastGranted: readonly string[] = []

/**
 * `scope` is one space-delimited string (RFC 8693 §4.2); `scp` is that or an array of strings;
 * `permissions` is an array of strings. Runs of spaces are tolerated; only U+0020 separates, so
 * `"read\twrite"` is one (unmatchable) scope. An absent claim grants nothing.
 */
function readGranted(value: unknown, claim: ScopeClaim): string[] | undefined {
  if (value === undefined) return []
  if (typeof value === 'string' && claim !== 'permissions') {
    // The scopes of the string read last are kept: an issuer's tokens repeat a few scope strings,
    // and splitting one was most of this step. Each result gets its own copy of the array.
    if (value !== lastScope) {
      lastGranted = unique(value.split(' '), true)
      lastScope = value
    }
    return lastGranted.slice()
  }
  if (Array.isArray(value) && claim !== 'scope' && value.every((s) => typeof s === 'string')) return unique(value, false)
  return undefined
}

/**
 * The scopes without repeats, in token order, and without the empty strings that runs of spaces
 * leave when split; a new array every time, so results never share an array with the claims or
 * the settings. A few scopes are compared directly, many through a set: linear time either way.
 */
function unique(scopes: readonly string[], dropEmpty: boolean): string[] {
  const out: string[] = []
  const seen = scopes.length > 16 ? new Set<string>() : undefined
  for (let i = 0; i < scopes.length; i++) {
    const scope = scopes[i]!
    if ((dropEmpty && scope === '') || (seen === undefined ? out.includes(scope) : seen.has(scope))) continue
    seen?.add(scope)
    out.push(scope)
  }
  return out
}
