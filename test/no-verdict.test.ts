/**
 * The pipeline's guard after the signature step (src/verify.ts): a verdict that is neither
 * `ok: true` nor `ok: false` means nothing was verified, so verification rejects rather than
 * judging the claims. No real input gets there; the signature step is replaced to reach it.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { createVerifier, verifyAccessToken } from '../src/index.js'
import { generateKey, makeToken, options, type TestKey } from './helpers.js'

// A verdict that is not one: what a bug handing over an unawaited value would look like.
vi.mock('../src/signature.js', async (original) => ({
  ...await original<typeof import('../src/signature.js')>(),
  checkSignature: () => ({ ok: undefined }),
}))

let key: TestKey
beforeAll(() => { key = generateKey('P-256') })

const NO_VERDICT = new TypeError('verify-access-token: internal error: the signature step gave no verdict')

describe('signature step without a verdict', () => {
  it('valid token, verdict ok undefined → rejects with the internal error TypeError', async () => {
    await expect(verifyAccessToken(makeToken({ key }), options(key))).rejects.toThrow(NO_VERDICT)
  })

  it('valid token through a verifier, verdict ok undefined → rejects with the internal error TypeError', async () => {
    await expect(createVerifier(options(key))(makeToken({ key }))).rejects.toThrow(NO_VERDICT)
  })
})
