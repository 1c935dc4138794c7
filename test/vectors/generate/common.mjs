/**
 * What every part of the generator shares: the fixed time, issuer and audience of the token
 * vectors, where files are read and written, and small encoding helpers. Node only.
 */
import { createHash } from 'node:crypto'

const ROOT = new URL('../../../', import.meta.url)
export const KEY_DIR = new URL('test/keys/', ROOT)
export const OUT_DIR = new URL('vectors/', ROOT)

export const NOW = 1700000000
export const ISS = 'https://as.example'
export const AUD = 'https://api.example'
export const OPTIONS = { issuer: ISS, audience: AUD }
export const ISSUER_SET = 'keys/issuer.json'

// ---------------------------------------------------------------------------------------------
// Encoding helpers

export const b64u = (bytes) => Buffer.from(bytes).toString('base64url')
export const enc = (text) => b64u(Buffer.from(text, 'utf8'))
// Lenient on purpose: only ever applied to segments the generator wrote.
export const unb64u = (text) => Buffer.from(text, 'base64url')
export const toBig = (bytes) => BigInt('0x' + (Buffer.from(bytes).toString('hex') || '0'))
export const fromBig = (value, length) => Buffer.from(value.toString(16).padStart(length * 2, '0'), 'hex')
export const reversed = (bytes) => Buffer.from(bytes).reverse()
export const bytes = (...parts) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))))

/** `{...base}` with `over` applied; an `undefined` value in `over` removes the member. */
export function merge(base, over = {}) {
  const out = { ...base }
  for (const [name, value] of Object.entries(over)) {
    if (value === undefined) delete out[name]
    else out[name] = value
  }
  return out
}

/** JSON text of `object` with raw member text added at the end or the start (duplicates, __proto__). */
export const appendRaw = (object, raw) => JSON.stringify(object).slice(0, -1) + ',' + raw + '}'
export const prependRaw = (object, raw) => '{' + raw + ',' + JSON.stringify(object).slice(1)

// Deterministic filler bytes, so "random-looking" material is the same on every run.
export function filler(label, length) {
  const out = []
  for (let i = 0; out.length < length; i++) out.push(...createHash('sha256').update(`${label}/${i}`).digest())
  return Buffer.from(out.slice(0, length))
}
