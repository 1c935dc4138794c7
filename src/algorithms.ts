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
  readonly crv: 'P-256' | 'P-384' | 'P-521' | 'Ed25519' | undefined
  /** Octets in each EC coordinate or in the OKP public key (RFC 7518 §6.2.1.2, RFC 8037 §2). */
  readonly coordinateLength: number | undefined
  /** Exact signature length in octets for EC and OKP; RSA signatures are as long as the modulus. */
  readonly signatureLength: number | undefined
  /** WebCrypto `importKey` parameters. */
  readonly importParams: RsaHashedImportParams | EcKeyImportParams | Algorithm_
  /** WebCrypto `verify` parameters. */
  readonly verifyParams: Algorithm_ | RsaPssParams | EcdsaParams
  /** Identifies keys imported with the same `importParams`, for the key cache. */
  readonly importId: string
}

// `Algorithm` is taken by our own name; the DOM one is `{ name: string }`.
type Algorithm_ = { readonly name: string }

/** One entry; keys imported with equal `importParams` are interchangeable, hence the `importId`. */
const entry = (
  name: Algorithm,
  kty: AlgorithmEntry['kty'],
  importParams: AlgorithmEntry['importParams'],
  verifyParams: AlgorithmEntry['verifyParams'],
  crv?: AlgorithmEntry['crv'],
  coordinateLength?: number,
): AlgorithmEntry => ({
  name,
  kty,
  crv,
  coordinateLength,
  // RFC 7518 §3.4: an ECDSA signature is R‖S, each as long as a coordinate; RFC 8037 §3.1: 64.
  signatureLength: coordinateLength && (kty === 'EC' ? 2 * coordinateLength : 64),
  importParams,
  verifyParams,
  importId: JSON.stringify(importParams),
})

const table = {} as Record<Algorithm, AlgorithmEntry>
// Family by family, so the table lists RS, PS, ES, then EdDSA (error messages list it so).
const SIZES = [[256, 'P-256', 32], [384, 'P-384', 48], [512, 'P-521', 66]] as const
for (const [bits] of SIZES) {
  table[`RS${bits}`] = entry(`RS${bits}`, 'RSA', { name: 'RSASSA-PKCS1-v1_5', hash: `SHA-${bits}` }, { name: 'RSASSA-PKCS1-v1_5' })
}
for (const [bits] of SIZES) {
  // RFC 7518 §3.5: the salt is as long as the hash output, MGF1 uses the same hash.
  table[`PS${bits}`] = entry(`PS${bits}`, 'RSA', { name: 'RSA-PSS', hash: `SHA-${bits}` }, { name: 'RSA-PSS', saltLength: bits / 8 } as RsaPssParams)
}
for (const [bits, crv, size] of SIZES) {
  table[`ES${bits}`] = entry(`ES${bits}`, 'EC', { name: 'ECDSA', namedCurve: crv }, { name: 'ECDSA', hash: `SHA-${bits}` } as EcdsaParams, crv, size)
}
// RFC 8037 §3.1 (`EdDSA`, Ed25519 keys only here) and RFC 9864 §2 (`Ed25519`).
for (const name of ['EdDSA', 'Ed25519'] as const) table[name] = entry(name, 'OKP', { name: 'Ed25519' }, { name: 'Ed25519' }, 'Ed25519', 32)

/** The algorithm table, made from the families above. Frozen: nothing adds an algorithm at run time. */
export const ALGORITHMS: Readonly<Record<Algorithm, AlgorithmEntry>> = Object.freeze(table)

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
