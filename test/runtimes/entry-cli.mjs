/**
 * The matrix entry for runtimes with a command line: Node, Deno and Bun. Imports the built package
 * (dist/index.js, as users do) and the corpus data module by URL, runs ./harness.mjs and prints the
 * result as one JSON line after a marker. No file system access: everything arrives by import.
 *
 *   <runtime> test/runtimes/entry-cli.mjs '{"dist":"file:///…/dist/","data":"file:///…/data.mjs",…}'
 */
import { runAll } from './harness.mjs'

const g = /** @type {any} */ (globalThis)
const args = g.Deno ? g.Deno.args : g.process.argv.slice(2)
const config = JSON.parse(args[0])
const [lib, internal, data] = await Promise.all([
  import(new URL('index.js', config.dist).href),
  import(new URL('internal.js', config.dist).href),
  import(config.data),
])
const result = await runAll({ lib, internal, files: data.files, jwksByPath: data.jwksByPath, remoteBase: config.remoteBase })
console.log(`@@matrix-result ${JSON.stringify(result)}`)
