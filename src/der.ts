/**
 * A minimal strict DER reader (ITU-T X.690 §8.1, §10.1) for PEM and certificate input: it finds a
 * certificate's subjectPublicKeyInfo (RFC 5280 §4.1) and reads that key's algorithm (RFC 5280
 * §4.1.2.7). Nothing else in a certificate is read or checked: not its signature, issuer, validity
 * or extensions. Input that is not strict DER throws a `TypeError` saying where it went wrong.
 */

const INTEGER = 0x02
const BIT_STRING = 0x03
const OBJECT_IDENTIFIER = 0x06
const SEQUENCE = 0x30
/** `version [0] EXPLICIT`: context-specific, constructed, tag number 0 (RFC 5280 §4.1). */
const VERSION = 0xa0

/** One element: where its content starts and where the element ends, as offsets into the input. */
interface Element {
  readonly start: number
  readonly content: number
  readonly end: number
}

function fail(message: string): never {
  throw new TypeError(message)
}

/**
 * The element at `offset`, which must carry the tag `tag` and end by `limit` (the end of the
 * enclosing element). Only the one-octet tags named above are ever expected, so a multi-octet
 * tag (X.690 §8.1.2.4) never matches.
 */
function readElement(der: Uint8Array, offset: number, limit: number, tag: number, what: string): Element {
  if (offset >= limit) fail(`${what} is missing at octet ${offset}: the DER ends early`)
  if (der[offset] !== tag) fail(`${what} expected at octet ${offset}, found tag 0x${der[offset]!.toString(16).padStart(2, '0')}`)
  let at = offset + 1
  // Security: a length octet past the end is a truncated encoding, not a zero.
  if (at >= limit) fail(`the length of ${what} at octet ${offset} is cut off: the DER is truncated`)
  const first = der[at++]!
  let length = first
  if (first >= 0x80) {
    const count = first & 0x7f
    // Security: 0x80 is the indefinite form, which BER allows and DER forbids (X.690 §10.1).
    if (count === 0) fail(`${what} at octet ${offset} has an indefinite length: not DER (X.690 §10.1)`)
    // Four length octets describe 4 GiB, more than any key or certificate; 0xff is reserved.
    if (count > 4) fail(`${what} at octet ${offset} has a length of ${count} octets: at most 4 are accepted`)
    if (at + count > limit) fail(`the length of ${what} at octet ${offset} is cut off: the DER is truncated`)
    // Security: DER lengths use the fewest octets (X.690 §10.1): no leading zero octet, and the
    // long form only from 128, so one structure has one encoding.
    if (der[at] === 0) fail(`${what} at octet ${offset} has a length with a leading zero octet: not DER (X.690 §10.1)`)
    length = 0
    for (const end = at + count; at < end; at++) length = length * 256 + der[at]!
    if (length < 0x80) fail(`${what} at octet ${offset} has a long-form length below 128: not DER (X.690 §10.1)`)
  }
  // Security: an element longer than what encloses it would read past its parent (or the input).
  if (length > limit - at) fail(`${what} at octet ${offset} runs ${length - (limit - at)} octets past its end: the DER is truncated`)
  return { start: offset, content: at, end: at + length }
}

function expectEnd(at: number, end: number, what: string): void {
  // Security: trailing octets are data nobody reads; refused so that one input has one meaning.
  if (at !== end) fail(`${end - at} unexpected octet${end - at === 1 ? '' : 's'} after ${what} at octet ${at}`)
}

/**
 * The DER bytes of a certificate's subjectPublicKeyInfo: Certificate → tbsCertificate → the
 * optional [0] version, serialNumber, signature, issuer, validity, subject, then
 * subjectPublicKeyInfo (RFC 5280 §4.1). The certificate is a container here, nothing more.
 */
export function findCertificateSpki(der: Uint8Array): Uint8Array<ArrayBuffer> {
  const certificate = readElement(der, 0, der.length, SEQUENCE, 'a Certificate (SEQUENCE, RFC 5280 §4.1)')
  expectEnd(certificate.end, der.length, 'the certificate')
  const tbs = readElement(der, certificate.content, certificate.end, SEQUENCE, 'tbsCertificate (SEQUENCE)')
  const algorithm = readElement(der, tbs.end, certificate.end, SEQUENCE, 'signatureAlgorithm (SEQUENCE)')
  const signature = readElement(der, algorithm.end, certificate.end, BIT_STRING, 'signatureValue (BIT STRING)')
  expectEnd(signature.end, certificate.end, 'the signature')
  let at = tbs.content
  // RFC 5280 §4.1: `version` is absent in v1 certificates (DEFAULT v1), present as [0] otherwise.
  if (at < tbs.end && der[at] === VERSION) at = readElement(der, at, tbs.end, VERSION, 'version ([0])').end
  at = readElement(der, at, tbs.end, INTEGER, 'serialNumber (INTEGER)').end
  at = readElement(der, at, tbs.end, SEQUENCE, 'signature (SEQUENCE)').end
  at = readElement(der, at, tbs.end, SEQUENCE, 'issuer (SEQUENCE)').end
  at = readElement(der, at, tbs.end, SEQUENCE, 'validity (SEQUENCE)').end
  at = readElement(der, at, tbs.end, SEQUENCE, 'subject (SEQUENCE)').end
  const spki = readElement(der, at, tbs.end, SEQUENCE, 'subjectPublicKeyInfo (SEQUENCE)')
  // A copy: the caller's bytes may change while WebCrypto reads these.
  return der.slice(spki.start, spki.end)
}

/** The key algorithm of a SubjectPublicKeyInfo, as dotted OIDs. */
export interface SpkiAlgorithm {
  readonly algorithm: string
  /** The parameters when they are an OID: the named curve of an EC key (RFC 5480 §2.1.1). */
  readonly parameters: string | undefined
}

/**
 * Reads a DER SubjectPublicKeyInfo (RFC 5280 §4.1: SEQUENCE { AlgorithmIdentifier, BIT STRING }),
 * which must span all of `der`, and returns its algorithm.
 */
export function readSpkiAlgorithm(der: Uint8Array): SpkiAlgorithm {
  const spki = readElement(der, 0, der.length, SEQUENCE, 'a SubjectPublicKeyInfo (SEQUENCE, RFC 5280 §4.1)')
  expectEnd(spki.end, der.length, 'the public key')
  const identifier = readElement(der, spki.content, spki.end, SEQUENCE, 'the key AlgorithmIdentifier (SEQUENCE)')
  const oid = readElement(der, identifier.content, identifier.end, OBJECT_IDENTIFIER, 'the key algorithm (OBJECT IDENTIFIER)')
  // Other parameters (RSA's NULL, RFC 3279 §2.3.1) say nothing needed to choose the key type.
  const parameters = oid.end < identifier.end && der[oid.end] === OBJECT_IDENTIFIER
    ? readElement(der, oid.end, identifier.end, OBJECT_IDENTIFIER, 'the key parameters (OBJECT IDENTIFIER)')
    : undefined
  const key = readElement(der, identifier.end, spki.end, BIT_STRING, 'subjectPublicKey (BIT STRING)')
  expectEnd(key.end, spki.end, 'the subjectPublicKey')
  return { algorithm: readOid(der, oid), parameters: parameters === undefined ? undefined : readOid(der, parameters) }
}

/** An OBJECT IDENTIFIER's content as dotted decimal (X.690 §8.19). */
function readOid(der: Uint8Array, oid: Element): string {
  const arcs: number[] = []
  let value = 0
  for (let at = oid.content; at < oid.end; at++) {
    const octet = der[at]!
    // Security: a subidentifier starts with no 0x80 octet (X.690 §8.19.2) and fits a safe integer.
    if ((value === 0 && octet === 0x80) || value > 2 ** 45) fail(`the OBJECT IDENTIFIER at octet ${oid.start} is not DER (X.690 §8.19.2)`)
    value = value * 128 + (octet & 0x7f)
    if (octet & 0x80) continue
    // X.690 §8.19.4: the first subidentifier holds the first two arcs, as 40 × first + second.
    const first = Math.min(2, Math.floor(value / 40))
    if (arcs.length === 0) arcs.push(first, value - 40 * first)
    else arcs.push(value)
    value = 0
  }
  if (arcs.length === 0 || der[oid.end - 1]! & 0x80) fail(`the OBJECT IDENTIFIER at octet ${oid.start} is not DER (X.690 §8.19.2)`)
  return arcs.join('.')
}
