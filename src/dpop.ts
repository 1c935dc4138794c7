/**
 * Step "dpop": the DPoP proof of a request (RFC 9449 §4.3, §7.1). Runs after the four token
 * steps, and only for calls that pass a proof. The proof is judged by the rules tokens are
 * (strict compact JWS, the algorithm table, the key policy), then bound to the request (`htm`,
 * `htu`, `iat`), to the access token (`ath`, `cnf.jkt`), and used once (`jti`).
 */
import { ALGORITHMS, lookupAlgorithm, type Algorithm, type AlgorithmEntry } from './algorithms.js'
import { PROOF_CHECKER, type ProofChecker, type ProofRequest } from './binding.js'
import { invalidProof, keyMismatch, nonceFailure, dpopUnavailable, type DpopFailure, type InvalidProofFailure } from './dpop-result.js'
import { createDpopReplayStore, type DpopNonceProvider, type DpopReplayStore } from './dpop-store.js'
import { parseCompact, signedBytes, unverifiedHeader, type ParsedJws } from './format.js'
import { matchesHtu } from './htu.js'
import { own, type JsonObject } from './json.js'
import { fitsAlgorithm, isPrepared, prepareKey, type PreparedKey } from './key.js'
import { duration, fail, guarded, read, readOptions } from './mistakes.js'
import { PASSED } from './result.js'
import { jwkThumbprint, sha256Base64url } from './thumbprint.js'

/** Options of `createDpopVerifier`: how proofs are judged (RFC 9449). */
export interface DpopOptions {
  /**
   * Algorithms accepted for proofs (RFC 9449 §4.3 point 5), and the `algs` of the challenge.
   * Default: every algorithm the library supports; `none` and HS* never are.
   */
  readonly algorithms?: readonly Algorithm[]
  /** Seconds a proof is accepted after its `iat` (RFC 9449 §11.1). Default 300; 1 to 3600. */
  readonly maxAge?: number
  /** Seconds a proof's `iat` may lie ahead of the server's clock. Default 30; 0 to 300. */
  readonly clockTolerance?: number
  /**
   * Where proofs are recorded so that none is used twice. Default: one `createDpopReplayStore()`
   * per DPoP verifier, in this process's memory; share one between instances behind one endpoint.
   */
  readonly replayStore?: DpopReplayStore
  /** Require server nonces in proofs (RFC 9449 §9), such as `createDpopNonces()`. Default: none. */
  readonly nonce?: DpopNonceProvider
}

/**
 * DPoP for a verifier: `createVerifier({ ..., dpop: createDpopVerifier(options) })`. It holds the
 * proof policy and the replay store, so verifiers sharing one share the store.
 */
export interface DpopVerifier {
  /** The algorithms accepted for proofs: pass them to `dpopAnswer` as `algs`. */
  readonly algorithms: readonly Algorithm[]
  /** @internal The dpop step the verifier runs; not part of the public contract. */
  readonly [PROOF_CHECKER]: unknown
}

/**
 * Enables step `dpop` for the verifiers given it as their `dpop` option (RFC 9449 §4.3, §7.1):
 * validates the options (a `TypeError` names a mistake) and creates the replay store. DPoP is
 * opt-in, so a verifier without it carries none of this code.
 * @see RFC 9449
 */
export function createDpopVerifier(options: DpopOptions = {}): DpopVerifier {
  const settings = resolveDpopOptions(options)
  return Object.freeze({
    algorithms: Object.freeze([...settings.algorithms.keys()] as Algorithm[]),
    [PROOF_CHECKER]: createProofChecker(settings),
  })
}

/** DPoP options as the step reads them. */
export interface DpopSettings {
  readonly algorithms: ReadonlyMap<string, AlgorithmEntry>
  readonly maxAge: number
  readonly clockTolerance: number
  /** A caller's store, or undefined for a memory store of this DPoP verifier's own. */
  readonly replayStore: { readonly add: (id: string, ttl: number) => unknown } | undefined
  readonly nonce: { readonly check: (nonce: string) => unknown; readonly current: () => unknown } | undefined
}

/** The longest accepted proof, in characters: an RSA 16384-bit key's proof is about 7000. */
export const MAX_PROOF_LENGTH = 8192

/** The default allow-list for proofs: every algorithm of the table. */
export const DPOP_ALGORITHMS: readonly Algorithm[] = Object.freeze(Object.keys(ALGORITHMS) as Algorithm[])

const DEFAULT_DPOP: DpopSettings = Object.freeze({
  algorithms: new Map(Object.values(ALGORITHMS).map((entry) => [entry.name, entry])),
  maxAge: 300,
  clockTolerance: 30,
  replayStore: undefined,
  nonce: undefined,
})

const OPTION_NAMES = ['algorithms', 'maxAge', 'clockTolerance', 'replayStore', 'nonce'] as const satisfies readonly (keyof DpopOptions)[]

/** Validates DPoP options; throws a `TypeError` naming the mistake. */
export function resolveDpopOptions(input: unknown): DpopSettings {
  const options = guarded('createDpopVerifier options', () => {
    if (typeof input === 'object' && input !== null && (Object.hasOwn(input, 'proof') || Object.hasOwn(input, 'url'))) {
      fail('the proof, method and url are per request: pass them to verify(token, { dpop: { proof, method, url } })')
    }
    return readOptions<DpopOptions>(input, OPTION_NAMES, 'createDpopVerifier options')
  })
  return Object.freeze({
    algorithms: options.algorithms === undefined ? DEFAULT_DPOP.algorithms : proofAlgorithms(options.algorithms),
    maxAge: duration(options.maxAge ?? DEFAULT_DPOP.maxAge, 'maxAge of createDpopVerifier', 1, 3600, 'seconds', false),
    clockTolerance: duration(options.clockTolerance ?? DEFAULT_DPOP.clockTolerance, 'clockTolerance of createDpopVerifier', 0, 300, 'seconds', false),
    replayStore: options.replayStore === undefined ? undefined : { add: method(options.replayStore, 'add', STORE_MISTAKE) },
    nonce: options.nonce === undefined ? undefined : nonceProvider(options.nonce),
  })
}

const STORE_MISTAKE = 'replayStore must have an add(id, ttl) method, such as createDpopReplayStore()'
const NONCE_MISTAKE = 'nonce must have current() and check(nonce) methods, such as createDpopNonces()'

function nonceProvider(provider: unknown): DpopSettings['nonce'] {
  return { current: method(provider, 'current', NONCE_MISTAKE), check: method(provider, 'check', NONCE_MISTAKE) }
}

/**
 * A caller object's method, read once and bound to it: its own or its class's, never one a
 * polluted Object.prototype adds.
 */
function method(object: unknown, name: string, mistake: string): (...args: unknown[]) => unknown {
  const fn = typeof object === 'object' && object !== null ? guarded(mistake, () => read(object, name)) : undefined
  if (typeof fn !== 'function') fail(mistake)
  return (...args) => Reflect.apply(fn, object, args)
}

/** The proof allow-list, by the rule of the `algorithms` option: table entries only. */
function proofAlgorithms(value: unknown): ReadonlyMap<string, AlgorithmEntry> {
  if (!Array.isArray(value) || value.length === 0) fail('algorithms of createDpopVerifier must be a non-empty array')
  const allowed = new Map<string, AlgorithmEntry>()
  for (const name of value) {
    const entry = typeof name === 'string' ? lookupAlgorithm(name) : undefined
    // Security: RFC 9449 §4.3 point 5: `none` and HS* are not in the table, so never allowed.
    if (entry === undefined) fail(`createDpopVerifier algorithms: ${JSON.stringify(name)} is not supported; use asymmetric ones from ${DPOP_ALGORITHMS.join(', ')}`)
    allowed.set(entry.name, entry)
  }
  return allowed
}

/** A proof that passed every check that needs only the proof and the request. */
export interface VerifiedProof {
  readonly ok: true
  /** The RFC 7638 thumbprint of the proof's key: what a bound token's `cnf.jkt` must equal. */
  readonly jkt: string
  readonly jti: string
  readonly iat: number
  readonly nonce: unknown
}

/**
 * RFC 9449 §4.3 points 2 to 9, 11 and the `ath` half of 12, in that order, at `now` (seconds).
 * With no `accessToken` (a token endpoint), `ath` is neither required nor checked.
 */
export async function verifyProof(
  request: ProofRequest & { readonly accessToken: string | undefined },
  settings: Pick<DpopSettings, 'algorithms' | 'maxAge' | 'clockTolerance'>,
  now: number,
): Promise<VerifiedProof | InvalidProofFailure> {
  // Security: point 2: a single well-formed JWT, by the same strict rules as tokens (format.ts).
  const parsed = parseCompact(request.proof, MAX_PROOF_LENGTH)
  if (parsed.ok === false) return invalidProof('malformed')
  const header = unverifiedHeader(parsed)
  // Security: point 4, §11.5: explicit typing, so no other JWT (an access token, an ID token)
  // passes as a proof. Media types compare case-insensitively (RFC 7515 §4.1.9).
  if (!isProofType(own(header, 'typ'))) return invalidProof('type')
  const alg = settings.algorithms.get(parsed.header.alg)
  // Security: point 5, §11.6: only allow-listed asymmetric algorithms; none and HS* are not in the table.
  if (alg === undefined) return invalidProof('algorithm')
  const jwk = own(header, 'jwk')
  const key = prepareKey(jwk)
  // Security: points 6, 7: the key is the header's public jwk, judged by the key policy of key
  // sets: no private members, a supported type and curve, a strong key.
  if (!isPrepared(key)) return invalidProof('key', key.rule)
  // Security: the key must be of the kind the algorithm needs (RFC 8725 §3.1).
  if (!fitsAlgorithm(key, alg)) return invalidProof('key', 'key_type')
  const verified = await verifySignature(parsed, key, alg)
  if (verified !== true) return invalidProof(verified)

  const claims = parsed.unverifiedPayload
  const jti = own(claims, 'jti')
  const htm = own(claims, 'htm')
  const htu = own(claims, 'htu')
  const iat = own(claims, 'iat')
  const ath = own(claims, 'ath')
  // Security: point 3, §4.2: the required claims, of their types; ath whenever a token is presented (§7).
  if (typeof jti !== 'string' || jti === '' || typeof htm !== 'string' || typeof htu !== 'string' ||
    typeof iat !== 'number' || !Number.isFinite(iat) || (request.accessToken !== undefined && typeof ath !== 'string')) {
    return invalidProof('claims')
  }
  // Security: point 8: a proof for one method is not one for another (RFC 9110 §9.1: case-sensitive).
  if (htm !== request.method) return invalidProof('method')
  // Security: point 9: a proof for one URL is not one for another (see htu.ts for the comparison).
  if (!matchesHtu(htu, request.url)) return invalidProof('url')
  // Security: point 11, §11.1: a proof is accepted for maxAge seconds after iat ("on or after":
  // iat + maxAge equal to now is too old), and iat may be at most clockTolerance ahead.
  if (now >= iat + settings.maxAge) return invalidProof('stale')
  if (iat > now + settings.clockTolerance) return invalidProof('future')
  // Security: point 12, §7: the proof covers this access token and no other (SHA-256 of its ASCII).
  if (request.accessToken !== undefined && ath !== await sha256Base64url(request.accessToken)) {
    return invalidProof('access_token_hash')
  }
  return { ok: true, jkt: await jwkThumbprint(key), jti, iat, nonce: own(claims, 'nonce') }
}

/**
 * The proof's key verifies its signature. Proof keys are the client's and anyone's to choose, so
 * they are imported for this one check and never cached: they cannot push the issuer's keys out
 * of the import cache.
 */
async function verifySignature(proof: ParsedJws, key: PreparedKey, alg: AlgorithmEntry): Promise<true | 'key' | 'signature'> {
  // Security: the exact length the algorithm defines, checked by the library (as in signature.ts).
  const { signature, signingInput } = signedBytes(proof)
  if (signature.length !== (alg.signatureLength ?? key.modulusLength)) return 'signature'
  let cryptoKey: CryptoKey
  try {
    cryptoKey = await crypto.subtle.importKey('jwk', key.jwk, alg.importParams, false, ['verify'])
  } catch {
    // Security: a key the runtime cannot use is no key at all.
    return 'key'
  }
  try {
    return await crypto.subtle.verify(alg.verifyParams, cryptoKey, signature, signingInput) ? true : 'signature'
  } catch {
    // Security: a signature WebCrypto cannot even check does not verify.
    return 'signature'
  }
}

/** `dpop+jwt` or `application/dpop+jwt`, in any case (RFC 9449 §4.2, RFC 7515 §4.1.9). */
function isProofType(typ: unknown): boolean {
  if (typeof typ !== 'string') return false
  const type = typ.toLowerCase()
  return type === 'dpop+jwt' || type === 'application/dpop+jwt'
}

// RFC 9449 §8.1: nonce = 1*NQCHAR; longer than this is no nonce a server hands out.
const NONCE = /^[\x21\x23-\x5B\x5D-\x7E]{1,512}$/

/** The step, with its own memory replay store unless the options name a store. */
function createProofChecker(settings: DpopSettings): ProofChecker {
  let store = settings.replayStore
  const nonce = settings.nonce
  return {
    currentNonce: nonce === undefined ? undefined : () => nonce.current(),
    async check(request, accessToken, claims, now) {
      const proof = await verifyProof({ ...request, accessToken }, settings, now)
      if (proof.ok === false) return proof
      const cnf = own(claims, 'cnf')
      const jkt = typeof cnf === 'object' && cnf !== null ? own(cnf as JsonObject, 'jkt') : undefined
      // Security: point 12, §6, §7.1: the token is bound to this proof's key. A token bound to
      // no key cannot be used with a proof; the claims step checked cnf's shape already.
      if (jkt === undefined) return keyMismatch('not_bound')
      if (jkt !== proof.jkt) return keyMismatch('thumbprint')

      if (settings.nonce !== undefined) {
        // Security: point 10, §9, §11.3: with nonces in use, a proof without a current one is refused.
        if (proof.nonce === undefined) return nonceFailure('missing')
        if (typeof proof.nonce !== 'string' || !NONCE.test(proof.nonce)) return nonceFailure('mismatch')
        const accepted = await answer(() => settings.nonce!.check(proof.nonce as string))
        // Security: a nonce that cannot be checked is not accepted; the server answers 503.
        if (accepted === undefined) return dpopUnavailable('nonce_provider')
        if (!accepted) return nonceFailure('mismatch')
      }

      // §11.1: the proof's jti is recorded, under the key's thumbprint, until the proof is too old
      // anyway; a hash, so no proof content and no length an attacker chooses reaches the store.
      // Last of all, so only a proof that passed everything uses up its jti.
      const id = await sha256Base64url(`${proof.jkt} ${proof.jti}`)
      const ttl = Math.max(1, Math.ceil(proof.iat + settings.maxAge - now))
      store ??= (() => {
        const memory = createDpopReplayStore()
        return { add: (key: string, seconds: number) => memory.add(key, seconds) }
      })()
      const fresh = await answer(() => store!.add(id, ttl))
      // Security: a proof that cannot be checked for replay is not accepted; the server answers 503.
      if (fresh === undefined) return dpopUnavailable('replay_store')
      // Security: a proof whose jti was seen is a replay (RFC 9449 §11.1).
      if (!fresh) return invalidProof('replayed')
      return PASSED
    },
  }
}

/** A caller function's boolean answer; undefined when it throws, rejects or answers anything else. */
async function answer(call: () => unknown): Promise<boolean | undefined> {
  try {
    const value = await call()
    return typeof value === 'boolean' ? value : undefined
  } catch {
    return undefined
  }
}
