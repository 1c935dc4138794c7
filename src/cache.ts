/**
 * The opt-in verdict cache (option `cache`): which key verified a token's signature, by the whole
 * token, so that a token seen again skips WebCrypto's verify and nothing else. The key lookup,
 * the claims at the current time and the scopes run on every call. A remembered verdict counts
 * only while the key that gave it is still one the key set offers the token, and is dropped the
 * first time it is not (signature.ts): an entry dies with its key when a remote set rotates. A
 * key is known by its material, so a refetch of the same key keeps its entries. Only successful
 * verifications are kept, never failures. Bounded by entries and by bytes of token kept (a token
 * that passed the format step is ASCII: its length is its size in bytes); each entry also holds
 * the token's parsed payload, whose size is proportional to the token's.
 *
 * The format step on a hit. Everything `parseCompact` decides is a function of the token string
 * and of `maxTokenLength` alone: the split, base64url, UTF-8, the strict JSON of header and
 * payload, the header rules. A token string that passed it once passes it again with the same
 * parts, so a hit reuses the parts kept with the verdict instead of decoding and parsing again,
 * and checks on every call what depends on the call: that the token is a string and within this
 * verifier's `maxTokenLength` (`recall`). The kept parts are never handed out: each hit gets its
 * own copy of the payload (`copyJson`), so no caller shares an object with the cache or with
 * another result, as without the cache.
 */
import { textOf, type ParsedToken } from './format.js'
import type { JsonObject } from './json.js'
import type { PreparedKey } from './key.js'

/** Successful signature verifications, by token. */
export interface VerdictCache {
  /**
   * The format step's output for a token whose signature verified before, with a payload of its
   * own, or undefined when none is remembered; marks the entry as the most recently used.
   */
  recall(token: unknown, maxLength: number): ParsedToken | undefined
  /** The `id` of the key that verified `token`, if remembered. */
  keyOf(token: string): string | undefined
  /** Remembers that `key` verified `parsed`, forgetting the least recently used past the bounds. */
  set(parsed: ParsedToken, key: PreparedKey): void
  delete(token: string): void
}

interface Verdict {
  /** The `id` of the key that verified the token. */
  readonly key: string
  /** The format step's output, with a payload no caller ever saw. */
  readonly parsed: ParsedToken
  /**
   * The payload's members holding an array or an object, copied in turn on a hit; undefined for
   * a payload nested deeper, whose JSON text (`text`) is parsed again on each hit instead.
   */
  readonly nested: readonly string[] | undefined
  readonly text: string | undefined
  /** Neighbours in use order, in a ring through the cache's own sentinel. */
  newer: Verdict
  older: Verdict
}

/** A cache of at most `entries` tokens of at most `bytes` bytes in all. */
export function createVerdictCache(entries: number, bytes: number): VerdictCache {
  // Use order is a ring beside the map: `ring.older` is the most recently used, `ring.newer` the
  // least. A hit relinks its entry, two references; deleting and setting the map's entry instead
  // (insertion order as use order) made the map rebuild its table every few hits.
  const verdicts = new Map<string, Verdict>()
  const ring = {} as Verdict
  ring.newer = ring.older = ring
  let held = 0
  const unlink = (verdict: Verdict) => {
    verdict.newer.older = verdict.older
    verdict.older.newer = verdict.newer
  }
  const link = (verdict: Verdict) => {
    verdict.older = ring.older
    verdict.newer = ring
    ring.older = ring.older.newer = verdict
  }
  const forget = (token: string) => {
    const verdict = verdicts.get(token)
    if (verdict === undefined) return
    verdicts.delete(token)
    unlink(verdict)
    held -= token.length
  }
  return {
    recall(token, maxLength) {
      // Security: the per-call part of the format step, on every hit: a string, within the cap.
      const verdict = typeof token === 'string' && token.length <= maxLength ? verdicts.get(token) : undefined
      if (verdict === undefined) return undefined
      unlink(verdict)
      link(verdict)
      const { parsed, nested } = verdict
      return { ...parsed, unverifiedPayload: nested === undefined ? JSON.parse(verdict.text!) as JsonObject : copy(parsed.unverifiedPayload, nested) }
    },
    keyOf(token) {
      return verdicts.get(token)?.key
    },
    set(parsed, key) {
      const { token, unverifiedPayload } = parsed
      if (token.length > bytes) return
      forget(token)
      // This call's result hands out `parsed` itself, so the entry keeps a copy (or the text),
      // taken now, before the caller can change anything.
      const names = Object.keys(unverifiedPayload).filter((name) => !isPrimitive(unverifiedPayload[name]))
      const shallow = names.every((name) => Object.values(unverifiedPayload[name] as object).every(isPrimitive))
      const text = shallow ? undefined : textOf(parsed.payload)
      // Octets that passed the format step are UTF-8; should that ever fail, nothing is kept.
      if (!shallow && text === undefined) return
      const kept = { ...parsed, unverifiedPayload: shallow ? copy(unverifiedPayload, names) : {} }
      const verdict = { key: key.id, parsed: kept, nested: shallow ? names : undefined, text } as Verdict
      verdicts.set(token, verdict)
      link(verdict)
      held += token.length
      // The ring's oldest entry goes first; the sentinel is never in the map, so this ends.
      while (verdicts.size > entries || held > bytes) forget(ring.newer.parsed.token)
    },
    delete: forget,
  }
}

const isPrimitive = (value: unknown): boolean => typeof value !== 'object' || value === null

/**
 * A copy of a payload whose members holding arrays or objects are `nested`, each holding only
 * strings, numbers, booleans and null. Spread and slice define own data properties, as JSON.parse
 * does: a member named `__proto__` stays an own member and no setter of a polluted
 * Object.prototype runs; a member then replaced by its copy is already an own data property.
 */
function copy(payload: JsonObject, nested: readonly string[]): JsonObject {
  const out = { ...payload }
  for (const name of nested) {
    const value = out[name] as object
    out[name] = Array.isArray(value) ? value.slice() : { ...value }
  }
  return out
}
