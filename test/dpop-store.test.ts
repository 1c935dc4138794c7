/**
 * The per-process DPoP state: the bounded memory replay store (RFC 9449 §11.1) and rotating
 * server nonces (RFC 9449 §8, §9). Time is moved with fake timers (Date.now only).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDpopNonces, createDpopReplayStore } from '../src/index.js'

beforeEach(() => { vi.useFakeTimers({ toFake: ['Date'], now: 1_700_000_000_000 }) })
afterEach(() => { vi.useRealTimers() })

describe('createDpopReplayStore', () => {
  it('an id added once → true; again within its ttl → false', () => {
    const store = createDpopReplayStore()
    expect(store.add('a', 10)).toBe(true)
    vi.advanceTimersByTime(9_999)
    expect(store.add('a', 10)).toBe(false)
  })

  it('an id again after its ttl → true (the proof it stood for is too old by then)', () => {
    const store = createDpopReplayStore()
    store.add('a', 10)
    vi.advanceTimersByTime(10_000)
    expect(store.add('a', 10)).toBe(true)
  })

  it('an id again after its ttl, recorded behind a longer-lived id → true (expired, though not yet swept out)', () => {
    const store = createDpopReplayStore()
    store.add('long', 300)
    store.add('a', 10)
    vi.advanceTimersByTime(10_000)
    expect(store.add('a', 10)).toBe(true)
    expect(store.add('long', 300)).toBe(false)
  })

  it('maxEntries reached → the id added first is forgotten, the others kept', () => {
    const store = createDpopReplayStore({ maxEntries: 1000 })
    for (let i = 0; i < 1000; i++) store.add(`id-${i}`, 300)
    expect(store.add('one-more', 300)).toBe(true)
    expect(store.add('id-0', 300)).toBe(true)
    expect(store.add('id-999', 300)).toBe(false)
  })

  it.each([
    ['maxEntries 10 (below 1000)', { maxEntries: 10 }],
    ['maxEntries fractional', { maxEntries: 1000.5 }],
    ['an unknown option', { max: 1000 }],
    ['options null', null],
  ])('%s → throws TypeError', (_what, options) => {
    expect(() => createDpopReplayStore(options as never)).toThrow(TypeError)
  })

  it.each([
    ['options null', null, 'createDpopReplayStore options must be an object'],
    ['options with a throwing getter', { get maxEntries(): never { throw new Error('boom') } }, 'createDpopReplayStore options could not be read'],
    ['maxEntries 10 (below 1000)', { maxEntries: 10 }, 'maxEntries must be a whole number of entries from 1000 to 10000000'],
  ])('%s → throws TypeError saying the fix', (_what, options, message) => {
    expect(() => createDpopReplayStore(options as never)).toThrow(new TypeError(`verify-access-token: ${message}`))
  })
})

describe('createDpopNonces', () => {
  it('current() twice within a lifetime → one nonce, accepted by check()', () => {
    const nonces = createDpopNonces()
    const nonce = nonces.current() as string
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(nonces.current()).toBe(nonce)
    expect(nonces.check(nonce)).toBe(true)
    expect(nonces.check(`${nonce}x`)).toBe(false)
  })

  it('one lifetime later → a new current nonce; the previous one still accepted', () => {
    const nonces = createDpopNonces({ lifetime: 60 })
    const first = nonces.current() as string
    vi.advanceTimersByTime(60_000)
    const second = nonces.current() as string
    expect(second).not.toBe(first)
    expect(nonces.check(first)).toBe(true)
    expect(nonces.check(second)).toBe(true)
  })

  it('after a rotation, a nonce never handed out → not accepted', () => {
    const nonces = createDpopNonces({ lifetime: 60 })
    nonces.current()
    vi.advanceTimersByTime(60_000)
    nonces.current()
    expect(nonces.check('not-a-nonce-it-gave')).toBe(false)
  })

  it('check() without a nonce (an untyped caller) → false, also before any rotation', () => {
    const nonces = createDpopNonces({ lifetime: 60 })
    expect(nonces.check(undefined as never)).toBe(false)
    nonces.current()
    expect(nonces.check(undefined as never)).toBe(false)
  })

  it('a nonce is current for one lifetime from createDpopNonces, not from the first current()', () => {
    const nonces = createDpopNonces({ lifetime: 60 })
    vi.advanceTimersByTime(30_000)
    const first = nonces.current() as string
    vi.advanceTimersByTime(30_000)
    expect(nonces.current()).not.toBe(first)
    expect(nonces.check(first)).toBe(true)
  })

  it('two lifetimes without a request → the old nonce no longer accepted', () => {
    const nonces = createDpopNonces({ lifetime: 60 })
    const first = nonces.current() as string
    vi.advanceTimersByTime(120_000)
    expect(nonces.check(first)).toBe(false)
  })

  it('two providers → different nonces (random, RFC 9449 §8: unpredictable)', () => {
    expect(createDpopNonces().current()).not.toBe(createDpopNonces().current())
  })

  it.each([['lifetime 5 (below 10 s)', { lifetime: 5 }], ['lifetime in milliseconds', { lifetime: 300_000 }], ['an unknown option', { ttl: 60 }]])(
    '%s → throws TypeError', (_what, options) => {
      expect(() => createDpopNonces(options as never)).toThrow(TypeError)
    })

  it.each([
    ['options null', null, 'createDpopNonces options must be an object'],
    ['options with a throwing getter', { get lifetime(): never { throw new Error('boom') } }, 'createDpopNonces options could not be read'],
    ['lifetime 5 (below 10 s)', { lifetime: 5 }, 'lifetime must be a whole number of seconds from 10 to 86400'],
  ])('%s → throws TypeError saying the fix', (_what, options, message) => {
    expect(() => createDpopNonces(options as never)).toThrow(new TypeError(`verify-access-token: ${message}`))
  })
})
