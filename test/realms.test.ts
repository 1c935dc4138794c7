/**
 * WebCrypto's promises from another realm. An edge sandbox (the Vercel edge runtime's EdgeVM)
 * hands out its host's `crypto.subtle`, whose promises are no `instanceof Promise` of the realm the
 * library runs in. The pipeline must still wait for them: a regression once let a tampered
 * signature through there, because a pending verdict was taken for a verified one.
 */
import vm from 'node:vm'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createVerifier } from '../src/index.js'
import { failure, generateKeys, makeToken, options, segmentsOf, type KeySet } from './helpers.js'

let keys: KeySet
beforeAll(() => {
  keys = generateKeys(['RSA', 'P-256'])
})
afterEach(() => {
  vi.restoreAllMocks()
})

/** crypto.subtle.verify and importKey answering with promises of a fresh node:vm realm. */
function foreignRealmCrypto() {
  const ForeignPromise = vm.runInNewContext('Promise') as PromiseConstructor
  const subtle = crypto.subtle
  const verify = subtle.verify.bind(subtle)
  const importKey = subtle.importKey.bind(subtle)
  const foreign = <T>(promise: Promise<T>) => new ForeignPromise<T>((resolve, reject) => { promise.then(resolve, reject) })
  vi.spyOn(subtle, 'verify').mockImplementation((...args: Parameters<SubtleCrypto['verify']>) => foreign(verify(...args)))
  vi.spyOn(subtle, 'importKey').mockImplementation(((...args: Parameters<SubtleCrypto['importKey']>) => foreign(importKey(...args))) as never)
  expect(new ForeignPromise(() => {}) instanceof Promise).toBe(false)
}

const tamper = (token: string) => {
  const [h, p, s] = segmentsOf(token)
  return `${h}.${p}.${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`
}

describe('WebCrypto promises from another realm', () => {
  it.each(['RSA', 'P-256'] as const)('%s: valid → ok, tampered signature → signature/invalid_signature', async (kind) => {
    foreignRealmCrypto()
    const key = keys[kind]
    const verify = createVerifier(options(key))
    const token = makeToken({ key })
    expect(await verify(token)).toMatchObject({ ok: true })
    expect(await verify(tamper(token))).toEqual(failure.signature('invalid_signature'))
  })

  it('with the verdict cache: tampered → invalid_signature, and never remembered', async () => {
    foreignRealmCrypto()
    const key = keys['P-256']
    const verify = createVerifier(options(key, { cache: {} }))
    const token = makeToken({ key })
    expect(await verify(tamper(token))).toEqual(failure.signature('invalid_signature'))
    expect(await verify(token)).toMatchObject({ ok: true })
    expect(await verify(tamper(token))).toEqual(failure.signature('invalid_signature'))
  })

  it('the verifier answers with a promise of its own realm', async () => {
    foreignRealmCrypto()
    const key = keys['P-256']
    const pending = createVerifier(options(key))(makeToken({ key }))
    expect(pending).toBeInstanceOf(Promise)
    await pending
  })
})
