// @ts-check
/**
 * The oracle: panva/jose 6 configured like the library (the mapping is below and in the README),
 * and the strictness classes. A token the library refuses and jose accepts must fall into one
 * class: its failure (step, code, reason or claim) must be the class's, and the token or key set
 * must show the class's property, checked here by code that shares nothing with src/ (the
 * "witness"). A refusal that no class explains is a fuzzing failure, as is any token the library
 * accepts and jose refuses.
 */
import { createLocalJWKSet, errors, jwtVerify } from 'jose'
import { kindOf } from './keys.mjs'
import { MAX_TOKEN_LENGTH, NOW } from './tokens.mjs'

/** @typedef {import('./tokens.mjs').Config} Config */
/** @typedef {import('../../src/index.js').VerifyOptions} VerifyOptions */
/** @typedef {import('../../src/index.js').VerifyResult} VerifyResult */
/** @typedef {import('../../src/index.js').VerifyFailure} VerifyFailure */
/** @typedef {import('../../src/index.js').Algorithm} Algorithm */

/**
 * The library's options for a configuration: every check stated, nothing left to a default that
 * jose lacks (the token-length cap stays at its default, 16384, which jose does not have).
 * @param {Config} c
 * @returns {VerifyOptions}
 */
export function libraryOptions(c) {
  return {
    jwks: c.jwks,
    issuer: c.issuers,
    audience: c.audiences,
    algorithms: c.algorithms,
    clockTolerance: c.clockTolerance,
    currentDate: new Date(NOW * 1000),
    ...(c.maxTokenAge === undefined ? {} : { maxTokenAge: c.maxTokenAge }),
    ...(c.rfc9068 ? { profile: /** @type {const} */ ('rfc9068') } : {}),
    ...(c.scopes.length > 0 ? { scopes: c.scopes } : {}),
  }
}

/**
 * jose's options for the same configuration. `exp` is required as the library requires it; the
 * RFC 9068 profile becomes `typ: 'at+jwt'` and the claims it requires. jose has no scope check:
 * `joseVerdict` adds one (all required scopes among the space-separated `scope`).
 * @param {Config} c
 * @returns {import('jose').JWTVerifyOptions}
 */
export function joseOptions(c) {
  return {
    algorithms: c.algorithms,
    issuer: c.issuers,
    audience: c.audiences,
    clockTolerance: c.clockTolerance,
    currentDate: new Date(NOW * 1000),
    requiredClaims: c.rfc9068 ? ['exp', 'iat', 'sub', 'client_id', 'jti'] : ['exp'],
    ...(c.maxTokenAge === undefined ? {} : { maxTokenAge: c.maxTokenAge }),
    ...(c.rfc9068 ? { typ: 'at+jwt' } : {}),
  }
}

/**
 * @typedef {{ ok: true, payload: Record<string, unknown>, header: Record<string, unknown> } | { ok: false, code: string }} JoseVerdict
 */

/**
 * jose's verdict. When several keys match (no kid, or a repeated one) jose throws
 * JWKSMultipleMatchingKeys and its documentation says to try each; that is done here, so jose
 * tries every matching key.
 * @param {Config} c
 * @returns {(token: unknown) => Promise<JoseVerdict>}
 */
export function joseVerifier(c) {
  const jwks = createLocalJWKSet(/** @type {import('jose').JSONWebKeySet} */ (/** @type {unknown} */ (c.jwks)))
  const options = joseOptions(c)
  return async (token) => {
    try {
      /** @type {import('jose').JWTVerifyResult | undefined} */
      let result
      try {
        result = await jwtVerify(/** @type {string} */ (token), jwks, options)
      } catch (error) {
        if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error
        for await (const key of /** @type {AsyncIterable<import('jose').CryptoKey>} */ (/** @type {unknown} */ (error))) {
          try {
            result = await jwtVerify(/** @type {string} */ (token), key, options)
            break
          } catch (inner) {
            if (!(inner instanceof errors.JWSSignatureVerificationFailed)) throw inner
          }
        }
        if (result === undefined) throw new errors.JWSSignatureVerificationFailed()
      }
      const scope = result.payload.scope
      const granted = typeof scope === 'string' ? scope.split(' ') : []
      if (!c.scopes.every((s) => granted.includes(s))) return { ok: false, code: 'insufficient_scope (fuzzer check)' }
      return { ok: true, payload: /** @type {Record<string, unknown>} */ (result.payload), header: /** @type {Record<string, unknown>} */ (result.protectedHeader) }
    } catch (error) {
      const e = /** @type {{ code?: unknown, name?: unknown }} */ (error)
      return { ok: false, code: String(e?.code ?? e?.name ?? error) }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Witnesses: independent readings of the token and the key set.

/** The octets of a segment as jose reads them (atob after the alphabet swap), or undefined. */
function lenientDecode(/** @type {string} */ segment) {
  if (/[+/]/.test(segment)) return undefined
  try {
    return Buffer.from(atob(segment.replace(/-/g, '+').replace(/_/g, '/')), 'latin1')
  } catch {
    return undefined
  }
}

/**
 * The token read leniently: segments, header and payload octets and JSON (undefined where unreadable).
 * @param {string} token
 */
export function readLeniently(token) {
  const [h = '', p = '', s = ''] = token.split('.')
  const headerBytes = lenientDecode(h)
  const payloadBytes = lenientDecode(p)
  /** @param {Buffer | undefined} bytes @returns {Record<string, unknown>} */
  const json = (bytes) => {
    try {
      const value = JSON.parse(new TextDecoder().decode(bytes))
      return typeof value === 'object' && value !== null ? value : {}
    } catch {
      return {}
    }
  }
  return { segments: [h, p, s], headerBytes, payloadBytes, header: json(headerBytes), claims: json(payloadBytes) }
}

/**
 * Whether JSON text repeats a member name in any object, by a small recursive-descent reader of
 * its own (names compared after JSON unescaping). Text that is not JSON has no duplicates here.
 * @param {string} text
 */
export function repeatsName(text) {
  let i = 0
  let found = false
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(/** @type {string} */ (text[i]))) i++ }
  const string = () => {
    const start = i++
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1
    i++
    return /** @type {string} */ (JSON.parse(text.slice(start, i)))
  }
  /** @returns {void} */
  const value = () => {
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      const names = new Set()
      ws()
      if (text[i] === '}') { i++; return }
      for (;;) {
        ws()
        const name = string()
        if (names.has(name)) found = true
        names.add(name)
        ws()
        i++ // ':'
        value()
        ws()
        if (text[i++] === '}') return
      }
    } else if (c === '[') {
      i++
      ws()
      if (text[i] === ']') { i++; return }
      for (;;) {
        value()
        ws()
        if (text[i++] === ']') return
      }
    } else if (c === '"') {
      string()
    } else {
      while (i < text.length && !',]} \t\n\r'.includes(/** @type {string} */ (text[i]))) i++
    }
  }
  try {
    JSON.parse(text)
    value()
  } catch {
    return false
  }
  return found
}

const BOM = [0xef, 0xbb, 0xbf]
const hasBom = (/** @type {Buffer | undefined} */ bytes) => bytes !== undefined && BOM.every((b, i) => bytes[i] === b)

/** `typ` values the library accepts by default: absent, JWT or at+jwt, any case, `application/` optional. */
function typAccepted(/** @type {unknown} */ typ) {
  if (typ === undefined) return true
  return typeof typ === 'string' && ['jwt', 'at+jwt'].includes(typ.toLowerCase().replace(/^application\//, ''))
}

/** The types the library's result promises for claims (src/result.ts AccessTokenClaims). */
const CLAIM_TYPES = /** @type {Record<string, (value: unknown) => boolean>} */ ({
  sub: (v) => typeof v === 'string',
  client_id: (v) => typeof v === 'string',
  jti: (v) => typeof v === 'string',
  azp: (v) => typeof v === 'string',
  acr: (v) => typeof v === 'string',
  auth_time: (v) => typeof v === 'number' && Number.isFinite(v),
  amr: (v) => Array.isArray(v) && v.every((m) => typeof m === 'string'),
  groups: (v) => Array.isArray(v) && v.every((m) => typeof m === 'string'),
  roles: (v) => Array.isArray(v) && v.every((m) => typeof m === 'string'),
  entitlements: (v) => Array.isArray(v) && v.every((m) => typeof m === 'string'),
})

/**
 * The entries jose may have verified with: matching kid (or any, without one), key type and curve,
 * and the entry's own alg when it has one.
 * @param {Config} c
 * @param {Record<string, unknown>} header
 */
function matchingEntries(c, header) {
  const alg = /** @type {Algorithm} */ (header.alg)
  let kind
  try { kind = kindOf(alg) } catch { return [] }
  return c.entries.filter((e) => e.key.kind === kind &&
    (header.kid === undefined || e.jwk.kid === header.kid) &&
    (e.jwk.alg === undefined || e.jwk.alg === alg))
}

/**
 * @typedef {object} Witness
 * @property {string} token
 * @property {Config} config
 * @property {ReturnType<typeof readLeniently>} read
 * @property {import('./keys.mjs').BaseKey} signer the key that signed the token (its forgery, for the weak key)
 */

/**
 * A documented strictness class: the library's failure it shows as, and the property it needs.
 * @typedef {object} StrictnessClass
 * @property {string} id
 * @property {string} title what the README calls it
 * @property {string} failure the library's step/code/reason or claim, as printed
 * @property {(result: VerifyFailure) => boolean} matches
 * @property {(w: Witness) => boolean} witness
 */

/** @param {VerifyFailure} f @param {string} step @param {string} code */
const is = (f, step, code) => f.step === step && f.code === code
/** @param {VerifyFailure} f */
const reasonOf = (f) => 'reason' in f ? f.reason : undefined
/** @param {VerifyFailure} f */
const claimOf = (f) => 'claim' in f ? f.claim : undefined

/** @type {readonly StrictnessClass[]} */
export const CLASSES = [
  {
    id: 'base64url', title: 'non-canonical base64url (padding, whitespace, non-zero unused bits)',
    failure: 'format/malformed/base64url (or whitespace, when it surrounds the whole token)',
    // White space before or after the whole token has its own reason (issue 11), same class.
    matches: (f) => is(f, 'format', 'malformed') && (reasonOf(f) === 'base64url' || reasonOf(f) === 'whitespace'),
    witness: ({ read }) => read.segments.some((s) => { const b = lenientDecode(s); return b !== undefined && b.toString('base64url') !== s }),
  },
  {
    id: 'duplicate-member', title: 'a member name repeated in the header or claims, at any depth',
    failure: 'format/malformed/duplicate_member',
    matches: (f) => is(f, 'format', 'malformed') && reasonOf(f) === 'duplicate_member',
    witness: ({ read }) => [read.headerBytes, read.payloadBytes].some((b) => b !== undefined && repeatsName(new TextDecoder().decode(b))),
  },
  {
    id: 'bom', title: 'a byte order mark before the header or claims JSON',
    failure: 'format/malformed/utf8',
    matches: (f) => is(f, 'format', 'malformed') && reasonOf(f) === 'utf8',
    witness: ({ read }) => hasBom(read.headerBytes) || hasBom(read.payloadBytes),
  },
  {
    id: 'unsupported-header', title: 'crit, b64, zip, enc, or cty JWT in the header',
    failure: 'format/malformed/unsupported_header',
    matches: (f) => is(f, 'format', 'malformed') && reasonOf(f) === 'unsupported_header',
    witness: ({ read: { header } }) => ['crit', 'b64', 'zip', 'enc'].some((n) => Object.hasOwn(header, n)) ||
      (typeof header.cty === 'string' && ['jwt', 'application/jwt'].includes(header.cty.toLowerCase())),
  },
  {
    id: 'size', title: `longer than maxTokenLength (${MAX_TOKEN_LENGTH} characters by default)`,
    failure: 'format/malformed/too_large',
    matches: (f) => is(f, 'format', 'malformed') && reasonOf(f) === 'too_large',
    witness: ({ token }) => token.length > MAX_TOKEN_LENGTH,
  },
  {
    id: 'key-policy', title: 'key policy: the key that verifies is one the library ignores',
    failure: 'signature/key_not_found/* or signature/invalid_signature',
    matches: (f) => is(f, 'signature', 'key_not_found') || is(f, 'signature', 'invalid_signature'),
    // The signer's own key is published, matches the token, and is refused by a rule.
    witness: ({ config, read, signer }) => matchingEntries(config, read.header).some((e) => e.key === signer && e.rule !== undefined),
  },
  {
    id: 'attempts', title: 'more than 3 keys fit the token (no kid, or a repeated kid): only 3 are tried',
    failure: 'signature/invalid_signature',
    matches: (f) => is(f, 'signature', 'invalid_signature'),
    // The first usable entry holding the signer's key comes after three other usable ones.
    witness: ({ config, read, signer }) => matchingEntries(config, read.header).filter((e) => e.rule === undefined).findIndex((e) => e.key === signer) >= 3,
  },
  {
    id: 'typ', title: 'typ other than absent, JWT or at+jwt',
    failure: 'claims/type_mismatch (typ)',
    matches: (f) => is(f, 'claims', 'type_mismatch'),
    witness: ({ config, read }) => !config.rfc9068 && !typAccepted(read.header.typ),
  },
  {
    id: 'non-finite-date', title: 'exp, nbf or iat not finite (1e309 parses to Infinity)',
    failure: 'claims/invalid_claim (exp, nbf, iat)',
    matches: (f) => is(f, 'claims', 'invalid_claim') && ['exp', 'nbf', 'iat'].includes(String(claimOf(f))),
    witness: ({ read: { claims } }) => ['exp', 'nbf', 'iat'].some((n) => typeof claims[n] === 'number' && !Number.isFinite(claims[n])),
  },
  {
    id: 'claim-type', title: 'sub, client_id, jti, azp, acr, auth_time, amr, groups, roles or entitlements of the wrong type',
    failure: 'claims/invalid_claim (that claim)',
    matches: (f) => is(f, 'claims', 'invalid_claim') && Object.hasOwn(CLAIM_TYPES, String(claimOf(f))),
    witness: ({ read: { claims } }) => Object.entries(CLAIM_TYPES).some(([n, ok]) => Object.hasOwn(claims, n) && !ok(claims[n])),
  },
  {
    id: 'aud-shape', title: 'aud an array with a member that is not a string',
    failure: 'claims/audience_mismatch (aud)',
    matches: (f) => is(f, 'claims', 'audience_mismatch'),
    witness: ({ read: { claims } }) => Array.isArray(claims.aud) && claims.aud.some((m) => typeof m !== 'string'),
  },
  {
    id: 'age-boundary', title: 'iat exactly maxTokenAge (plus tolerance) old: expired, as exp equal to now is',
    failure: 'claims/expired (iat)',
    matches: (f) => is(f, 'claims', 'expired') && claimOf(f) === 'iat',
    witness: ({ config, read: { claims } }) => config.maxTokenAge !== undefined && typeof claims.iat === 'number' &&
      NOW - claims.iat - config.clockTolerance === config.maxTokenAge,
  },
  {
    id: 'scope-type', title: 'scope not a string (an array or a number)',
    failure: 'scopes/invalid_claim (scope)',
    matches: (f) => is(f, 'scopes', 'invalid_claim'),
    witness: ({ read: { claims } }) => Object.hasOwn(claims, 'scope') && typeof claims.scope !== 'string',
  },
]

/**
 * The class of a refusal jose does not share, or undefined when none explains it.
 * @param {VerifyFailure} failure
 * @param {Witness} w
 */
export function classify(failure, w) {
  return CLASSES.find((c) => c.matches(failure) && c.witness(w))
}
