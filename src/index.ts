/** verify-access-token: the public surface. Everything exported here is part of the contract. */
export { createVerifier, verifyAccessToken, type Verifier } from './verify.js'
export type { CallOptions, VerifyOptions } from './options.js'
export type { JsonWebKeySet } from './jwks.js'
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
  ScopeClaim,
  ScopesFailure,
  SignatureCode,
  SignatureFailure,
  Step,
  VerifyFailure,
  VerifyResult,
  VerifySuccess,
} from './result.js'
export { createRemoteJwks, discoverJwks, type RemoteJwks, type RemoteJwksOptions } from './remote.js'
export type { KeySetInput } from './options.js'
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
