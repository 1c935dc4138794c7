/**
 * The state DPoP verification keeps between requests: the proofs already seen (replay detection,
 * RFC 9449 §11.1) and the server's nonces (RFC 9449 §8, §9). Both are small interfaces a caller
 * may implement over shared storage; the implementations here live in one process's memory.
 */
import { duration, guarded, readOptions } from './mistakes.js'
import { encodeBase64url } from './thumbprint.js'

/**
 * Where a DPoP verifier records the proofs it accepted, to refuse a second use (RFC 9449 §11.1).
 * The default keeps them in memory, so it is per process: several instances behind one endpoint
 * need one shared store, or a proof used at one instance can be replayed at another.
 */
export interface DpopReplayStore {
  /**
   * Records `id` for `ttl` seconds (a whole number, at least 1) and answers `true`, or answers
   * `false` when `id` is already recorded: the proof is a replay. Must be atomic across every
   * instance sharing the store (with Redis: `SET <prefix><id> 1 NX EX <ttl>` answers "OK" exactly
   * when the id is new). `id` is 43 base64url characters, never proof content. Throwing, rejecting
   * or answering anything but a boolean fails the request with `dpop_unavailable`.
   */
  add(id: string, ttl: number): boolean | PromiseLike<boolean>
}

/** Options of `createDpopReplayStore`. */
export interface DpopReplayStoreOptions {
  /**
   * Most proofs remembered at once. Default 100000 (about 12 MB in Node 20); 1000 to 10000000.
   * Size it at least at your peak DPoP requests per second times the DPoP `maxAge`.
   */
  readonly maxEntries?: number
}

/**
 * An in-memory replay store for one process, bounded by `maxEntries`. When full, the proof seen
 * longest ago is forgotten first (it is the closest to being too old anyway): under a flood of
 * valid proofs beyond the bound, replay detection weakens for the oldest proofs rather than the
 * endpoint refusing every request.
 */
export function createDpopReplayStore(options: DpopReplayStoreOptions = {}): DpopReplayStore {
  const read = guarded('createDpopReplayStore options', () => readOptions<DpopReplayStoreOptions>(options, ['maxEntries'], 'createDpopReplayStore options'))
  const maxEntries = duration(read.maxEntries ?? 100_000, 'maxEntries', 1000, 10_000_000, 'entries')
  // id → expiry in milliseconds; a Map keeps insertion order, which is close to expiry order.
  const seen = new Map<string, number>()
  return {
    add(id, ttl) {
      const now = Date.now()
      for (const [oldest, expiry] of seen) {
        if (expiry > now) break
        seen.delete(oldest)
      }
      const expiry = seen.get(id)
      if (expiry !== undefined && expiry > now) return false
      seen.delete(id)
      if (seen.size >= maxEntries) seen.delete(seen.keys().next().value!)
      seen.set(id, now + ttl * 1000)
      return true
    },
  }
}

/**
 * Server-provided nonces (RFC 9449 §8, §9): with one configured, every proof must carry a nonce
 * `check` accepts, and a proof without one fails with `use_dpop_nonce`; the answer then sends
 * `current()` in the `DPoP-Nonce` header. Nonces limit how long a proof can be used, however far
 * in the future its `iat` was set (RFC 9449 §11.2).
 */
export interface DpopNonceProvider {
  /** The nonce clients should put in their next proofs (1*NQCHAR, RFC 9449 §8.1). */
  current(): string | PromiseLike<string>
  /**
   * Whether a proof's `nonce` is one this server handed out and still accepts (typically the
   * current one and the one before). Throwing or rejecting fails the request with
   * `dpop_unavailable`.
   */
  check(nonce: string): boolean | PromiseLike<boolean>
}

/** Options of `createDpopNonces`. */
export interface DpopNoncesOptions {
  /** Seconds a nonce is current; the one before stays accepted as long again. Default 300; 10 to 86400. */
  readonly lifetime?: number
}

/**
 * Random nonces rotated every `lifetime` seconds, in this process's memory: per process, like the
 * default replay store. Instances behind one endpoint need a provider they share (for example,
 * nonces derived with an HMAC key they share from the current time window).
 */
export function createDpopNonces(options: DpopNoncesOptions = {}): DpopNonceProvider {
  const read = guarded('createDpopNonces options', () => readOptions<DpopNoncesOptions>(options, ['lifetime'], 'createDpopNonces options'))
  const lifetime = duration(read.lifetime ?? 300, 'lifetime', 10, 86_400, 'seconds') * 1000
  let current = { value: randomNonce(), since: Date.now() }
  let previous: string | undefined
  const rotate = () => {
    const now = Date.now()
    if (now - current.since < lifetime) return
    // After two lifetimes without a request, the previous nonce is too old as well.
    previous = now - current.since < 2 * lifetime ? current.value : undefined
    current = { value: randomNonce(), since: now }
  }
  return {
    current() {
      rotate()
      return current.value
    },
    check(nonce) {
      rotate()
      return nonce === current.value || (previous !== undefined && nonce === previous)
    },
  }
}

/** 128 random bits in base64url: unpredictable, as RFC 9449 §8 requires, and valid NQCHAR. */
function randomNonce(): string {
  return encodeBase64url(crypto.getRandomValues(new Uint8Array(16)))
}
