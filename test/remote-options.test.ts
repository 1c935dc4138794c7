/**
 * `createRemoteJwks` caller mistakes: each is a `TypeError` when the set is created, before any
 * request, never a silent failure of every later fetch. Durations are whole milliseconds in
 * ranges whose gaps catch unit mistakes (seconds for milliseconds) and the 2^31 − 1 ms timer limit.
 */
import { describe, expect, it } from 'vitest'
import { createRemoteJwks, type RemoteJwksOptions } from '../src/index.js'

const URL_OK = 'https://as.example/jwks.json'

describe('key set URL', () => {
  it.each([
    ['http: to a remote host', 'http://as.example/jwks.json'],
    ['http: to a host that starts like loopback', 'http://127.0.0.1.nip.io/jwks.json'],
    ['http: to localhost as a subdomain', 'http://localhost.as.example/jwks.json'],
    ['ftp:', 'ftp://as.example/jwks.json'],
    ['file:', 'file:///etc/jwks.json'],
    ['not a URL', 'jwks.json'],
    ['the empty string', ''],
  ])('key set URL %s → TypeError', (_, url) => {
    expect(() => createRemoteJwks(url)).toThrow(TypeError)
  })

  // The web fetch refuses URLs with credentials, so such a key set could never be read.
  it('key set URL with credentials → TypeError', () => {
    expect(() => createRemoteJwks('https://user:secret@as.example/jwks.json')).toThrow(TypeError)
  })

  it.each([
    'https://as.example/jwks.json', 'http://localhost:8080/jwks.json', 'http://127.0.0.1/jwks.json',
    'http://127.1.2.3:9/jwks.json', 'http://[::1]:8080/jwks.json',
  ])('key set URL %s → accepted', (url) => {
    expect(createRemoteJwks(url).url).toBe(new URL(url).href)
    expect(createRemoteJwks(new URL(url)).url).toBe(new URL(url).href)
  })
})

describe('durations and sizes', () => {
  it.each([
    ['timeout -1', { timeout: -1 }], ['timeout 0', { timeout: 0 }], ['timeout NaN', { timeout: Number.NaN }],
    ['timeout Infinity', { timeout: Number.POSITIVE_INFINITY }], ['timeout as a string', { timeout: '5000' }],
    ['cooldown -1', { cooldown: -1 }], ['cacheMaxAge -1', { cacheMaxAge: -1 }],
    ['staleIfError NaN', { staleIfError: Number.NaN }], ['maxBodySize 0', { maxBodySize: 0 }],
    ['fetch not a function', { fetch: 'fetch' }],
    // A misspelt or foreign option name would otherwise silently keep the default.
    ['cooldownDuration (another library\'s name)', { cooldownDuration: 1000 }], ['timeoutMs', { timeoutMs: 100 }],
    // Seconds given for milliseconds: 5 ms could never fetch, 600 ms of caching is a fetch per burst.
    ['timeout 5', { timeout: 5 }], ['timeout 99', { timeout: 99 }], ['cacheMaxAge 600', { cacheMaxAge: 600 }],
    // Past the timer limit of 2^31 − 1 ms a runtime fires at once; past the ranges, a unit mistake.
    ['timeout 2 ** 31', { timeout: 2 ** 31 }], ['timeout 1e12', { timeout: 1e12 }], ['timeout 60001', { timeout: 60_001 }],
    ['cooldown 3600001', { cooldown: 3_600_001 }], ['cacheMaxAge 604800001', { cacheMaxAge: 604_800_001 }],
    ['staleIfError 1e12', { staleIfError: 1e12 }],
    ['maxBodySize 1023', { maxBodySize: 1023 }], ['maxBodySize 16777217', { maxBodySize: 16_777_217 }],
    // Whole milliseconds and bytes only.
    ['timeout 1500.5', { timeout: 1500.5 }], ['cooldown 1000.5', { cooldown: 1000.5 }], ['maxBodySize 4096.5', { maxBodySize: 4096.5 }],
  ])('option %s → TypeError', (_, bad) => {
    expect(() => createRemoteJwks(URL_OK, bad as RemoteJwksOptions)).toThrow(TypeError)
  })

  it('cooldown, cacheMaxAge and staleIfError of 0 → accepted', () => {
    expect(() => createRemoteJwks(URL_OK, { cooldown: 0, cacheMaxAge: 0, staleIfError: 0 })).not.toThrow()
  })

  // 0 turns a window off; anything between 0 and 1 s is a unit mistake, not a shorter window.
  it.each(['cooldown', 'cacheMaxAge', 'staleIfError'] as const)('%s of 1, 500 or 999 → TypeError', (name) => {
    for (const value of [1, 500, 999]) expect(() => createRemoteJwks(URL_OK, { [name]: value })).toThrow(TypeError)
  })

  it('every option at either end of its range → accepted', () => {
    expect(() => createRemoteJwks(URL_OK, { timeout: 100, cooldown: 1000, cacheMaxAge: 1000, staleIfError: 1000, maxBodySize: 1024 })).not.toThrow()
    expect(() => createRemoteJwks(URL_OK, {
      timeout: 60_000, cooldown: 3_600_000, cacheMaxAge: 604_800_000, staleIfError: 604_800_000, maxBodySize: 16_777_216,
    })).not.toThrow()
  })
})

describe('headers', () => {
  // Each would make every fetch reject later (the Fetch standard's Headers, or the runtime, refuses
  // it), turning a typo into an outage that looks like the endpoint's.
  it.each([
    ['a value with LF', { x: 'a\nb' }], ['a value with CR', { x: 'a\rb' }], ['a value with NUL', { x: 'a\0b' }],
    ['a value with a control character', { x: 'a\u0001b' }],
    ['a value beyond Latin-1 (not a ByteString)', { 'x-tenant': '€' }],
    ['a name with a space', { 'bad name': 'v' }], ['an empty name', { '': 'v' }], ['a name with a colon', { 'x:y': 'v' }],
    ['a value that is not a string', { x: 1 }], ['a string instead of an object', 'x: y'],
    ['transfer-encoding (connection-level)', { 'Transfer-Encoding': 'chunked' }], ['connection', { connection: 'close' }],
    ['keep-alive', { 'keep-alive': 'timeout=5' }], ['upgrade', { upgrade: 'websocket' }], ['expect', { expect: '100-continue' }],
    ['host', { host: 'evil.example' }],
  ])('headers with %s → TypeError', (_, headers) => {
    expect(() => createRemoteJwks(URL_OK, { headers } as unknown as RemoteJwksOptions)).toThrow(TypeError)
  })

  it('headers with a tab, Latin-1 text and token punctuation → accepted', () => {
    expect(() => createRemoteJwks(URL_OK, { headers: { 'x-tenant': 'café', "x-a!#$%&'*+.^_`|~": 'a,\tb' } })).not.toThrow()
  })
})
