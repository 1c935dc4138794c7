/**
 * verify-access-token/providers: presets for real identity providers. Each turns the values a
 * user already knows (a domain, a tenant, a user pool) into ordinary verifier options: the issuer,
 * a remote key set for the provider's documented `jwks_uri`, the claim scopes are read from, and
 * the provider's own checks. Nothing here is needed to verify; every preset is sugar for options
 * that can be written by hand (the README shows both). A mistake throws a `TypeError` that says
 * the fix, as the verifier's options do.
 */
import { fail, readOptions } from './mistakes.js'
import type { VerifyOptions } from './options.js'
// From the core entry, not './remote.js': the ESM build keeps this import (package.json's tsup
// config marks './index.js' external), so the presets add no second copy of the key-set code
// to an application that imports both entries; the CommonJS build bundles what it uses.
import { createRemoteJwks, type RemoteJwks, type RemoteJwksOptions } from './index.js'

/** What a preset returns: verifier options with a remote key set; spread more options over it. */
export type ProviderOptions = VerifyOptions & { readonly jwks: RemoteJwks; readonly issuer: string | readonly string[] }

type List = string | readonly string[]

/** Auth0: https://auth0.com/docs/secure/tokens/access-tokens/validate-access-tokens */
export interface Auth0Preset {
  /** The tenant's domain as the dashboard shows it (`dev-abc.us.auth0.com`) or a custom domain. */
  readonly domain: string
  /** The API's identifier (Dashboard > Applications > APIs): the tokens' `aud`. */
  readonly audience: List
  /**
   * `'permissions'` to read RBAC permissions ("Add Permissions in the Access Token"), or `'scope'`
   * (default): https://auth0.com/docs/get-started/apis/enable-role-based-access-control-for-apis
   */
  readonly scopeClaim?: 'scope' | 'permissions'
}

/** Okta custom authorization server: https://developer.okta.com/docs/guides/validate-access-tokens/ */
export interface OktaPreset {
  /** The authorization server's issuer, such as `https://example.okta.com/oauth2/default`. */
  readonly issuer: string
  /** The authorization server's audience (`api://default` for the default server). */
  readonly audience: List
  /** The application (client) IDs allowed to call, checked against the `cid` claim. Default: any. */
  readonly clientId?: List
}

/** Microsoft Entra ID: https://learn.microsoft.com/entra/identity-platform/access-tokens */
export interface EntraIdPreset {
  /**
   * The directory (tenant) ID, a GUID; or `'common'` / `'organizations'` for a multi-tenant API,
   * which then needs `allowedTenants`.
   */
  readonly tenant: string
  /** With `common` or `organizations`: the tenant IDs whose tokens are accepted. */
  readonly allowedTenants?: readonly string[]
  /** The API's application (client) ID, a GUID: the `aud` of its v2.0 tokens. */
  readonly clientId: string
  /** The access token version the API's manifest asks for (`accessTokenAcceptedVersion`). Default 2. */
  readonly version?: 1 | 2
  /**
   * Accepted audiences, replacing the default: v2.0 the client ID; v1.0 `api://<client ID>` and the
   * client ID (v1.0 tokens carry the App ID URI the client asked for, or the client ID).
   */
  readonly audience?: List
}

/** Amazon Cognito user pools: https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html */
export interface CognitoPreset {
  /** The user pool ID, `<region>_<id>`, such as `eu-west-1_AbCdEf123`. */
  readonly userPoolId: string
  /** The app client IDs allowed to call (access tokens carry `client_id`, not `aud`). */
  readonly clientId: List
  /** The pool's region; it is also the pool ID's prefix, so it may be left out. */
  readonly region?: string
}

/** Keycloak: https://www.keycloak.org/securing-apps/oidc-layers */
export interface KeycloakPreset {
  /** The server's base URL (`https://sso.example.com`, or with `/auth` before Keycloak 17). */
  readonly url: string
  readonly realm: string
  /**
   * The API's client ID, expected in `aud` (add it with an audience mapper:
   * https://www.keycloak.org/docs/latest/server_admin/#audience-support).
   */
  readonly clientId: string
  /** Read roles from `resource_access.<clientId>.roles` instead of `realm_access.roles`. */
  readonly clientRoles?: boolean
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * Auth0. Issuer `https://<domain>/` (with the trailing slash), keys at
 * `https://<domain>/.well-known/jwks.json`, audience the API identifier; an ID token is told by its
 * `nonce` (https://auth0.com/docs/secure/tokens/id-tokens/id-token-structure).
 */
export function auth0(preset: Auth0Preset, remote?: RemoteJwksOptions): ProviderOptions {
  const { domain, audience, scopeClaim } = readOptions<Auth0Preset>(preset, ['domain', 'audience', 'scopeClaim'], 'auth0 options')
  const origin = originOf(domain, 'auth0 domain', 'such as "dev-abc.us.auth0.com"')
  if (scopeClaim !== undefined && scopeClaim !== 'scope' && scopeClaim !== 'permissions') fail('auth0 scopeClaim must be "scope" or "permissions"')
  return {
    issuer: `${origin}/`,
    jwks: createRemoteJwks(`${origin}/.well-known/jwks.json`, remote),
    audience: required(audience, 'auth0 audience (the API identifier)'),
    ...(scopeClaim === 'permissions' ? { scopeClaim } : {}),
    idTokenClaims: { nonce: true },
  }
}

/**
 * Okta, custom authorization server. Keys at `<issuer>/v1/keys`, scopes in `scp` (an array), the
 * client in `cid`; an ID token is told by its `nonce`. Tokens of the org authorization server
 * (issuer `https://<org>.okta.com`) are for Okta's own APIs and are refused here.
 */
export function okta(preset: OktaPreset, remote?: RemoteJwksOptions): ProviderOptions {
  const { issuer, audience, clientId } = readOptions<OktaPreset>(preset, ['issuer', 'audience', 'clientId'], 'okta options')
  const url = httpsUrl(issuer, 'okta issuer')
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) fail('okta issuer is compared exactly: write it as the metadata says, without a trailing slash')
  // https://developer.okta.com/docs/guides/validate-access-tokens/: org authorization server
  // tokens "shouldn't be consumed or validated by any app other than Okta".
  if (!/^\/oauth2\/[^/]+$/.test(url.pathname)) {
    fail('okta issuer must be a custom authorization server, such as "https://example.okta.com/oauth2/default": the org authorization server\'s tokens are for Okta\'s own APIs')
  }
  // As given, not as URL parsing would rewrite it: iss is compared exactly.
  const iss = issuer as string
  return {
    issuer: iss,
    jwks: createRemoteJwks(`${iss}/v1/keys`, remote),
    audience: required(audience, 'okta audience'),
    scopeClaim: 'scp',
    ...(clientId === undefined ? {} : { claimValues: { cid: required(clientId, 'okta clientId') } }),
    idTokenClaims: { nonce: true },
  }
}

/**
 * Microsoft Entra ID. Issuer `https://login.microsoftonline.com/<tid>/v2.0` (v2.0 tokens) or
 * `https://sts.windows.net/<tid>/` (v1.0), one per accepted tenant, and `tid` among them; keys at
 * `https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys` (v1.0: `.../discovery/keys`);
 * delegated scopes in `scp`, app roles in `roles`; an ID token is told by its `nonce`. Microsoft
 * Graph tokens fail at `signature` with `graph_token` without any preset.
 */
export function entraId(preset: EntraIdPreset, remote?: RemoteJwksOptions): ProviderOptions {
  const { tenant, allowedTenants, clientId, version = 2, audience } =
    readOptions<EntraIdPreset>(preset, ['tenant', 'allowedTenants', 'clientId', 'version', 'audience'], 'entraId options')
  if (version !== 1 && version !== 2) fail('entraId version must be 1 or 2 (the accessTokenAcceptedVersion of the API\'s manifest)')
  const guid = (value: unknown, what: string) =>
    typeof value === 'string' && GUID.test(value) ? value : fail(`entraId ${what} must be a GUID such as "72f988bf-86f1-41af-91ab-2d7cd011db47" (Overview page of the app registration)`)
  const shared = tenant === 'common' || tenant === 'organizations'
  // https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer: with
  // tenant-independent keys, the issuer of every accepted tenant is checked, not a template.
  if (shared && (!Array.isArray(allowedTenants) || allowedTenants.length === 0)) {
    fail(`entraId tenant "${tenant}" accepts tokens from any tenant: list the accepted tenant IDs in allowedTenants`)
  }
  if (!shared && allowedTenants !== undefined) fail('entraId allowedTenants goes with tenant "common" or "organizations"; a single tenant needs none')
  const tenants = shared ? (allowedTenants as unknown[]).map((id) => guid(id, 'allowedTenants entry')) : [guid(tenant, 'tenant (the directory ID)')]
  const app = guid(clientId, 'clientId (the application ID)')
  return {
    issuer: tenants.map((id) => version === 2 ? `https://login.microsoftonline.com/${id}/v2.0` : `https://sts.windows.net/${id}/`),
    jwks: createRemoteJwks(`https://login.microsoftonline.com/${tenant}/discovery/${version === 2 ? 'v2.0/' : ''}keys`, remote),
    audience: audience === undefined ? version === 2 ? app : [`api://${app}`, app] : required(audience, 'entraId audience'),
    scopeClaim: 'scp',
    claimValues: { tid: tenants },
    idTokenClaims: { nonce: true },
  }
}

/**
 * Amazon Cognito user pools. Issuer `https://cognito-idp.<region>.amazonaws.com/<pool>`, keys at
 * `<issuer>/.well-known/jwks.json`; access tokens have no `aud`, so the app client is checked in
 * `client_id`, and `token_use` must be `access` (an ID token, `token_use: "id"`, fails with
 * `id_token`); groups (`cognito:groups`) are the roles.
 */
export function cognito(preset: CognitoPreset, remote?: RemoteJwksOptions): ProviderOptions {
  const { userPoolId, clientId, region } = readOptions<CognitoPreset>(preset, ['userPoolId', 'clientId', 'region'], 'cognito options')
  const match = typeof userPoolId === 'string' ? /^([a-z]{2}(?:-[a-z]+)+-\d+)_[0-9A-Za-z]+$/.exec(userPoolId) : null
  if (match === null) fail('cognito userPoolId must be "<region>_<id>", such as "eu-west-1_AbCdEf123"')
  if (region !== undefined && region !== match[1]) fail(`cognito region ${JSON.stringify(region)} is not the user pool's region, ${match[1]}`)
  const issuer = `https://cognito-idp.${match[1]}.amazonaws.com/${userPoolId}`
  return {
    issuer,
    jwks: createRemoteJwks(`${issuer}/.well-known/jwks.json`, remote),
    clientId: required(clientId, 'cognito clientId (the app client IDs)'),
    claimValues: { token_use: 'access' },
    idTokenClaims: { token_use: 'id' },
    roleClaim: 'cognito:groups',
  }
}

/**
 * Keycloak. Issuer `<url>/realms/<realm>`, keys at `<issuer>/protocol/openid-connect/certs`,
 * audience the API's client; roles from `realm_access.roles` (or the client's own); an ID token is
 * told by its `typ: "ID"` claim (Keycloak's `TokenUtil.TOKEN_TYPE_ID`; access tokens say `Bearer`).
 */
export function keycloak(preset: KeycloakPreset, remote?: RemoteJwksOptions): ProviderOptions {
  const { url, realm, clientId, clientRoles } = readOptions<KeycloakPreset>(preset, ['url', 'realm', 'clientId', 'clientRoles'], 'keycloak options')
  const base = httpsUrl(url, 'keycloak url').href.replace(/\/$/, '')
  if (typeof realm !== 'string' || realm === '') fail('keycloak realm must be the realm name')
  if (typeof clientId !== 'string' || clientId === '') fail('keycloak clientId must be the API\'s client ID')
  if (clientRoles !== undefined && typeof clientRoles !== 'boolean') fail('keycloak clientRoles must be true or false')
  const issuer = `${base}/realms/${encodeURIComponent(realm)}`
  return {
    issuer,
    jwks: createRemoteJwks(`${issuer}/protocol/openid-connect/certs`, remote),
    audience: clientId,
    idTokenClaims: { typ: 'ID' },
    // An array, not a dotted path: a client ID may contain dots.
    roleClaim: clientRoles === true ? ['resource_access', clientId, 'roles'] : 'realm_access.roles',
  }
}

/** A non-empty string or list of them, copied; else a TypeError naming `what`. */
function required(value: unknown, what: string): string | string[] {
  if (typeof value === 'string' && value !== '') return value
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item !== '')) return [...value]
  return fail(`${what} must be a non-empty string or a list of them`)
}

/**
 * An https URL (no query, fragment or credentials), parsed; http only for loopback hosts, as
 * createRemoteJwks allows (a Keycloak on localhost:8080 in development).
 */
function httpsUrl(value: unknown, what: string): URL {
  let url: URL | undefined
  try {
    url = typeof value === 'string' ? new URL(value) : undefined
  } catch {
    // Reported below with the fix.
  }
  const loopback = url !== undefined && (url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname))
  if ((url?.protocol !== 'https:' && !(url?.protocol === 'http:' && loopback)) || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    fail(`${what} must be an https URL (http only on loopback) without query, fragment or credentials`)
  }
  return url
}

/** `https://<host>` from a bare host name or an https URL with no path. */
function originOf(value: unknown, what: string, example: string): string {
  const url = typeof value === 'string' ? httpsUrl(value.includes('://') ? value : `https://${value}`, what) : fail(`${what} must be a host name, ${example}`)
  if (url.pathname !== '/') fail(`${what} must be a host name, ${example}, without a path`)
  return url.origin
}
