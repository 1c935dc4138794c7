// @ts-check
/**
 * Mutations of a valid token: character edits, segment swaps, re-encodings, JSON rewrites, claim
 * type changes and header tampering. Some keep the signature (it no longer covers the token),
 * some sign again with the same key, so that only the change itself is judged. Each returns the
 * new token; the fuzzer then asks both verifiers and compares.
 */
import { createHmac } from 'node:crypto'
import { ALGORITHMS_OF } from './keys.mjs'
import { ABSENT, b64url, jsonText, NOW, put, Raw, signSegments, validClaims } from './tokens.mjs'

/** @typedef {import('./random.mjs').Random} Random */
/** @typedef {import('./tokens.mjs').Made} Made */
/** @typedef {import('./tokens.mjs').Config} Config */

/**
 * @typedef {object} Mutation
 * @property {string} name
 * @property {number} weight
 * @property {(r: Random, made: Made, config: Config) => string} apply
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const WHITESPACE = [' ', '\n', '\t', '\r', '\f']
const EDIT_CHARS = [...ALPHABET, '.', '=', '+', '/', ' ', '\n', '"', '\u00e9', '\ud800']

/** @param {string} token @returns {[string, string, string]} */
function split(token) {
  const [h = '', p = '', s = ''] = token.split('.')
  return [h, p, s]
}

/**
 * The same octets spelled another way: padded, with whitespace, with non-zero unused bits, or in
 * the standard alphabet. Lenient decoders (atob, Buffer) read all of them.
 * @param {Random} r
 * @param {string} segment
 */
export function reencode(r, segment) {
  const tail = segment.length % 4
  const way = r.pick(['padding', 'trailing bits', 'whitespace', 'standard alphabet'])
  if (way === 'padding' && tail >= 2) return segment + '='.repeat(4 - tail)
  if (way === 'trailing bits' && tail >= 2) {
    const last = ALPHABET.indexOf(segment.slice(-1))
    const unused = tail === 2 ? 15 : 3
    return segment.slice(0, -1) + ALPHABET[last | (1 + r.int(unused))]
  }
  if (way === 'standard alphabet' && /[-_]/.test(segment)) return segment.replace(/-/g, '+').replace(/_/g, '/')
  const at = r.int(segment.length + 1)
  return segment.slice(0, at) + r.pick(WHITESPACE) + segment.slice(at)
}

/**
 * Header and claims with one member changed, then signed again by the same key.
 * @param {Made} made
 * @param {(header: Record<string, unknown>, claims: Record<string, unknown>) => void} change
 */
function resign(made, change) {
  const header = { ...made.header }
  const claims = { ...made.claims }
  change(header, claims)
  return signSegments(made.entry.key, made.alg, b64url(jsonText(header)), b64url(jsonText(claims)))
}

/**
 * Header or payload JSON text rewritten, then signed again.
 * @param {Made} made
 * @param {'header' | 'payload'} which
 * @param {(text: string) => string | Uint8Array} rewrite
 */
function resignText(made, which, rewrite) {
  const header = jsonText(made.header)
  const payload = jsonText(made.claims)
  const h = which === 'header' ? rewrite(header) : header
  const p = which === 'payload' ? rewrite(payload) : payload
  return signSegments(made.entry.key, made.alg, b64url(h), b64url(p))
}

/** Inserts `member` (JSON text, `"name":value`) as the first member of an object's text. */
const prepend = (/** @type {string} */ text, /** @type {string} */ member) => `{${member}${text === '{}' ? '' : ','}${text.slice(1)}`

/** @type {readonly Mutation[]} */
export const MUTATIONS = [
  // Character edits; the signature stays, so nothing may verify except an identical token.
  {
    name: 'character substituted', weight: 6,
    apply: (r, { token }) => { const i = r.int(token.length); return token.slice(0, i) + r.pick(EDIT_CHARS) + token.slice(i + 1) },
  },
  { name: 'character inserted', weight: 3, apply: (r, { token }) => { const i = r.int(token.length + 1); return token.slice(0, i) + r.pick(EDIT_CHARS) + token.slice(i) } },
  { name: 'character deleted', weight: 3, apply: (r, { token }) => { const i = r.int(token.length); return token.slice(0, i) + token.slice(i + 1) } },
  // Segment swaps.
  { name: 'header and payload swapped', weight: 1, apply: (_, { token }) => { const [h, p, s] = split(token); return `${p}.${h}.${s}` } },
  {
    name: 'payload of another token', weight: 2,
    apply: (r, made, config) => {
      const other = signSegments(made.entry.key, made.alg, b64url(jsonText(made.header)), b64url(jsonText(validClaims(r, config))))
      const [h, , s] = split(made.token)
      return `${h}.${split(other)[1]}.${s}`
    },
  },
  {
    name: 'signature of another token', weight: 2,
    apply: (r, made, config) => {
      const other = signSegments(made.entry.key, made.alg, b64url(jsonText(made.header)), b64url(jsonText(validClaims(r, config))))
      const [h, p] = split(made.token)
      return `${h}.${p}.${split(other)[2]}`
    },
  },
  {
    name: 'segments dropped, repeated or emptied', weight: 2,
    apply: (r, { token }) => {
      const [h, p, s] = split(token)
      return r.pick([`${h}.${p}`, `${h}.${p}.${s}.${s}`, `${h}.${p}.`, `${h}..${s}`, `.${p}.${s}`, `${h}.${p}.${s}.`, `${h}.${p}.${s.slice(0, -4)}`, `${token}.${h}.${p}`])
    },
  },
  // Re-encodings: the signature's own octets respelled (it still verifies for a lenient decoder).
  { name: 'signature re-encoded', weight: 5, apply: (r, { token }) => { const [h, p, s] = split(token); return `${h}.${p}.${reencode(r, s)}` } },
  // Header or payload respelled without signing again: the signing input changed, so nobody accepts.
  {
    name: 'header or payload re-encoded', weight: 1,
    apply: (r, { token }) => { const [h, p, s] = split(token); return r.chance(0.5) ? `${reencode(r, h)}.${p}.${s}` : `${h}.${reencode(r, p)}.${s}` },
  },
  // Respelled and signed again: only the spelling differs from a valid token.
  {
    name: 'header or payload re-encoded, re-signed', weight: 5,
    apply: (r, made) => {
      const [h, p] = split(made.token)
      const [h2, p2] = r.chance(0.5) ? [reencode(r, h), p] : [h, reencode(r, p)]
      return signSegments(made.entry.key, made.alg, h2, p2)
    },
  },
  // JSON rewritten and signed again.
  {
    name: 'JSON whitespace and escapes, re-signed', weight: 3,
    apply: (r, made) => resignText(made, r.chance(0.5) ? 'header' : 'payload', (text) => {
      const spaced = text.replace(/([{,:\[])/g, (c) => c + r.pick(['', ' ', '\n', '\t', '  ']))
      // Escape the first letter of one member name: "\u0069ss" is the name "iss" (RFC 8259 §7).
      return spaced.replace(/"([a-z])([a-z_]*)":/, (_, first, rest) => `"\\u00${first.charCodeAt(0).toString(16)}${rest}":`)
    }),
  },
  {
    name: 'duplicate member, re-signed', weight: 4,
    apply: (r, made) => {
      const which = r.chance(0.3) ? 'header' : 'payload'
      const member = which === 'header'
        ? r.pick([`"alg":${JSON.stringify(made.alg)}`, '"alg":"none"', `"kid":${JSON.stringify(made.header.kid ?? 'x')}`, '"typ":"JWT"'])
        : r.pick([`"iss":"https://evil.example"`, `"iss":${JSON.stringify(made.claims.iss)}`, '"aud":"https://evil.example"', `"exp":${NOW + 999999}`,
          '"\\u0069ss":"https://evil.example"', '"scope":"admin"', '"nested":{"a":1,"a":2}'])
      // "nested" repeats a member inside a nested object; the others repeat a top-level one.
      return resignText(made, which, (text) => prepend(text, member))
    },
  },
  {
    name: 'byte order mark, re-signed', weight: 1,
    apply: (r, made) => resignText(made, r.chance(0.5) ? 'header' : 'payload', (text) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])),
  },
  {
    name: 'invalid UTF-8, re-signed', weight: 1,
    apply: (r, made) => resignText(made, 'payload', (text) => {
      // Overlong, an encoded surrogate, a byte never used, a truncated sequence (RFC 3629 §3).
      const bad = r.pick([[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xff], [0xe2, 0x82]])
      return Buffer.concat([Buffer.from('{"note":"'), Buffer.from(bad), Buffer.from(text === '{}' ? '"}' : `",${text.slice(1)}`)])
    }),
  },
  {
    name: 'payload or header not an object, re-signed', weight: 1,
    apply: (r, made) => {
      const text = r.pick(['[]', '"x"', 'null', '1', 'true', `[${jsonText(made.claims)}]`, '', ' ', '{"a":1} x', '{"a":1,}'])
      return r.chance(0.7) ? resignText(made, 'payload', () => text) : resignText(made, 'header', () => text)
    },
  },
  // Claim types changed, signed again.
  {
    name: 'claim type changed, re-signed', weight: 8,
    apply: (r, made) => resign(made, (_, claims) => {
      const name = r.pick(['exp', 'nbf', 'iat', 'aud', 'iss', 'sub', 'client_id', 'jti', 'scope', 'amr', 'auth_time', 'groups', 'roles', 'azp', 'acr'])
      const value = claims[name]
      put(claims, name, r.pick([
        String(value), new Raw('1e309'), new Raw('-1e309'), null, [value], { value }, 7, true, ABSENT,
        ...(Array.isArray(value) ? [[...value, 7], [...value, null]] : []),
      ]))
    }),
  },
  // Header tampering, signed again.
  {
    name: 'header parameter added or changed, re-signed', weight: 8,
    apply: (r, made) => resign(made, (header) => {
      const change = r.pick([
        () => { header.typ = r.pick(['dpop+jwt', 'secevent+jwt', 'id_token+jwt', 7, '', null, 'JWT', 'at+jwt', 'application/at+jwt', 'AT+JWT']) },
        () => { header.crit = r.pick([['exp'], ['b64'], [], 'exp', ['kid'], ['b64', 'b64']]); if (r.chance(0.5)) header.b64 = true },
        () => { header.b64 = r.pick([true, false]) },
        () => { header.zip = 'DEF' },
        () => { header.enc = 'A128GCM' },
        () => { header.cty = r.pick(['JWT', 'jwt', 'application/jwt', 'at+jwt']) },
        () => { header.kid = r.pick([7, '', 'unknown', ABSENT, ['k0'], null]) },
        () => { header.jwk = made.entry.key.publicJwk; header.jku = 'https://attacker.example/jwks' },
        () => { header.alg = r.pick(ALGORITHMS_OF[made.entry.key.kind]) },
      ])
      change()
    }),
  },
  // Header tampering that keeps the old signature, and the classic forgeries.
  {
    name: 'alg changed, signature kept', weight: 3,
    apply: (r, made) => {
      const [, p, s] = split(made.token)
      const alg = r.pick([...ALGORITHMS_OF[made.entry.key.kind], 'none', 'HS256', 'RS256', 'ES256', 'EdDSA', 'rs256'])
      return `${b64url(jsonText({ ...made.header, alg }))}.${p}.${s}`
    },
  },
  {
    name: 'alg none, unsigned', weight: 1,
    apply: (r, made) => `${b64url(jsonText({ ...made.header, alg: r.pick(['none', 'None', 'NONE']) }))}.${split(made.token)[1]}.`,
  },
  {
    name: 'HS256 keyed with the public key', weight: 1,
    apply: (r, made) => {
      const header = b64url(jsonText({ ...made.header, alg: 'HS256' }))
      const input = `${header}.${split(made.token)[1]}`
      const secret = r.chance(0.5) ? JSON.stringify(made.entry.jwk) : String(made.entry.jwk.n ?? made.entry.jwk.x)
      return `${input}.${b64url(createHmac('sha256', secret).update(input).digest())}`
    },
  },
  {
    name: 'kid of another key, signature kept', weight: 2,
    apply: (r, made, config) => {
      const [, p, s] = split(made.token)
      return `${b64url(jsonText({ ...made.header, kid: r.pick(config.entries).jwk.kid ?? ABSENT }))}.${p}.${s}`
    },
  },
  {
    name: 'near or over the size limit, re-signed', weight: 1,
    apply: (r, made) => resign(made, (_, claims) => { claims.pad = 'x'.repeat(r.between(11_000, 13_000)) }),
  },
]
