/**
 * A loopback HTTP server for the remote key set tests: real sockets on 127.0.0.1, so the real
 * `fetch` meets real timeouts, redirects, resets and oversized bodies, and every request is
 * counted by path. Handlers below are the misbehaving endpoints a key set URL can turn into.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Handler = (request: IncomingMessage, response: ServerResponse) => void

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  /** Serves `handler` at `path` (replacing an earlier one) and returns the full URL. */
  route(path: string, handler: Handler): string
  /** Requests received for `path`, whether or not a handler was routed there (404). */
  count(path: string): number
  /** The headers of the last request for `path`. */
  headers(path: string): IncomingHttpHeaders | undefined
  close(): Promise<void>
}

export async function startServer(): Promise<TestServer> {
  const routes = new Map<string, Handler>()
  const counts = new Map<string, number>()
  const lastHeaders = new Map<string, IncomingHttpHeaders>()
  const server = createServer((request, response) => {
    const path = request.url ?? '/'
    counts.set(path, (counts.get(path) ?? 0) + 1)
    lastHeaders.set(path, request.headers)
    const handler = routes.get(path)
    if (handler === undefined) response.writeHead(404).end()
    else handler(request, response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    route(path, handler) {
      routes.set(path, handler)
      return origin + path
    },
    count: (path) => counts.get(path) ?? 0,
    headers: (path) => lastHeaders.get(path),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      // Stalled and endless responses would otherwise keep close() waiting.
      server.closeAllConnections()
    }),
  }
}

/** A URL on 127.0.0.1 where nothing listens: the port was free a moment ago (connection refused). */
export async function closedPortUrl(path = '/jwks.json'): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}${path}`
}

/** 200 with `body` (a Buffer or text) and a content-length, unless `chunked` leaves it out. */
export function raw(body: string | Buffer, headers: Record<string, string> = {}, chunked = false): Handler {
  return (_, response) => {
    const bytes = Buffer.from(body)
    response.writeHead(200, {
      'content-type': 'application/json',
      ...(chunked ? {} : { 'content-length': String(bytes.length) }),
      ...headers,
    })
    if (!chunked) {
      response.end(bytes)
      return
    }
    // Several writes without a content-length: Node sends Transfer-Encoding: chunked.
    const half = bytes.length >> 1
    response.write(bytes.subarray(0, half))
    response.end(bytes.subarray(half))
  }
}

/** 200 with the JSON of `body()`, read at each request so an endpoint can rotate its keys. */
export function json(body: () => unknown, headers: Record<string, string> = {}): Handler {
  return (request, response) => raw(JSON.stringify(body()), headers)(request, response)
}

/** `code` with a short text body and any extra headers (`retry-after`). */
export function status(code: number, headers: Record<string, string> = {}): Handler {
  return (_, response) => response.writeHead(code, { 'content-type': 'text/plain', ...headers }).end('error')
}

/** A handler that can be replaced while requests arrive: an endpoint that goes down and comes back. */
export function switchable(initial: Handler): { readonly handler: Handler; set(next: Handler): void } {
  let current = initial
  return {
    handler: (request, response) => current(request, response),
    set(next) { current = next },
  }
}

export function redirect(location: string): Handler {
  return (_, response) => response.writeHead(302, { location }).end()
}

/** Answers with `handler` after `ms`, or never if the client went away first. */
export function delayed(ms: number, handler: Handler): Handler {
  return (request, response) => {
    const timer = setTimeout(() => {
      if (!response.destroyed) handler(request, response)
    }, ms)
    response.on('close', () => clearTimeout(timer))
  }
}

/** Sends the headers and the start of a key set at once, then nothing: only a timeout ends it. */
export function stalledBody(): Handler {
  return (_, response) => {
    response.writeHead(200, { 'content-type': 'application/json' })
    response.write('{"keys":[')
  }
}

/** A body that never ends (valid JSON so far: an array opened and filled with spaces). */
export function endless(): Handler {
  const chunk = Buffer.alloc(16 * 1024, 0x20)
  return (_, response) => {
    response.writeHead(200, { 'content-type': 'application/json' })
    response.write('{"keys":[')
    let closed = false
    response.on('close', () => { closed = true })
    const pump = (): void => {
      while (!closed) {
        if (!response.write(chunk)) {
          response.once('drain', pump)
          return
        }
      }
    }
    pump()
  }
}

/** Declares a body, sends part of it, then resets the connection. */
export function truncated(): Handler {
  return (_, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' })
    response.write('{"keys":[', () => response.socket?.destroy())
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))

/** Resolves once `condition()` holds, checking every 5 ms; rejects after `ms` (a hung fetch fails the test, not the run). */
export async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`)
    await sleep(5)
  }
}
