/**
 * What a call proves, and step "claims", its last check: a token bound to a key or certificate
 * (`cnf`, RFC 7800 §3.1) is used by the party it is bound to. A DPoP binding (`jkt`, RFC 9449
 * §6.1) needs a proof, whose key the `dpop` step compares; a certificate binding (`x5t#S256`,
 * RFC 8705 §3.1) needs the client certificate of the TLS connection, compared here. A bound
 * token is never taken as a bearer token (RFC 9449 §7.2, RFC 8705 §3) unless the verifier is told
 * to. The dpop step itself is in dpop.ts, which a verifier reaches only through its `dpop` option.
 */
import { decodeBase64url } from './base64url.js'
import type { DpopFailure } from './dpop-result.js'
import { own, type JsonObject } from './json.js'
import { fail, guarded, read, readOptions } from './mistakes.js'
import { bindingFailure, claimsFailure, PASSED, type BindingFailure, type ClaimsFailure } from './result.js'
import { encodeBase64url, isThumbprint, sha256Base64url } from './thumbprint.js'

/** The DPoP input of one call: the request's `DPoP` header, method and URL. */
export interface DpopInput {
  /**
   * The `DPoP` header's value. `null`, `undefined` or `''` mean the request carried none, as
   * `headers.get('dpop')` says: the token is then judged as a bearer token.
   */
  readonly proof: string | null | undefined
  /** The request's method, compared exactly with the proof's `htm` (RFC 9110 §9.1: case-sensitive). */
  readonly method: string
  /**
   * The absolute URL the client sent the request to, as the client saw it (behind a proxy: the
   * public one). Query and fragment are ignored. A URL that does not parse matches no proof.
   */
  readonly url: string
}

/** A call's DPoP input, checked: a proof is present. */
export interface ProofRequest {
  readonly proof: string
  readonly method: string
  readonly url: string
}

/** Reads a call's `dpop` input; a proof that is absent (`null`, `undefined`, `''`) gives undefined. */
export function resolveDpopInput(input: unknown): ProofRequest | undefined {
  const call = guarded('dpop', () => readOptions<DpopInput>(input, ['proof', 'method', 'url'], 'dpop'))
  if (typeof call.method !== 'string' || call.method === '') fail('dpop.method must be the request\'s method, such as "GET"')
  if (typeof call.url !== 'string' || call.url === '') fail('dpop.url must be the absolute URL of the request, such as "https://api.example.com/orders"')
  const proof = call.proof
  if (proof === undefined || proof === null || proof === '') return undefined
  if (typeof proof !== 'string') fail('dpop.proof must be the DPoP header\'s value (a string), or null when the request has none')
  return { proof, method: call.method, url: call.url }
}

/** Step `dpop` as a verifier runs it: the proof against the request, the token and its claims. */
export interface ProofChecker {
  check(request: ProofRequest, accessToken: string, claims: JsonObject, now: number): Promise<{ readonly ok: true } | DpopFailure>
  /**
   * The nonce provider's `current()`, for the `DPoP-Nonce` of an answer (`verifyRequest`);
   * undefined when the DPoP verifier requires no nonces. May throw or reject: it is the caller's.
   */
  readonly currentNonce: (() => unknown) | undefined
}

/**
 * The property through which `createDpopVerifier`'s object hands a verifier its dpop step. A
 * global symbol, so that copies of the library loaded twice (ESM and CommonJS) recognise it.
 */
export const PROOF_CHECKER: unique symbol = Symbol.for('verify-access-token.proofChecker') as never

/** The dpop step of the `dpop` option; a `TypeError` for anything not made by `createDpopVerifier`. */
export function readProofChecker(value: unknown): ProofChecker {
  const checker = typeof value === 'object' && value !== null ? guarded('dpop', () => read(value, PROOF_CHECKER)) : undefined
  if (typeof checker !== 'object' || checker === null || typeof (checker as ProofChecker).check !== 'function') {
    fail('dpop must be made by createDpopVerifier(options)')
  }
  return checker as ProofChecker
}

/**
 * A client certificate as the TLS terminator hands it over: its DER bytes (Node's
 * `socket.getPeerCertificate().raw`), its PEM text, raw or percent-encoded (nginx
 * `$ssl_client_escaped_cert`, Envoy's `Cert=` in `x-forwarded-client-cert`), or its SHA-256
 * thumbprint: base64url as in `x5t#S256`, or hex with or without colons (Cloudflare's
 * `certFingerprintSHA256`, Envoy's `Hash=`, Node's `fingerprint256`). `null` and `''` mean the
 * connection presented none.
 */
export type ClientCertificate = Uint8Array | string

/**
 * A call's client certificate, read: a function giving its thumbprint (undefined when it cannot
 * be read). A function, so that only verifiers whose calls can pass a certificate (through
 * `resolveCall`) bundle the certificate parsing: `verifyAccessToken` takes no call options.
 */
export type CertificateThumbprint = () => Promise<string | undefined>

/** What a call proves: a DPoP proof (its key is compared later) and a client certificate. */
export interface CallBinding {
  readonly hasProof: boolean
  readonly certificate: CertificateThumbprint | undefined
}

type Outcome = typeof PASSED | BindingFailure | ClaimsFailure

/** Reads a call's `clientCertificate`; absent ones (`undefined`, `null`, `''`) give undefined. */
export function resolveCertificate(value: unknown): CertificateThumbprint | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value === 'string' || value instanceof Uint8Array) return () => certificateThumbprint(value)
  return fail('clientCertificate must be the certificate\'s DER bytes (a Uint8Array), its PEM text, or its SHA-256 thumbprint')
}

/**
 * Checks the token's `cnf` against what the call proves. Synchronous unless a certificate must
 * be hashed. With `acceptAsBearer`, bindings the call does not prove are let through; those it
 * does prove are still checked.
 */
export function checkBinding(claims: JsonObject, call: CallBinding, acceptAsBearer: boolean): Outcome | Promise<Outcome> {
  const cnf = own(claims, 'cnf')
  if (cnf === undefined) return PASSED
  // Security: cnf is an object holding at least one confirmation method (RFC 7800 §3.1); any
  // other shape cannot say what the token is bound to, so it is not read as "bound to nothing".
  if (typeof cnf !== 'object' || cnf === null || Array.isArray(cnf) || Object.keys(cnf).length === 0) {
    return claimsFailure('invalid_claim', 'cnf')
  }
  const methods = cnf as JsonObject
  const jkt = own(methods, 'jkt')
  const x5t = own(methods, 'x5t#S256')
  // Security: both are base64url SHA-256 digests (RFC 9449 §6.1, RFC 8705 §3.1); a value of
  // another shape could never match, and is reported as the malformed claim it is.
  if ((jkt !== undefined && !isThumbprint(jkt)) || (x5t !== undefined && !isThumbprint(x5t))) {
    return claimsFailure('invalid_claim', 'cnf')
  }
  // Security: RFC 9449 §7.2: a DPoP-bound token presented without a proof is refused, not
  // downgraded to a bearer token; whether the proof's key is the bound one is the dpop step's.
  if (jkt !== undefined && !call.hasProof && !acceptAsBearer) return bindingFailure('binding_not_verified', 'jkt')
  // Security: RFC 8705 §3: a certificate-bound token needs the connection's client certificate.
  if (x5t !== undefined && call.certificate === undefined && !acceptAsBearer) return bindingFailure('binding_not_verified', 'x5t#S256')
  // Security: a confirmation method this library does not verify (RFC 7800 jwk, kid, jku, jwe,
  // or an unregistered one) leaves the binding unproven, so the token is not a bearer token either.
  if (!acceptAsBearer && Object.keys(methods).some((name) => name !== 'jkt' && name !== 'x5t#S256')) {
    return bindingFailure('binding_not_verified', 'other')
  }
  if (x5t === undefined || call.certificate === undefined) return PASSED
  return call.certificate().then((thumbprint) =>
    // Security: RFC 8705 §3: the certificate must be the one the token is bound to; one that
    // cannot be read matches nothing.
    thumbprint === x5t ? PASSED : bindingFailure('certificate_mismatch', 'x5t#S256'))
}

const PEM = /^-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----$/
const HEX = /^[0-9A-Fa-f]{64}$/
const COLON_HEX = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){31}$/

/**
 * The base64url SHA-256 thumbprint of a client certificate (RFC 8705 §3.1: of its DER encoding),
 * or undefined when the input is none of the accepted forms. Never throws: the value comes from
 * the connection.
 */
export async function certificateThumbprint(certificate: ClientCertificate): Promise<string | undefined> {
  if (typeof certificate !== 'string') return sha256Base64url(certificate)
  let text = certificate.trim()
  if (isThumbprint(text)) return text
  if (HEX.test(text) || COLON_HEX.test(text)) {
    const hex = text.replaceAll(':', '')
    const bytes = new Uint8Array(32)
    for (let i = 0; i < 32; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
    return encodeBase64url(bytes)
  }
  // nginx's $ssl_client_escaped_cert and Envoy's Cert= are the PEM text percent-encoded; form
  // encoding also writes spaces as "+" (base64's own "+" is then %2B).
  const form = text.startsWith('-----BEGIN+')
  if (form || text.startsWith('-----BEGIN%20')) {
    try {
      text = decodeURIComponent(form ? text.replaceAll('+', '%20') : text).trim()
    } catch {
      // Security: broken percent-encoding is no certificate.
      return undefined
    }
  }
  // Security: one certificate only, the client's own: a chain would hash to nothing the token
  // names, and taking its first block would guess which certificate the terminator meant.
  const pem = PEM.exec(text)
  if (pem === null) return undefined
  const base64 = pem[1]!.replace(/\s/g, '')
  // Security: standard base64 with padding (RFC 7468 §2, RFC 4648 §4), decoded strictly.
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(base64)) return undefined
  const der = decodeBase64url(base64.replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_'))
  return der === undefined || der.length === 0 ? undefined : sha256Base64url(der)
}
