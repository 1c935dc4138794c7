// @ts-check
/**
 * The soak's key-set endpoint, in a worker thread so that it answers on its own event loop, as
 * an issuer's server would, however busy the verifier's loop is. It serves the keys the soak
 * publishes (message `publish`), follows the outage schedule (schedule.mjs), logs every request,
 * and hands the log back when told to stop (message `stop`). Listens on 127.0.0.1 only.
 */
import { createServer } from 'node:http'
import { parentPort, workerData } from 'node:worker_threads'
import { modeAt } from './schedule.mjs'

/** @type {{ plan: import('./schedule.mjs').Schedule, started: number }} */
const { plan, started } = workerData
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort)

/** @type {unknown[]} */
let keys = []
/** @type {{ start: number, end: number, outcome: string, kids: string[] }[]} */
const log = []
let open = 0
let maxOpen = 0

const server = createServer((request, response) => {
  const start = Date.now()
  const outcome = modeAt(plan, started, start)
  const kids = outcome === 'ok' ? keys.map((k) => String(/** @type {{ kid: unknown }} */ (k).kid)) : []
  open++
  maxOpen = Math.max(maxOpen, open)
  let done = false
  const finish = () => {
    if (done) return
    done = true
    open--
    log.push({ start, end: Date.now(), outcome, kids })
  }
  response.on('finish', finish)
  response.on('close', finish)
  request.resume()
  if (outcome === 'ok') {
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': `max-age=${plan.maxAge / 1000}` })
    response.end(JSON.stringify({ keys }))
  } else if (outcome === '500') {
    response.writeHead(500).end('error')
  } else if (outcome === '429') {
    response.writeHead(429, { 'retry-after': String(plan.retryAfter / 1000) }).end()
  }
  // 'no answer': nothing is sent; the client's timeout aborts the request, which closes it here.
})

port.on('message', (message) => {
  if (message.type === 'publish') {
    keys = message.keys
    port.postMessage({ type: 'published', kids: keys.map((k) => String(/** @type {{ kid: unknown }} */ (k).kid)) })
  } else if (message.type === 'stop') {
    server.closeAllConnections()
    server.close(() => {
      port.postMessage({ type: 'log', log, maxOpen })
      port.close()
    })
  }
})

server.listen(0, '127.0.0.1', () => {
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  port.postMessage({ type: 'ready', url: `http://127.0.0.1:${address.port}/jwks.json` })
})
