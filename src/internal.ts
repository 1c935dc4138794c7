/**
 * Entry points below the token layer, for the conformance corpus: Wycheproof's JWS and signature
 * cases carry payloads that are not JWT claims sets ("foo", prose, raw octets), so they are run
 * through the same format and signature code as tokens, minus the claims. Not part of the public
 * API: the package's exports map does not list this file; the corpus runners import it by path.
 */
import { lookupAlgorithm, type Algorithm, type AlgorithmEntry } from './algorithms.js'
import { parseJws } from './format.js'
import { createStaticKeySource, fitsAlgorithm, prepareKey, type JsonWebKeySet } from './jwks.js'
import { DEFAULT_MAX_TOKEN_LENGTH } from './options.js'
import type { FormatFailure, JoseHeader, SignatureFailure } from './result.js'
import { checkSignature, verifyWithCandidates } from './signature.js'

export interface JwsSuccess {
  readonly ok: true
  readonly header: JoseHeader
  readonly payload: Uint8Array
}

/**
 * Steps `format` (JWS layer only: any payload octets) and `signature` of a compact JWS. Unlike the
 * public functions this takes an empty or key-less set and answers `key_not_found`.
 */
export async function verifyJws(
  token: unknown,
  options: { readonly jwks: JsonWebKeySet; readonly algorithms: readonly Algorithm[]; readonly maxTokenLength?: number },
): Promise<JwsSuccess | FormatFailure | SignatureFailure> {
  const jws = parseJws(token, options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH)
  if ('ok' in jws) return jws
  const algorithms = new Map<string, AlgorithmEntry>()
  for (const name of options.algorithms) {
    const entry = lookupAlgorithm(name)
    // An unsupported name is simply not allowed, as in the public options (which throw instead).
    if (entry !== undefined) algorithms.set(name, entry)
  }
  const failure = await checkSignature(jws, algorithms, createStaticKeySource(options.jwks))
  return failure ?? { ok: true, header: jws.unverifiedHeader as JoseHeader, payload: jws.payload }
}

/** Why a raw signature check failed: the key was refused by policy, or the signature is bad. */
export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly reason: 'key_rejected' | 'key_not_found' | 'invalid_signature' }

/**
 * One signature over raw message octets with one JWK, through the library's own key policy,
 * length checks and WebCrypto call: the layer Wycheproof's primitive files test.
 */
export async function verifySignature(input: {
  readonly alg: Algorithm
  readonly jwk: unknown
  readonly message: Uint8Array<ArrayBuffer>
  readonly signature: Uint8Array<ArrayBuffer>
}): Promise<SignatureCheck> {
  const alg = lookupAlgorithm(input.alg)
  const key = prepareKey(input.jwk)
  if (alg === undefined || key === undefined || !fitsAlgorithm(key, alg)) return { ok: false, reason: 'key_rejected' }
  const failure = await verifyWithCandidates({ signature: input.signature, signingInput: input.message }, alg, [key])
  return failure === undefined ? { ok: true } : { ok: false, reason: failure.code === 'key_not_found' ? 'key_not_found' : 'invalid_signature' }
}
