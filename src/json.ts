/**
 * Strict JSON for JOSE headers and JWT claim sets: fatal UTF-8 (RFC 8725 §3.7, RFC 7519 §7.2
 * step 10), no byte order mark, RFC 8259 syntax, a top-level object, and unique member names at
 * every depth (RFC 7515 §4, RFC 7519 §4), because `JSON.parse` silently keeps the last duplicate.
 */

/** Why bytes are not a strict JSON object; a `format` failure reason. */
export type JsonFailure = 'utf8' | 'json' | 'duplicate_member' | 'not_object'

export type JsonObject = Record<string, unknown>

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Parses bytes as one JSON object. The result comes from `JSON.parse`, which defines `__proto__`
 * as an ordinary own property and never touches `Object.prototype`.
 */
export function parseJsonObject(bytes: Uint8Array): JsonObject | JsonFailure {
  const text = decodeUtf8(bytes)
  return text === undefined ? 'utf8' : parseJsonText(text)
}

/** Decodes fatal UTF-8 without a byte order mark, or returns undefined. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  // Security: a BOM is not part of JSON text (RFC 8259 §8.1); `TextDecoder` would strip it silently.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return undefined
  try {
    return utf8.decode(bytes)
  } catch {
    // Security: overlong forms, encoded surrogates and truncated sequences are not UTF-8.
    return undefined
  }
}

/** Parses decoded text as one JSON object with unique member names at every depth. */
export function parseJsonText(text: string): JsonObject | Exclude<JsonFailure, 'utf8'> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    // Security: only RFC 8259 JSON: no trailing data, comments, NaN or single quotes.
    return 'json'
  }
  // Security: a header and a claims set are objects (RFC 7515 §4, RFC 7519 §7.2 step 10).
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not_object'
  // Security: two members with one name are read differently by different parsers (RFC 7515 §10.12).
  if (text.includes('\\') ? hasDuplicateMember(text) : membersDropped(text, value)) return 'duplicate_member'
  return value as JsonObject
}

/**
 * Whether text without a backslash repeats a member name anywhere, by counting instead of
 * collecting names: `JSON.parse` keeps one member per name, dropping earlier repeats with their
 * values. Without escapes a string cannot hold a quote, so every quote opens or closes a string,
 * and every colon outside a string separates one written member's name from its value. The
 * parsed value keeps exactly as many members as were written when nothing was dropped, and fewer
 * otherwise. No name is copied and no set is built, so this is cheaper than the scan below, which
 * stays for text with escapes, where `"a"` and `"\u0061"` are one name.
 */
function membersDropped(text: string, value: object): boolean {
  let written = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    // A string ends at the next quote: skipped natively, as strings are most of a payload.
    if (c === QUOTE) i = text.indexOf('"', i + 1)
    else if (c === COLON) written++
  }
  let kept = 0
  const pending: object[] = [value]
  while (pending.length > 0) {
    const item = pending.pop()!
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        const member: unknown = item[i]
        if (typeof member === 'object' && member !== null) pending.push(member)
      }
      continue
    }
    // Own members only (an enumerable member a polluted Object.prototype adds is not in the
    // text), listed natively: a third of this function's time went to a for-in with hasOwn.
    const members = Object.values(item)
    kept += members.length
    for (let i = 0; i < members.length; i++) {
      const member: unknown = members[i]
      if (typeof member === 'object' && member !== null) pending.push(member)
    }
  }
  return written !== kept
}

const QUOTE = 0x22, BACKSLASH = 0x5c, OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, COLON = 0x3a
const OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d, COMMA = 0x2c

/**
 * Scans text that `JSON.parse` accepted and reports whether any object repeats a member name.
 * Names are compared after unescaping (`"a"` and `"\u0061"` are one name, RFC 7515 §5.3). The
 * stack is explicit, so nesting depth cannot overflow the call stack.
 */
function hasDuplicateMember(text: string): boolean {
  const stack: (Set<string> | undefined)[] = []
  let expectName = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      let end = i + 1
      let escaped = false
      for (let d = text.charCodeAt(end); d !== QUOTE; d = text.charCodeAt(++end)) {
        if (d === BACKSLASH) {
          escaped = true
          end++
        }
      }
      if (expectName) {
        const names = stack[stack.length - 1]!
        const name = escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end)
        if (names.has(name)) return true
        names.add(name)
        expectName = false
      }
      i = end
    } else if (c === OPEN_OBJECT) {
      stack.push(new Set())
      expectName = true
    } else if (c === OPEN_ARRAY) {
      stack.push(undefined)
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop()
      expectName = false
    } else if (c === COMMA) {
      expectName = stack[stack.length - 1] !== undefined
    }
  }
  return false
}

/** Reads an own member only, so inherited names (`constructor`, `toString`) never count as present. */
export function own(object: JsonObject, name: string): unknown {
  return Object.hasOwn(object, name) ? object[name] : undefined
}
