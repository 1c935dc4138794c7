/**
 * SHA-256 thumbprints: the RFC 7638 JWK thumbprint against the examples of RFC 7638 §3.1 (RSA),
 * RFC 8037 Appendix A.3 (Ed25519) and RFC 9449 §6.1 (EC P-256), the base64url encoder against
 * the strict decoder, and the shape check for `jkt` and `x5t#S256`.
 */
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeBase64url } from '../src/base64url.js'
import { isPrepared, prepareKey, type PreparedKey } from '../src/key.js'
import { encodeBase64url, isThumbprint, jwkThumbprint, sha256Base64url } from '../src/thumbprint.js'

function prepared(jwk: object): PreparedKey {
  const key = prepareKey(jwk)
  if (!isPrepared(key)) throw new Error(`test key refused: ${key.rule}`)
  return key
}

// RFC 7638 §3.1 (the RFC 7517 Appendix A.1 RSA key, with its alg and kid, which do not count).
const RFC7638_KEY = {
  kty: 'RSA',
  n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
  e: 'AQAB',
  alg: 'RS256',
  kid: '2011-04-29',
}

describe('RFC examples → the thumbprint each RFC gives', () => {
  it('RFC 7638 §3.1 RSA key → NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs', async () => {
    expect(await jwkThumbprint(prepared(RFC7638_KEY))).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs')
  })

  it('RFC 8037 A.3 Ed25519 key → kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k', async () => {
    const key = prepared({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' })
    expect(await jwkThumbprint(key)).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k')
  })

  it('RFC 9449 §6.1 proof key (members in another order) → 0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I', async () => {
    const key = prepared({ kty: 'EC', x: 'l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs', y: '9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA', crv: 'P-256' })
    expect(await jwkThumbprint(key)).toBe('0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I')
  })

  it('RFC 9449 §7.1 access token → its ath fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo', async () => {
    expect(await sha256Base64url('Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU')).toBe('fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo')
  })
})

describe('encodeBase64url', () => {
  it('any bytes → what node:crypto encodes, and the strict decoder reads back', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
      const text = encodeBase64url(bytes)
      return text === Buffer.from(bytes).toString('base64url') && Buffer.from(decodeBase64url(text)!).equals(Buffer.from(bytes))
    }))
  })
})

describe('isThumbprint', () => {
  it('any SHA-256 digest in base64url → true', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), (bytes) =>
      isThumbprint(createHash('sha256').update(bytes).digest('base64url'))))
  })

  it.each([
    ['42 characters', 'a'.repeat(42)],
    ['44 characters', 'a'.repeat(44)],
    ['44 characters whose last 43 are a thumbprint', 'a'.repeat(43) + 'A'],
    ['non-zero unused bits', 'a'.repeat(42) + 'B'],
    ['padding', 'a'.repeat(42) + 'A='],
    ['standard base64', '+'.repeat(42) + 'A'],
    ['a number', 42],
    ['an array holding a thumbprint', ['a'.repeat(42) + 'A']],
  ])('%s → false', (_what, value) => {
    expect(isThumbprint(value)).toBe(false)
  })
})
