/**
 * Test helpers: key generation and token signing with node:crypto, independent of src/, so a bug
 * in the library cannot hide in the code that makes its inputs. Keys come from a pool made in
 * advance (below); each test file calls `generateKeys` once in `beforeAll` and shares the result.
 */
import { constants, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import type {
  Algorithm, ClaimName, ClaimsCode, FormatReason, ScopeClaim, ScopesFailure, SignatureCode, VerifyOptions,
} from '../src/index.js'
import { ALGORITHMS } from './codes.mjs'

/** The fixed time tests verify at, in seconds since the epoch (2023-11-14T22:13:20Z). */
export const NOW = 1_700_000_000
export const ISSUER = 'https://as.example'
export const AUDIENCE = 'https://api.example'

export type KeyKind = 'RSA' | 'P-256' | 'P-384' | 'P-521' | 'Ed25519'

/** A public JWK as a key set publishes it; `kid` and the rest are optional like on the wire. */
export type PublicJwk = Record<string, unknown> & { kty: string }

export interface TestKey {
  readonly kind: KeyKind
  readonly privateKey: KeyObject
  /** The public JWK with this key's `kid` (and no `alg`, so RSA keys serve RS* and PS*). */
  readonly jwk: PublicJwk
  readonly kid: string
}

/** How node:crypto signs each JWS algorithm (RFC 7518 §3, RFC 8037 §3.1). */
const SIGNERS: Readonly<Record<Algorithm, { kind: KeyKind; hash: string | null; pss?: number; p1363?: true }>> = {
  RS256: { kind: 'RSA', hash: 'sha256' },
  RS384: { kind: 'RSA', hash: 'sha384' },
  RS512: { kind: 'RSA', hash: 'sha512' },
  PS256: { kind: 'RSA', hash: 'sha256', pss: 32 },
  PS384: { kind: 'RSA', hash: 'sha384', pss: 48 },
  PS512: { kind: 'RSA', hash: 'sha512', pss: 64 },
  ES256: { kind: 'P-256', hash: 'sha256', p1363: true },
  ES384: { kind: 'P-384', hash: 'sha384', p1363: true },
  ES512: { kind: 'P-521', hash: 'sha512', p1363: true },
  EdDSA: { kind: 'Ed25519', hash: null },
  Ed25519: { kind: 'Ed25519', hash: null },
}

/** The key kind an algorithm signs with. */
export function kindOf(alg: Algorithm): KeyKind {
  return SIGNERS[alg].kind
}

// Key pairs made in advance (test/keys/pool/make.mjs). Making an RSA-2048 pair took 0.1 to 1.4 s
// here, every test file needs some, and mutation testing reruns the files for every mutant. Each
// call takes the next unused pair of its kind, so the keys of one test file are still distinct;
// once a kind's pairs are used up, pairs are generated.
const POOL = JSON.parse(readFileSync(new URL('keys/pool/pool.json', import.meta.url), 'utf8')) as Record<KeyKind, string[]>
const used: Record<KeyKind, number> = { RSA: 0, 'P-256': 0, 'P-384': 0, 'P-521': 0, Ed25519: 0 }

/** One key pair this test file has not had yet; `kid` defaults to the kind's name. */
export function generateKey(kind: KeyKind, kid: string = kind): TestKey {
  const pem = POOL[kind][used[kind]++]
  const privateKey = pem !== undefined ? createPrivateKey(pem)
    : kind === 'RSA' ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
    : kind === 'Ed25519' ? generateKeyPairSync('ed25519').privateKey
    : generateKeyPairSync('ec', { namedCurve: kind }).privateKey
  const jwk = { ...createPublicKey(privateKey).export({ format: 'jwk' }), kid } as PublicJwk
  return { kind, privateKey, jwk, kid }
}

export type KeySet = Readonly<Record<KeyKind, TestKey>>

/** One key of each kind requested (all by default); RSA is the slow one, so ask only when needed. */
export function generateKeys(kinds: readonly KeyKind[] = ['RSA', 'P-256', 'P-384', 'P-521', 'Ed25519']): KeySet {
  const keys: Partial<Record<KeyKind, TestKey>> = {}
  for (const kind of kinds) keys[kind] = generateKey(kind)
  return keys as KeySet
}

/** Unpadded base64url of text (as UTF-8) or bytes. */
export function b64url(value: string | Uint8Array): string {
  return Buffer.from(value).toString('base64url')
}

/** The raw signature of `signingInput` (ASCII) under `key` with `alg`. */
export function signBytes(key: TestKey, alg: Algorithm, signingInput: string): Buffer {
  const signer = SIGNERS[alg]
  const data = Buffer.from(signingInput, 'latin1')
  if (signer.pss !== undefined) {
    return sign(signer.hash, data, { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: signer.pss })
  }
  if (signer.p1363) return sign(signer.hash, data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' })
  return sign(signer.hash, data, key.privateKey)
}

/** Signs two already-encoded segments into a compact JWS. */
export function signSegments(key: TestKey, alg: Algorithm, header: string, payload: string): string {
  const input = `${header}.${payload}`
  return `${input}.${b64url(signBytes(key, alg, input))}`
}

/**
 * A header or payload: an object (JSON-encoded, `undefined` members dropped), a string (raw JSON
 * text, sent as is so tests can write duplicates, `1e309` or bad syntax), or raw bytes.
 */
export type Part = object | string | Uint8Array

function encodePart(part: Part): string {
  if (typeof part === 'string' || part instanceof Uint8Array) return b64url(part)
  return b64url(JSON.stringify(part))
}

export interface TokenInput {
  readonly key: TestKey
  /** Defaults to the natural algorithm of the key (RS256, ES256/384/512, EdDSA). */
  readonly alg?: Algorithm
  /** An object is merged over `{ alg, kid }`; a string or bytes replace the header entirely. */
  readonly header?: Part
  /** Defaults to `validClaims()`. */
  readonly claims?: Part
}

const NATURAL: Readonly<Record<KeyKind, Algorithm>> = {
  'RSA': 'RS256', 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512', 'Ed25519': 'EdDSA',
}

/** A signed compact JWS; by default a token that verifies under `options(key)` at `NOW`. */
export function makeToken(input: TokenInput): string {
  const alg = input.alg ?? NATURAL[input.key.kind]
  const header = input.header === undefined || isPlainPart(input.header)
    ? { alg, kid: input.key.kid, ...(input.header as object | undefined) }
    : input.header
  return signSegments(input.key, alg, encodePart(header), encodePart(input.claims ?? validClaims()))
}

function isPlainPart(part: Part): part is object {
  return typeof part === 'object' && !(part instanceof Uint8Array)
}

/** Claims that pass the claims step at `NOW` with `options()`; members set to undefined are dropped. */
export function validClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISSUER,
    sub: 'user-1',
    aud: AUDIENCE,
    client_id: 'client-1',
    iat: NOW - 60,
    exp: NOW + 600,
    jti: 'token-1',
    scope: 'read write',
    ...overrides,
  }
}

/** Options that accept `validClaims()` at `NOW`, with every algorithm allowed unless overridden. */
export function options(keys: TestKey | readonly TestKey[], overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  const list = Array.isArray(keys) ? keys : [keys as TestKey]
  return {
    jwks: { keys: list.map((key) => key.jwk) },
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ALGORITHMS,
    currentDate: new Date(NOW * 1000),
    ...overrides,
  }
}

/** The three segments of a compact token. */
export function segmentsOf(token: string): [header: string, payload: string, signature: string] {
  const parts = token.split('.')
  return [parts[0] ?? '', parts[1] ?? '', parts[2] ?? '']
}

/** The token with its signature segment replaced by `signature` bytes. */
export function withSignature(token: string, signature: Uint8Array): string {
  const [header, payload] = segmentsOf(token)
  return `${header}.${payload}.${b64url(signature)}`
}

/** An HS256 signature keyed with `secret`: the algorithm-confusion forgery (RFC 8725 §2.1). */
export function hmacSegments(secret: string, header: object, payload: object): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`
  return `${input}.${b64url(createHmac('sha256', secret).update(input).digest())}`
}

// Expected results: exact shapes, so `toEqual` also proves no claim, header or token text leaked
// into a failure. `message` is fixed English; only its presence is pinned here.
export const failure = {
  format: (reason: FormatReason) => ({ ok: false, step: 'format', code: 'malformed', reason, message: expect.any(String) }),
  signature: (code: SignatureCode, reason?: string) => ({
    ok: false, step: 'signature', code, message: expect.any(String),
    // key_not_found and jwks_unavailable say why (a closed list); the rest carry no reason.
    ...(code === 'key_not_found' ? { reason: reason ?? expect.any(String) } : {}),
    ...(code === 'key_not_found' && reason === 'key_rejected' ? { rule: expect.any(String) } : {}),
    ...(code === 'jwks_unavailable' ? { reason: reason ?? expect.any(String), retryAfter: expect.any(Number) } : {}),
  }),
  // claim: a wire name, or any name the options chose (requiredClaims, claimValues, idTokenClaims).
  claims: (code: ClaimsCode, claim: ClaimName | (string & Record<never, never>)) => ({ ok: false, step: 'claims', code, claim, message: expect.any(String) }),
  scopes: (code: ScopesFailure['code'], claim: ScopeClaim, missing: readonly string[], required?: readonly string[]) =>
    ({ ok: false, step: 'scopes', code, claim, missing, required: required ?? expect.any(Array), message: expect.any(String) }),
  // claim: the roleClaim path, members joined by dots.
  roles: (code: 'insufficient_role' | 'invalid_claim', claim: string, missing: readonly string[], required?: readonly string[]) =>
    ({ ok: false, step: 'scopes', code, claim, missing, required: required ?? expect.any(Array), message: expect.any(String) }),
}
