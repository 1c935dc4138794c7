/**
 * `createRemoteJwks` caller mistakes: each is a `TypeError` when the set is created, before any
 * request, never a silent failure of every later fetch. Durations are whole milliseconds in
 * ranges whose gaps catch unit mistakes (seconds for milliseconds) and the 2^31 − 1 ms timer limit.
 */
import { describe, expect, it, vi } from 'vitest'
import { createRemoteJwks, discoverJwks, type RemoteJwksOptions } from '../src/index.js'

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

  // Loopback is http:'s only exception, not any scheme's.
  it.each([
    ['ftp: to localhost', 'ftp://localhost/jwks.json'], ['ws: to 127.0.0.1', 'ws://127.0.0.1/jwks.json'],
  ])('key set URL %s → TypeError', (_, url) => {
    expect(() => createRemoteJwks(url)).toThrow(TypeError)
  })

  // The message says which URL and what to fix.
  it.each([
    ['not a URL', 'jwks.json', 'the key set URL is not a valid URL'],
    ['http: to a remote host', 'http://as.example/jwks.json', 'the key set URL must use https: (http: only for loopback hosts)'],
    ['with a user name only', 'https://user@as.example/jwks.json', 'the key set URL must not contain a user name or password'],
    ['with a password only', 'https://:secret@as.example/jwks.json', 'the key set URL must not contain a user name or password'],
  ])('key set URL %s → TypeError with its message', (_, url, message) => {
    expect(() => createRemoteJwks(url)).toThrow(new TypeError(`verify-access-token: ${message}`))
  })

  it('issuer URL over http: → discoverJwks rejects with a TypeError naming the issuer, no request', async () => {
    const fetch = vi.fn(async () => new Response('{}'))
    await expect(discoverJwks('http://as.example', { fetch })).rejects.toThrow(
      new TypeError('verify-access-token: the issuer must use https: (http: only for loopback hosts)'))
    expect(fetch).not.toHaveBeenCalled()
  })

  it.each([
    'https://as.example/jwks.json', 'http://localhost:8080/jwks.json', 'http://127.0.0.1/jwks.json',
    'http://127.1.2.3:9/jwks.json', 'http://127.10.200.254/jwks.json', 'http://[::1]:8080/jwks.json',
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

  // The message names the option, its unit and its range: bytes for the body, milliseconds otherwise.
  it.each([
    ['maxBodySize 1023', { maxBodySize: 1023 }, 'maxBodySize must be a whole number of bytes from 1024 to 16777216'],
    ['timeout 99', { timeout: 99 }, 'timeout must be a whole number of milliseconds from 100 to 60000'],
    ['cooldown 500', { cooldown: 500 }, 'cooldown must be a whole number of milliseconds from 1000 to 3600000'],
  ])('option %s → TypeError with its message', (_, bad, message) => {
    expect(() => createRemoteJwks(URL_OK, bad)).toThrow(new TypeError(`verify-access-token: ${message}`))
  })

  it('no fetch option and no global fetch → TypeError saying to pass options.fetch', () => {
    vi.stubGlobal('fetch', undefined)
    try {
      expect(() => createRemoteJwks(URL_OK)).toThrow(new TypeError('verify-access-token: fetch is not available; pass options.fetch'))
    } finally {
      vi.unstubAllGlobals()
    }
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

  it.each([
    ['null', null, 'headers must be an object of strings'],
    ['a string', 'x: y', 'headers must be an object of strings'],
    ['a name with a space', { 'bad name': 'v' }, 'header "bad name" is not a valid HTTP header'],
    ['host', { Host: 'evil.example' }, 'header "Host" is not a valid HTTP header'],
  ])('headers %s → TypeError with its message', (_, headers, message) => {
    expect(() => createRemoteJwks(URL_OK, { headers } as unknown as RemoteJwksOptions)).toThrow(new TypeError(`verify-access-token: ${message}`))
  })

  it('headers with a tab, Latin-1 text and token punctuation → accepted', () => {
    expect(() => createRemoteJwks(URL_OK, { headers: { 'x-tenant': 'café', "x-a!#$%&'*+.^_`|~": 'a,\tb' } })).not.toThrow()
  })
})
