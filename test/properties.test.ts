/**
 * Properties that the vectors cannot list: totality over any input, tamper resistance of a valid
 * token, the time window formulas, and serialisable results free of token text. Run counts are
 * modest so the file stays under a few seconds on a small machine; failures print a replayable seed.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { createVerifier, verifyAccessToken, type Verifier, type VerifyResult } from '../src/index.js'
import { CODES_BY_STEP } from './codes.mjs'
import {
  AUDIENCE, b64url, failure, generateKeys, ISSUER, makeToken, NOW, options, segmentsOf, signSegments,
  validClaims, type KeySet,
} from './helpers.js'

let keys: KeySet
let verify: Verifier
let valid: Record<'ES256' | 'RS256' | 'EdDSA', string>
beforeAll(() => {
  keys = generateKeys(['RSA', 'P-256', 'Ed25519'])
  verify = createVerifier(options([keys['P-256'], keys.RSA, keys.Ed25519]))
  valid = {
    ES256: makeToken({ key: keys['P-256'] }),
    RS256: makeToken({ key: keys.RSA }),
    EdDSA: makeToken({ key: keys.Ed25519 }),
  }
})

/** A failure of a known step with a code of that step; junk must never verify. */
function expectFailure(result: VerifyResult): void {
  expect(result.ok).toBe(false)
  if (result.ok) return
  expect(CODES_BY_STEP[result.step]).toContain(result.code)
  expect(typeof result.message).toBe('string')
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
/** Segments that get past the splitter: alphabet text, encoded JSON, encoded bytes, near misses. */
const segment = fc.oneof(
  fc.string({ unit: fc.constantFrom(...BASE64URL, '=', '+', '/', ' '), maxLength: 40 }),
  fc.jsonValue({ maxDepth: 2 }).map((value) => b64url(JSON.stringify(value) ?? 'null')),
  fc.uint8Array({ maxLength: 40 }).map(b64url),
  fc.constantFrom('eyJhbGciOiJub25lIn0', 'eyJhbGciOiJFUzI1NiJ9', 'e30', ''),
)
const segmentedToken = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('.'))

describe('totality', () => {
  it('any string → a failure, never a throw or ok', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (token) => {
      expectFailure(await verify(token))
    }), { numRuns: 300 })
  })

  it('any non-string value → format/malformed (not_a_string)', async () => {
    const notString = fc.anything().filter((value) => typeof value !== 'string')
    await fc.assert(fc.asyncProperty(notString, async (token) => {
      expect(await verify(token)).toEqual(failure.format('not_a_string'))
    }), { numRuns: 200 })
  })

  it('any dot-joined base64url-ish segments → a failure, never a throw or ok', async () => {
    await fc.assert(fc.asyncProperty(segmentedToken, async (token) => {
      expectFailure(await verify(token))
    }), { numRuns: 400 })
  })

  it('any header and payload objects signed by a configured key → a failure, never a throw or ok', async () => {
    // Known names with arbitrary values reach every step; aud never matches, so none can pass.
    const members = <K extends string>(...names: K[]) =>
      fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 6 })), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 })
    const header = fc.record({
      alg: fc.oneof({ arbitrary: fc.constant('ES256'), weight: 4 }, fc.constantFrom('RS256', 'EdDSA', 'none', 'HS256'), fc.jsonValue()),
      kid: fc.oneof(fc.constant('P-256'), fc.string({ maxLength: 6 })),
      rest: members('typ', 'crit', 'cty', 'jwk', 'b64'),
    }, { requiredKeys: ['rest'] }).map(({ rest, ...known }) => ({ ...rest, ...known }))
    const payload = fc.record({
      iss: fc.oneof(fc.constant(ISSUER), fc.jsonValue()),
      rest: members('aud', 'exp', 'nbf', 'iat', 'scope', 'sub'),
    }, { requiredKeys: ['rest'] }).map(({ rest, ...known }) => ({ ...rest, ...known }))
    await fc.assert(fc.asyncProperty(header, payload, async (h, p) => {
      const token = signSegments(keys['P-256'], 'ES256', b64url(JSON.stringify(h)), b64url(JSON.stringify(p)))
      expectFailure(await verify(token))
    }), { numRuns: 500 })
  })
})

describe('tamper', () => {
  const printable = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code))
  const algs = fc.constantFrom('ES256', 'RS256', 'EdDSA' as const)
  /** One change of a valid token can only fail where tokens are read, never reach the claims. */
  const expectRejected = (result: VerifyResult) => {
    expectFailure(result)
    expect(['format', 'signature']).toContain(result.ok ? 'ok' : result.step)
  }

  it('the untouched tokens → ok', async () => {
    for (const token of Object.values(valid)) expect(await verify(token)).toMatchObject({ ok: true })
  })

  it('any one character substituted by another printable character → format or signature failure', async () => {
    await fc.assert(fc.asyncProperty(algs, fc.nat(), printable, async (alg, at, c) => {
      const token = valid[alg]
      const i = at % token.length
      fc.pre(token[i] !== c)
      expectRejected(await verify(token.slice(0, i) + c + token.slice(i + 1)))
    }), { numRuns: 1500 })
  })

  it('any one character inserted → format or signature failure', async () => {
    await fc.assert(fc.asyncProperty(algs, fc.nat(), printable, async (alg, at, c) => {
      const token = valid[alg]
      const i = at % (token.length + 1)
      expectRejected(await verify(token.slice(0, i) + c + token.slice(i)))
    }), { numRuns: 800 })
  })

  it('each one character deleted, at every position of the ES256 token → format or signature failure', async () => {
    // Exhaustive: the token is a few hundred characters, so every deletion is cheap to try.
    const token = valid.ES256
    for (let i = 0; i < token.length; i++) expectRejected(await verify(token.slice(0, i) + token.slice(i + 1)))
  })
})

describe('time window', () => {
  const offset = fc.integer({ min: -600, max: 600 })
  const window = fc.record({
    // Mostly in the future, so the later checks (nbf, iat) get their share of runs.
    exp: fc.integer({ min: -300, max: 900 }),
    nbf: fc.option(offset, { nil: undefined }),
    iat: fc.option(offset, { nil: undefined }),
    maxTokenAge: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }), // 0 is a TypeError
    // Quarter seconds are exact in a double, so the oracle's sums equal the library's.
    now: fc.tuple(offset, fc.integer({ min: 0, max: 3 })).map(([s, q]) => s + q / 4),
    tolerance: fc.integer({ min: 0, max: 120 }),
  })

  it('random exp, nbf, iat, maxTokenAge, now and tolerance → ok iff the RFC 7519 inequalities hold', async () => {
    const key = keys['P-256']
    await fc.assert(fc.asyncProperty(window, async (w) => {
      const [exp, nbf, iat, now] = [NOW + w.exp, w.nbf === undefined ? undefined : NOW + w.nbf, w.iat === undefined ? undefined : NOW + w.iat, NOW + w.now]
      const token = makeToken({ key, claims: validClaims({ exp, nbf, iat }) })
      const result = await verifyAccessToken(token, options(key, {
        currentDate: new Date(now * 1000),
        clockTolerance: w.tolerance,
        ...(w.maxTokenAge === undefined ? {} : { maxTokenAge: w.maxTokenAge }),
      }))
      const t = w.tolerance
      // RFC 7519 §4.1.4: valid before exp; §4.1.5: valid on or after nbf; tolerance widens both.
      const expected =
        now >= exp + t ? failure.claims('expired', 'exp')
        : nbf !== undefined && now + t < nbf ? failure.claims('not_yet_valid', 'nbf')
        : w.maxTokenAge === undefined ? undefined
        : iat === undefined ? failure.claims('missing_claim', 'iat')
        : iat > now + t ? failure.claims('not_yet_valid', 'iat')
        : now >= iat + w.maxTokenAge + t ? failure.claims('expired', 'iat')
        : undefined
      if (expected === undefined) expect(result).toMatchObject({ ok: true })
      else expect(result).toEqual(expected)
    }), { numRuns: 800 })
  })
})

describe('results are plain data', () => {
  const key = () => keys['P-256']
  const word = fc.string({ unit: fc.constantFrom(...'abcdefghij:'), minLength: 1, maxLength: 6 })
  /** Signed tokens that pass, or fail at claims or scopes, with arbitrary extra claims. */
  const signed = fc.record({
    extra: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
    scope: fc.oneof(fc.array(word, { maxLength: 4 }).map((w) => w.join(' ')), fc.array(word, { maxLength: 2 })),
    aud: fc.constantFrom(AUDIENCE, [AUDIENCE, 'x'], 'x'),
    iss: fc.constantFrom(ISSUER, 'https://other.example'),
    exp: fc.constantFrom(NOW + 60, NOW + 600, NOW - 60),
    required: fc.array(word, { maxLength: 2 }),
  }).map(({ extra, required, ...claims }) => ({
    token: makeToken({ key: key(), claims: { ...extra, ...validClaims(claims) } }),
    required,
  }))
  const anyToken = fc.oneof(
    { arbitrary: signed, weight: 3 },
    segmentedToken.map((token) => ({ token, required: [] as string[] })),
    fc.tuple(fc.constantFrom('ES256', 'RS256', 'EdDSA' as const), fc.nat()).map(([alg, at]) => {
      const token = valid[alg]
      const i = at % token.length
      return { token: token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1), required: [] as string[] }
    }),
  )

  it('any result → equal to itself after a JSON round trip, and a failure holds no segment text', async () => {
    await fc.assert(fc.asyncProperty(anyToken, async ({ token, required }) => {
      const result = await verifyAccessToken(token, options([key(), keys.RSA, keys.Ed25519], { scopes: required }))
      const text = JSON.stringify(result)
      expect(JSON.parse(text)).toEqual(result)
      if (result.ok) return
      expectFailure(result)
      const [, payload, signature] = segmentsOf(token)
      // Short junk segments can match the fixed message by chance; signed ones are long.
      for (const part of [payload, signature]) if (part.length >= 12) expect(text).not.toContain(part)
    }), { numRuns: 600 })
  })
})
