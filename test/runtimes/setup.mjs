/**
 * Host-side preparation for the runtime matrix (./matrix.mjs): installing the runtimes, writing
 * the corpus as one JavaScript module, and the loopback HTTP server that browsers load modules
 * from and that serves key sets to the remote smoke checks. Node only.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { extname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const HERE = join(ROOT, 'test', 'runtimes')
/** The pinned runtimes and drivers: package.json and package-lock.json here, node_modules ignored. */
export const TOOLCHAIN = join(HERE, 'toolchain')
/** Generated files (the corpus module, the workerd bundle, the last run's table); ignored. */
export const CACHE = join(HERE, '.cache')

/** A path inside the toolchain's node_modules. */
export const tool = (path) => join(TOOLCHAIN, 'node_modules', path)

const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`

/**
 * `npm ci` into toolchain/node_modules, skipped while the stamp written after the last install
 * matches package.json and package-lock.json: a warm run makes no network call at all.
 * @returns {boolean} whether it installed
 */
export function installToolchain() {
  const stamp = createHash('sha256')
    .update(readFileSync(join(TOOLCHAIN, 'package.json')))
    .update(readFileSync(join(TOOLCHAIN, 'package-lock.json')))
    .digest('hex')
  const stampFile = tool('.matrix-stamp')
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return false
  const started = performance.now()
  console.log('installing the runtimes (npm ci in test/runtimes/toolchain) …')
  execFileSync('npm', ['ci', '--prefix', TOOLCHAIN, '--no-fund', '--no-audit', '--loglevel=error'], { stdio: 'inherit' })
  writeFileSync(stampFile, stamp)
  console.log(`installed in ${seconds(started)}`)
  return true
}

/**
 * The browser executables. The Debian packages `chromium` and `firefox-esr` are installed with
 * apt-get when a selected browser is missing and this runs as root; otherwise that runtime fails
 * with a message saying what to install. CHROMIUM_PATH and FIREFOX_PATH override the paths.
 * @param {Set<string>} ids the selected runtime ids
 */
export function installBrowsers(ids) {
  const wanted = {
    chromium: { path: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', apt: 'chromium' },
    firefox: { path: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', apt: 'firefox-esr' },
  }
  const missing = Object.entries(wanted).filter(([id, { path }]) => ids.has(id) && !existsSync(path))
  const packages = missing.map(([, { apt }]) => apt)
  if (packages.length > 0 && process.getuid?.() !== 0) {
    console.log(`missing ${packages.join(', ')}, and not root: apt-get install ${packages.join(' ')}, or --skip ${missing.map(([id]) => id).join(',')}`)
  } else if (packages.length > 0) {
    const started = performance.now()
    console.log(`installing ${packages.join(', ')} with apt-get …`)
    try {
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: ['ignore', 'ignore', 'inherit'], env })
      console.log(`installed in ${seconds(started)}`)
    } catch {
      console.log(`apt-get install ${packages.join(' ')} failed`)
    }
  }
  return { chromium: wanted.chromium.path, firefox: wanted.firefox.path }
}

/**
 * The corpus as one JavaScript module (`files` as runCorpus takes them, and `jwksByPath`):
 * workerd refuses JSON import attributes, and one module loads the same way everywhere (an
 * import in Node, Deno, Bun and browsers, a bundled module in workerd, a SourceTextModule in the
 * edge VM). Files are found as test/vectors/run.mjs finds them: every .json but keys/ and schema.json.
 * @param {string} vectors the corpus directory
 */
export function writeCorpusModule(vectors) {
  const names = []
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name)
      const name = relative(vectors, path).split(sep).join('/')
      if (entry.isDirectory()) {
        if (name !== 'keys') walk(path)
      } else if (entry.name.endsWith('.json') && name !== 'schema.json') {
        names.push(name)
      }
    }
  }
  walk(vectors)
  names.sort()
  const files = names.map((name) => ({ name, data: JSON.parse(readFileSync(join(vectors, name), 'utf8')) }))
  const jwksByPath = {}
  for (const name of readdirSync(join(vectors, 'keys')).filter((file) => file.endsWith('.json')).sort()) {
    jwksByPath[`keys/${name}`] = JSON.parse(readFileSync(join(vectors, 'keys', name), 'utf8'))
  }
  let count = 0
  for (const { data } of files) for (const group of data.testGroups ?? []) count += group.tests?.length ?? 0
  // JSON.parse of one string literal: engines load that faster than the same data as an object literal.
  const source = '// Generated by test/runtimes/matrix.mjs from the vectors directory; do not edit.\n' +
    `export const files = JSON.parse(${JSON.stringify(JSON.stringify(files))})\n` +
    `export const jwksByPath = JSON.parse(${JSON.stringify(JSON.stringify(jwksByPath))})\n`
  const path = join(CACHE, 'data.mjs')
  writeFileSync(`${path}.tmp`, source)
  renameSync(`${path}.tmp`, path)
  return { path, url: pathToFileURL(path).href, files: files.length, vectors: count }
}

/**
 * The loopback server, on 127.0.0.1 and a free port. Browsers load the page and every module
 * from it (a secure context: crypto.subtle exists on 127.0.0.1 over http). Remote smoke checks
 * fetch vectors/keys/*.json from /keys/ (as an issuer's jwks_uri: cacheable, CORS open) and
 * discover them from /issuers/<name>/.well-known/openid-configuration; any other path,
 * /missing/… included, answers 404.
 * @param {{ dist: string, vectors: string }} dirs
 */
export async function startServer({ dist, vectors }) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json' }
  const routes = [
    ['/dist/', join(dist, sep)],
    ['/test/runtimes/', join(HERE, sep)],
    ['/test/vectors/', join(ROOT, 'test', 'vectors', sep)],
    ['/work/', join(CACHE, sep)],
    ['/keys/', join(vectors, 'keys', sep)],
  ]
  const server = http.createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    const headers = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' }
    if (path === '/') {
      response.writeHead(200, { ...headers, 'content-type': types['.html'] })
      return response.end('<!doctype html><meta charset="utf-8"><title>runtime matrix</title>')
    }
    // Issuer metadata (OpenID Connect Discovery) for the issuer `${base}/issuers/<name>`, whose
    // jwks_uri is the key set vectors/keys/<name>.
    const discovery = /^\/issuers\/([\w.-]+\.json)\/\.well-known\/openid-configuration$/.exec(path)
    if (discovery !== null && existsSync(join(vectors, 'keys', discovery[1]))) {
      const base = `http://${request.headers.host}`
      response.writeHead(200, { ...headers, 'content-type': 'application/json' })
      return response.end(JSON.stringify({ issuer: `${base}/issuers/${discovery[1]}`, jwks_uri: `${base}/keys/${discovery[1]}` }))
    }
    for (const [prefix, dir] of routes) {
      if (!path.startsWith(prefix)) continue
      const file = resolve(dir, path.slice(prefix.length))
      // Security of the test server itself: nothing outside the routed directories is served.
      if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) break
      const keySet = prefix === '/keys/'
      response.writeHead(200, {
        ...headers,
        'content-type': keySet ? 'application/jwk-set+json' : (types[extname(file)] ?? 'application/octet-stream'),
        ...(keySet ? { 'cache-control': 'max-age=60' } : {}),
      })
      return response.end(readFileSync(file))
    }
    response.writeHead(404, headers)
    response.end()
  })
  await new Promise((done) => server.listen(0, '127.0.0.1', () => done(undefined)))
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  return { server, base: `http://127.0.0.1:${address.port}` }
}
