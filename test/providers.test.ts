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

  it('a preset\'s options spread with more options → an ordinary verifier (scopes, roles)', () => {
    const options = cognito({ userPoolId: 'eu-west-1_AbCdEf123', clientId: ['a', 'b'] })
    expect(() => createVerifier({ ...options, scopes: ['orders/read'], roles: ['admins'] })).not.toThrow()
  })
})
