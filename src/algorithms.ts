/**
 * The algorithm table: the only place that knows JWS algorithm names (RFC 7518 §3, RFC 8037 §3.1,
 * RFC 9864 §2). Code below it receives a resolved entry and never switches on the name.
 */

/** A JWS algorithm this library can verify. */
export type Algorithm =
  | 'RS256' | 'RS384' | 'RS512'
  | 'PS256' | 'PS384' | 'PS512'
  | 'ES256' | 'ES384' | 'ES512'
  | 'EdDSA' | 'Ed25519'

/** Everything the library needs to know about one algorithm. */
export interface AlgorithmEntry {
  readonly name: Algorithm
  /** The JWK `kty` the key must have (RFC 7518 §6.1, RFC 8037 §2). */
  readonly kty: 'RSA' | 'EC' | 'OKP'
  /** The JWK `crv` the key must have, for EC and OKP keys. */
  readonly crv?: 'P-256' | 'P-384' | 'P-521' | 'Ed25519'
  /** Octets in each EC coordinate or in the OKP public key (RFC 7518 §6.2.1.2, RFC 8037 §2). */
  readonly coordinateLength?: number
  /** Exact signature length in octets for EC and OKP; RSA signatures are as long as the modulus. */
  readonly signatureLength?: number
  /** WebCrypto `importKey` parameters. */
  readonly importParams: RsaHashedImportParams | EcKeyImportParams | Algorithm_
  /** WebCrypto `verify` parameters. */
  readonly verifyParams: Algorithm_ | RsaPssParams | EcdsaParams
  /** Identifies keys imported with the same `importParams`, for the key cache. */
  readonly importId: string
}

// `Algorithm` is taken by our own name; the DOM one is `{ name: string }`.
type Algorithm_ = { readonly name: string }

const rsa = (name: Algorithm, hash: string): AlgorithmEntry => ({
  name,
  kty: 'RSA',
  importParams: { name: 'RSASSA-PKCS1-v1_5', hash },
  verifyParams: { name: 'RSASSA-PKCS1-v1_5' },
  importId: `RSASSA-PKCS1-v1_5/${hash}`,
})

// RFC 7518 §3.5: the salt is as long as the hash output, MGF1 uses the same hash.
const pss = (name: Algorithm, hash: string, saltLength: number): AlgorithmEntry => ({
  name,
  kty: 'RSA',
  importParams: { name: 'RSA-PSS', hash },
  verifyParams: { name: 'RSA-PSS', saltLength } as RsaPssParams,
  importId: `RSA-PSS/${hash}`,
})

// RFC 7518 §3.4: the signature is R‖S, each exactly as long as the curve order.
const ecdsa = (name: Algorithm, crv: 'P-256' | 'P-384' | 'P-521', hash: string, size: number): AlgorithmEntry => ({
  name,
  kty: 'EC',
  crv,
  coordinateLength: size,
  signatureLength: 2 * size,
  importParams: { name: 'ECDSA', namedCurve: crv },
  verifyParams: { name: 'ECDSA', hash } as EcdsaParams,
  importId: `ECDSA/${crv}`,
})

// RFC 8037 §3.1 (`EdDSA`, Ed25519 keys only here) and RFC 9864 §2 (`Ed25519`).
const ed25519 = (name: Algorithm): AlgorithmEntry => ({
  name,
  kty: 'OKP',
  crv: 'Ed25519',
  coordinateLength: 32,
  signatureLength: 64,
  importParams: { name: 'Ed25519' },
  verifyParams: { name: 'Ed25519' },
  importId: 'Ed25519',
})

/** The algorithm table. Frozen: nothing adds an algorithm at run time. */
export const ALGORITHMS: Readonly<Record<Algorithm, AlgorithmEntry>> = Object.freeze({
  RS256: rsa('RS256', 'SHA-256'),
  RS384: rsa('RS384', 'SHA-384'),
  RS512: rsa('RS512', 'SHA-512'),
  PS256: pss('PS256', 'SHA-256', 32),
  PS384: pss('PS384', 'SHA-384', 48),
  PS512: pss('PS512', 'SHA-512', 64),
  ES256: ecdsa('ES256', 'P-256', 'SHA-256', 32),
  ES384: ecdsa('ES384', 'P-384', 'SHA-384', 48),
  ES512: ecdsa('ES512', 'P-521', 'SHA-512', 66),
  EdDSA: ed25519('EdDSA'),
  Ed25519: ed25519('Ed25519'),
})

/** The allow-list used when the caller names none (RFC 9068 §2.1 requires RS256). */
export const DEFAULT_ALGORITHMS: readonly Algorithm[] = Object.freeze(['RS256', 'ES256'])

/** RSA modulus bounds in bits: RFC 7518 §3.3 requires at least 2048; the upper bound caps work per key. */
export const RSA_MIN_BITS = 2048
export const RSA_MAX_BITS = 16384

/** The entry for a name, or undefined; own properties only, so `"toString"` is not an algorithm. */
export function lookupAlgorithm(name: string): AlgorithmEntry | undefined {
  return Object.hasOwn(ALGORITHMS, name) ? ALGORITHMS[name as Algorithm] : undefined
}

/** The supported curves, with their key type and coordinate length, derived from the table. */
export const CURVES: ReadonlyMap<string, { readonly kty: 'EC' | 'OKP'; readonly coordinateLength: number }> = new Map(
  Object.values(ALGORITHMS).flatMap((entry) => entry.crv === undefined || entry.coordinateLength === undefined
    ? []
    : [[entry.crv, { kty: entry.kty as 'EC' | 'OKP', coordinateLength: entry.coordinateLength }] as const]),
)
