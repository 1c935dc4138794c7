/**
 * The DER walk behind PEM certificates (ITU-T X.690 §10.1, RFC 5280 §4.1): it finds the
 * subjectPublicKeyInfo of real and synthetic certificates, and refuses any encoding that is not
 * strict DER with a TypeError, never with another error and never by reading out of bounds.
 */
import { generateKeyPairSync, X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findCertificateSpki, readSpkiAlgorithm } from '../src/der.js'
import { bytes, certificate, concat, tlv } from './der-builder.js'

const fixture = (name: string) => new X509Certificate(readFileSync(new URL(`keys/pem/${name}.crt`, import.meta.url)))
const spkiOf = (cert: X509Certificate) => new Uint8Array(cert.publicKey.export({ type: 'spki', format: 'der' }))
const p256 = new Uint8Array(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }))

describe('findCertificateSpki', () => {
  it.each(['rsa-2048', 'rsa-1024', 'ec-p256', 'ec-p384', 'ec-p521', 'ed25519', 'ec-p256-v1-expired'])(
    'openssl certificate %s → its subjectPublicKeyInfo bytes',
    (name) => {
      const cert = fixture(name)
      expect(findCertificateSpki(new Uint8Array(cert.raw))).toEqual(spkiOf(cert))
    },
  )

  it('v3 certificate with a [0] version → its subjectPublicKeyInfo bytes', () => {
    expect(findCertificateSpki(certificate(p256))).toEqual(p256)
  })

  it('v1 certificate without a version → its subjectPublicKeyInfo bytes', () => {
    expect(findCertificateSpki(certificate(p256, { version: false }))).toEqual(p256)
  })

  it('view into a larger buffer → reads only the view', () => {
    const cert = certificate(p256)
    const view = concat(bytes(0xff, 0xff), cert, bytes(0xff)).subarray(2, 2 + cert.length)
    expect(findCertificateSpki(view)).toEqual(p256)
  })

  const cert = certificate(p256)
  const serial = tlv(0x02, bytes(1))
  // The certificate's content, after its tag and length octets.
  const body = cert.subarray(2 + (cert[1]! & 0x80 ? cert[1]! & 0x7f : 0))
  it.each<[string, Uint8Array, RegExp]>([
    ['empty input', new Uint8Array(), /^a Certificate \(SEQUENCE, RFC 5280 §4\.1\) is missing at octet 0: the DER ends early$/],
    ['indefinite outer length 0x80', concat(bytes(0x30, 0x80), body, bytes(0, 0)), /^a Certificate .* at octet 0 has an indefinite length: not DER \(X\.690 §10\.1\)$/],
    ['long-form length below 128', concat(bytes(0x30, 0x81, 0x05), bytes(1, 2, 3, 4, 5)), /at octet 0 has a long-form length below 128: not DER/],
    ['length with a leading zero octet', concat(bytes(0x30, 0x83, 0x00, 0x00, body.length), body), /at octet 0 has a length with a leading zero octet: not DER/],
    ['length of 5 octets', concat(bytes(0x30, 0x85, 0, 0, 0, 0, 1), bytes(0)), /at octet 0 has a length of 5 octets: at most 4 are accepted/],
    ['reserved length octet 0xff', concat(bytes(0x30, 0xff), cert), /has a length of 127 octets: at most 4 are accepted/],
    ['length octets cut off', bytes(0x30, 0x82, 0x01), /^the length of a Certificate .* at octet 0 is cut off: the DER is truncated$/],
    // The length octets are whole; what is cut off is the content they announce.
    ['long-form length octets ending the input', bytes(0x30, 0x81, 0x80), /^a Certificate .* at octet 0 runs 128 octets past its end: the DER is truncated$/],
    ['no length octet', bytes(0x30), /is cut off: the DER is truncated/],
    ['last octet missing', cert.subarray(0, cert.length - 1), /^a Certificate .* at octet 0 runs 1 octets past its end: the DER is truncated$/],
    ['length of 2³² − 1', concat(bytes(0x30, 0x84, 0xff, 0xff, 0xff, 0xff), cert), /runs \d+ octets past its end/],
    ['one octet after the certificate', concat(cert, bytes(0)), new RegExp(`^1 unexpected octet after the certificate at octet ${cert.length}$`)],
    ['a public key instead of a certificate', p256, /^signatureAlgorithm \(SEQUENCE\) expected at octet 23, found tag 0x03$/],
    ['tbsCertificate alone', tlv(0x30, tlv(0x30, tlv(0x02, bytes(1)))), /^signatureAlgorithm \(SEQUENCE\) is missing at octet 7/],
    ['an element after the signature', tlv(0x30, tlv(0x30), tlv(0x30), tlv(0x03, bytes(0)), tlv(0x05)), /^2 unexpected octets after the signature at octet 9$/],
    ['subject without subjectPublicKeyInfo', truncatedTbs(), /^subjectPublicKeyInfo \(SEQUENCE\) is missing/],
    ['serialNumber longer than tbsCertificate', overlongSerial(), /^serialNumber \(INTEGER\) at octet 5 runs 100 octets past its end: the DER is truncated$/],
    ['a SET where tbsCertificate starts', tlv(0x30, tlv(0x31), tlv(0x30), tlv(0x03, bytes(0))), /^tbsCertificate \(SEQUENCE\) expected at octet 2, found tag 0x31$/],
    ['a NULL where signatureValue belongs', tlv(0x30, tlv(0x30), tlv(0x30), tlv(0x05)), /^signatureValue \(BIT STRING\) expected at octet 6, found tag 0x05$/],
    ['a version [0] longer than tbsCertificate', tbsOf(bytes(0xa0, 0x05)), /^version \(\[0\]\) at octet 4 runs 5 octets past its end: the DER is truncated$/],
    // Each field of tbsCertificate in turn replaced by a NULL: the message names the field (RFC 5280 §4.1).
    ['a NULL where the signature AlgorithmIdentifier belongs', tbsOf(serial, tlv(0x05)), /^signature \(SEQUENCE\) expected at octet 7, found tag 0x05$/],
    ['a NULL where the issuer belongs', tbsOf(serial, tlv(0x30), tlv(0x05)), /^issuer \(SEQUENCE\) expected at octet 9, found tag 0x05$/],
    ['a NULL where validity belongs', tbsOf(serial, tlv(0x30), tlv(0x30), tlv(0x05)), /^validity \(SEQUENCE\) expected at octet 11, found tag 0x05$/],
    ['a NULL where the subject belongs', tbsOf(serial, tlv(0x30), tlv(0x30), tlv(0x30), tlv(0x05)), /^subject \(SEQUENCE\) expected at octet 13, found tag 0x05$/],
    ['a SET where the certificate starts', concat(bytes(0x31), cert.subarray(1)), /^a Certificate .* expected at octet 0, found tag 0x31$/],
  ])('%s → TypeError', (_, der, message) => {
    expect(() => findCertificateSpki(der)).toThrow(TypeError)
    expect(() => findCertificateSpki(der)).toThrow(message)
  })
})

/** A certificate whose tbsCertificate holds `fields`, with empty signatureAlgorithm and signatureValue. */
function tbsOf(...fields: Uint8Array[]): Uint8Array {
  return tlv(0x30, tlv(0x30, ...fields), tlv(0x30), tlv(0x03, bytes(0)))
}

function truncatedTbs(): Uint8Array {
  const name = tlv(0x30)
  const tbs = tlv(0x30, tlv(0x02, bytes(1)), tlv(0x30), name, tlv(0x30), name)
  return tlv(0x30, tbs, tlv(0x30), tlv(0x03, bytes(0)))
}

function overlongSerial(): Uint8Array {
  // The serialNumber claims 100 more octets than its tbsCertificate holds, though the input has them.
  const tbs = tlv(0x30, bytes(0x02, 0x65, 0x01))
  return tlv(0x30, tbs, tlv(0x30), tlv(0x03, new Uint8Array(120)))
}

describe('readSpkiAlgorithm', () => {
  it.each<[string, Uint8Array, string, string | undefined]>([
    ['RSA', spkiOf(fixture('rsa-2048')), '1.2.840.113549.1.1.1', undefined],
    ['EC P-256', spkiOf(fixture('ec-p256')), '1.2.840.10045.2.1', '1.2.840.10045.3.1.7'],
    ['EC P-384', spkiOf(fixture('ec-p384')), '1.2.840.10045.2.1', '1.3.132.0.34'],
    ['EC P-521', spkiOf(fixture('ec-p521')), '1.2.840.10045.2.1', '1.3.132.0.35'],
    ['Ed25519', spkiOf(fixture('ed25519')), '1.3.101.112', undefined],
    ['OID 2.999.1 (first arc 2, second above 39)', tlv(0x30, tlv(0x30, tlv(0x06, bytes(0x88, 0x37, 0x01))), tlv(0x03, bytes(0))), '2.999.1', undefined],
    // X.690 §8.19.2 forbids 0x80 only as a subidentifier's first octet; inside one it is seven zero bits.
    ['OID 1.3.16384 (0x80 inside a subidentifier)', tlv(0x30, tlv(0x30, tlv(0x06, bytes(0x2b, 0x81, 0x80, 0x00))), tlv(0x03, bytes(0))), '1.3.16384', undefined],
    // The largest arcs read are just above 2⁵², still exact in a double (below 2⁵³).
    ['OID 1.3.2⁵²', tlv(0x30, tlv(0x30, tlv(0x06, bytes(0x2b, 0x88, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00))), tlv(0x03, bytes(0))), `1.3.${2 ** 52}`, undefined],
    // 128 is the first length DER writes in the long form (0x81 0x80, X.690 §10.1).
    ['Ed25519 OID with a 128-octet BIT STRING', tlv(0x30, tlv(0x30, tlv(0x06, bytes(0x2b, 0x65, 0x70))), tlv(0x03, new Uint8Array(128))), '1.3.101.112', undefined],
  ])('%s public key → its algorithm OIDs', (_, der, algorithm, parameters) => {
    expect(readSpkiAlgorithm(der)).toEqual({ algorithm, parameters })
  })

  const spki = (oid: Uint8Array) => tlv(0x30, tlv(0x30, tlv(0x06, oid)), tlv(0x03, bytes(0)))
  it.each<[string, Uint8Array, RegExp]>([
    ['empty input', new Uint8Array(), /^a SubjectPublicKeyInfo \(SEQUENCE, RFC 5280 §4\.1\) is missing at octet 0: the DER ends early$/],
    ['a NULL where the AlgorithmIdentifier belongs', tlv(0x30, tlv(0x05), tlv(0x03, bytes(0))), /^the key AlgorithmIdentifier \(SEQUENCE\) expected at octet 2, found tag 0x05$/],
    ['parameters OID longer than the AlgorithmIdentifier', tlv(0x30, tlv(0x30, tlv(0x06, bytes(0x2a)), bytes(0x06, 0x05)), tlv(0x03, bytes(0))), /^the key parameters \(OBJECT IDENTIFIER\) at octet 7 runs 5 octets past its end: the DER is truncated$/],
    // An OID right after the AlgorithmIdentifier is no parameter: it stands where the key belongs.
    ['an OID where the subjectPublicKey belongs', tlv(0x30, tlv(0x30, tlv(0x06, bytes(0x2b, 0x65, 0x70))), tlv(0x06, bytes(0x2b))), /^subjectPublicKey \(BIT STRING\) expected at octet 9, found tag 0x06$/],
    ['one octet after the key', concat(p256, bytes(0)), /^1 unexpected octet after the public key at octet 91$/],
    ['an element after the subjectPublicKey', tlv(0x30, tlv(0x30, tlv(0x06, bytes(0x2b, 0x65, 0x70))), tlv(0x03, bytes(0)), tlv(0x05)), /^2 unexpected octets after the subjectPublicKey/],
    ['no BIT STRING', tlv(0x30, tlv(0x30, tlv(0x06, bytes(0x2b, 0x65, 0x70)))), /^subjectPublicKey \(BIT STRING\) is missing/],
    ['an OID subidentifier starting 0x80', spki(bytes(0x2b, 0x80, 0x01)), /^the OBJECT IDENTIFIER at octet 4 is not DER \(X\.690 §8\.19\.2\)$/],
    ['an OID ending mid-subidentifier', spki(bytes(0x2b, 0x81)), /is not DER/],
    ['an empty OID', spki(new Uint8Array()), /is not DER/],
    ['an OID arc above 2⁵³', spki(bytes(0x2b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)), /is not DER/],
    ['a certificate instead of a key', certificate(p256), /^the key algorithm \(OBJECT IDENTIFIER\) expected at octet 6, found tag 0xa0$/],
  ])('%s → TypeError', (_, der, message) => {
    expect(() => readSpkiAlgorithm(der)).toThrow(TypeError)
    expect(() => readSpkiAlgorithm(der)).toThrow(message)
  })
})

describe('properties', () => {
  /** Runs `read`; anything thrown must be a TypeError. */
  const onlyTypeErrors = (read: (der: Uint8Array) => unknown) => (der: Uint8Array) => {
    try {
      read(der)
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError)
    }
  }

  it('arbitrary bytes → a result or a TypeError, from both readers', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (der) => {
      onlyTypeErrors(findCertificateSpki)(der)
      onlyTypeErrors(readSpkiAlgorithm)(der)
    }), { numRuns: 2000 })
  })

  const real = new Uint8Array(fixture('ec-p256').raw)
  it('real certificate with one octet changed → a result or a TypeError', () => {
    fc.assert(fc.property(fc.nat(real.length - 1), fc.nat(255), (at, value) => {
      const der = real.slice()
      der[at] = value
      onlyTypeErrors(findCertificateSpki)(der)
    }), { numRuns: 1000 })
  })

  it('real certificate cut short → TypeError saying it is truncated', () => {
    fc.assert(fc.property(fc.nat(real.length - 1), (length) => {
      expect(() => findCertificateSpki(real.subarray(0, length))).toThrow(/truncated|ends early/)
    }), { numRuns: 300 })
  })

  it('real certificate with octets appended → TypeError naming the unexpected octets', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 20 }), (extra) => {
      expect(() => findCertificateSpki(concat(real, extra))).toThrow(/unexpected octets? after the certificate/)
    }), { numRuns: 100 })
  })

  it('any length re-encoded in a longer form → TypeError saying it is not DER', () => {
    // The outer length of the real certificate, written with one more leading zero octet.
    const head = real[1]! & 0x7f
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 - head }), (zeros) => {
      const longer = concat(bytes(0x30, 0x80 | (head + zeros)), new Uint8Array(zeros), real.subarray(2))
      expect(() => findCertificateSpki(longer)).toThrow(/leading zero octet: not DER/)
    }), { numRuns: 10 })
  })
})
