/**
 * One runner per kind of runtime in the matrix (./matrix.mjs). Each starts the runtime, has it load
 * the built package the way its users do, runs ./harness.mjs there and resolves to
 * `{ version, result }` (result: what runAll returned), or rejects with what went wrong.
 * Node only (the host side); the code that runs inside the runtimes is harness.mjs and the entries.
 */
import { execFileSync, spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import net from 'node:net'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CACHE, HERE, ROOT, TOOLCHAIN, tool } from './setup.mjs'

/**
 * @typedef {{
 *   dist: string, data: { path: string, url: string }, remoteBase: string,
 *   browsers: { chromium: string, firefox: string }, timeoutMs: number,
 * }} Context
 */

const requireTool = createRequire(join(TOOLCHAIN, 'package.json'))

/** Node, Deno or Bun running ./entry-cli.mjs, which imports dist/index.js by URL. */
export async function runCli(runtime, /** @type {Context} */ context) {
  const bin = [runtime.bin].flat().find((path) => existsSync(path))
  if (bin === undefined) throw new Error(`${[runtime.bin].flat().join(' or ')} is missing (toolchain install incomplete?)`)
  const config = { dist: pathToFileURL(context.dist).href, data: context.data.url, remoteBase: context.remoteBase }
  const args = typeof runtime.args === 'function' ? runtime.args(context) : runtime.args
  const result = await spawnForResult(bin, [...args, join(HERE, 'entry-cli.mjs'), JSON.stringify(config)], context.timeoutMs)
  return { version: runtime.version(result.env) ?? '?', result }
}

/** The EdgeVM of @edge-runtime/vm inside the toolchain's Node 20 (./entry-edge.mjs). */
export async function runEdge(_runtime, /** @type {Context} */ context) {
  const edgeVm = tool('@edge-runtime/vm')
  const config = { dist: pathToFileURL(context.dist).href, data: context.data.url, remoteBase: context.remoteBase, edgeVm }
  const args = ['--experimental-vm-modules', '--no-warnings', join(HERE, 'entry-edge.mjs'), JSON.stringify(config)]
  const result = await spawnForResult(tool('node20/bin/node'), args, context.timeoutMs)
  const version = JSON.parse(readFileSync(join(edgeVm, 'package.json'), 'utf8')).version
  return { version: `@edge-runtime/vm ${version} (host ${result.env.host})`, result }
}

/** Debian's Chromium, driven by playwright-core over CDP. */
export async function runChromium(_runtime, /** @type {Context} */ context) {
  if (!existsSync(context.browsers.chromium)) throw new Error(`${context.browsers.chromium} is missing (apt-get install chromium)`)
  const { chromium } = requireTool('playwright-core')
  const browser = await chromium.launch({
    executablePath: context.browsers.chromium,
    // Root needs --no-sandbox; the rest keeps Chromium from calling home.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  })
  try {
    return { version: browser.version(), result: await runInPage(await browser.newPage(), context) }
  } finally {
    await browser.close()
  }
}

/**
 * Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi (Playwright cannot drive a
 * stock Firefox ESR: see ../shared/research/runtimes.md §4c).
 */
export async function runFirefox(_runtime, /** @type {Context} */ context) {
  if (!existsSync(context.browsers.firefox)) throw new Error(`${context.browsers.firefox} is missing (apt-get install firefox-esr)`)
  const puppeteer = requireTool('puppeteer-core')
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: context.browsers.firefox,
    headless: true,
    extraPrefsFirefox: { 'network.proxy.type': 0 },
  })
  try {
    const result = await runInPage(await browser.newPage(), context)
    return { version: (await browser.version()).replace(/^firefox\//i, ''), result }
  } finally {
    await browser.close()
  }
}

/** Opens the matrix page and runs the harness in it; Playwright and Puppeteer pages alike. */
async function runInPage(page, /** @type {Context} */ context) {
  const errors = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`${context.remoteBase}/`)
  const config = { harness: '/test/runtimes/harness.mjs', index: '/dist/index.js', internal: '/dist/internal.js', data: '/work/data.mjs', remoteBase: context.remoteBase }
  try {
    return JSON.parse(await page.evaluate(inPage, config))
  } catch (error) {
    throw new Error(`${error.message}${errors.length > 0 ? `\npage errors: ${errors.join('; ')}` : ''}`)
  }
}

/** Runs in the page (serialised by the driver): the modules are imported from the loopback server. */
async function inPage(config) {
  const [harness, lib, internal, corpus] = await Promise.all([
    import(config.harness), import(config.index), import(config.internal), import(config.data),
  ])
  const result = await harness.runAll({
    lib, internal, files: corpus.files, jwksByPath: corpus.jwksByPath, remoteBase: config.remoteBase, expectBare: true,
  })
  return JSON.stringify(result)
}

/**
 * workerd serving one ES-module worker without nodejs_compat, so the library runs with no Node
 * globals; the worker's fetch handler runs the harness. The bundle keeps the repository's
 * relative layout, so harness.mjs finds ../vectors/corpus.mjs by the same import as elsewhere.
 */
export async function runWorkerd(_runtime, /** @type {Context} */ context) {
  const bin = tool('@cloudflare/workerd-linux-64/bin/workerd')
  if (!existsSync(bin)) throw new Error(`${bin} is missing (toolchain install incomplete?)`)
  const dir = join(CACHE, 'workerd')
  rmSync(dir, { recursive: true, force: true })
  const modules = {
    'worker.mjs': join(HERE, 'entry-workerd.mjs'),
    'dist/index.js': join(context.dist, 'index.js'),
    'dist/internal.js': join(context.dist, 'internal.js'),
    'test/runtimes/harness.mjs': join(HERE, 'harness.mjs'),
    'test/vectors/corpus.mjs': join(ROOT, 'test', 'vectors', 'corpus.mjs'),
    'data.mjs': context.data.path,
  }
  for (const [name, source] of Object.entries(modules)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    copyFileSync(source, join(dir, name))
  }
  writeFileSync(join(dir, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .matrixWorker),
    # Outbound fetch reaches loopback only: the matrix's key-set server.
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const matrixWorker :Workerd.Worker = (
  modules = [
${Object.keys(modules).map((name) => `    (name = "${name}", esModule = embed "${name}"),`).join('\n')}
  ],
  # Not newer than the binary's own date, which workerd refuses.
  compatibilityDate = "2025-09-01",
  globalOutbound = "loopback",
);
`)
  const port = await freePort()
  const child = spawn(bin, ['serve', join(dir, 'config.capnp'), '--socket-addr', `http=127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] })
  const stderr = []
  child.stderr.on('data', (chunk) => stderr.push(chunk))
  const exited = new Promise((done) => child.on('close', (code) => done(code ?? 'signal')))
  try {
    let response
    for (let attempt = 0; response === undefined; attempt++) {
      try {
        response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: JSON.stringify({ remoteBase: context.remoteBase }) })
      } catch (error) {
        // Not listening yet: wait a little, unless workerd has exited or 30 s have passed.
        const code = await Promise.race([exited, new Promise((done) => setTimeout(() => done(undefined), 100))])
        if (code !== undefined || attempt > 300) {
          throw new Error(`workerd did not answer (${code === undefined ? error.message : `exited with ${code}`}):\n${tail(stderr)}`)
        }
      }
    }
    const body = await response.text()
    if (!response.ok) throw new Error(`the worker answered ${response.status}:\n${body.slice(0, 2000)}`)
    const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim().replace(/^workerd\s+/, '')
    const npmVersion = JSON.parse(readFileSync(tool('workerd/package.json'), 'utf8')).version
    return { version: `${version} (npm workerd ${npmVersion})`, result: JSON.parse(body) }
  } finally {
    child.kill('SIGTERM')
    await exited
  }
}

/** Spawns a runtime and reads the `@@matrix-result <json>` line it prints. */
function spawnForResult(bin, args, timeoutMs) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', DENO_NO_PROMPT: '1', NO_COLOR: '1' },
    })
    // The matrix's own timeout rejects first; this makes sure the process does not outlive it.
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs + 1000)
    const out = []
    const err = []
    child.stdout.on('data', (chunk) => out.push(chunk))
    child.stderr.on('data', (chunk) => err.push(chunk))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(killer)
      const stdout = Buffer.concat(out).toString('utf8')
      const line = stdout.split('\n').find((text) => text.startsWith('@@matrix-result '))
      if (line !== undefined && code === 0) return resolvePromise(JSON.parse(line.slice('@@matrix-result '.length)))
      reject(new Error(`exited with ${signal ?? code}:\n${tail([...err, Buffer.from(stdout)])}`))
    })
  })
}

function tail(chunks) {
  return Buffer.concat(chunks).toString('utf8').trim().split('\n').slice(-15).join('\n')
}

function freePort() {
  return new Promise((done, reject) => {
    const probe = net.createServer()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (probe.address())
      probe.close(() => done(port))
    })
  })
}
