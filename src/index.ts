/** verify-access-token: the public surface. Everything exported here is part of the contract. */
export { createVerifier, verifyAccessToken, type Verifier } from './verify.js'
export type { PerIssuerOptions, VerifyOptions, VerifyOptionsBase } from './options.js'
export type { JsonWebKeySet, KeySetStatus } from './keyset.js'
export type { Algorithm } from './algorithms.js'
export type {
  AccessTokenClaims,
  BindingFailure,
  ClaimName,
  ClaimsCode,
  ClaimsCodeClaims,
  ClaimsFailure,
  ConfirmationMethod,
  ConfiguredClaim,
  CustomClaimsFailure,
  CustomCode,
  FailureCode,
  FormatFailure,
  FormatReason,
  JoseHeader,
  KeyNotFoundFailure,
  KeyNotFoundReason,
  KeyRule,
  PlainSignatureFailure,
  RolesFailure,
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
export type { AudiencedIssuerEntry, BearerCallOptions, CacheOptions, CallOptions, IssuerEntry, IssuerKeySets, KeySetInput, RemoteKeySet } from './options.js'
export type { ClaimCheck } from './checks.js'
export { createJwksFromPem, type PemKey, type PemKeyInput, type PemKeyOptions } from './pem.js'
export { bearerToken, type BearerCode, type BearerFailure, type BearerReason, type BearerResult, type BearerSuccess } from './bearer.js'
export {
  httpAnswer,
  verifyRequest,
  type AnswerOptions,
  type HttpAnswer,
  type HttpFailure,
  type RequestFailure,
  type RequestOptions,
  type RequestResult,
  type RequestVerifier,
} from './http.js'
export { decodeUnverified, type UnverifiedToken } from './decode.js'
export type { ClientCertificate, DpopInput } from './binding.js'
export { createDpopVerifier, type DpopOptions, type DpopVerifier } from './dpop.js'
export type {
  DpopCode,
  DpopFailure,
  DpopReason,
  DpopUnavailableFailure,
  InvalidProofFailure,
  KeyMismatchFailure,
  NonceFailure,
} from './dpop-result.js'
export {
  createDpopNonces,
  createDpopReplayStore,
  type DpopNonceProvider,
  type DpopNoncesOptions,
  type DpopReplayStore,
  type DpopReplayStoreOptions,
} from './dpop-store.js'
export {
  dpopAnswer,
  readDpopRequest,
  type DpopAnswer,
  type DpopAnswerOptions,
  type DpopRequest,
  type DpopRequestFailure,
  type DpopRequestReason,
} from './dpop-http.js'
