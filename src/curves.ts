/**
 * Public-key validation the library does itself, so every runtime gives one verdict: some
 * runtimes' WebCrypto imports an off-curve EC point and fails only later, in verify, and most
 * accept small-order Ed25519 keys (RFC 8725 §3.4: validate cryptographic inputs).
 */

// Short Weierstrass curves y² = x³ − 3x + b over GF(p) (FIPS 186-5 / SEC 2 §2.4, §2.5, §2.6).
// Their cofactor is 1, so a point on the curve is in the prime-order group. The primes are
// written as the sums of powers of two that define them (FIPS 186-5 §3.2.1: p256 = 2^256 − 2^224
// + 2^192 + 2^96 − 1, p384 = 2^384 − 2^128 − 2^96 + 2^32 − 1, p521 = 2^521 − 1), which is shorter
// in every bundle than their hex (test/curves.test.ts checks them with keys node:crypto makes).
const pow = (n: bigint) => 1n << n
const WEIERSTRASS: ReadonlyMap<string, { readonly p: bigint; readonly b: bigint }> = new Map([
  ['P-256', {
    p: pow(256n) - pow(224n) + pow(192n) + pow(96n) - 1n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  }],
  ['P-384', {
    p: pow(384n) - pow(128n) - pow(96n) + pow(32n) - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  }],
  ['P-521', {
    p: pow(521n) - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  }],
])

function toBigInt(bytes: Uint8Array, littleEndian = false): bigint {
  let value = 0n
  for (let i = 0; i < bytes.length; i++) value = (value << 8n) | BigInt(bytes[littleEndian ? bytes.length - 1 - i : i]!)
  return value
}

/** Whether (x, y) is a point of the named curve, with both coordinates reduced (below p). */
export function isOnCurve(crv: string, x: Uint8Array, y: Uint8Array): boolean {
  const curve = WEIERSTRASS.get(crv)
  if (curve === undefined) return false
  const { p, b } = curve
  const X = toBigInt(x)
  const Y = toBigInt(y)
  // Security: an unreduced coordinate is a second spelling of a point; off-curve points enable
  // invalid-curve attacks on weak implementations and are refused by runtimes at different times.
  if (X >= p || Y >= p) return false
  return (Y * Y - (X * X * X - 3n * X + b)) % p === 0n
}

// The field prime of Ed25519, and the y-coordinates of its eight small-order points (RFC 8032
// §5.1): 0 and p−1 (orders 4 and 2), 1 (the identity), and the two y of the points of order 8,
// which are each other's negation (y and p − y), so one is written out.
const ED25519_P = pow(255n) - 19n
const ORDER_8_Y = 0x7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7n
const ED25519_SMALL_ORDER_Y = new Set([0n, 1n, ED25519_P - 1n, ORDER_8_Y, ED25519_P - ORDER_8_Y])

/**
 * Security: with a small-order public key (the identity, or any point of order 2, 4 or 8) a
 * fixed signature verifies for most messages on common runtimes, so anyone can forge tokens;
 * an encoding with y ≥ p is non-canonical (RFC 8032 §5.1.3). Either way the key is refused.
 */
export function isWeakEd25519Key(point: Uint8Array): boolean {
  // Little-endian; the top bit of the last octet is the sign of x, not part of y.
  const y = toBigInt(point, true) & (pow(255n) - 1n)
  return y >= ED25519_P || ED25519_SMALL_ORDER_Y.has(y)
}
