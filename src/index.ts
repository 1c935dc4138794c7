/** verify-access-token: the public surface. Everything exported here is part of the contract. */
export { createVerifier, verifyAccessToken, type Verifier } from './verify.js'
export type { VerifyOptions } from './options.js'
export type { JsonWebKeySet } from './keyset.js'
export type { Algorithm } from './algorithms.js'
export type {
  AccessTokenClaims,
  ClaimName,
  ClaimsCode,
  ClaimsCodeClaims,
  ClaimsFailure,
  FailureCode,
  FormatFailure,
  FormatReason,
  JoseHeader,
  KeyNotFoundFailure,
  KeyNotFoundReason,
  KeyRule,
  PlainSignatureFailure,
  UnavailableFailure,
  UnavailableReason,
  ScopeClaim,
  ScopesFailure,
  SignatureCode,
  SignatureFailure,
  Step,
  VerifyFailure,
  VerifyResult,
  VerifySuccess,
} from './result.js'
export { createRemoteJwks, discoverJwks, type FetchOutcome, type RemoteJwks, type RemoteJwksOptions } from './remote.js'
export type { CacheOptions, CallOptions, IssuerKeySets, KeySetInput, RemoteKeySet } from './options.js'
export { createJwksFromPem, type PemKey, type PemKeyInput, type PemKeyOptions } from './pem.js'
