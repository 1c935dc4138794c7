/**
 * The Fetch API types the public declarations name, without requiring them: where the
 * consumer's compilation has them (the DOM lib, @types/node, Deno, Bun, workers), these are the
 * platform's own `Request`, `Response` and `AbortSignal`; where it has none (`lib: ["es2022"]`
 * alone), the few members this library uses. So the published `.d.ts` compile either way.
 */

/** The instance type of a global constructor, or the fallback when the global is not declared. */
type Platform<Name extends string, Fallback> = typeof globalThis extends { readonly [K in Name]: { readonly prototype: infer T } } ? T : Fallback

/** A Fetch API `Request`: what `verifyRequest` and `readDpopRequest` read of it. */
export type FetchRequest = Platform<'Request', {
  readonly headers: { get(name: string): string | null }
  readonly method: string
  readonly url: string
}>

/** A Fetch API `Response`: what a remote key set reads of one, and what `verifyRequest` builds. */
export type FetchResponse = Platform<'Response', {
  readonly ok: boolean
  readonly status: number
  readonly headers: { get(name: string): string | null }
  readonly body: unknown
}>

/** The request options a remote key set passes to `fetch`. */
export interface FetchInit {
  readonly headers: Record<string, string>
  readonly redirect: 'manual'
  readonly signal: Platform<'AbortSignal', unknown>
}

/** A WHATWG `URL`, or its `href` alone where the compilation declares no `URL`. */
export type WebUrl = Platform<'URL', { readonly href: string }>
