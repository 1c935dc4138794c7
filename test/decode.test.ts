/**
 * decodeUnverified: the `format` step alone, for debugging. It decodes tokens no verifier would
 * accept (bad signatures, expired), and refuses exactly what the `format` step refuses.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { decodeUnverified } from '../src/index.js'
import { b64url, failure, generateKey, makeToken, NOW, validClaims, withSignature, type TestKey } from './helpers.js'

let key: TestKey
beforeAll(() => { key = generateKey('P-256') })

describe('well-formed tokens', () => {
  it('signed token → ok with unverifiedHeader and unverifiedPayload, and nothing named as verified', () => {
    const claims = validClaims()
    const result = decodeUnverified(makeToken({ key, claims }))
    expect(result).toEqual({ ok: true, unverifiedHeader: { alg: 'ES256', kid: key.kid }, unverifiedPayload: claims })
    expect(Object.keys(result).sort()).toEqual(['ok', 'unverifiedHeader', 'unverifiedPayload'])
  })

  it.each([
    ['a wrong signature', () => withSignature(makeToken({ key }), new Uint8Array(64))],
    ['exp in the past', () => makeToken({ key, claims: validClaims({ exp: NOW - 1e6 }) })],
    ['alg none and an empty signature', () => `${b64url('{"alg":"none"}')}.${b64url('{"sub":"x"}')}.`],
  ])('token with %s → ok (nothing is verified)', (_, make) => {
    expect(decodeUnverified(make())).toMatchObject({ ok: true })
  })
})

describe('the format step\'s strictness', () => {
  it.each([
    ['a number', 42, 'not_a_string'],
    ['two segments', 'a.b', 'segments'],
    ['padded base64url', `${b64url('{"alg":"ES256"}')}=.${b64url('{}')}.`, 'base64url'],
    ['a repeated member', `${b64url('{"alg":"ES256"}')}.${b64url('{"sub":"a","sub":"b"}')}.`, 'duplicate_member'],
    ['a payload that is an array', `${b64url('{"alg":"ES256"}')}.${b64url('[1]')}.`, 'not_object'],
    ['crit', `${b64url('{"alg":"ES256","crit":["exp"]}')}.${b64url('{}')}.`, 'unsupported_header'],
    ['more than 16384 characters', `${b64url('{"alg":"ES256"}')}.${'A'.repeat(16384)}.`, 'too_large'],
  ])('token with %s → format/malformed %s', (_, token, reason) => {
    expect(decodeUnverified(token)).toEqual(failure.format(reason as never))
  })

  it('any string → a result, never a throw', () => {
    fc.assert(fc.property(fc.string(), (token) => {
      expect(typeof decodeUnverified(token).ok).toBe('boolean')
    }))
  })
})
