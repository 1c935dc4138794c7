/**
 * Step "scopes", second half: the token grants the required roles (RFC 9068 §2.2.3.1 `roles` and
 * `groups`; Keycloak `realm_access.roles` and `resource_access.<client>.roles`; Cognito
 * `cognito:groups`; Entra ID app roles in `roles`). Runs after the scopes, only when roles are
 * required. Matching is exact and case-sensitive, as for scopes.
 */
import { own, type JsonObject } from './json.js'
import { PASSED, rolesFailure, type RolesFailure } from './result.js'

/** What a verification requires of the granted roles: per verifier, or per call. */
export interface RoleRule {
  readonly required: readonly string[]
  readonly any: boolean
  /** Member names from the claims object down to the role list. */
  readonly path: readonly string[]
  /** The path as failures name it: members joined by dots. */
  readonly claim: string
}

/** Passes when the required roles are granted (or none are required), else the failure. */
export function checkRoles(claims: JsonObject, rule: RoleRule): typeof PASSED | RolesFailure {
  const { required, path, claim } = rule
  if (required.length === 0) return PASSED
  let value: unknown = claims
  for (const name of path) {
    // An absent member on the way grants nothing; a present one that is not an object is a
    // malformed grant, like a list that is not a list.
    value = typeof value === 'object' && value !== null && !Array.isArray(value) ? own(value as JsonObject, name) : null
    if (value === undefined) break
  }
  const granted = value === undefined ? [] : value
  // Security: a wrongly typed role claim grants nothing, and says so rather than reading as empty.
  if (!Array.isArray(granted) || !granted.every((role) => typeof role === 'string')) {
    return rolesFailure('invalid_claim', claim, required, required)
  }
  const set = new Set(granted)
  const missing = required.filter((role) => !set.has(role))
  // Security: a token without the required roles is refused (RFC 6750 §3.1 insufficient_scope).
  return (rule.any ? missing.length < required.length : missing.length === 0)
    ? PASSED
    : rolesFailure('insufficient_role', claim, missing, required)
}
