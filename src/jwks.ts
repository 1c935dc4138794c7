/**
 * The configured JSON Web Key Set (RFC 7517 §5): which keys may verify a token, and their imported
 * `CryptoKey`s. Keys are judged here, by the library, never by the runtime's WebCrypto, which
 * enforces no JOSE policy and differs between runtimes. A key this file cannot use is ignored
 * (RFC 7517 §5: "SHOULD ignore"), so a bad key never makes verification throw.
 */
import { CURVES, RSA_MAX_BITS, RSA_MIN_BITS, type AlgorithmEntry } from './algorithms.js'
import { decodeBase64url } from './base64url.js'
import { isOnCurve, isWeakEd25519Key } from './curves.js'
import { own, type JsonObject } from './json.js'

/** A JSON Web Key Set as an issuer publishes it at its `jwks_uri`. */
export interface JsonWebKeySet {
  readonly keys: readonly unknown[]
}

/** A public key the library accepted, with what selection needs. Immutable once made. */
export interface PreparedKey {
  readonly kid: string | undefined
  readonly kty: 'RSA' | 'EC' | 'OKP'
  readonly crv: string | undefined
  readonly alg: string | undefined
  /** RSA modulus length in octets: an RSA signature must be exactly this long (RFC 8017 §8.2.2). */
  readonly modulusLength: number
  /** The only members handed to `importKey`; `alg`, `use`, `key_ops`, `x5c` never reach it. */
  readonly jwk: JsonWebKey
  /** Identifies the key material, for the shared import cache. */
  readonly id: string
  /** This key's imports by algorithm family: the hot path finds its `CryptoKey` here. */
  readonly imports: Map<string, Promise<CryptoKey | undefined>>
}

/**
 * Where the signature step gets candidate keys: the static set below, or a remote set
 * (`remote.ts`) that fetches and rotates keys. `'unavailable'` means the source could not be read.
 */
export interface KeySource {
  candidates(kid: string | undefined, alg: AlgorithmEntry): KeyCandidates | Promise<KeyCandidates>
}

export type KeyCandidates = readonly PreparedKey[] | 'unavailable'

/**
 * The property through which a key-set object (a remote set) hands over its key source. A global
 * symbol, so that copies of the library loaded twice (ESM and CommonJS) still recognise each other.
 */
export const KEY_SOURCE: unique symbol = Symbol.for('verify-access-token.keySource') as never

// Security: a member that only private or symmetric keys have means the key must not be used
// here; a key set that leaks private material is a configuration error, never a verifier input.
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const

/** Accepts one JWK as a verification key, or returns undefined to ignore it. */
export function prepareKey(value: unknown): PreparedKey | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const jwk = value as JsonObject
  for (const name of PRIVATE_MEMBERS) if (own(jwk, name) !== undefined) return undefined
  const kid = own(jwk, 'kid')
  const alg = own(jwk, 'alg')
  // Security: a non-string kid must not match by coercion (RFC 7515 §4.1.4: a string).
  if (kid !== undefined && typeof kid !== 'string') return undefined
  // Security: an alg that is not a string cannot be compared, so the key cannot be bound to one.
  if (alg !== undefined && typeof alg !== 'string') return undefined
  if (!isForVerification(jwk)) return undefined
  const kty = own(jwk, 'kty')
  if (kty === 'RSA') return prepareRsa(jwk, kid, alg)
  if (kty === 'EC') return prepareCurve(jwk, 'EC', kid, alg)
  if (kty === 'OKP') return prepareCurve(jwk, 'OKP', kid, alg)
  // Security: `oct` (HMAC) and unknown key types never verify an access token (RFC 8725 §2.1).
  return undefined
}

/** RFC 7517 §4.2 and §4.3: `use`, when present, is `sig`; `key_ops`, when present, allows `verify`. */
function isForVerification(jwk: JsonObject): boolean {
  const use = own(jwk, 'use')
  // Security: a key published for encryption is not a signing key.
  if (use !== undefined && use !== 'sig') return false
  const ops = own(jwk, 'key_ops')
  if (ops === undefined) return true
  // Security: key_ops must be an array of unique strings (RFC 7517 §4.3) that includes verify.
  if (!Array.isArray(ops) || !ops.every((op) => typeof op === 'string')) return false
  return new Set(ops).size === ops.length && ops.includes('verify')
}

// The public exponents 3, 17 and 65537, in their only (canonical) base64url spellings.
const RSA_EXPONENTS: ReadonlySet<string> = new Set(['Aw', 'EQ', 'AQAB'])

function prepareRsa(jwk: JsonObject, kid: string | undefined, alg: string | undefined): PreparedKey | undefined {
  const n = own(jwk, 'n')
  const e = own(jwk, 'e')
  if (typeof n !== 'string' || typeof e !== 'string') return undefined
  const modulus = decodeBase64url(n)
  if (modulus === undefined) return undefined
  // Security: Base64urlUInt has no leading zero octets (RFC 7518 §6.3.1.1); one spelling per key.
  if (modulus[0] === 0) return undefined
  // Security: an RSA modulus is a product of two odd primes; an even one is not an RSA key.
  if ((modulus[modulus.length - 1]! & 1) === 0) return undefined
  const bits = modulus.length * 8 - Math.clz32(modulus[0] ?? 0) + 24
  // Security: below 2048 bits is factorable (RFC 7518 §3.3); the ceiling caps work per verify.
  if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS) return undefined
  // Security: e = 1 makes every signature forgeable and an even e is not an RSA key. Only 3, 17
  // and 65537 are accepted: the exponents every runtime's WebCrypto imports (workerd refuses any
  // other), so a key never verifies in one runtime and is refused in another.
  if (!RSA_EXPONENTS.has(e)) return undefined
  return {
    kid, kty: 'RSA', crv: undefined, alg,
    modulusLength: modulus.length,
    jwk: { kty: 'RSA', n, e },
    id: `RSA.${n}.${e}`,
    imports: new Map(),
  }
}

function prepareCurve(jwk: JsonObject, kty: 'EC' | 'OKP', kid: string | undefined, alg: string | undefined): PreparedKey | undefined {
  const crv = own(jwk, 'crv')
  const x = own(jwk, 'x')
  const y = own(jwk, 'y')
  if (typeof crv !== 'string' || typeof x !== 'string') return undefined
  const curve = CURVES.get(crv)
  // Security: an unsupported curve, or one that does not fit the key type (no Ed25519 EC key).
  if (curve === undefined || curve.kty !== kty) return undefined
  const length = curve.coordinateLength
  // Security: coordinates have exactly the curve's length (RFC 7518 §6.2.1.2, RFC 8037 §2); some
  // runtimes import a 33-octet x with a leading zero, which would give one key two spellings.
  const point = decodeBase64url(x)
  if (point?.length !== length) return undefined
  if (kty === 'OKP') {
    // Security: an OKP key has no y (RFC 8037 §2), and a weak Ed25519 key verifies forgeries.
    if (y !== undefined || isWeakEd25519Key(point)) return undefined
    return { kid, kty, crv, alg, modulusLength: 0, jwk: { kty, crv, x }, id: `OKP.${crv}.${x}`, imports: new Map() }
  }
  if (typeof y !== 'string') return undefined
  const yBytes = decodeBase64url(y)
  // Security: the point must lie on the curve, checked here because runtimes disagree on when
  // (at import, or only at verify) they refuse one that does not.
  if (yBytes?.length !== length || !isOnCurve(crv, point, yBytes)) return undefined
  return { kid, kty, crv, alg, modulusLength: 0, jwk: { kty, crv, x, y }, id: `EC.${crv}.${x}.${y}`, imports: new Map() }
}

/** The most keys tried for one token when several fit (no `kid`, or a repeated `kid`). */
export const MAX_KEY_ATTEMPTS = 3

/** Whether a key may verify a token with this algorithm: type, curve and its own `alg` (RFC 8725 §3.1). */
export function fitsAlgorithm(key: PreparedKey, alg: AlgorithmEntry): boolean {
  return key.kty === alg.kty &&
    (alg.crv === undefined || key.crv === alg.crv) &&
    // Security: one key, one algorithm: a key labelled PS256 never verifies RS256 (RFC 7517 §4.4).
    (key.alg === undefined || key.alg === alg.name)
}

/** A key set given as data: answers at once and is never unavailable. */
export interface StaticKeySource extends KeySource {
  candidates(kid: string | undefined, alg: AlgorithmEntry): readonly PreparedKey[]
}

/** A key set given as data, read once: later changes to the caller's object are not seen. */
export function createStaticKeySource(jwks: JsonWebKeySet): StaticKeySource {
  const keys: PreparedKey[] = []
  for (const value of jwks.keys) {
    const key = prepareKey(value)
    if (key !== undefined) keys.push(key)
  }
  // The keys that fit each algorithm, indexed by kid, worked out once per algorithm on first use.
  const byAlgorithm = new Map<AlgorithmEntry, { all: PreparedKey[]; byKid: Map<string, PreparedKey[]> }>()
  const NONE: readonly PreparedKey[] = []
  return {
    candidates(kid, alg) {
      let fitting = byAlgorithm.get(alg)
      if (fitting === undefined) {
        const all = keys.filter((key) => fitsAlgorithm(key, alg))
        const byKid = new Map<string, PreparedKey[]>()
        for (const key of all) {
          if (key.kid === undefined) continue
          const same = byKid.get(key.kid)
          if (same === undefined) byKid.set(key.kid, [key])
          else if (same.length < MAX_KEY_ATTEMPTS) same.push(key) // no more are ever tried
        }
        fitting = { all, byKid }
        byAlgorithm.set(alg, fitting)
      }
      // RFC 7515 §4.1.4: with a kid, only keys with that exact kid; without one, any key that fits.
      return kid === undefined ? fitting.all : fitting.byKid.get(kid) ?? NONE
    },
  }
}

/**
 * Imported keys, shared by every verifier and one-shot call in this realm, so a key is imported
 * once per algorithm family however many key-set objects name it. Failed imports are remembered
 * too (as undefined): they fail the same way every time. Bounded; the oldest entry goes first.
 */
const imported = new Map<string, Promise<CryptoKey | undefined>>()
const IMPORT_CACHE_LIMIT = 512

/** The `CryptoKey` for a key and algorithm, or undefined when the runtime refuses the key. */
export function importKey(key: PreparedKey, alg: AlgorithmEntry): Promise<CryptoKey | undefined> {
  let cryptoKey = key.imports.get(alg.importId)
  if (cryptoKey !== undefined) return cryptoKey
  const id = `${alg.importId}.${key.id}`
  cryptoKey = imported.get(id)
  if (cryptoKey === undefined) {
    if (imported.size >= IMPORT_CACHE_LIMIT) imported.delete(imported.keys().next().value!)
    cryptoKey = importOnce(key, alg)
    imported.set(id, cryptoKey)
  }
  key.imports.set(alg.importId, cryptoKey)
  return cryptoKey
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
