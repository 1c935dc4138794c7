/**
 * The bearer token of a request (RFC 6750 §2.1): the Authorization header's syntax, its white
 * space, and the closed list of reasons a request has no usable token.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bearerToken, type BearerReason } from '../src/index.js'

const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'
const fails = (reason: BearerReason) => ({
  ok: false, step: 'request', code: reason === 'missing' || reason === 'other_scheme' ? 'no_credentials' : 'invalid_request',
  reason, message: expect.any(String),
})

describe('one Bearer credential', () => {
  it.each([
    ['Bearer <token>', `Bearer ${TOKEN}`],
    ['bearer <token> (scheme in lower case)', `bearer ${TOKEN}`],
    ['BEARER <token> (scheme in upper case)', `BEARER ${TOKEN}`],
    ['bEaReR <token> (scheme in mixed case)', `bEaReR ${TOKEN}`],
    ['Bearer, three spaces, <token>', `Bearer   ${TOKEN}`],
    ['leading and trailing spaces and tabs around the value', ` \t Bearer ${TOKEN} \t `],
  ])('%s → ok with the token', (_, header) => {
    expect(bearerToken(header)).toEqual({ ok: true, token: TOKEN })
  })

  it.each([
    ['every b64token character', 'AZaz09-._~+/'],
    ['trailing padding', 'abc=='],
    ['one character', 'x'],
    ['not a JWT (the verifier judges that)', 'opaque-token'],
  ])('Bearer and a token with %s → ok with the token as sent', (_, token) => {
    expect(bearerToken(`Bearer ${token}`)).toEqual({ ok: true, token })
  })
})

describe('no Bearer credentials (answered with a challenge only)', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['only spaces and tabs', ' \t  '],
  ])('header %s → request/no_credentials missing', (_, header) => {
    expect(bearerToken(header)).toEqual(fails('missing'))
  })

  it.each([
    ['Basic credentials', 'Basic dXNlcjpwYXNz'],
    ['a DPoP-bound token', `DPoP ${TOKEN}`],
    ['Digest with auth-params and commas', 'Digest username="u", realm="r", nonce="n"'],
    ['a scheme alone', 'Negotiate'],
    ['a scheme that starts with Bearer', `Bearerx ${TOKEN}`],
    ['a scheme with a dot after Bearer', `Bearer.${TOKEN}`],
  ])('header with %s → request/no_credentials other_scheme', (_, header) => {
    expect(bearerToken(header)).toEqual(fails('other_scheme'))
  })
})

describe('the Bearer scheme used wrongly (invalid_request)', () => {
  it.each([
    ['Bearer alone', 'Bearer'],
    ['Bearer and spaces only', 'Bearer    '],
    ['bearer and a tab only', 'bearer\t'],
  ])('header %s → request/invalid_request no_token', (_, header) => {
    expect(bearerToken(header)).toEqual(fails('no_token'))
  })

  it.each([
    ['two tokens', `Bearer ${TOKEN} ${TOKEN}`],
    ['a token and a word', `Bearer ${TOKEN} extra`],
    ['two Bearer credentials joined by ", " (two fields, as Headers.get joins them)', `Bearer ${TOKEN}, Bearer ${TOKEN}`],
    ['two tokens joined by a comma', `Bearer ${TOKEN},${TOKEN}`],
    ['a trailing comma', `Bearer ${TOKEN},`],
    ['a Bearer and a Basic credential', `Bearer ${TOKEN}, Basic dXNlcjpwYXNz`],
  ])('header with %s → request/invalid_request multiple_credentials', (_, header) => {
    expect(bearerToken(header)).toEqual(fails('multiple_credentials'))
  })

  it.each([
    ['a tab between scheme and token', `Bearer\t${TOKEN}`],
    ['= straight after the scheme', `Bearer=${TOKEN}`],
    ['a token in quotes', `Bearer "${TOKEN}"`],
    ['= inside the token', 'Bearer ab=c'],
    ['= alone', 'Bearer ='],
    ['an auth-param instead of a token', 'Bearer token=abc'],
    ['a non-ASCII character', 'Bearer abc\u00e9'],
    ['a NUL', 'Bearer abc\u0000'],
    ['a tab inside the credentials', `Bearer ${TOKEN}\tmore`],
    ['a line break before the scheme', `\r\nBearer ${TOKEN}`],
    ['a line break inside the token', `Bearer abc\r\ndef`],
    ['no scheme at all', '@@@'],
    ['a value starting with a comma', `, Bearer ${TOKEN}`],
    // `/` is a b64token character but not a tchar: the scheme ends before it, with no space.
    ['a slash straight after the scheme', `Bearer/${TOKEN}`],
  ])('header with %s → request/invalid_request malformed', (_, header) => {
    expect(bearerToken(header)).toEqual(fails('malformed'))
  })

  it.each([
    ['a number', 42],
    ['an array of two headers', [`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]],
    ['an object', { toString: () => `Bearer ${TOKEN}` }],
  ])('header %s from a JavaScript caller → request/invalid_request malformed, no throw', (_, header) => {
    expect(bearerToken(header as unknown as string)).toEqual(fails('malformed'))
  })
})

describe('totality and content', () => {
  it('any string → a result, never a throw; ok only with a b64token', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (header) => {
      const result = bearerToken(header)
      if (result.ok) expect(result.token).toMatch(/^[A-Za-z0-9\-._~+/]+=*$/)
      else expect(result.step).toBe('request')
    }), { numRuns: 2000 })
  })

  it('any "Bearer " + b64token with random OWS around → ok with that token', () => {
    const ows = fc.stringMatching(/^[ \t]{0,3}$/)
    const token = fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,40}={0,2}$/)
    fc.assert(fc.property(ows, fc.integer({ min: 1, max: 4 }), token, ows, (before, spaces, value, after) => {
      expect(bearerToken(`${before}Bearer${' '.repeat(spaces)}${value}${after}`)).toEqual({ ok: true, token: value })
    }))
  })

  it('failing header holding a secret → the failure holds only fixed fields', () => {
    const secret = 'secret-9f2c7e'
    for (const header of [`Bearer ${secret} x`, `Basic ${secret}`, `Bearer "${secret}"`, `Bearer ${secret},`]) {
      const result = bearerToken(header)
      expect(JSON.stringify(result)).not.toContain(secret)
      expect(Object.keys(result).sort()).toEqual(['code', 'message', 'ok', 'reason', 'step'])
    }
  })

  it('one megabyte of spaces inside the header → answered in linear time', () => {
    // A ratio, not a wall-clock bound: 16 times the spaces may cost at most 64 times the time
    // (linear is 16, a quadratic scan 256). The fastest of five rounds of each size is compared.
    const cost = (n: number) => {
      const spaces = ' '.repeat(n)
      const headers = [`Bearer${spaces}x${spaces}y`, `${spaces}x${spaces}`, `Bearer x${spaces}\u0000`]
      let best = Infinity
      for (let round = 0; round < 5; round++) {
        const started = performance.now()
        for (const header of headers) bearerToken(header)
        best = Math.min(best, performance.now() - started)
      }
      return best
    }
    cost(1 << 16)
    expect(cost(1 << 20) / Math.max(cost(1 << 16), 0.05)).toBeLessThan(64)
  })

  it('every failure message → printable ASCII without quotes or backslashes (safe in error_description)', () => {
    for (const header of [null, 'Basic x', 'Bearer', 'Bearer a b', 'Bearer "']) {
      const result = bearerToken(header)
      if (!result.ok) expect(result.message).toMatch(/^[\x20\x21\x23-\x5b\x5d-\x7e]+$/)
    }
  })
})
