/**
 * src/curves.ts: the public-key checks the library makes itself, so a runtime's WebCrypto never
 * decides whether a point is usable. Curve constants are checked against keys node:crypto makes.
 */
import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { isOnCurve, isWeakEd25519Key } from '../src/curves.js'

const point = (crv: string) => {
  const jwk = generateKeyPairSync('ec', { namedCurve: crv }).publicKey.export({ format: 'jwk' })
  return { x: Buffer.from(jwk.x!, 'base64url'), y: Buffer.from(jwk.y!, 'base64url') }
}
const hex = (value: bigint, length: number) => Buffer.from(value.toString(16).padStart(length * 2, '0'), 'hex')
const modPow = (base: bigint, exponent: bigint, modulus: bigint) => {
  let result = 1n
  for (let b = base % modulus, e = exponent; e > 0n; e >>= 1n, b = (b * b) % modulus) if (e & 1n) result = (result * b) % modulus
  return result
}
// The curves' b (FIPS 186-5 §3.2.1), written out here independently of src/curves.ts.
const B256 = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn
const B384 = 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn
const B521 = 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n

describe('isOnCurve', () => {
  for (const [crv, p] of [
    ['P-256', (1n << 256n) - (1n << 224n) + (1n << 192n) + (1n << 96n) - 1n],
    ['P-384', (1n << 384n) - (1n << 128n) - (1n << 96n) + (1n << 32n) - 1n],
    ['P-521', (1n << 521n) - 1n],
  ] as const) {
    const length = crv === 'P-521' ? 66 : crv === 'P-384' ? 48 : 32
    it(`${crv} keys made by node:crypto → on the curve`, () => {
      for (let i = 0; i < 5; i++) {
        const { x, y } = point(crv)
        expect(isOnCurve(crv, x, y)).toBe(true)
      }
    })
    it(`${crv} point with one bit of y flipped → not on the curve`, () => {
      const { x, y } = point(crv)
      y[y.length - 1]! ^= 1
      expect(isOnCurve(crv, x, y)).toBe(false)
    })
    it(`${crv} point with x + p (unreduced) → refused`, () => {
      const { x, y } = point(crv)
      const unreduced = BigInt(`0x${x.toString('hex')}`) + p
      // Only fits when x + p still has the coordinate's length; otherwise the length check refuses it.
      if (unreduced < 1n << BigInt(length * 8)) expect(isOnCurve(crv, hex(unreduced, length), y)).toBe(false)
    })
    // (0, √b) lies on every one of these curves (b is a square mod p; p ≡ 3 mod 4 gives the root).
    const b = { 'P-256': B256, 'P-384': B384, 'P-521': B521 }[crv]
    const root = modPow(b, (p + 1n) / 4n, p)
    it(`${crv} point (0, √b) → on the curve`, () => {
      expect(isOnCurve(crv, Buffer.alloc(length), hex(root, length))).toBe(true)
    })
    it(`${crv} point (p, √b): x = 0 written unreduced → refused`, () => {
      expect(isOnCurve(crv, hex(p, length), hex(root, length))).toBe(false)
    })
    it(`${crv} point (0, √b + p): y written unreduced → refused`, () => {
      // Only fits when √b + p still has the coordinate's length (always on P-521, 2^521 − 1 in 66 octets).
      if (root + p < 1n << BigInt(length * 8)) expect(isOnCurve(crv, Buffer.alloc(length), hex(root + p, length))).toBe(false)
      else expect(crv).not.toBe('P-521')
    })
    it(`${crv} point (0, 0) → not on the curve`, () => {
      expect(isOnCurve(crv, Buffer.alloc(length), Buffer.alloc(length))).toBe(false)
    })
  }
  it('unsupported curve secp256k1 → refused', () => {
    expect(isOnCurve('secp256k1', Buffer.alloc(32), Buffer.alloc(32))).toBe(false)
  })
})

describe('isWeakEd25519Key', () => {
  const p = (1n << 255n) - 19n
  const le = (value: bigint) => hex(value, 32).reverse()
  it('keys made by node:crypto → not weak', () => {
    for (let i = 0; i < 5; i++) {
      const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' })
      expect(isWeakEd25519Key(Buffer.from(jwk.x!, 'base64url'))).toBe(false)
    }
  })
  for (const [name, y] of [
    ['identity (y = 1)', 1n], ['order 2 (y = p − 1)', p - 1n], ['order 4 (y = 0)', 0n],
    ['order 8', 0x7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7n],
    ['order 8, the other y', 0x05fc536d880238b13933c6d305acdfd5f098eff289f4c345b027b2c28f95e826n],
    ['non-canonical identity (y = p + 1)', p + 1n], ['non-canonical y = p', p],
  ] as const) {
    it(`${name} → weak`, () => {
      expect(isWeakEd25519Key(le(y))).toBe(true)
    })
  }
  it('identity with the x sign bit set → weak', () => {
    const key = le(1n)
    key[31]! |= 0x80
    expect(isWeakEd25519Key(key)).toBe(true)
  })
})
