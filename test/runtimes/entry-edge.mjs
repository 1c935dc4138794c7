/**
 * The matrix entry for the Vercel edge runtime: a host Node script that creates an EdgeVM
 * (@edge-runtime/vm, the sandbox `edge-runtime` and Next.js use) and loads the built ES modules
 * into it with node:vm's SourceTextModule, so dist/index.js, ./harness.mjs and the corpus run with
 * the edge globals only (no process, Buffer or require). Needs `--experimental-vm-modules`.
 *
 *   node --experimental-vm-modules entry-edge.mjs '{"dist":"file:///…/dist/","data":"file:///…/data.mjs","edgeVm":"/…/@edge-runtime/vm",…}'
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import vm from 'node:vm'
import { fileURLToPath, pathToFileURL } from 'node:url'

const config = JSON.parse(process.argv[2])
const require = createRequire(pathToFileURL(config.edgeVm + '/').href)
const { EdgeVM } = require(config.edgeVm)
const edge = new EdgeVM()

/** @type {Map<string, vm.SourceTextModule>} */
const modules = new Map()
function load(url) {
  let module = modules.get(url)
  if (module === undefined) {
    module = new vm.SourceTextModule(readFileSync(fileURLToPath(url), 'utf8'), { context: edge.context, identifier: url })
    modules.set(url, module)
  }
  return module
}
const harness = new URL('./harness.mjs', import.meta.url).href
const entry = new vm.SourceTextModule(`
  import { runAll } from ${JSON.stringify(harness)}
  import * as lib from ${JSON.stringify(new URL('index.js', config.dist).href)}
  import * as internal from ${JSON.stringify(new URL('internal.js', config.dist).href)}
  import { files, jwksByPath } from ${JSON.stringify(config.data)}
  globalThis.__matrixResult = runAll({ lib, internal, files, jwksByPath, remoteBase: ${JSON.stringify(config.remoteBase)}, expectBare: true })
    .then((result) => JSON.stringify(result))
`, { context: edge.context, identifier: 'matrix-entry.mjs' })
// Relative and absolute specifiers only: the library and the harness import nothing by bare name.
await entry.link(async (specifier, referrer) => load(new URL(specifier, referrer.identifier.startsWith('file:') ? referrer.identifier : harness).href))
await entry.evaluate()
const json = await edge.context.__matrixResult
const result = JSON.parse(json)
result.env.host = `node ${process.version}`
console.log(`@@matrix-result ${JSON.stringify(result)}`)
