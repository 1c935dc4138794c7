/**
 * SHA-256 thumbprints in base64url, the one hash sender-constrained tokens use: the RFC 7638 JWK
 * thumbprint of a DPoP key (`cnf.jkt`, RFC 9449 §6.1), the access token hash of a DPoP proof
 * (`ath`, RFC 9449 §4.2), and the certificate thumbprint of a certificate-bound token
 * (`cnf["x5t#S256"]`, RFC 8705 §3.1). WebCrypto's `digest` only: nothing here reads a token.
 */
import type { PreparedKey } from './key.js'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** Unpadded base64url (RFC 4648 §5, RFC 7515 §2): the canonical spelling `decodeBase64url` accepts. */
export function encodeBase64url(bytes: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]! + ALPHABET[n & 63]!
  }
  if (i + 1 === bytes.length) {
    const n = bytes[i]! << 16
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]!
  } else if (i + 2 === bytes.length) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8)
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]!
  }
  return out
}

const encoder = new TextEncoder()

/** base64url(SHA-256(input)); a string is hashed as its UTF-8 octets (ASCII for tokens). */
export async function sha256Base64url(input: Uint8Array | string): Promise<string> {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input
  return encodeBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)))
}

/**
 * The RFC 7638 JWK SHA-256 thumbprint of a key the key policy accepted: the JSON object of its
 * required members only, in lexicographic order, without white space (RFC 7638 §3.2, §3.3; RFC
 * 8037 §2 for OKP), hashed. `kid`, `alg`, `use` and any other member never count, so one key has
 * one thumbprint however it is labelled.
 */
export function jwkThumbprint(key: PreparedKey): Promise<string> {
  const jwk = key.jwk
  const q = JSON.stringify
  // The members are strings the key policy checked (base64url, a curve name), so JSON.stringify
  // adds only the quotes; it is used anyway, so no value could ever change the structure.
  const members = key.kty === 'RSA'
    ? `"e":${q(jwk.e)},"kty":"RSA","n":${q(jwk.n)}`
    : key.kty === 'EC'
      ? `"crv":${q(jwk.crv)},"kty":"EC","x":${q(jwk.x)},"y":${q(jwk.y)}`
      : `"crv":${q(jwk.crv)},"kty":"OKP","x":${q(jwk.x)}`
  return sha256Base64url(`{${members}}`)
}

/** Whether `value` is the canonical base64url spelling of a SHA-256 digest: 43 characters. */
export function isThumbprint(value: unknown): boolean {
  // 32 octets are 43 characters whose last one carries 2 unused bits, which must be zero
  // (RFC 4648 §3.5): the last character is one of the 16 whose low 2 bits are clear.
  return typeof value === 'string' && /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/.test(value)
}
