/**
 * Step "signature": the algorithm is allowed, a key is selected from the configured key set only,
 * and the signature verifies (RFC 7515 §5.2 steps 8–9, RFC 8725 §3.1–3.2, RFC 9068 §4).
 * Header key sources (`jwk`, `jku`, `x5u`, `x5c`) are never read: RFC 9068 §4 says to use the
 * authorization server's keys, and following them is the classic forgery (RFC 8725 §3.10).
 *
 * The step answers synchronously whenever it can (an algorithm not allowed, a key not found, a
 * signature of the wrong length) and otherwise returns the one promise it must wait for, from
 * `crypto.subtle.verify`: every extra `await` on a value already known costs a sequential
 * verifier measurably (test/bench).
 */
import { lookupAlgorithm, type AlgorithmEntry } from './algorithms.js'
import { signedBytes, type ParsedJws, type ParsedToken } from './format.js'
import { importKey, type ImportedKey, type PreparedKey } from './key.js'
import type { VerdictCache } from './cache.js'
import { MAX_KEY_ATTEMPTS, type KeyLookup, type KeySource } from './keyset.js'
import { keyNotFound, signatureFailure, unavailable, type SignatureFailure } from './result.js'

/** The step's output: the key that verified the signature. */
export interface Verified {
  readonly ok: true
  readonly key: PreparedKey
}

/** The step's outcome, or the promise of it while WebCrypto works. */
export type SignatureOutcome = Verified | SignatureFailure | PromiseLike<Verified | SignatureFailure>

/**
 * Whether a step's outcome is still to come. By `then`, never `instanceof Promise`: WebCrypto's
 * promises may come from another realm (an edge sandbox hands out its host's), and such a promise
 * is no instance of this realm's Promise. Outcomes and failures never have a `then`.
 */
export function isPending<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  // An import the runtime refused is undefined: not pending, and no property to read.
  return typeof value === 'object' && value !== null && typeof (value as Partial<PromiseLike<T>>).then === 'function'
}

/** The octets a signature is checked over, and the signature's own octets. */
export interface SignedBytes {
  readonly signature: Uint8Array<ArrayBuffer>
  readonly signingInput: Uint8Array<ArrayBuffer>
}

/**
 * Verifies the signature under one of the configured keys, or says why it does not. With
 * `fromKeys` (no `algorithms` option), an algorithm outside the allow-list is allowed for exactly
 * the keys that declare it in their `alg`, as jose and aws-jwt-verify take it from the key. With a
 * verdict cache, a token whose signature a key still offered verified before skips the verify.
 */
export function checkSignature(token: ParsedToken, algorithms: ReadonlyMap<string, AlgorithmEntry>, keys: KeySource, fromKeys?: boolean, verdicts?: VerdictCache): SignatureOutcome
export function checkSignature(token: ParsedJws, algorithms: ReadonlyMap<string, AlgorithmEntry>, keys: KeySource, fromKeys?: boolean): SignatureOutcome
export function checkSignature(
  token: ParsedJws,
  algorithms: ReadonlyMap<string, AlgorithmEntry>,
  keys: KeySource,
  fromKeys = false,
  verdicts?: VerdictCache,
): SignatureOutcome {
  let alg = algorithms.get(token.header.alg)
  const declaredOnly = alg === undefined && fromKeys
  // The table lookup reads own properties only: `none`, HS* and case variants are in no table.
  if (declaredOnly) alg = lookupAlgorithm(token.header.alg)
  // Security: only allow-listed algorithms, compared exactly; `none`, HS* and case variants never match.
  if (alg === undefined) return signatureFailure('alg_not_allowed')
  let found: KeyLookup | Promise<KeyLookup>
  try {
    found = keys.candidates(token.header.kid, alg)
  } catch {
    // A key source never throws; should one, its set is unreadable, never a rejection of ours.
    return unavailable('not_a_key_set', 1)
  }
  // A remote set that must fetch first answers with a promise; a static or fresh one at once.
  if (isPending(found)) {
    const chosen = alg
    return Promise.resolve(found).then((lookup) => withCandidates(token, chosen, declaredOnly ? declaring(lookup, chosen) : lookup, verdicts), () => unavailable('not_a_key_set', 1))
  }
  return withCandidates(token, alg, declaredOnly ? declaring(found, alg) : found, verdicts)
}

/**
 * For an algorithm allowed only because a key declares it: the keys that declare it, or
 * `alg_not_allowed` when none does. A key set that could not be read is answered as such.
 */
function declaring(found: KeyLookup, alg: AlgorithmEntry): KeyLookup | SignatureFailure {
  // A key set that could not be read says nothing about the token: the caller answers 503.
  if (found.ok === false && found.code === 'jwks_unavailable') return found
  // Security: a key without `alg` verifies only the allow-list's algorithms; this one is
  // allowed only because a matching key names it, so only such keys may verify it.
  const keys = found.ok === true ? found.keys.filter((key) => key.alg === alg.name) : []
  return keys.length === 0 ? signatureFailure('alg_not_allowed') : { ok: true, keys }
}

function withCandidates(token: ParsedJws, alg: AlgorithmEntry, found: KeyLookup | SignatureFailure, verdicts: VerdictCache | undefined): SignatureOutcome {
  if (found.ok === false) {
    // No key for the token any more: a verdict a key gave it earlier goes with that key. (A key
    // set that could not be read says nothing about the token or its keys: the caller answers 503.)
    if (found.code === 'key_not_found') verdicts?.delete(token.token)
    return found
  }
  if (verdicts === undefined) {
    // Decoded only now: a token refused for its algorithm or its key never needed these octets.
    return verifyWithCandidates(signedBytes(token), alg, found.keys)
  }
  const id = verdicts.keyOf(token.token)
  if (id !== undefined) {
    // Security: a remembered verdict stands only while the key that gave it is still one of the
    // keys this token would be tried with (same kid, fits the algorithm, within the attempts);
    // a key that left the set, as after a rotation, takes its verdicts with it.
    for (let i = 0; i < found.keys.length && i < MAX_KEY_ATTEMPTS; i++) {
      if (found.keys[i]!.id === id) return { ok: true, key: found.keys[i]! }
    }
    verdicts.delete(token.token)
  }
  const outcome = verifyWithCandidates(signedBytes(token), alg, found.keys)
  // Security: only a signature that verified is remembered; failures are judged afresh every time.
  const remember = (result: Verified | SignatureFailure) => {
    // Only checkSignature's first form passes a cache, and with it a ParsedToken.
    if (result.ok === true) verdicts.set(token as ParsedToken, result.key)
    return result
  }
  return isPending(outcome) ? Promise.resolve(outcome).then(remember) : remember(outcome)
}

/**
 * Tries the candidate keys in order; the first that verifies is the output. `from` and `usable`
 * carry the position across the asynchronous steps (an import under way, a failed verify).
 */
export function verifyWithCandidates(
  token: SignedBytes,
  alg: AlgorithmEntry,
  candidates: readonly PreparedKey[],
  from = 0,
  usable = 0,
): SignatureOutcome {
  // Security: a bounded number of attempts, so a token without a kid cannot make us try every key.
  for (let i = from; i < candidates.length && i < MAX_KEY_ATTEMPTS; i++) {
    const key = candidates[i]!
    const cryptoKey: ImportedKey = importKey(key, alg)
    // The first token for a key waits for its import; every later one finds it settled.
    if (isPending(cryptoKey)) return Promise.resolve(cryptoKey).then(() => verifyWithCandidates(token, alg, candidates, i, usable))
    if (cryptoKey === undefined) continue
    usable++
    const verified = verifyWith(cryptoKey, key, alg, token)
    if (verified !== false) {
      const next = usable
      // Resolved into this realm's promise, whatever realm WebCrypto's came from (see isPending).
      return Promise.resolve(verified).then((ok) => ok === true ? { ok: true, key } : verifyWithCandidates(token, alg, candidates, i + 1, next), () => verifyWithCandidates(token, alg, candidates, i + 1, next))
    }
  }
  return usable === 0 ? keyNotFound('import_failed') : signatureFailure('invalid_signature')
}

/** WebCrypto's answer, or `false` at once when the signature cannot be this key's. */
function verifyWith(cryptoKey: CryptoKey, key: PreparedKey, alg: AlgorithmEntry, token: SignedBytes): Promise<boolean> | false {
  // Security: the signature has exactly the length the algorithm defines: R‖S for ECDSA (never
  // DER, RFC 7518 §3.4), 64 octets for Ed25519, the modulus length for RSA (RFC 8017 §8.2.2).
  // Runtimes differ on other lengths, so the library decides before WebCrypto sees it.
  const expected = alg.signatureLength ?? key.modulusLength
  if (token.signature.length !== expected) return false
  try {
    return crypto.subtle.verify(alg.verifyParams, cryptoKey, token.signature, token.signingInput)
  } catch {
    // Some runtimes throw synchronously on inputs they refuse: that is a signature that does not verify.
    return false
  }
}
