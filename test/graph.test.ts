/**
 * Microsoft Graph tokens: Entra ID signs them over a hash of their header `nonce`, so only Graph
 * can verify them. A signature that does not verify while the header has a `nonce` fails with
 * `signature/graph_token`; the code is decided from the unverified header only to name a
 * rejection, so it never turns a failure into a success or a verified token into a failure.
 */
import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { verifyAccessToken } from '../src/index.js'
import { b64url, failure, generateKey, makeToken, options, signSegments, validClaims, type TestKey } from './helpers.js'

let key: TestKey
let stranger: TestKey
beforeAll(() => {
  key = generateKey('RSA', 'graph-kid')
  stranger = generateKey('RSA', 'graph-kid')
})

const nonce = 'AQABAAAAAABnfiG-mA6NTae7CdWW7Qfdr_vA1td_KJ55uewzV8uA'

/** A token carrying `header` but signed over `signed` (Graph signs the hashed nonce). */
function signedOver(header: object, signed: object): string {
  const payload = b64url(JSON.stringify(validClaims({ aud: '00000003-0000-0000-c000-000000000000' })))
  const [, , signature] = signSegments(key, 'RS256', b64url(JSON.stringify(signed)), payload).split('.')
  return `${b64url(JSON.stringify(header))}.${payload}.${signature}`
}

describe('graph_token', () => {
  it('nonce header, signed over the nonce\'s SHA-256 as Graph does → signature/graph_token', async () => {
    const header = { typ: 'JWT', nonce, alg: 'RS256', kid: key.kid }
    const hashed = { ...header, nonce: createHash('sha256').update(nonce).digest('base64url') }
    expect(await verifyAccessToken(signedOver(header, hashed), options(key))).toEqual(failure.signature('graph_token'))
  })

  it('nonce header with a signature that does verify → ok (a nonce alone refuses nothing)', async () => {
    expect(await verifyAccessToken(makeToken({ key, header: { nonce } }), options(key))).toMatchObject({ ok: true })
  })

  it('nonce header, signed by a key that is not in the set under the same kid → signature/graph_token', async () => {
    expect(await verifyAccessToken(makeToken({ key: stranger, header: { nonce } }), options(key))).toEqual(failure.signature('graph_token'))
  })

  it.each([['an empty string', ''], ['null', null], ['a number', 1]])('nonce header %s with a bad signature → signature/graph_token', async (_, value) => {
    expect(await verifyAccessToken(makeToken({ key: stranger, header: { nonce: value } }), options(key))).toEqual(failure.signature('graph_token'))
  })

  it('nonce header with an unknown kid → signature/key_not_found (only a signature that was checked is renamed)', async () => {
    const result = await verifyAccessToken(makeToken({ key: stranger, header: { nonce, kid: 'other' } }), options(key))
    expect(result).toEqual(failure.signature('key_not_found'))
  })

  it('nonce header with an algorithm not allowed → signature/alg_not_allowed', async () => {
    const result = await verifyAccessToken(makeToken({ key, alg: 'PS256', header: { nonce } }), options(key, { algorithms: ['RS256'] }))
    expect(result).toEqual(failure.signature('alg_not_allowed'))
  })

  it('nonce only in the payload, bad signature → signature/invalid_signature', async () => {
    const result = await verifyAccessToken(makeToken({ key: stranger, claims: validClaims({ nonce }) }), options(key))
    expect(result).toEqual(failure.signature('invalid_signature'))
  })

  it('nonce inherited from Object.prototype → signature/invalid_signature (own members only)', async () => {
    Object.defineProperty(Object.prototype, 'nonce', { value: 'x', configurable: true })
    try {
      expect(await verifyAccessToken(makeToken({ key: stranger }), options(key))).toEqual(failure.signature('invalid_signature'))
    } finally {
      delete (Object.prototype as { nonce?: unknown }).nonce
    }
  })
})
