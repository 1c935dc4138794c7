/**
 * PEM public keys and X.509 certificates as a key set: the textual encodings of RFC 7468 (§13
 * `PUBLIC KEY`, §5 `CERTIFICATE`), DER certificates, and `{ kid: pem }` maps, turned into minimal
 * public JWKs (RFC 7517 §4) that the usual key policy (`jwks.ts`) then judges. This is
 * configuration, not token input: every mistake is a `TypeError` that says how to fix it.
 */
import { ALGORITHMS, lookupAlgorithm, RSA_MAX_BITS, RSA_MIN_BITS, type Algorithm, type AlgorithmEntry } from './algorithms.js'
import { decodeBase64url } from './base64url.js'
import { findCertificateSpki, readSpkiAlgorithm, type SpkiAlgorithm } from './der.js'
import { isPrepared, prepareKey } from './key.js'
import type { JsonWebKeySet } from './keyset.js'

/** One key: a PEM `PUBLIC KEY` (SPKI) or `CERTIFICATE` block, or a DER certificate's bytes. */
export type PemKey = string | Uint8Array

/** What `createJwksFromPem` converts: one key, a list of keys, or a map from `kid` to key. */
export type PemKeyInput = PemKey | readonly PemKey[] | Readonly<Record<string, PemKey>>

/** Options of `createJwksFromPem`. */
export interface PemKeyOptions {
  /**
   * The algorithm the issuer signs with; every key is bound to it as its `alg` (RFC 7517 §4.4)
   * and verifies only tokens with that `alg`. Required: a PEM key does not say which it is for.
   */
  readonly alg: Algorithm
  /**
   * The `kid` of a single key (RFC 7517 §4.5). A token with a `kid` header verifies only with a
   * key of that `kid`; without one here, only tokens without a `kid`. A map gives its own kids.
   */
  readonly kid?: string
}

/** A JWK key type and curve, as an SPKI's algorithm names them. */
interface KeyType {
  readonly kty: AlgorithmEntry['kty']
  readonly crv?: AlgorithmEntry['crv']
}

// SPKI algorithm OIDs (with the curve OID for EC) of the key types the algorithm table can use:
// rsaEncryption (RFC 3279 §2.3.1), id-ecPublicKey with P-256, P-384, P-521 (RFC 5480 §2.1.1),
// id-Ed25519 (RFC 8410 §3).
const KEY_TYPES: ReadonlyMap<string, KeyType> = new Map<string, KeyType>([
  ['1.2.840.113549.1.1.1', { kty: 'RSA' }],
  ['1.2.840.10045.2.1 1.2.840.10045.3.1.7', { kty: 'EC', crv: 'P-256' }],
  ['1.2.840.10045.2.1 1.3.132.0.34', { kty: 'EC', crv: 'P-384' }],
  ['1.2.840.10045.2.1 1.3.132.0.35', { kty: 'EC', crv: 'P-521' }],
  ['1.3.101.112', { kty: 'OKP', crv: 'Ed25519' }],
])

/** The public members a minimal JWK keeps, in output order (RFC 7518 §6.2.1, §6.3.1; RFC 8037 §2). */
const PUBLIC_MEMBERS = ['n', 'e', 'crv', 'x', 'y'] as const

const PRIVATE_KEY = 'this is a PRIVATE key: never configure a private key for verification; ' +
  'give the issuer\'s public key (-----BEGIN PUBLIC KEY-----) or certificate'
const PKCS1 = 'a PKCS#1 "RSA PUBLIC KEY" block: convert it to SPKI with `openssl rsa -RSAPublicKey_in -pubout`'
const ONE_BLOCK = 'one string holds one PEM block and nothing else'

const OPTION_NAMES: ReadonlySet<string> = new Set(['alg', 'kid'] satisfies (keyof PemKeyOptions)[])

function fail(message: string, cause?: unknown): never {
  throw new TypeError(`verify-access-token: ${message}`, cause === undefined ? undefined : { cause })
}

/** Refuses one key; `createJwksFromPem` adds which key it was to the message. */
function refuse(message: string, cause?: unknown): never {
  throw new TypeError(message, cause === undefined ? undefined : { cause })
}

/**
 * Converts PEM public keys (`-----BEGIN PUBLIC KEY-----`), PEM X.509 certificates, DER
 * certificate bytes, a list of those, or a `{ kid: pem }` map (as Google and Firebase publish
 * their keys) into a JSON Web Key Set to pass as `jwks`: one minimal public JWK per key, with
 * `alg`, the `kid` and `use: 'sig'`. Rejects with a `TypeError` that says how to fix the input,
 * including for a key the key policy refuses (such as RSA below 2048 bits).
 *
 * A certificate is not validated as a certificate: no chain, issuer, expiry, revocation or
 * signature is checked. It is only a container for the issuer's public key, which you trust
 * because of where you got it.
 *
 * @see RFC 7468 (PEM), RFC 5280 §4.1 (certificates), RFC 7517 §5 (key sets)
 */
export async function createJwksFromPem(input: PemKeyInput, options: PemKeyOptions): Promise<JsonWebKeySet> {
  const { alg, kid } = readOptions(options)
  const entries = listKeys(input, kid)
  if (typeof globalThis.crypto?.subtle?.importKey !== 'function') {
    fail('WebCrypto (globalThis.crypto.subtle) is not available in this runtime')
  }
  const keys: Record<string, string>[] = []
  // One at a time, so the error for the first bad key is the one reported, every time.
  for (const [where, key, keyId] of entries) {
    try {
      keys.push(await convertKey(key, alg, keyId))
    } catch (error) {
      if (!(error instanceof TypeError)) throw error
      fail(`${where}${error.message}`, error.cause)
    }
  }
  return { keys }
}

function readOptions(input: PemKeyOptions): { alg: AlgorithmEntry; kid: string | undefined } {
  if (typeof input !== 'object' || input === null) fail('createJwksFromPem needs options with an alg, such as { alg: \'RS256\' }')
  // Own properties only, copied once, as for the verifier's options.
  const options: Partial<PemKeyOptions> = Object.assign(Object.create(null), input)
  for (const name of Object.keys(options)) {
    // Security: a misspelt option (`algorithm`, `kids`) would otherwise be ignored silently.
    if (!OPTION_NAMES.has(name)) fail(`unknown option ${JSON.stringify(name)} of createJwksFromPem`)
  }
  const alg = typeof options.alg === 'string' ? lookupAlgorithm(options.alg) : undefined
  // Security: only the table's algorithms: `none` and HS* cannot name a public key's algorithm.
  if (alg === undefined) fail(`createJwksFromPem needs an alg, one of ${Object.keys(ALGORITHMS).join(', ')}`)
  const kid = options.kid
  if (kid !== undefined && (typeof kid !== 'string' || kid === '')) fail('kid must be a non-empty string when given')
  return { alg, kid }
}

/** The keys to convert, each with where it came from (for error messages) and its kid. */
function listKeys(input: PemKeyInput, kid: string | undefined): (readonly [string, unknown, string | undefined])[] {
  if (typeof input === 'string' || input instanceof Uint8Array) return [['', input, kid]]
  // Other byte containers and Maps are objects too, whose entries would be silently nothing.
  if (typeof input !== 'object' || input === null || ArrayBuffer.isView(input) || input instanceof ArrayBuffer || input instanceof Map) {
    fail('createJwksFromPem needs a PEM string, DER certificate bytes (a Uint8Array), a list of them, or a { kid: pem } object')
  }
  const list: (readonly [string, unknown, string | undefined])[] = Array.isArray(input)
    ? input.map((key, i) => [`list[${i}]: `, key, undefined] as const)
    : Object.entries(input).map(([keyId, key]) => [`kid ${JSON.stringify(keyId)}: `, key, keyId] as const)
  if (list.length === 0) fail('createJwksFromPem was given no key: a key set with no key verifies nothing')
  // A kid names one key; several keys sharing one would each be tried for every token.
  if (kid !== undefined) fail('the kid option names a single key: for several keys, give a { kid: pem } map')
  for (const [where, key, keyId] of list) {
    if (keyId === '') fail('a kid in the map is the empty string: kids must be non-empty')
    if (typeof key !== 'string' && !(key instanceof Uint8Array)) {
      fail(`${where}a key must be a PEM string or a DER certificate's bytes (a Uint8Array)`)
    }
  }
  return list
}

async function convertKey(key: unknown, alg: AlgorithmEntry, kid: string | undefined): Promise<Record<string, string>> {
  const pem = typeof key === 'string' ? readPem(key) : undefined
  const isCertificate = pem === undefined || pem.label === 'CERTIFICATE'
  let spki: Uint8Array<ArrayBuffer>
  let algorithm: SpkiAlgorithm
  try {
    spki = isCertificate ? findCertificateSpki(pem?.der ?? key as Uint8Array) : pem.der
    algorithm = readSpkiAlgorithm(spki)
  } catch (error) {
    const what = isCertificate ? 'not a DER X.509 certificate' : 'not a DER SubjectPublicKeyInfo'
    refuse(`${what} (RFC 5280 §4.1): ${(error as Error).message}`, error)
  }
  const { algorithm: oid, parameters } = algorithm
  const type = KEY_TYPES.get(parameters === undefined ? oid : `${oid} ${parameters}`)
  // Security: only the key types of the algorithm table (RSA, EC P-256/384/521, Ed25519).
  if (type === undefined) {
    const name = parameters === undefined ? oid : `${oid} (parameters ${parameters})`
    refuse(`a key of algorithm ${name} is not supported: use an RSA, EC P-256, P-384, P-521 or Ed25519 key`)
  }
  // Security: one key, one algorithm (RFC 8725 §3.1): the key must be of the kind `alg` names.
  if (type.kty !== alg.kty || type.crv !== alg.crv) {
    refuse(`an ${describe(type)} key cannot have alg ${alg.name}, which needs an ${describe(alg)} key`)
  }
  let exported: JsonWebKey
  try {
    // Extractable only so that its JWK members can be exported; the CryptoKey is then dropped.
    const cryptoKey = await crypto.subtle.importKey('spki', spki, alg.importParams, true, ['verify'])
    exported = await crypto.subtle.exportKey('jwk', cryptoKey)
  } catch (error) {
    // Security: a key WebCrypto cannot read is malformed; it must not become an ignored key.
    return refuse(`the ${describe(type)} public key is malformed: WebCrypto could not import it`, error)
  }
  const jwk: Record<string, string> = { kty: type.kty }
  for (const name of PUBLIC_MEMBERS) if (typeof exported[name] === 'string') jwk[name] = exported[name]
  jwk.alg = alg.name
  if (kid !== undefined) jwk.kid = kid
  jwk.use = 'sig'
  // Security: the key set's own policy judges the key now, so a key it would ignore later (and
  // that would then never verify a token) is a clear error at configuration time instead.
  if (!isPrepared(prepareKey(jwk))) refuse(explainRefusal(jwk))
  return jwk
}

function describe(type: KeyType): string {
  return type.crv === undefined ? type.kty : `${type.kty} ${type.crv}`
}

/** Which rule of the key policy (`prepareKey`) refused a key WebCrypto imported and exported. */
function explainRefusal(jwk: Record<string, string>): string {
  if (jwk.kty === 'RSA') {
    // A zero modulus exports as an empty `n` (Node's WebCrypto imports it): a key of 0 bits.
    const modulus = decodeBase64url(jwk.n ?? '') ?? new Uint8Array()
    const bits = modulus.length === 0 ? 0 : modulus.length * 8 - Math.clz32(modulus[0]!) + 24
    if (bits < RSA_MIN_BITS) return `RSA key of ${bits} bits: at least ${RSA_MIN_BITS} are required (RFC 7518 §3.3)`
    if (bits > RSA_MAX_BITS) return `RSA key of ${bits} bits: at most ${RSA_MAX_BITS} are accepted`
    if ((modulus[modulus.length - 1]! & 1) === 0) return 'RSA key with an even modulus: not an RSA key'
    const exponent = decodeBase64url(jwk.e ?? '') ?? new Uint8Array()
    const value = exponent.length > 6 ? `of ${exponent.length * 8} bits` : String(exponent.reduce((sum, octet) => sum * 256 + octet, 0))
    return `RSA public exponent ${value}: only 3, 17 and 65537 are accepted`
  }
  if (jwk.kty === 'EC') return `${jwk.crv} key whose point is not on the curve`
  return `${jwk.crv} key of small order or non-canonical: with it, forged signatures would verify (RFC 8032 §5.1.3)`
}

/** The label and DER bytes of the one PEM block in `text` (RFC 7468 §2, §3). */
function readPem(text: string): { label: 'PUBLIC KEY' | 'CERTIFICATE'; der: Uint8Array<ArrayBuffer> } {
  const start = text.trimStart()
  if (start.startsWith('{')) refuse('a JSON text, not a PEM block: parse it (JSON.parse) and give the { kid: pem } object')
  const blocks = [...text.matchAll(/-----BEGIN ([^\r\n]*?)-----/g)]
  const labels = blocks.map((match) => match[1]!)
  if (labels.length === 0) refuse(explainNoBlock(start))
  // Security: checked on the labels alone, before anything else: private key material is never
  // decoded or repeated in a message, and its owner learns it is in the wrong place.
  if (labels.some((label) => label.includes('PRIVATE KEY'))) refuse(PRIVATE_KEY)
  // Security: one string holds one key. A certificate chain holds CA keys too, which must not
  // become keys that verify tokens; a bundle is a list or a map, so each key is chosen.
  if (labels.length > 1) {
    refuse(`${labels.length} PEM blocks in one string: give one key per string, in a list or a { kid: pem } map ` +
      '(for a certificate chain, only the issuer\'s signing certificate)')
  }
  const label = labels[0]!
  // Security: PKCS#1 (RFC 8017 §A.1.1) is refused rather than converted, as jose and WebCrypto do.
  if (label === 'RSA PUBLIC KEY') refuse(PKCS1)
  if (label !== 'PUBLIC KEY' && label !== 'CERTIFICATE') {
    refuse(`a PEM block labelled ${JSON.stringify(label)}: expected "PUBLIC KEY" or "CERTIFICATE"`)
  }
  const begin = blocks[0]!.index
  const bodyStart = begin + blocks[0]![0].length
  const end = /-----END ([^\r\n]*?)-----/.exec(text.slice(bodyStart))
  // RFC 7468 §2 allows text before and after a block; it is refused so that a pasted key holds
  // nothing but the key, and a half-pasted one is noticed.
  if (text.slice(0, begin).trim() !== '') refuse(`text before the -----BEGIN line: remove it (${ONE_BLOCK})`)
  if (end === null) refuse(`no -----END ${label}----- line: the PEM block is cut off`)
  if (end[1] !== label) {
    refuse(`the END line says ${JSON.stringify(end[1])} but the BEGIN line says ${JSON.stringify(label)} (RFC 7468 §2)`)
  }
  if (text.slice(bodyStart + end.index + end[0].length).trim() !== '') refuse(`text after the -----END line: remove it (${ONE_BLOCK})`)
  // RFC 7468 §3 (lax parsing): white space and line breaks anywhere in the base64 text.
  const base64 = text.slice(bodyStart, bodyStart + end.index).replace(/[\t\n\f\r ]/g, '')
  // Security: standard base64 with padding (RFC 4648 §4), checked here because `atob` is lenient.
  if (base64 === '' || !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(base64)) {
    const hint = /[-_]/.test(base64) ? ': PEM uses standard base64 with + and /, not base64url' : ''
    refuse(`the text between the BEGIN and END lines is not base64 (RFC 4648 §4)${hint}`)
  }
  const binary = atob(base64)
  const der = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) der[i] = binary.charCodeAt(i)
  return { label, der }
}

function explainNoBlock(text: string): string {
  if (/^(?:ssh-|ecdsa-sha2-)/.test(text)) return 'an OpenSSH public key: convert it to PEM with `ssh-keygen -e -m PKCS8 -f key.pub`'
  return 'no PEM block: expected -----BEGIN PUBLIC KEY----- or -----BEGIN CERTIFICATE-----'
}
