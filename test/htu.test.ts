/**
 * The htu comparison (RFC 9449 §4.3 point 9): query and fragment ignored, then RFC 3986 §6.2.2
 * syntax-based and §6.2.3 scheme-based normalisation; anything that is not an http(s) URI
 * matches nothing.
 */
import { describe, expect, it } from 'vitest'
import { matchesHtu, normalizeHtu } from '../src/htu.js'

const REQUEST = 'https://api.example/orders/42'

describe('htu matching the request URL → equal after normalisation', () => {
  it.each([
    ['the same URL', REQUEST],
    ['the scheme in upper case', 'HTTPS://api.example/orders/42'],
    ['the host in mixed case', 'https://API.Example/orders/42'],
    ['the default port 443 spelt out', 'https://api.example:443/orders/42'],
    ['an empty port', 'https://api.example:/orders/42'],
    ['a dot segment', 'https://api.example/orders/./42'],
    ['a double-dot segment', 'https://api.example/orders/x/../42'],
    ['a percent-encoded unreserved character', 'https://api.example/%6Frders/42'],
    ['a query', 'https://api.example/orders/42?view=full'],
    ['a fragment', 'https://api.example/orders/42#top'],
    ['an empty query', 'https://api.example/orders/42?'],
  ])('htu with %s → matches', (_what, htu) => {
    expect(matchesHtu(htu, REQUEST)).toBe(true)
  })

  it.each([
    ['http default port 80', 'http://api.example:80/', 'http://api.example/'],
    ['an empty path and "/"', 'https://api.example', 'https://api.example/'],
    ['lower- and upper-case percent-encoding of a reserved character', 'https://api.example/a%2fb', 'https://api.example/a%2Fb'],
    ['%7E and ~', 'https://api.example/%7Euser', 'https://api.example/~user'],
    ['a request URL with a query and fragment', 'https://api.example/x', 'https://api.example/x?a=1#b'],
  ])('%s → match', (_what, htu, url) => {
    expect(matchesHtu(htu, url)).toBe(true)
  })
})

describe('htu naming another resource → no match', () => {
  it.each([
    ['another path', 'https://api.example/orders/43'],
    ['a trailing slash', 'https://api.example/orders/42/'],
    ['path case', 'https://api.example/Orders/42'],
    ['another host', 'https://api.example.evil/orders/42'],
    ['http for https', 'http://api.example/orders/42'],
    ['port 443 on http', 'http://api.example:443/orders/42'],
    ['another port', 'https://api.example:8443/orders/42'],
    ['an encoded slash for a slash', 'https://api.example/orders%2F42'],
  ])('htu with %s → no match', (_what, htu) => {
    expect(matchesHtu(htu, REQUEST)).toBe(false)
  })
})

describe('values that are not http(s) URIs → normalise to nothing', () => {
  it.each([
    ['a relative reference', '/orders/42'],
    ['no scheme', 'api.example/orders'],
    ['another scheme', 'wss://api.example/orders'],
    ['userinfo (RFC 9110 §4.2.4)', 'https://user@api.example/orders'],
    ['a password without a user name (RFC 9110 §4.2.4)', 'https://:secret@api.example/orders'],
    ['a space', 'https://api.example/or ders'],
    ['a tab the URL parser would drop', 'https://api.example/or\tders'],
    ['a backslash the URL parser would turn into /', 'https:\\\\api.example\\orders'],
    ['non-ASCII', 'https://api.example/ördérs'],
    ['a stray percent sign', 'https://api.example/100%'],
    ['the empty string', ''],
    ['an invalid host', 'https://exa mple/'],
  ])('%s → undefined, and matches nothing, not even itself', (_what, value) => {
    expect(normalizeHtu(value)).toBeUndefined()
    expect(matchesHtu(value, value)).toBe(false)
  })
})

describe('normal form', () => {
  it('mixed spelling → scheme and host lower case, no default port, decoded unreserved, upper-case hex', () => {
    expect(normalizeHtu('HTTPS://API.EXAMPLE:443/a/./b/../%7e%2f%41?q#f')).toBe('https://api.example/a/~%2FA')
  })
})
