/**
 * The opt-in verdict cache (option `cache`): which key verified a token's signature, by the whole
 * token, so that a token seen again skips WebCrypto's verify and nothing else. The format step,
 * the key lookup, the claims at the current time and the scopes run on every call. A remembered
 * verdict counts only while the key that gave it is still one the key set offers the token, and
 * is dropped the first time it is not (signature.ts): an entry dies with its key when a remote
 * set rotates. A key is known by its material, so a refetch of the same key keeps its entries.
 * Only successful verifications are kept, never failures. Bounded by entries and by bytes of
 * token kept (a token that passed the format step is ASCII: its length is its size in bytes).
 */
import type { PreparedKey } from './key.js'

/** Successful signature verifications, by token. */
export interface VerdictCache {
  /** The `id` of the key that verified `token`, if remembered; marks it as the most recently used. */
  get(token: string): string | undefined
  /** Remembers that `key` verified `token`, forgetting the least recently used past the bounds. */
  set(token: string, key: PreparedKey): void
  delete(token: string): void
}

/** A cache of at most `entries` tokens of at most `bytes` bytes in all. */
export function createVerdictCache(entries: number, bytes: number): VerdictCache {
  // Insertion order is use order: a hit moves its entry to the end, so the first is the oldest.
  const verdicts = new Map<string, string>()
  let held = 0
  const forget = (token: string) => {
    if (verdicts.delete(token)) held -= token.length
  }
  return {
    get(token) {
      const id = verdicts.get(token)
      if (id !== undefined) {
        verdicts.delete(token)
        verdicts.set(token, id)
      }
      return id
    },
    set(token, key) {
      if (token.length > bytes) return
      forget(token)
      verdicts.set(token, key.id)
      held += token.length
      for (const oldest of verdicts.keys()) {
        if (verdicts.size <= entries && held <= bytes) break
        forget(oldest)
      }
    },
    delete: forget,
  }
}
