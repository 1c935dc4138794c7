/**
 * The presets of verify-access-token/providers: each turns what a user knows into ordinary options.
 * The provider vectors (vectors/providers/*.json) hold those options as plain JSON; here each
 * preset is called with the vector group's `preset.input` and must return exactly the group's
 * options plus a remote key set for `preset.jwksUri`. Then the preset itself, its key set served
 * by a stub fetch, gives every vector of the group its expected result.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createVerifier, verifyAccessToken } from '../src/index.js'
import { auth0, cognito, entraId, keycloak, okta, type ProviderOptions } from '../src/providers.js'
import { matches } from './vectors/corpus.mjs'
import { findVectorFiles } from './vectors/files.mjs'

const PRESETS = { auth0, okta, entraId, cognito, keycloak } as Record<string, (input: never, remote?: never) => ProviderOptions>

interface Group {
  readonly comment: string
  readonly preset: { readonly name: string; readonly input: Record<string, unknown>; readonly jwksUri: string }
  readonly jwks: unknown
  readonly options: Record<string, unknown>
  readonly tests: readonly { readonly tcId: number; readonly comment: string; readonly now: number; readonly token: string; readonly options?: object; readonly expect: unknown }[]
}

const dir = new URL('../vectors/', import.meta.url)
const files = findVectorFiles(dir.pathname).filter((name) => name.startsWith('providers/'))
  .map((name) => ({ name, groups: (JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as { testGroups: Group[] }).testGroups }))

describe('provider vectors', () => {
  it('one file per preset, each group made by a preset', () => {
    expect(files.map(({ name }) => name).sort()).toEqual(['providers/auth0.json', 'providers/cognito.json', 'providers/entra-id.json', 'providers/keycloak.json', 'providers/okta.json'])
    const named = new Set(files.flatMap(({ groups }) => groups.map((group) => group.preset.name)))
    expect([...named].sort()).toEqual(Object.keys(PRESETS).sort())
  })
})

for (const { name, groups } of files) {
  describe(name, () => {
    for (const group of groups) {
      const preset = () => PRESETS[group.preset.name]!(group.preset.input as never)

      it(`${group.preset.name}(input) → exactly the group's options and a key set at ${group.preset.jwksUri}`, () => {
        const { jwks, ...options } = preset()
        expect(options).toEqual(group.options)
        expect(jwks.url).toBe(group.preset.jwksUri)
      })

      it(`${group.preset.name}(input) with its jwks_uri serving the group's key set → every vector's expected result`, async () => {
        const requested: string[] = []
        const fetch = async (url: string) => {
          requested.push(url)
          return new Response(JSON.stringify(group.jwks), { headers: { 'content-type': 'application/json' } })
        }
        const options = PRESETS[group.preset.name]!(group.preset.input as never, { fetch } as never)
        for (const test of group.tests) {
          const currentDate = new Date(test.now * 1000)
          const result = await verifyAccessToken(test.token, { ...options, ...test.options, currentDate })
          expect(matches('token', test.expect, result), `${name}#${test.tcId} ${test.comment}: ${JSON.stringify(result)}`).toBe(true)
          // The same through one verifier per group, the test's scopes and roles given per call.
          const perCall = await createVerifier({ ...options, currentDate })(test.token, test.options)
          expect(perCall).toEqual(result)
        }
        expect(new Set(requested)).toEqual(new Set([group.preset.jwksUri]))
      })
    }
  })
}

describe('README: each preset next to the same options by hand', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const section = readme.slice(readme.indexOf('### Presets'), readme.indexOf('### Mechanisms'))
  const blocks = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!)
  // Both halves run with the real presets; createRemoteJwks and createVerifier only record.
  const run = (code: string): Record<string, unknown> => new Function('auth0', 'okta', 'entraId', 'cognito', 'keycloak', 'createRemoteJwks', 'createVerifier',
    `return ${code.replace(/^import .*$/m, '').trim().replace(/^const \w+ = /, '')}`)(auth0, okta, entraId, cognito, keycloak, (url: string) => ({ url }), (options: object) => options)
  const comparable = (options: Record<string, unknown>) => ({ ...options, jwks: (options['jwks'] as { url: string }).url })

  it('five preset examples', () => {
    expect(blocks.map((block) => /(auth0|okta|entraId|cognito|keycloak)\(/.exec(block)?.[1])).toEqual(['auth0', 'okta', 'entraId', 'cognito', 'keycloak'])
  })

  it.each(blocks.map((block, i) => [i, block] as const))('example %i: the preset\'s options → equal to the options by hand', (_, block) => {
    const [preset, hand] = block.split(/\/\/ (?:the same verifier )?by hand:\n/)
    expect(comparable(run(preset!))).toEqual(comparable(run(hand!)))
  })
})

describe('preset mistakes → TypeError that says the fix', () => {
  const guid = '00001111-aaaa-2222-bbbb-3333cccc4444'
  it.each([
    ['auth0 domain with a path', () => auth0({ domain: 'example.auth0.com/x', audience: 'a' }), /without a path/],
    ['auth0 domain over http', () => auth0({ domain: 'http://example.auth0.com', audience: 'a' }), /https URL/],
    ['auth0 without audience', () => auth0({ domain: 'example.auth0.com' } as never), /API identifier/],
    ['auth0 scopeClaim scp', () => auth0({ domain: 'example.auth0.com', audience: 'a', scopeClaim: 'scp' as never }), /"scope" or "permissions"/],
    ['auth0 unknown option', () => auth0({ domain: 'example.auth0.com', audience: 'a', tenant: 'x' } as never), /unknown option "tenant"/],
    ['okta org authorization server', () => okta({ issuer: 'https://example.okta.com', audience: 'a' }), /custom authorization server/],
    ['okta issuer with a trailing slash', () => okta({ issuer: 'https://example.okta.com/oauth2/default/', audience: 'a' }), /trailing slash/],
    ['okta empty clientId', () => okta({ issuer: 'https://example.okta.com/oauth2/default', audience: 'a', clientId: '' }), /clientId/],
    ['entraId tenant a domain name', () => entraId({ tenant: 'contoso.onmicrosoft.com', clientId: guid }), /GUID/],
    ['entraId common without allowedTenants', () => entraId({ tenant: 'common', clientId: guid }), /allowedTenants/],
    ['entraId allowedTenants for one tenant', () => entraId({ tenant: guid, allowedTenants: [guid], clientId: guid }), /needs none/],
    ['entraId clientId not a GUID', () => entraId({ tenant: guid, clientId: 'api://orders' }), /application ID/],
    ['entraId version 3', () => entraId({ tenant: guid, clientId: guid, version: 3 as never }), /1 or 2/],
    ['cognito user pool id without region', () => cognito({ userPoolId: 'AbCdEf123', clientId: 'c' }), /<region>_<id>/],
    ['cognito region not the pool\'s', () => cognito({ userPoolId: 'eu-west-1_AbCdEf123', clientId: 'c', region: 'us-east-1' }), /not the user pool's region/],
    ['cognito without clientId', () => cognito({ userPoolId: 'eu-west-1_AbCdEf123' } as never), /app client IDs/],
    ['keycloak url with a query', () => keycloak({ url: 'https://sso.example.com?x=1', realm: 'r', clientId: 'c' }), /without query/],
    ['keycloak without realm', () => keycloak({ url: 'https://sso.example.com', realm: '', clientId: 'c' }), /realm/],
  ])('%s → TypeError', (_, make, message) => {
    expect(make).toThrow(TypeError)
    expect(make).toThrow(message)
  })
})

describe('preset mistakes → the whole message, naming the preset and the option', () => {
  const guid = '00001111-aaaa-2222-bbbb-3333cccc4444'
  const https = 'must be an https URL (http only on loopback) without query, fragment or credentials'
  const list = 'must be a non-empty string or a list of them'
  const kc = (url: unknown) => () => keycloak({ url, realm: 'r', clientId: 'c' } as never)
  it.each([
    ['auth0 options null', () => auth0(null as never), 'auth0 options must be an object'],
    ['okta options null', () => okta(null as never), 'okta options must be an object'],
    ['entraId options null', () => entraId(null as never), 'entraId options must be an object'],
    ['cognito options null', () => cognito(null as never), 'cognito options must be an object'],
    ['keycloak options null', () => keycloak(null as never), 'keycloak options must be an object'],
    ['auth0 domain with a path', () => auth0({ domain: 'example.auth0.com/x', audience: 'a' }), 'auth0 domain must be a host name, such as "dev-abc.us.auth0.com", without a path'],
    ['auth0 domain over http', () => auth0({ domain: 'http://example.auth0.com', audience: 'a' }), `auth0 domain ${https}`],
    ['auth0 without domain', () => auth0({ audience: 'a' } as never), 'auth0 domain must be a host name, such as "dev-abc.us.auth0.com"'],
    ['auth0 domain a list', () => auth0({ domain: ['example.auth0.com'] as never, audience: 'a' }), 'auth0 domain must be a host name, such as "dev-abc.us.auth0.com"'],
    ['auth0 audience an empty list', () => auth0({ domain: 'example.auth0.com', audience: [] }), `auth0 audience (the API identifier) ${list}`],
    ['auth0 audience [""]', () => auth0({ domain: 'example.auth0.com', audience: [''] }), `auth0 audience (the API identifier) ${list}`],
    ['auth0 audience ["a", ""]', () => auth0({ domain: 'example.auth0.com', audience: ['a', ''] }), `auth0 audience (the API identifier) ${list}`],
    ['auth0 audience [5]', () => auth0({ domain: 'example.auth0.com', audience: [5] as never }), `auth0 audience (the API identifier) ${list}`],
    ['okta issuer over http', () => okta({ issuer: 'http://example.okta.com/oauth2/default', audience: 'a' }), `okta issuer ${https}`],
    ['okta issuer with /oauth2/<server> under a path', () => okta({ issuer: 'https://example.okta.com/x/oauth2/default', audience: 'a' }), 'okta issuer must be a custom authorization server'],
    ['okta issuer with a path after /oauth2/<server>', () => okta({ issuer: 'https://example.okta.com/oauth2/default/v1', audience: 'a' }), 'okta issuer must be a custom authorization server'],
    ['okta without audience', () => okta({ issuer: 'https://example.okta.com/oauth2/default' } as never), `okta audience ${list}`],
    ['entraId tenant a domain name', () => entraId({ tenant: 'contoso.onmicrosoft.com', clientId: guid }), 'entraId tenant (the directory ID) must be a GUID'],
    ['entraId clientId a list of one GUID', () => entraId({ tenant: guid, clientId: [guid] as never }), 'entraId clientId (the application ID) must be a GUID'],
    ['entraId common with allowedTenants []', () => entraId({ tenant: 'common', allowedTenants: [], clientId: guid }), 'entraId tenant "common" accepts tokens from any tenant'],
    ['entraId allowedTenants entry a domain name', () => entraId({ tenant: 'organizations', allowedTenants: ['contoso.onmicrosoft.com'], clientId: guid }), 'entraId allowedTenants entry must be a GUID'],
    ['entraId empty audience', () => entraId({ tenant: guid, clientId: guid, audience: '' }), `entraId audience ${list}`],
    ['cognito userPoolId a list', () => cognito({ userPoolId: ['eu-west-1_AbCdEf123'] as never, clientId: 'c' }), 'cognito userPoolId must be "<region>_<id>"'],
    ['cognito userPoolId with a leading space', () => cognito({ userPoolId: ' eu-west-1_AbCdEf123', clientId: 'c' }), 'cognito userPoolId must be "<region>_<id>"'],
    ['cognito userPoolId with a trailing slash', () => cognito({ userPoolId: 'eu-west-1_AbCdEf123/', clientId: 'c' }), 'cognito userPoolId must be "<region>_<id>"'],
    ['keycloak url not a URL', kc('sso.example.com'), `keycloak url ${https}`],
    ['keycloak url a URL object', kc(new URL('https://sso.example.com')), `keycloak url ${https}`],
    ['keycloak url ftp on localhost', kc('ftp://localhost'), `keycloak url ${https}`],
    ['keycloak url with a fragment', kc('https://sso.example.com/#top'), `keycloak url ${https}`],
    ['keycloak url with a user name', kc('https://admin@sso.example.com'), `keycloak url ${https}`],
    ['keycloak url with a password only', kc('https://:secret@sso.example.com'), `keycloak url ${https}`],
    ['keycloak url http on 127.0.0.1.nip.io (a public name)', kc('http://127.0.0.1.nip.io'), `keycloak url ${https}`],
    ['keycloak without realm', () => keycloak({ url: 'https://sso.example.com', clientId: 'c' } as never), 'keycloak realm must be the realm name'],
    ['keycloak realm a number', () => keycloak({ url: 'https://sso.example.com', realm: 5 as never, clientId: 'c' }), 'keycloak realm must be the realm name'],
    ['keycloak without clientId', () => keycloak({ url: 'https://sso.example.com', realm: 'r' } as never), 'keycloak clientId must be the API\'s client ID'],
    ['keycloak empty clientId', () => keycloak({ url: 'https://sso.example.com', realm: 'r', clientId: '' }), 'keycloak clientId must be the API\'s client ID'],
    ['keycloak clientRoles "yes"', () => keycloak({ url: 'https://sso.example.com', realm: 'r', clientId: 'c', clientRoles: 'yes' as never }), 'keycloak clientRoles must be true or false'],
  ])('%s → TypeError', (_, make, message) => {
    expect(make).toThrow(TypeError)
    expect(make).toThrow(`verify-access-token: ${message}`)
  })
})

describe('preset details', () => {
  it('auth0 domain as a URL with a trailing slash → the same issuer as the bare host name', () => {
    expect(auth0({ domain: 'https://example.us.auth0.com/', audience: 'a' }).issuer).toBe('https://example.us.auth0.com/')
  })

  it('keycloak base URL with /auth and a trailing slash → issuer <url>/realms/<realm>', () => {
    expect(keycloak({ url: 'https://sso.example.com/auth/', realm: 'shop', clientId: 'c' }).issuer).toBe('https://sso.example.com/auth/realms/shop')
  })

  it('keycloak on http://localhost:8080 (development) → accepted; on another http host → TypeError', () => {
    expect(keycloak({ url: 'http://localhost:8080', realm: 'dev', clientId: 'c' }).issuer).toBe('http://localhost:8080/realms/dev')
    expect(() => keycloak({ url: 'http://sso.example.com', realm: 'dev', clientId: 'c' })).toThrow(/http only on loopback/)
  })

  it('entraId v1.0 with an App ID URI as audience → that audience only', () => {
    const guid = '00001111-aaaa-2222-bbbb-3333cccc4444'
    expect(entraId({ tenant: guid, clientId: guid, version: 1, audience: 'https://orders.contoso.example' }).audience).toBe('https://orders.contoso.example')
  })

  it('auth0 scopeClaim "scope" (the default) → accepted, the same options as without it, no scopeClaim', () => {
    const { jwks: _a, ...plain } = auth0({ domain: 'example.auth0.com', audience: 'a' })
    const { jwks: _b, ...scope } = auth0({ domain: 'example.auth0.com', audience: 'a', scopeClaim: 'scope' })
    expect(scope).toStrictEqual(plain)
    expect('scopeClaim' in plain).toBe(false)
  })

  it('auth0 audience a list → a copy of the list', () => {
    const audience = ['a', 'b']
    const options = auth0({ domain: 'example.auth0.com', audience })
    expect(options.audience).toEqual(['a', 'b'])
    expect(options.audience).not.toBe(audience)
  })

  it('okta without clientId → any client (no cid check)', () => {
    const options = okta({ issuer: 'https://example.okta.com/oauth2/default', audience: 'api://default' })
    expect(options.issuer).toBe('https://example.okta.com/oauth2/default')
    expect(options.claimValues).toBeUndefined()
  })

  it('cognito region given and equal to the pool\'s → accepted', () => {
    expect(cognito({ userPoolId: 'eu-west-1_AbCdEf123', clientId: 'c', region: 'eu-west-1' }).issuer).toBe('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123')
  })

  it('cognito region of several words (us-gov-west-1) or numbered 10 → accepted, issuer in that region', () => {
    expect(cognito({ userPoolId: 'us-gov-west-1_AbCdEf123', clientId: 'c' }).issuer).toBe('https://cognito-idp.us-gov-west-1.amazonaws.com/us-gov-west-1_AbCdEf123')
    expect(cognito({ userPoolId: 'eu-central-10_AbCdEf123', clientId: 'c' }).issuer).toBe('https://cognito-idp.eu-central-10.amazonaws.com/eu-central-10_AbCdEf123')
  })

  it('keycloak over http on [::1], 127.0.0.1 and 127.10.20.30 (loopback) → accepted', () => {
    expect(keycloak({ url: 'http://[::1]:8080', realm: 'dev', clientId: 'c' }).issuer).toBe('http://[::1]:8080/realms/dev')
    expect(keycloak({ url: 'http://127.0.0.1:8080', realm: 'dev', clientId: 'c' }).issuer).toBe('http://127.0.0.1:8080/realms/dev')
    expect(keycloak({ url: 'http://127.10.20.30:8080', realm: 'dev', clientId: 'c' }).issuer).toBe('http://127.10.20.30:8080/realms/dev')
  })

  it('a preset\'s options spread with more options → an ordinary verifier (scopes, roles)', () => {
    const options = cognito({ userPoolId: 'eu-west-1_AbCdEf123', clientId: ['a', 'b'] })
    expect(() => createVerifier({ ...options, scopes: ['orders/read'], roles: ['admins'] })).not.toThrow()
  })
})
