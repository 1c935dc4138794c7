/**
 * Step "signature": the algorithm is allowed, a key is selected from the configured key set only,
 * and the signature verifies (RFC 7515 §5.2 steps 8–9, RFC 8725 §3.1–3.2, RFC 9068 §4).
 * Header key sources (`jwk`, `jku`, `x5u`, `x5c`) are never read: RFC 9068 §4 says to use the
 * authorization server's keys, and following them is the classic forgery (RFC 8725 §3.10).
 */
import { lookupAlgorithm, type AlgorithmEntry } from './algorithms.js'
import type { ParsedJws } from './format.js'
import { importKey, type PreparedKey } from './key.js'
import { MAX_KEY_ATTEMPTS, type KeyLookup, type KeySource } from './keyset.js'
import { keyNotFound, signatureFailure, unavailable, type SignatureFailure } from './result.js'

/** The step's output: the key that verified the signature. */
export interface Verified {
  readonly ok: true
  readonly key: PreparedKey
}

/**
 * Verifies the signature under one of the configured keys, or says why it does not. With
 * `fromKeys` (no `algorithms` option), an algorithm outside the allow-list is allowed for exactly
 * the keys that declare it in their `alg`, as jose and aws-jwt-verify take it from the key.
 */
export async function checkSignature(
  token: ParsedJws,
  algorithms: ReadonlyMap<string, AlgorithmEntry>,
  keys: KeySource,
  fromKeys = false,
): Promise<Verified | SignatureFailure> {
  let alg = algorithms.get(token.alg)
  const declaredOnly = alg === undefined && fromKeys
  // The table lookup reads own properties only: `none`, HS* and case variants are in no table.
  if (declaredOnly) alg = lookupAlgorithm(token.alg)
  // Security: only allow-listed algorithms, compared exactly; `none`, HS* and case variants never match.
  if (alg === undefined) return signatureFailure('alg_not_allowed')
  let found: KeyLookup
  try {
    found = await keys.candidates(token.kid, alg)
  } catch {
    // A key source never throws; should one, its set is unreadable, never a rejection of ours.
    return unavailable('not_a_key_set', 1)
  }
  // A key set that could not be read says nothing about the token: the caller answers 503.
  if (found.ok === false && found.code === 'jwks_unavailable') return found
  if (declaredOnly) {
    // Security: a key without `alg` verifies only the allow-list's algorithms; this one is
    // allowed only because a matching key names it, so only such keys may verify it.
    const declaring = found.ok === true ? found.keys.filter((key) => key.alg === alg.name) : []
    return declaring.length === 0 ? signatureFailure('alg_not_allowed') : verifyWithCandidates(token, alg, declaring)
  }
  if (found.ok === false) return found
  return verifyWithCandidates(token, alg, found.keys)
}

/** Tries the candidate keys in order; the first that verifies is the output. */
export async function verifyWithCandidates(
  token: Pick<ParsedJws, 'signature' | 'signingInput'>,
  alg: AlgorithmEntry,
  candidates: readonly PreparedKey[],
): Promise<Verified | SignatureFailure> {
  let usable = 0
  // Security: a bounded number of attempts, so a token without a kid cannot make us try every key.
  for (let i = 0; i < candidates.length && i < MAX_KEY_ATTEMPTS; i++) {
    const key = candidates[i]!
    const cryptoKey = await importKey(key, alg)
    if (cryptoKey === undefined) continue
    usable++
    if (await verifyWith(cryptoKey, key, alg, token)) return { ok: true, key }
  }
  return usable === 0 ? keyNotFound('import_failed') : signatureFailure('invalid_signature')
}

async function verifyWith(
  cryptoKey: CryptoKey,
  key: PreparedKey,
  alg: AlgorithmEntry,
  token: Pick<ParsedJws, 'signature' | 'signingInput'>,
): Promise<boolean> {
  // Security: the signature has exactly the length the algorithm defines: R‖S for ECDSA (never
  // DER, RFC 7518 §3.4), 64 octets for Ed25519, the modulus length for RSA (RFC 8017 §8.2.2).
  // Runtimes differ on other lengths, so the library decides before WebCrypto sees it.
  const expected = alg.signatureLength ?? key.modulusLength
  if (token.signature.length !== expected) return false
  try {
    return await crypto.subtle.verify(alg.verifyParams, cryptoKey, token.signature, token.signingInput)
  } catch {
    return false
  }
}
