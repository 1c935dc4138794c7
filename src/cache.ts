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
  /** The payload's JSON text, parsed afresh for a payload too deep to copy; undefined otherwise. */
  readonly text: string | undefined
  /** The payload's members that hold an object or an array, which a copy copies in turn. */
  readonly nested: readonly string[]
  /** Neighbours in use order: `newer` towards the most recently used, `older` away from it. */
  newer: Verdict | undefined
  older: Verdict | undefined
}

/** A cache of at most `entries` tokens of at most `bytes` bytes in all. */
export function createVerdictCache(entries: number, bytes: number): VerdictCache {
  // A list in use order beside the map: a hit relinks its entry at the newest end, which moves
  // two references. Deleting and setting the map's entry instead, to keep insertion order as use
  // order, made the map rebuild its table every few hits and was a fifth of a hit's time.
  const verdicts = new Map<string, Verdict>()
  let newest: Verdict | undefined
  let oldest: Verdict | undefined
  let held = 0
  const unlink = (verdict: Verdict) => {
    if (verdict.newer === undefined) newest = verdict.older
    else verdict.newer.older = verdict.older
    if (verdict.older === undefined) oldest = verdict.newer
    else verdict.older.newer = verdict.newer
    verdict.newer = verdict.older = undefined
  }
  const link = (verdict: Verdict) => {
    verdict.older = newest
    if (newest === undefined) oldest = verdict
    else newest.newer = verdict
    newest = verdict
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
      if (typeof token !== 'string' || token.length > maxLength) return undefined
      const verdict = verdicts.get(token)
      if (verdict === undefined) return undefined
      if (verdict !== newest) {
        unlink(verdict)
        link(verdict)
      }
      const { parsed } = verdict
      const payload = verdict.text === undefined ? copyPayload(parsed.unverifiedPayload, verdict.nested) : JSON.parse(verdict.text) as JsonObject
      // The same members in the same order as parseCompact's, so both are one shape to the engine.
      return { ok: true, token: parsed.token, header: parsed.header, payload: parsed.payload, payloadAt: parsed.payloadAt, signatureAt: parsed.signatureAt, unverifiedPayload: payload }
    },
    keyOf(token) {
      return verdicts.get(token)?.key
    },
    set(parsed, key) {
      const { token } = parsed
      if (token.length > bytes) return
      forget(token)
      // Copied now, before the pipeline hands the payload to the caller in this call's result.
      const deep = !within(parsed.unverifiedPayload, MAX_COPY_DEPTH)
      const text = deep ? textOf(parsed.payload) : undefined
      // Octets that passed the format step are UTF-8; should that ever fail, nothing is kept.
      if (deep && text === undefined) return
      const payload = deep ? {} : copyJson(parsed.unverifiedPayload)
      const nested = Object.keys(payload).filter((name) => typeof payload[name] === 'object' && payload[name] !== null)
      const verdict: Verdict = { key: key.id, parsed: { ...parsed, unverifiedPayload: payload }, text, nested, newer: undefined, older: undefined }
      verdicts.set(token, verdict)
      link(verdict)
      held += token.length
      while (oldest !== undefined && (verdicts.size > entries || held > bytes)) forget(oldest.parsed.token)
    },
    delete: forget,
  }
}

/** How deep a payload `copyJson` copies; a deeper one is parsed again from its text on each hit. */
const MAX_COPY_DEPTH = 8

/** Whether parsed JSON nests objects and arrays no deeper than `depth`; bounded recursion. */
function within(value: object, depth: number): boolean {
  if (depth === 0) return false
  const members: unknown[] = Array.isArray(value) ? value : Object.values(value)
  for (let i = 0; i < members.length; i++) {
    const member = members[i]
    if (typeof member === 'object' && member !== null && !within(member, depth - 1)) return false
  }
  return true
}

/** `copyJson` of a payload whose members holding objects or arrays are known: no search for them. */
function copyPayload(payload: JsonObject, nested: readonly string[]): JsonObject {
  const out: JsonObject = { ...payload }
  // Each name is an own data property of `out` already, so this assignment defines nothing new.
  for (let i = 0; i < nested.length; i++) out[nested[i]!] = copyJson(payload[nested[i]!] as object)
  return out
}

/**
 * A deep copy of parsed JSON no deeper than `MAX_COPY_DEPTH`, with the same members in the same
 * order. Spread and `slice` define own data properties, as `JSON.parse` does, so a member named
 * `__proto__` stays an own member and a setter on a polluted `Object.prototype` is never called;
 * a member then replaced by its copy is already an own data property of the copy.
 */
function copyJson<T extends object>(value: T): T {
  if (Array.isArray(value)) {
    const out: unknown[] = value.slice()
    for (let i = 0; i < out.length; i++) {
      const item = out[i]
      if (typeof item === 'object' && item !== null) out[i] = copyJson(item)
    }
    return out as T
  }
  const out: JsonObject = { ...(value as JsonObject) }
  for (const name in out) {
    // Own names only: an enumerable member a polluted Object.prototype adds is not in the token.
    if (!Object.hasOwn(out, name)) continue
    const member = out[name]
    if (typeof member === 'object' && member !== null) out[name] = copyJson(member)
  }
  return out as T
}
