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
