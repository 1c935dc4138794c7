/**
 * Step "scopes", second half: the token grants the required roles (RFC 9068 §2.2.3.1 `roles` and
 * `groups`; Keycloak `realm_access.roles` and `resource_access.<client>.roles`; Cognito
 * `cognito:groups`; Entra ID app roles in `roles`). Runs after the scopes, only when roles are
 * required. Matching is exact and case-sensitive, as for scopes.
 */
import { own, type JsonObject } from './json.js'
import { PASSED, rolesFailure, type RolesFailure } from './result.js'
import { checkScopes } from './scopes.js'

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
  if (rule.required.length === 0) return PASSED
  let value: unknown = claims
  for (const name of rule.path) {
    // An absent member on the way grants nothing; a present one that is not an object is a
    // malformed grant, like a list that is not a list.
    value = typeof value === 'object' && value !== null && !Array.isArray(value) ? own(value as JsonObject, name) : null
    if (value === undefined) break
  }
  // The scopes step's all-of or any-of matching, on a claim read as an array of strings only
  // (`permissions`): absent grants nothing; any other type is a malformed grant, which grants
  // nothing and says so rather than reading as empty.
  const granted = checkScopes({ permissions: value }, { ...rule, claim: 'permissions' })
  // Security: a token without the required roles is refused (RFC 6750 §3.1 insufficient_scope).
  return granted.ok ? PASSED : rolesFailure(granted, rule.claim)
}
