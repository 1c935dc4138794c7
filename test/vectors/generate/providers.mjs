/**
 * Generates the identity-provider vectors, vectors/providers/<provider>.json (kind "token"): tokens
 * shaped like each provider's documented access tokens (header members and their order, claims,
 * claim types) and key sets shaped like its jwks_uri answer, signed with the TEST-ONLY keys in
 * test/keys/, with the verdicts of the preset in src/providers.ts.
 *
 *   node test/vectors/generate/providers.mjs           writes the files
 *   node test/vectors/generate/providers.mjs --check   writes nothing, exits 1 if a committed file differs
 *
 * How presets appear in vectors: a group's `options` are exactly what the preset returns, minus
 * `jwks` (plain JSON, so any implementation can run them); `preset` records the call (`name`,
 * `input`) and the `jwksUri` its remote key set fetches. test/providers.test.ts checks that each
 * preset produces exactly those options and that URL. The group's `jwks` stands in for what that
 * URL serves. Every expectation is written by hand from the provider's documentation and the
 * library's README; the library is never imported here.
 *
 * All tokens are RS256 (what every one of these providers signs access tokens with by default),
 * whose signatures are deterministic, so every run writes the same bytes.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, X509Certificate } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'

const ROOT = new URL('../../../', import.meta.url)
const KEYS = new URL('test/keys/', ROOT)
const OUT = new URL('vectors/providers/', ROOT)
const GENERATOR = 'test/vectors/generate/providers.mjs'

const NOW = 1700000000
const b64u = (bytes) => Buffer.from(bytes).toString('base64url')
const json = (value) => b64u(Buffer.from(JSON.stringify(value)))
const sha = (algorithm, data) => createHash(algorithm).update(data).digest()

// ---------------------------------------------------------------------------------------------
// Test keys: JWK private keys (test/keys/*.json) and the RSA key with a certificate (test/keys/pem).

function jwkKey(name) {
  const { kid, ...jwk } = JSON.parse(readFileSync(new URL(`${name}.json`, KEYS), 'utf8'))
  return createPrivateKey({ key: jwk, format: 'jwk' })
}
const PRIVATE = {
  'rsa-a': jwkKey('rsa-a'),
  'rsa-b': jwkKey('rsa-b'),
  'attacker-rsa': jwkKey('attacker-rsa'),
  'rsa-2048': createPrivateKey(readFileSync(new URL('pem/rsa-2048.key', KEYS))),
}
const CERT = new X509Certificate(readFileSync(new URL('pem/rsa-2048.crt', KEYS))).raw

/** The public `n` and `e` of a test key. */
function rsa(name) {
  const { n, e } = createPublicKey(PRIVATE[name]).export({ format: 'jwk' })
  return { n, e }
}
/** A key id derived from a label, so it looks like a provider's and never changes. */
const kidOf = (label, length = 43) => b64u(sha('sha256', label)).slice(0, length)

// ---------------------------------------------------------------------------------------------
// Tokens

/** A token: header and payload given as objects, or the header as raw JSON text. */
function token(key, header, payload, { signedHeader } = {}) {
  const h = typeof header === 'string' ? b64u(Buffer.from(header)) : json(header)
  const p = json(payload)
  // Microsoft Graph signs the header with its nonce replaced by the nonce's SHA-256, base64url
  // (https://github.com/justinlettau/azure-ad-verify-token/issues/5), so only Graph can verify it.
  const input = `${signedHeader === undefined ? h : json(signedHeader)}.${p}`
  const signature = sign('sha256', Buffer.from(input), PRIVATE[key])
  if (!verify('sha256', Buffer.from(input), createPublicKey(PRIVATE[key]), signature)) throw new Error('signing failed')
  return `${h}.${p}.${b64u(signature)}`
}

const OK = (scopes) => (scopes === undefined ? { ok: true } : { ok: true, scopes })
const claims = (code, claim) => ({ ok: false, step: 'claims', code, claim })
const grants = (code, claim, missing) => ({ ok: false, step: 'scopes', code, claim, missing })
const signature = (code) => ({ ok: false, step: 'signature', code })

const FLAGS = {
  Control: 'A token shaped as the provider documents its access tokens, which verifies; the others of its group each change one thing about it.',
  WrongTenant: 'Issued by another tenant, user pool, realm or authorization server of the same provider.',
  WrongClient: 'Issued for another API or client: aud, client_id or the provider\'s own client claim differs.',
  IdToken: 'An OpenID Connect ID token of the provider presented as an access token.',
  MissingGrant: 'The token lacks a required scope, permission, role or group.',
  GraphToken: 'A Microsoft Graph access token: a nonce in the JOSE header and a signature over its hash.',
  ProviderCheck: 'A check of the provider preset beyond issuer and audience (token_use, tid).',
}

// ---------------------------------------------------------------------------------------------
// Files

const files = []

function file(provider, description) {
  const f = { provider, description, groups: [], nextId: 1 }
  files.push(f)
  /** A group: the preset call, what its jwks_uri serves, and the options the preset returns. */
  f.group = (comment, preset, jwks, options) => {
    const group = { comment, preset, jwks, options, tests: [] }
    f.groups.push(group)
    return (comment, expect, value, extra = {}) => {
      if (!/^(accepts|rejects) /.test(comment) || comment.startsWith('accepts') !== expect.ok) throw new Error(`${provider}: bad comment "${comment}"`)
      for (const flag of extra.flags ?? []) if (!FLAGS[flag]) throw new Error(`${provider}: undefined flag ${flag}`)
      group.tests.push({
        tcId: f.nextId++,
        comment,
        ...(extra.flags ? { flags: extra.flags } : {}),
        ...(extra.tags ? { tags: extra.tags } : {}),
        now: NOW,
        token: value,
        ...(extra.options ? { options: extra.options } : {}),
        expect,
      })
    }
  }
  return f
}

const without = (object, ...names) => Object.fromEntries(Object.entries(object).filter(([name]) => !names.includes(name)))

// =============================================================================================
// Auth0

{
  const domain = 'example.us.auth0.com'
  const issuer = `https://${domain}/`
  const api = 'https://api.example.com/orders'
  const client = 'Ns7p1Yk2Qx9Zb3Lm5Vc8Td4Rf6Gh0Jw2'
  const kid = kidOf('auth0 signing key', 22)
  // https://auth0.com/docs/secure/tokens/json-web-tokens/json-web-key-set-properties
  const jwks = { keys: [{ alg: 'RS256', kty: 'RSA', use: 'sig', ...rsa('rsa-2048'), kid, x5t: b64u(sha('sha1', CERT)), x5c: [CERT.toString('base64')] }] }
  // https://auth0.com/docs/secure/tokens/access-tokens/access-token-profiles (Auth0 profile sample)
  const access = (over = {}) => ({
    iss: issuer, sub: 'auth0|64f1c2a7e8b9d0a1b2c3d4e5', aud: [api, `${issuer}userinfo`], iat: NOW - 60, exp: NOW + 86340,
    scope: 'openid profile read:orders', azp: client, ...over,
  })
  const header = { alg: 'RS256', typ: 'JWT', kid }
  const F = file('auth0', 'Auth0 access tokens (Auth0 and RFC 9068 token profiles, https://auth0.com/docs/secure/tokens/access-tokens/access-token-profiles), ID tokens (https://auth0.com/docs/secure/tokens/id-tokens/id-token-structure) and RBAC permissions (https://auth0.com/docs/get-started/apis/enable-role-based-access-control-for-apis), against the auth0 preset of verify-access-token/providers. Key set as https://{domain}/.well-known/jwks.json serves it (https://auth0.com/docs/secure/tokens/json-web-tokens/json-web-key-set-properties), signed with test/keys/pem/rsa-2048.key.')

  const preset = { domain, audience: api }
  const options = { issuer, audience: api, idTokenClaims: { nonce: true } }
  let t = F.group(`auth0(${JSON.stringify(preset)}): issuer with the trailing slash, aud the API identifier, scope claim scope`,
    { name: 'auth0', input: preset, jwksUri: `https://${domain}/.well-known/jwks.json` }, jwks, options)
  t('accepts an Auth0-profile access token (typ JWT, aud [API, userinfo], azp, scope)', OK(['openid', 'profile', 'read:orders']), token('rsa-2048', header, access()), { flags: ['Control'], options: { scopes: ['read:orders'] } })
  t('accepts an RFC 9068-profile access token (typ at+jwt, client_id, jti)', OK(['openid', 'profile', 'read:orders']),
    token('rsa-2048', { ...header, typ: 'at+jwt' }, { ...without(access(), 'azp'), client_id: client, jti: '73WakrfVbNJBaAmhQtEeDv' }), { flags: ['Control'] })
  t('rejects a token of another tenant', claims('issuer_mismatch', 'iss'), token('rsa-2048', header, access({ iss: 'https://other.eu.auth0.com/' })), { flags: ['WrongTenant'], tags: ['A29'] })
  t('rejects an issuer without the trailing slash', claims('issuer_mismatch', 'iss'), token('rsa-2048', header, access({ iss: `https://${domain}` })), { flags: ['WrongTenant'], tags: ['A29'] })
  t('rejects a token for another API', claims('audience_mismatch', 'aud'), token('rsa-2048', header, access({ aud: ['https://api.example.com/billing', `${issuer}userinfo`] })), { flags: ['WrongClient'], tags: ['A28'] })
  t('rejects an ID token (aud the client ID, nonce) as an ID token, ahead of its audience', claims('id_token', 'nonce'),
    token('rsa-2048', header, { iss: issuer, sub: 'auth0|64f1c2a7e8b9d0a1b2c3d4e5', aud: client, iat: NOW - 60, exp: NOW + 36000, name: 'Jane Doe', nonce: 'n-0S6_WzA2Mj', sid: 'Sx4mZ2pA9kQ' }), { flags: ['IdToken'], tags: ['A17'] })
  t('rejects a token missing the required scope', grants('insufficient_scope', 'scope', ['write:orders']), token('rsa-2048', header, access()), { flags: ['MissingGrant'], tags: ['A30'], options: { scopes: ['write:orders'] } })

  const rbac = { domain, audience: api, scopeClaim: 'permissions' }
  t = F.group(`auth0(${JSON.stringify(rbac)}): RBAC permissions ("Add Permissions in the Access Token")`,
    { name: 'auth0', input: rbac, jwksUri: `https://${domain}/.well-known/jwks.json` }, jwks, { issuer, audience: api, scopeClaim: 'permissions', idTokenClaims: { nonce: true } })
  t('accepts a token whose permissions grant read:orders', OK(['read:orders', 'write:orders']), token('rsa-2048', header, access({ permissions: ['read:orders', 'write:orders'] })), { flags: ['Control'], options: { scopes: ['read:orders'] } })
  t('rejects a token without the delete:orders permission', grants('insufficient_scope', 'permissions', ['delete:orders']), token('rsa-2048', header, access({ permissions: ['read:orders'] })), { flags: ['MissingGrant'], tags: ['A30'], options: { scopes: ['delete:orders'] } })
}

// =============================================================================================
// Okta

{
  const issuer = 'https://example.okta.com/oauth2/default'
  const client = '0oa8f3k2lzXyWvU1t5d7'
  const kid = kidOf('okta signing key')
  // https://developer.okta.com/docs/api/openapi/okta-oauth/oauth/orgas/oauthkeys
  const jwks = { keys: [{ kty: 'RSA', alg: 'RS256', kid, use: 'sig', ...rsa('rsa-a') }, { kty: 'RSA', alg: 'RS256', kid: kidOf('okta next key'), use: 'sig', ...rsa('rsa-b') }] }
  // https://developer.okta.com/docs/api/openapi/okta-oauth/guides/overview/ (access token header and payload)
  const header = { alg: 'RS256', kid }
  const access = (over = {}) => ({
    ver: 1, jti: 'AT.0mP4JKAZX1iACIT4vbEDF7LpvDVjxypPMf0D7uX39RE', iss: issuer, aud: 'api://default', sub: '00u1a2b3c4d5e6f7g8h9',
    iat: NOW - 60, exp: NOW + 3540, cid: client, uid: '00u1a2b3c4d5e6f7g8h9', scp: ['openid', 'email', 'orders:read'], auth_time: NOW - 120, ...over,
  })
  const F = file('okta', 'Okta custom authorization server access and ID tokens (https://developer.okta.com/docs/api/openapi/okta-oauth/guides/overview/, validation: https://developer.okta.com/docs/guides/validate-access-tokens/), against the okta preset of verify-access-token/providers. Key set as <issuer>/v1/keys serves it, signed with test/keys/rsa-a.json.')
  const preset = { issuer, audience: 'api://default', clientId: client }
  let t = F.group(`okta(${JSON.stringify(preset)}): scopes in scp, the client in cid`,
    { name: 'okta', input: preset, jwksUri: `${issuer}/v1/keys` }, jwks,
    { issuer, audience: 'api://default', scopeClaim: 'scp', claimValues: { cid: client }, idTokenClaims: { nonce: true } })
  t('accepts an Okta access token (ver, jti AT.…, cid, uid, scp array)', OK(['openid', 'email', 'orders:read']), token('rsa-a', header, access()), { flags: ['Control'], options: { scopes: ['orders:read'] } })
  t('rejects a token issued to another client (cid)', claims('claim_mismatch', 'cid'), token('rsa-a', header, access({ cid: '0oa1otherClientXyZ0d7' })), { flags: ['WrongClient', 'ProviderCheck'] })
  t('rejects a token of another authorization server', claims('issuer_mismatch', 'iss'), token('rsa-a', header, access({ iss: 'https://example.okta.com/oauth2/aus2other0000' })), { flags: ['WrongTenant'], tags: ['A29'] })
  t('rejects a token of the org authorization server (for Okta\'s own APIs)', claims('issuer_mismatch', 'iss'), token('rsa-a', header, access({ iss: 'https://example.okta.com' })), { flags: ['WrongTenant'], tags: ['A29'] })
  t('rejects a token for another audience', claims('audience_mismatch', 'aud'), token('rsa-a', header, access({ aud: 'api://billing' })), { flags: ['WrongClient'], tags: ['A28'] })
  t('rejects an ID token (jti ID.…, aud the client, nonce, at_hash)', claims('id_token', 'nonce'),
    token('rsa-a', header, { ver: 1, sub: '00u1a2b3c4d5e6f7g8h9', iss: issuer, aud: client, iat: NOW - 60, exp: NOW + 3540, jti: 'ID.4eAWJOCMB3SX8XewDfVR', amr: ['pwd'], idp: '00o1a2b3c4d5e6f7g8h9', nonce: 'Zxl1jUNjKDpP3Q8Rn7Ws', auth_time: NOW - 120, at_hash: 'cpqKfdQA5eH891Ff5oJr_Q' }), { flags: ['IdToken'], tags: ['A17'] })
  t('rejects a token without the required scope', grants('insufficient_scope', 'scp', ['orders:write']), token('rsa-a', header, access()), { flags: ['MissingGrant'], tags: ['A30'], options: { scopes: ['orders:write'] } })
  t('rejects a token signed by a key the authorization server does not publish', signature('invalid_signature'), token('attacker-rsa', header, access()), { tags: ['A03'] })
}

// =============================================================================================
// Microsoft Entra ID

{
  const tenant = 'aaaabbbb-0000-cccc-1111-dddd2222eeee'
  const other = 'bbbbcccc-1111-dddd-2222-eeee3333ffff'
  const stranger = 'ccccdddd-2222-eeee-3333-ffff4444aaaa'
  const app = '00001111-aaaa-2222-bbbb-3333cccc4444'
  const client = '11112222-bbbb-3333-cccc-4444dddd5555'
  const x5t = b64u(sha('sha1', CERT))
  // https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer (key set)
  const jwks = { keys: [{ kty: 'RSA', use: 'sig', kid: x5t, x5t, ...rsa('rsa-2048'), x5c: [CERT.toString('base64')], issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0' }] }
  // https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference
  const v2 = (over = {}) => ({
    aud: app, iss: `https://login.microsoftonline.com/${tenant}/v2.0`, iat: NOW - 60, nbf: NOW - 60, exp: NOW + 4440,
    aio: 'AXQAi/8IAAAAtAaZLo3ChMif6KOnttRB7eBq4/DccQzjcJGxPYy', azp: client, azpacr: '0', name: 'Abe Lincoln',
    oid: '690222be-ff1a-4d56-abd1-7e4f7d38e474', preferred_username: 'abeli@contoso.example', rh: 'I', scp: 'access_as_user',
    sub: 'HKZpfaHyWadeOouYlitjrI-KffTm222X5rrV3xDqfKQ', tid: tenant, uti: 'fqiBqXLPj0eQa82S-IYFAA', ver: '2.0', ...over,
  })
  const header = { typ: 'JWT', alg: 'RS256', kid: x5t }
  const F = file('entra-id', 'Microsoft Entra ID v2.0 and v1.0 access tokens (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference, validation: https://learn.microsoft.com/entra/identity-platform/access-tokens), ID tokens (https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference) and Microsoft Graph tokens (nonce header: https://github.com/AzureAD/azure-activedirectory-identitymodel-extensions-for-dotnet/issues/609), against the entraId preset of verify-access-token/providers. Key set as .../discovery/v2.0/keys serves it, signed with test/keys/pem/rsa-2048.key.')

  const single = { tenant, clientId: app }
  let t = F.group(`entraId(${JSON.stringify(single)}): v2.0 tokens of one tenant`,
    { name: 'entraId', input: single, jwksUri: `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys` }, jwks,
    { issuer: [`https://login.microsoftonline.com/${tenant}/v2.0`], audience: app, scopeClaim: 'scp', claimValues: { tid: [tenant] }, idTokenClaims: { nonce: true } })
  t('accepts a delegated v2.0 access token (scp)', OK(['access_as_user']), token('rsa-2048', header, v2()), { flags: ['Control'], options: { scopes: ['access_as_user'] } })
  t('accepts an app-only v2.0 token whose roles hold the required app role', OK([]),
    token('rsa-2048', header, v2({ scp: undefined, name: undefined, preferred_username: undefined, roles: ['Orders.Read.All'], idtyp: 'app', sub: '690222be-ff1a-4d56-abd1-7e4f7d38e474' })), { flags: ['Control'], options: { roles: ['Orders.Read.All'] } })
  t('rejects an app-only token without the required app role', grants('insufficient_role', 'roles', ['Orders.Write.All']),
    token('rsa-2048', header, v2({ scp: undefined, roles: ['Orders.Read.All'], idtyp: 'app' })), { flags: ['MissingGrant'], tags: ['A30'], options: { roles: ['Orders.Write.All'] } })
  t('rejects a delegated token without the required scope', grants('insufficient_scope', 'scp', ['Orders.Write']), token('rsa-2048', header, v2()), { flags: ['MissingGrant'], tags: ['A30'], options: { scopes: ['Orders.Write'] } })
  t('rejects a token of another tenant', claims('issuer_mismatch', 'iss'), token('rsa-2048', header, v2({ iss: `https://login.microsoftonline.com/${other}/v2.0`, tid: other })), { flags: ['WrongTenant'], tags: ['A29'] })
  t('rejects a token whose tid is not the tenant of its issuer', claims('claim_mismatch', 'tid'), token('rsa-2048', header, v2({ tid: other })), { flags: ['WrongTenant', 'ProviderCheck'] })
  t('rejects a token for another application', claims('audience_mismatch', 'aud'), token('rsa-2048', header, v2({ aud: client })), { flags: ['WrongClient'], tags: ['A28'] })
  t('rejects a v1.0 token (sts.windows.net issuer) when v2.0 is configured', claims('issuer_mismatch', 'iss'), token('rsa-2048', header, v2({ iss: `https://sts.windows.net/${tenant}/`, ver: '1.0' })), { flags: ['WrongTenant'], tags: ['A29'] })
  t('rejects a v2.0 ID token (aud the client, nonce)', claims('id_token', 'nonce'),
    token('rsa-2048', header, { aud: client, iss: `https://login.microsoftonline.com/${tenant}/v2.0`, iat: NOW - 60, nbf: NOW - 60, exp: NOW + 3540, name: 'Abe Lincoln', nonce: '123523', oid: '690222be-ff1a-4d56-abd1-7e4f7d38e474', preferred_username: 'abeli@contoso.example', rh: 'I', sub: 'HKZpfaHyWadeOouYlitjrI-KffTm222X5rrV3xDqfKQ', tid: tenant, uti: 'fqiBqXLPj0eQa82S-IYFAA', ver: '2.0' }), { flags: ['IdToken'], tags: ['A17'] })
  const graphHeader = { typ: 'JWT', nonce: 'AQABAAAAAABnfiG-mA6NTae7CdWW7Qfdr_vA1td_KJ55uewzV8uA-sGOipRKznPFPzvq55fP8ei1CroyBOGY8VV7mMXI6wJRSMnLTPlOvSUjUv4Yo-K0_yAA', alg: 'RS256', x5t, kid: x5t }
  const hashed = { ...graphHeader, nonce: b64u(sha('sha256', graphHeader.nonce)) }
  t('rejects a Microsoft Graph token (nonce header, signed over the nonce\'s hash) as a Graph token', signature('graph_token'),
    token('rsa-2048', graphHeader, v2({ aud: '00000003-0000-0000-c000-000000000000', scp: 'User.Read', idtyp: 'user', xms_tcdt: 1289241547 }), { signedHeader: hashed }), { flags: ['GraphToken'] })

  const many = { tenant: 'organizations', allowedTenants: [tenant, other], clientId: app, version: 1 }
  t = F.group(`entraId(${JSON.stringify(many)}): v1.0 tokens of two allowed tenants (tenant-independent keys)`,
    { name: 'entraId', input: many, jwksUri: 'https://login.microsoftonline.com/organizations/discovery/keys' }, jwks,
    { issuer: [`https://sts.windows.net/${tenant}/`, `https://sts.windows.net/${other}/`], audience: [`api://${app}`, app], scopeClaim: 'scp', claimValues: { tid: [tenant, other] }, idTokenClaims: { nonce: true } })
  const v1Header = { typ: 'JWT', alg: 'RS256', x5t, kid: x5t }
  const v1 = (id, over = {}) => ({
    aud: `api://${app}`, iss: `https://sts.windows.net/${id}/`, iat: NOW - 60, nbf: NOW - 60, exp: NOW + 3840, acr: '1', aio: 'AXQAi/8IAAAAFm+E/QTG+gFnVxLjWdw8K+61AGrSOuMMF6ebaMj7XO3IbmD3fGmrOyD+NvZyGn2VaT/kDKXw4MIhrgGVq6Bn8wLXoT1LkIZ+FzQVkJPPLQOV4KcXqSlCVPDS/DiCDgE222TImMvWNaEMaUOTsIGvTQ==',
    amr: ['wia'], appid: client, appidacr: '0', family_name: 'Lincoln', given_name: 'Abe', ipaddr: '192.0.2.22', name: 'abeli',
    oid: '02223b6b-aa1d-42d4-9ec0-1b2bb9194438', rh: 'I', scp: 'user_impersonation', sub: 'l3_roISQU222bULS9yi2k0XpqpOiMz5H3ZACo1GeXA',
    tid: id, unique_name: 'abeli@contoso.example', uti: 'FVsGxYXI30-TuikuuUoFAA', ver: '1.0', ...over,
  })
  t('accepts a v1.0 token of the first allowed tenant (aud the App ID URI)', OK(['user_impersonation']), token('rsa-2048', v1Header, v1(tenant)), { flags: ['Control'] })
  t('accepts a v1.0 token of the second allowed tenant (aud the client ID)', OK(['user_impersonation']), token('rsa-2048', v1Header, v1(other, { aud: app })), { flags: ['Control'] })
  t('rejects a v1.0 token of a tenant not allowed', claims('issuer_mismatch', 'iss'), token('rsa-2048', v1Header, v1(stranger)), { flags: ['WrongTenant'], tags: ['A29'] })
  t('rejects a v1.0 token for another resource', claims('audience_mismatch', 'aud'), token('rsa-2048', v1Header, v1(tenant, { aud: 'https://management.core.windows.net/' })), { flags: ['WrongClient'], tags: ['A28'] })
  const graphV1 = { ...graphHeader, nonce: 'AQABAAAAAACEfexXxjamQb3OeGQ4Gugvm9Y_h5O8Ux9oZ3P7Yt3c8Zq1k2Rk3S7WbQp0aU6zJmYcC1fNfXwB0hZr5T2LkYxAA' }
  t('rejects a v1.0 Microsoft Graph token (aud https://graph.microsoft.com) as a Graph token', signature('graph_token'),
    token('rsa-2048', graphV1, v1(tenant, { aud: 'https://graph.microsoft.com', scp: 'User.Read' }), { signedHeader: { ...graphV1, nonce: b64u(sha('sha256', graphV1.nonce)) } }), { flags: ['GraphToken'] })
}

// =============================================================================================
// Amazon Cognito

{
  const pool = 'eu-west-1_AbCdEf123'
  const issuer = `https://cognito-idp.eu-west-1.amazonaws.com/${pool}`
  const client = '1example23456789abcdefghij'
  // Cognito key ids are standard base64 (with + / =); one key signs ID tokens, the other access tokens.
  const accessKid = sha('sha256', 'cognito access key').toString('base64')
  const idKid = sha('sha256', 'cognito id key').toString('base64')
  // https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
  const jwks = { keys: [{ alg: 'RS256', e: rsa('rsa-b').e, kid: idKid, kty: 'RSA', n: rsa('rsa-b').n, use: 'sig' }, { alg: 'RS256', e: rsa('rsa-a').e, kid: accessKid, kty: 'RSA', n: rsa('rsa-a').n, use: 'sig' }] }
  // https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html
  const access = (over = {}) => ({
    sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', 'cognito:groups': ['readers'], iss: issuer, client_id: client,
    origin_jti: 'aaaaaaaa-bbbb-cccc-dddd-ffffffffffff', event_id: 'aaaaaaaa-bbbb-cccc-dddd-000000000000', token_use: 'access',
    scope: 'orders/read', auth_time: NOW - 120, exp: NOW + 3480, iat: NOW - 60, jti: 'aaaaaaaa-bbbb-cccc-dddd-111111111111', username: 'janedoe', ...over,
  })
  const header = { kid: accessKid, alg: 'RS256' }
  const F = file('cognito', 'Amazon Cognito user pool access and ID tokens (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html, https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html; validation: https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html), against the cognito preset of verify-access-token/providers. Key set as <issuer>/.well-known/jwks.json serves it: access tokens signed with test/keys/rsa-a.json, ID tokens with test/keys/rsa-b.json.')
  const preset = { userPoolId: pool, clientId: client }
  const t = F.group(`cognito(${JSON.stringify(preset)}): no aud, so the app client is checked in client_id; token_use must be access`,
    { name: 'cognito', input: preset, jwksUri: `${issuer}/.well-known/jwks.json` }, jwks,
    { issuer, clientId: client, claimValues: { token_use: 'access' }, idTokenClaims: { token_use: 'id' }, roleClaim: 'cognito:groups' })
  t('accepts a Cognito access token (token_use access, client_id, cognito:groups, no aud)', OK(['orders/read']), token('rsa-a', header, access()), { flags: ['Control'], options: { scopes: ['orders/read'] } })
  t('accepts a token in the required group', OK(['orders/read']), token('rsa-a', header, access({ 'cognito:groups': ['readers', 'admins'] })), { flags: ['Control'], options: { roles: ['admins'] } })
  t('rejects an ID token (token_use id, aud the client)', claims('id_token', 'token_use'),
    token('rsa-b', { kid: idKid, alg: 'RS256' }, { sub: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', 'cognito:groups': ['readers'], email_verified: true, iss: issuer, 'cognito:username': 'janedoe', origin_jti: 'aaaaaaaa-bbbb-cccc-dddd-ffffffffffff', aud: client, event_id: 'aaaaaaaa-bbbb-cccc-dddd-000000000000', token_use: 'id', auth_time: NOW - 120, exp: NOW + 3480, iat: NOW - 60, jti: 'aaaaaaaa-bbbb-cccc-dddd-222222222222', email: 'janedoe@example.com' }),
    { flags: ['IdToken'], tags: ['A17'] })
  t('rejects an access token of another app client', claims('audience_mismatch', 'client_id'), token('rsa-a', header, access({ client_id: '2otherclient3456789abcdefgh' })), { flags: ['WrongClient'], tags: ['A28'] })
  t('rejects an access token of another user pool', claims('issuer_mismatch', 'iss'), token('rsa-a', header, access({ iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_ZyXwVu987' })), { flags: ['WrongTenant'], tags: ['A29'] })
  t('rejects an access token without token_use', claims('missing_claim', 'token_use'), token('rsa-a', header, access({ token_use: undefined })), { flags: ['ProviderCheck'] })
  t('rejects a token whose token_use is neither access nor id', claims('claim_mismatch', 'token_use'), token('rsa-a', header, access({ token_use: 'refresh' })), { flags: ['ProviderCheck'] })
  t('rejects a token outside the required group', grants('insufficient_role', 'cognito:groups', ['admins']), token('rsa-a', header, access()), { flags: ['MissingGrant'], tags: ['A30'], options: { roles: ['admins'] } })
  t('rejects a token without the required custom scope', grants('insufficient_scope', 'scope', ['orders/write']), token('rsa-a', header, access()), { flags: ['MissingGrant'], tags: ['A30'], options: { scopes: ['orders/write'] } })
}

// =============================================================================================
// Keycloak

{
  const issuer = 'https://sso.example.com/realms/shop'
  const kid = kidOf('keycloak realm key')
  // https://www.keycloak.org/securing-apps/oidc-layers (certs endpoint); Keycloak also lists the
  // realm's encryption key, which a verifier must ignore (use enc).
  const jwks = {
    keys: [
      { kid, kty: 'RSA', alg: 'RS256', use: 'sig', ...rsa('rsa-2048'), x5c: [CERT.toString('base64')], x5t: b64u(sha('sha1', CERT)), 'x5t#S256': b64u(sha('sha256', CERT)) },
      { kid: kidOf('keycloak encryption key'), kty: 'RSA', alg: 'RSA-OAEP', use: 'enc', ...rsa('rsa-b') },
    ],
  }
  // Keycloak writes its header with spaces around the colons of typ and kid.
  const header = `{"alg":"RS256","typ" : "JWT","kid" : "${kid}"}`
  const access = (over = {}) => ({
    exp: NOW + 240, iat: NOW - 60, auth_time: NOW - 60, jti: '179a04e8-6a41-41bb-ab20-14d55a8518af', iss: issuer,
    aud: ['orders-api', 'account'], sub: '8befeac4-8963-49da-a9ac-f310e8d922d8', typ: 'Bearer', azp: 'shop-frontend',
    sid: '54db1502-a5dc-4a27-af62-eeef0694a628', acr: '1', 'allowed-origins': ['https://shop.example.com'],
    realm_access: { roles: ['default-roles-shop', 'offline_access', 'uma_authorization', 'clerk'] },
    resource_access: { 'orders-api': { roles: ['orders.read'] }, account: { roles: ['manage-account', 'view-profile'] } },
    scope: 'openid email profile', email_verified: true, preferred_username: 'pat', ...over,
  })
  const F = file('keycloak', 'Keycloak access and ID tokens (claims as Keycloak issues them; token types Bearer and ID from org.keycloak.util.TokenUtil, https://github.com/keycloak/keycloak/blob/main/core/src/main/java/org/keycloak/util/TokenUtil.java; audience mapper: https://www.keycloak.org/docs/latest/server_admin/#audience-support), against the keycloak preset of verify-access-token/providers. Key set as <issuer>/protocol/openid-connect/certs serves it (https://www.keycloak.org/securing-apps/oidc-layers), signed with test/keys/pem/rsa-2048.key.')
  const preset = { url: 'https://sso.example.com', realm: 'shop', clientId: 'orders-api' }
  let t = F.group(`keycloak(${JSON.stringify(preset)}): aud the API's client (audience mapper), realm roles`,
    { name: 'keycloak', input: preset, jwksUri: `${issuer}/protocol/openid-connect/certs` }, jwks,
    { issuer, audience: 'orders-api', idTokenClaims: { typ: 'ID' }, roleClaim: 'realm_access.roles' })
  t('accepts a Keycloak access token (typ Bearer, azp, realm_access, resource_access)', OK(['openid', 'email', 'profile']), token('rsa-2048', header, access()), { flags: ['Control'], options: { roles: ['clerk'] } })
  t('rejects an ID token (typ ID, aud the frontend client)', claims('id_token', 'typ'),
    token('rsa-2048', header, { ...access({ aud: 'shop-frontend', typ: 'ID', nonce: 'b3e1c7d2-9a4f-4f0e-8d2a-7c5b1e6f9a01', at_hash: 'fUHyO2r2Z3DZ53EsNrWBb0' }), realm_access: undefined, resource_access: undefined, scope: undefined }), { flags: ['IdToken'], tags: ['A17'] })
  t('rejects a token without the API in aud (no audience mapper)', claims('audience_mismatch', 'aud'), token('rsa-2048', header, access({ aud: 'account' })), { flags: ['WrongClient'], tags: ['A28'] })
  t('rejects a token of another realm', claims('issuer_mismatch', 'iss'), token('rsa-2048', header, access({ iss: 'https://sso.example.com/realms/master' })), { flags: ['WrongTenant'], tags: ['A29'] })
  t('rejects a token without the required realm role', grants('insufficient_role', 'realm_access.roles', ['admin']), token('rsa-2048', header, access()), { flags: ['MissingGrant'], tags: ['A30'], options: { roles: ['admin'] } })
  t('rejects a token signed by a key that the certs endpoint does not publish, under its kid', signature('invalid_signature'), token('attacker-rsa', header, access()), { tags: ['A03'] })

  const clientRoles = { ...preset, clientRoles: true }
  t = F.group(`keycloak(${JSON.stringify(clientRoles)}): roles of the API's own client`,
    { name: 'keycloak', input: clientRoles, jwksUri: `${issuer}/protocol/openid-connect/certs` }, jwks,
    { issuer, audience: 'orders-api', idTokenClaims: { typ: 'ID' }, roleClaim: ['resource_access', 'orders-api', 'roles'] })
  t('accepts a token with the client role orders.read', OK(['openid', 'email', 'profile']), token('rsa-2048', header, access()), { flags: ['Control'], options: { roles: ['orders.read'] } })
  t('rejects a token without the client role orders.write', grants('insufficient_role', 'resource_access.orders-api.roles', ['orders.write']), token('rsa-2048', header, access()), { flags: ['MissingGrant'], tags: ['A30'], options: { roles: ['orders.write'] } })
  t('rejects a token with no roles of the client at all', grants('insufficient_role', 'resource_access.orders-api.roles', ['orders.read']),
    token('rsa-2048', header, access({ resource_access: { account: { roles: ['view-profile'] } } })), { flags: ['MissingGrant'], tags: ['A30'], options: { roles: ['orders.read'] } })
}

// =============================================================================================
// Output

const check = process.argv.includes('--check')
const stale = []
if (!check) mkdirSync(OUT, { recursive: true })
for (const f of files) {
  const tests = f.groups.flatMap((group) => group.tests)
  const used = [...new Set(tests.flatMap((test) => test.flags ?? []))].sort()
  const out = {
    schema: 'verify-access-token-vectors/v1',
    kind: 'token',
    description: f.description,
    source: { name: 'verify-access-token', generator: GENERATOR },
    numberOfTests: tests.length,
    notes: Object.fromEntries(used.map((flag) => [flag, FLAGS[flag]])),
    testGroups: f.groups.map(({ comment, preset, jwks, options, tests }) => ({ comment, preset, jwks, options, tests })),
  }
  const url = new URL(`${f.provider}.json`, OUT)
  const text = JSON.stringify(out, null, 2) + '\n'
  if (check) {
    if (!existsSync(url) || readFileSync(url, 'utf8') !== text) stale.push(url.pathname)
  } else {
    writeFileSync(url, text)
  }
  console.log(`vectors/providers/${f.provider}.json: ${tests.length} tests`)
}
if (check) {
  if (stale.length > 0) {
    console.error(`out of date (re-run without --check):\n  ${stale.join('\n  ')}`)
    process.exit(1)
  }
  console.log('all provider files are up to date')
}
