/**
 * A tiny DER writer for tests (X.690 §8.1, definite lengths in their shortest form), so test
 * files can build certificates, public keys and deliberately broken encodings byte by byte.
 */

export function concat(...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/** The shortest definite length octets for `length` (X.690 §10.1). */
export function lengthOctets(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length)
  const octets: number[] = []
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256)
  return Uint8Array.of(0x80 | octets.length, ...octets)
}

/** One element: tag, shortest length, content. */
export function tlv(tag: number, ...content: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const body = concat(...content)
  return concat(Uint8Array.of(tag), lengthOctets(body.length), body)
}

export const bytes = (...values: number[]): Uint8Array => Uint8Array.of(...values)

/** A DER INTEGER of a non-negative big-endian magnitude (a zero octet first when the top bit is set). */
export function integer(magnitude: Uint8Array): Uint8Array<ArrayBuffer> {
  return tlv(0x02, (magnitude[0] ?? 0x80) & 0x80 ? concat(bytes(0), magnitude) : magnitude)
}

/** An RSA SubjectPublicKeyInfo (RFC 3279 §2.3.1) for any modulus and exponent, real or not. */
export function rsaSpki(modulus: Uint8Array, exponent: Uint8Array): Uint8Array<ArrayBuffer> {
  const rsaEncryption = tlv(0x30, tlv(0x06, bytes(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01)), bytes(0x05, 0x00))
  return tlv(0x30, rsaEncryption, tlv(0x03, bytes(0), tlv(0x30, integer(modulus), integer(exponent))))
}

/** An Ed25519 SubjectPublicKeyInfo (RFC 8410 §4) for any 32 octets. */
export function ed25519Spki(point: Uint8Array): Uint8Array<ArrayBuffer> {
  return tlv(0x30, tlv(0x30, tlv(0x06, bytes(0x2b, 0x65, 0x70))), tlv(0x03, bytes(0), point))
}

/** The shape of an X.509 certificate (RFC 5280 §4.1) around `spki`; nothing in it is signed. */
export function certificate(spki: Uint8Array, options: { readonly version?: boolean } = {}): Uint8Array<ArrayBuffer> {
  const ecdsaWithSha256 = tlv(0x30, tlv(0x06, bytes(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02)))
  const name = tlv(0x30, tlv(0x31, tlv(0x30, tlv(0x06, bytes(0x55, 0x04, 0x03)), tlv(0x0c, new TextEncoder().encode('test')))))
  const time = tlv(0x17, new TextEncoder().encode('000101000000Z'))
  const tbs = tlv(0x30,
    ...(options.version === false ? [] : [tlv(0xa0, tlv(0x02, bytes(2)))]),
    tlv(0x02, bytes(1)), ecdsaWithSha256, name, tlv(0x30, time, time), name, spki)
  return tlv(0x30, tbs, ecdsaWithSha256, tlv(0x03, bytes(0, 1, 2, 3)))
}

/** PEM text (RFC 7468 §2): base64 in lines of 64 characters between the labelled lines. */
export function pemOf(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString('base64')
  return `-----BEGIN ${label}-----\n${base64.replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`
}
