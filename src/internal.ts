/**
 * Entry points below the token layer, for the conformance corpus: Wycheproof's JWS and signature
 * cases carry payloads that are not JWT claims sets ("foo", prose, raw octets), so they are run
 * through the same format and signature code as tokens, minus the claims, with the same algorithm
 * and key policy and the same failures. Built for the corpus runners; not in the published package.
 */
import { lookupAlgorithm, type Algorithm } from './algorithms.js'
import { resolveDpopOptions, verifyProof } from './dpop.js'
import { keyMismatch, type InvalidProofFailure, type KeyMismatchFailure } from './dpop-result.js'
import { parseJws, payloadBytes, unverifiedHeader } from './format.js'
import { fitsAlgorithm, isPrepared, prepareKey } from './key.js'
import { createStaticKeySource, type JsonWebKeySet } from './keyset.js'
import { allowedAlgorithms, DEFAULT_MAX_TOKEN_LENGTH } from './options.js'
import { keyNotFound, type FormatFailure, type JoseHeader, type SignatureFailure } from './result.js'
import { checkSignature, verifyWithCandidates } from './signature.js'

export interface JwsSuccess {
  readonly ok: true
  readonly header: JoseHeader
  readonly payload: Uint8Array
}

/**
 * Steps `format` (JWS layer only: any payload octets) and `signature` of a compact JWS. Unlike the
 * public functions this takes an empty or key-less set and answers `key_not_found`. An unknown
 * algorithm name is a `TypeError`, as in the public options.
 */
export async function verifyJws(
  token: unknown,
  options: { readonly jwks: JsonWebKeySet; readonly algorithms: readonly Algorithm[]; readonly maxTokenLength?: number },
): Promise<JwsSuccess | FormatFailure | SignatureFailure> {
  const algorithms = allowedAlgorithms(options.algorithms)
  const jws = parseJws(token, options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH)
  if (jws.ok === false) return jws
  const verified = await checkSignature(jws, algorithms, createStaticKeySource(options.jwks))
  if (verified.ok === false) return verified
  return { ok: true, header: unverifiedHeader(jws) as JoseHeader, payload: payloadBytes(jws) }
}

/**
 * One signature over raw message octets with one JWK, through the library's own key policy,
 * length checks and WebCrypto call: the layer Wycheproof's primitive files test. A key the policy
 * refuses, or that does not fit the algorithm, is `key_not_found` with reason `key_rejected`.
 */
export async function verifySignature(input: {
  readonly alg: Algorithm
  readonly jwk: unknown
  readonly message: Uint8Array<ArrayBuffer>
  readonly signature: Uint8Array<ArrayBuffer>
}): Promise<{ readonly ok: true } | SignatureFailure> {
  const alg = lookupAlgorithm(input.alg)
  if (alg === undefined) throw new TypeError(`verify-access-token: algorithm ${JSON.stringify(input.alg)} is not supported`)
  const key = prepareKey(input.jwk)
  if (!isPrepared(key)) return keyNotFound('key_rejected', key.rule)
  if (!fitsAlgorithm(key, alg)) return keyNotFound('key_rejected', 'key_type')
  const verified = await verifyWithCandidates({ signature: input.signature, signingInput: input.message }, alg, [key])
  return verified.ok === true ? { ok: true } : verified
}

/**
 * Step `dpop` at the proof layer, for the corpus's `proof` vectors: the checks of RFC 9449 §4.3
 * that need only the proof, the request and (when given) the access token and the token's
 * `cnf.jkt`, at `now` (seconds). No replay store and no nonce: those need a verifier. Without an
 * `accessToken` (a token endpoint), `ath` is not required, which is how the RFC 9449 token-request
 * examples verify. The result names the proof key's RFC 7638 thumbprint.
 */
export async function verifyDpopProof(proof: unknown, options: {
  readonly method: string
  readonly url: string
  readonly now: number
  readonly accessToken?: string
  readonly jkt?: string
  readonly algorithms?: readonly Algorithm[]
  readonly maxAge?: number
  readonly clockTolerance?: number
}): Promise<{ readonly ok: true; readonly jkt: string } | InvalidProofFailure | KeyMismatchFailure> {
  const { algorithms, maxAge, clockTolerance } = options
  const settings = resolveDpopOptions({
    ...(algorithms === undefined ? {} : { algorithms }),
    ...(maxAge === undefined ? {} : { maxAge }),
    ...(clockTolerance === undefined ? {} : { clockTolerance }),
  })
  const verified = await verifyProof(
    { proof: proof as string, method: options.method, url: options.url, accessToken: options.accessToken },
    settings,
    options.now,
  )
  if (verified.ok === false) return verified
  if (options.jkt !== undefined && options.jkt !== verified.jkt) return keyMismatch('thumbprint')
  return { ok: true, jkt: verified.jkt }
}
