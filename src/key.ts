/**
 * One key: whether a JWK (RFC 7517 §4) may verify tokens here, and its imported `CryptoKey`.
 * Keys are judged by the library, never by the runtime's WebCrypto, which enforces no JOSE policy
 * and differs between runtimes. A refused key is ignored (RFC 7517 §5: "SHOULD ignore") and the
 * rule that refused it is kept, so a `key_not_found` can say why.
 */
import { CURVES, RSA_MAX_BITS, RSA_MIN_BITS, type AlgorithmEntry } from './algorithms.js'
import { decodeBase64url } from './base64url.js'
import { isOnCurve, isWeakEd25519Key } from './curves.js'
import { own, type JsonObject } from './json.js'
import type { KeyRule } from './result.js'

/** A public key the library accepted, with what selection needs. Immutable. */
export interface PreparedKey {
  readonly kid: string | undefined
  readonly kty: 'RSA' | 'EC' | 'OKP'
  readonly crv: string | undefined
  readonly alg: string | undefined
  /** RSA modulus length in octets: an RSA signature must be exactly this long (RFC 8017 §8.2.2). */
  readonly modulusLength: number
  /** The only members handed to `importKey`; `alg`, `use`, `key_ops`, `x5c` never reach it. */
  readonly jwk: JsonWebKey
  /** Identifies the key material, for the import cache. */
  readonly id: string
}

/**
 * A key the policy refused: its `kid`, `kty` and `crv` (each when a string, so a miss can name the
 * refused key the token was meant for) and the rule.
 */
export interface RefusedKey {
  readonly kid: string | undefined
  readonly kty: string | undefined
  readonly crv: string | undefined
  readonly rule: KeyRule
}

// Security: a member that only private or symmetric keys have means the key must not be used
// here; a key set that leaks private material is a configuration error, never a verifier input.
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const

/** Accepts one JWK as a verification key, or names the rule that refuses it. */
export function prepareKey(value: unknown): PreparedKey | RefusedKey {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refused(undefined, undefined, 'not_a_jwk')
  const jwk = value as JsonObject
  const kid = own(jwk, 'kid')
  // Security: a non-string kid must not match by coercion (RFC 7515 §4.1.4: a string).
  if (kid !== undefined && typeof kid !== 'string') return refused(undefined, jwk, 'kid')
  for (const name of PRIVATE_MEMBERS) if (own(jwk, name) !== undefined) return refused(kid, jwk, 'private_key')
  const alg = own(jwk, 'alg')
  // Security: an alg that is not a string cannot be compared, so the key cannot be bound to one.
  if (alg !== undefined && typeof alg !== 'string') return refused(kid, jwk, 'alg')
  const use = own(jwk, 'use')
  // Security: a key published for encryption is not a signing key (RFC 7517 §4.2).
  if (use !== undefined && use !== 'sig') return refused(kid, jwk, 'use')
  if (!allowsVerify(own(jwk, 'key_ops'))) return refused(kid, jwk, 'key_ops')
  const kty = own(jwk, 'kty')
  const rule = kty === 'RSA' ? prepareRsa(jwk) : kty === 'EC' || kty === 'OKP' ? prepareCurve(jwk, kty) : 'key_type'
  // Security: `oct` (HMAC) and unknown key types never verify an access token (RFC 8725 §2.1).
  if (typeof rule === 'string') return refused(kid, jwk, rule)
  return { kid, alg, ...rule }
}

/** Whether `prepareKey` accepted the key. */
export function isPrepared(key: PreparedKey | RefusedKey): key is PreparedKey {
  return Object.hasOwn(key, 'jwk')
}

function refused(kid: unknown, jwk: JsonObject | undefined, rule: KeyRule): RefusedKey {
  const text = (name: string) => {
    const value = jwk === undefined ? undefined : own(jwk, name)
    return typeof value === 'string' ? value : undefined
  }
  return { kid: typeof kid === 'string' ? kid : undefined, kty: text('kty'), crv: text('crv'), rule }
}

/**
 * Whether a refused key would have been a candidate for the algorithm had the policy accepted it:
 * its key type fits and its curve, when it names one, too. Only for explaining a miss.
 */
export function couldFit(key: RefusedKey, alg: AlgorithmEntry): boolean {
  return key.kty === alg.kty && (alg.crv === undefined || key.crv === undefined || key.crv === alg.crv)
}

/**
 * RFC 7517 §4.3: `key_ops`, when present, is an array of unique strings that includes `verify`.
 * Security: read by index, so a hole (`[, 'verify']`) is an undefined member and refuses the key;
 * `every` and `includes` would skip or accept it.
 */
function allowsVerify(ops: unknown): boolean {
  if (ops === undefined) return true
  if (!Array.isArray(ops)) return false
  const seen = new Set<string>()
  for (let i = 0; i < ops.length; i++) {
    const op: unknown = ops[i]
    if (typeof op !== 'string' || seen.has(op)) return false
    seen.add(op)
  }
  return seen.has('verify')
}

type Material = Omit<PreparedKey, 'kid' | 'alg'>

// The public exponents 3, 17 and 65537, in their only (canonical) base64url spellings.
const RSA_EXPONENTS: ReadonlySet<string> = new Set(['Aw', 'EQ', 'AQAB'])

function prepareRsa(jwk: JsonObject): Material | KeyRule {
  const n = own(jwk, 'n')
  const e = own(jwk, 'e')
  if (typeof n !== 'string' || typeof e !== 'string') return 'encoding'
  const modulus = decodeBase64url(n)
  // Security: Base64urlUInt has no leading zero octets (RFC 7518 §6.3.1.1); one spelling per key.
  if (modulus === undefined || modulus[0] === 0) return 'encoding'
  // Security: an RSA modulus is a product of two odd primes; an even one is not an RSA key.
  if ((modulus[modulus.length - 1]! & 1) === 0) return 'rsa_modulus'
  const bits = modulus.length * 8 - Math.clz32(modulus[0] ?? 0) + 24
  // Security: below 2048 bits is factorable (RFC 7518 §3.3); the ceiling caps work per verify.
  if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) return 'rsa_modulus'
  // Security: e = 1 makes every signature forgeable and an even e is not an RSA key. Only 3, 17
  // and 65537 are accepted: the exponents every runtime's WebCrypto imports (workerd refuses any
  // other), so a key never verifies in one runtime and is refused in another.
  if (!RSA_EXPONENTS.has(e)) return 'rsa_exponent'
  return { kty: 'RSA', crv: undefined, modulusLength: modulus.length, jwk: { kty: 'RSA', n, e }, id: `RSA.${n}.${e}` }
}

function prepareCurve(jwk: JsonObject, kty: 'EC' | 'OKP'): Material | KeyRule {
  const crv = own(jwk, 'crv')
  const x = own(jwk, 'x')
  const y = own(jwk, 'y')
  const curve = typeof crv === 'string' ? CURVES.get(crv) : undefined
  // Security: an unsupported curve, or one that does not fit the key type (no Ed25519 EC key).
  if (curve === undefined || curve.kty !== kty) return 'curve'
  const length = curve.coordinateLength
  // Security: coordinates have exactly the curve's length (RFC 7518 §6.2.1.2, RFC 8037 §2); some
  // runtimes import a 33-octet x with a leading zero, which would give one key two spellings.
  const point = typeof x === 'string' ? decodeBase64url(x) : undefined
  if (point?.length !== length) return 'encoding'
  const name = crv as string
  if (kty === 'OKP') {
    // Security: an OKP key has no y (RFC 8037 §2), and a weak Ed25519 key verifies forgeries.
    if (y !== undefined) return 'encoding'
    if (isWeakEd25519Key(point)) return 'weak_key'
    return { kty, crv: name, modulusLength: 0, jwk: { kty, crv: name, x: x as string }, id: `OKP.${name}.${x as string}` }
  }
  const yBytes = typeof y === 'string' ? decodeBase64url(y) : undefined
  if (yBytes?.length !== length) return 'encoding'
  // Security: the point must lie on the curve, checked here because runtimes disagree on when
  // (at import, or only at verify) they refuse one that does not.
  if (!isOnCurve(name, point, yBytes)) return 'point'
  return { kty, crv: name, modulusLength: 0, jwk: { kty, crv: name, x: x as string, y: y as string }, id: `EC.${name}.${x as string}.${y as string}` }
}

/** Whether a key may verify a token with this algorithm: type, curve and its own `alg` (RFC 8725 §3.1). */
export function fitsAlgorithm(key: PreparedKey, alg: AlgorithmEntry): boolean {
  return key.kty === alg.kty &&
    (alg.crv === undefined || key.crv === alg.crv) &&
    // Security: one key, one algorithm: a key labelled PS256 never verifies RS256 (RFC 7517 §4.4).
    (key.alg === undefined || key.alg === alg.name)
}

/**
 * Imported keys, by key material and then by import parameters, shared by every verifier and
 * one-shot call in this realm: a key is imported once however many key-set objects name it.
 * Failed imports are remembered too (as undefined): they fail the same way every time. Bounded
 * by key material; the oldest entry goes first. Each entry holds the import's promise until it
 * settles and its outcome after, so the hot path reads a settled key without awaiting anything.
 */
const imported = new Map<string, Map<string, { value: ImportedKey }>>()
const IMPORT_CACHE_LIMIT = 512

/** A settled import (the key, or undefined when the runtime refused it), or one under way. */
export type ImportedKey = CryptoKey | undefined | Promise<CryptoKey | undefined>

/** The `CryptoKey` for a key and algorithm, undefined when the runtime refuses the key, or a promise of either while importing. */
export function importKey(key: PreparedKey, alg: AlgorithmEntry): ImportedKey {
  let byParams = imported.get(key.id)
  if (byParams === undefined) {
    if (imported.size >= IMPORT_CACHE_LIMIT) imported.delete(imported.keys().next().value!)
    byParams = new Map()
    imported.set(key.id, byParams)
  }
  let entry = byParams.get(alg.importId)
  if (entry === undefined) {
    const cell: { value: ImportedKey } = { value: undefined }
    cell.value = importOnce(key, alg).then((cryptoKey) => (cell.value = cryptoKey))
    byParams.set(alg.importId, (entry = cell))
  }
  return entry.value
}

async function importOnce(key: PreparedKey, alg: AlgorithmEntry): Promise<CryptoKey | undefined> {
  try {
    // Not extractable, verify only: the key can do nothing but what it is for.
    return await crypto.subtle.importKey('jwk', key.jwk, alg.importParams, false, ['verify'])
  } catch {
    // Security: a key the runtime cannot use (the library's checks passed it) is no key at all.
    return undefined
  }
}
