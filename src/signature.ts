/**
 * Step "signature": the algorithm is allowed, a key is selected from the configured key set only,
 * and the signature verifies (RFC 7515 §5.2 steps 8–9, RFC 8725 §3.1–3.2, RFC 9068 §4).
 * Header key sources (`jwk`, `jku`, `x5u`, `x5c`) are never read: RFC 9068 §4 says to use the
 * authorization server's keys, and following them is the classic forgery (RFC 8725 §3.10).
 */
import type { AlgorithmEntry } from './algorithms.js'
import type { ParsedJws } from './format.js'
import { importKey, MAX_KEY_ATTEMPTS, type KeyCandidates, type KeySource, type PreparedKey } from './jwks.js'
import type { Settings } from './options.js'
import { signatureFailure, type SignatureFailure } from './result.js'

/** Verifies the signature; undefined means it verified under one of the configured keys. */
export async function checkSignature(
  token: ParsedJws,
  algorithms: Settings['algorithms'],
  keys: KeySource,
): Promise<SignatureFailure | undefined> {
  const alg = algorithms.get(token.alg)
  // Security: only allow-listed algorithms, compared exactly; `none`, HS* and case variants never match.
  if (alg === undefined) return signatureFailure('alg_not_allowed')
  let candidates: KeyCandidates
  try {
    candidates = await keys.candidates(token.kid, alg)
  } catch {
    // A key source that fails is unavailable; it never makes verification reject.
    candidates = 'unavailable'
  }
  // A key set that could not be read says nothing about the token: the caller answers 503.
  if (candidates === 'unavailable') return signatureFailure('jwks_unavailable')
  return verifyWithCandidates(token, alg, candidates)
}

/** Tries the candidate keys in order; undefined means one of them verified the signature. */
export async function verifyWithCandidates(
  token: Pick<ParsedJws, 'signature' | 'signingInput'>,
  alg: AlgorithmEntry,
  candidates: readonly PreparedKey[],
): Promise<SignatureFailure | undefined> {
  if (candidates.length === 0) return signatureFailure('key_not_found')
  let usable = 0
  // Security: a bounded number of attempts, so a token without a kid cannot make us try every key.
  for (let i = 0; i < candidates.length && i < MAX_KEY_ATTEMPTS; i++) {
    const key = candidates[i]!
    const cryptoKey = await importKey(key, alg)
    if (cryptoKey === undefined) continue
    usable++
    if (await verifyWith(cryptoKey, key, alg, token)) return undefined
  }
  return signatureFailure(usable === 0 ? 'key_not_found' : 'invalid_signature')
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
