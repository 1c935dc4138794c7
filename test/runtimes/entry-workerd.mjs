/**
 * The matrix entry for workerd: an ES-module worker (no nodejs_compat, so no Node globals) whose
 * fetch handler runs ./harness.mjs and answers with the result. ./runners.mjs bundles it with
 * dist/index.js, dist/internal.js, the harness, the corpus runner core and the corpus module,
 * under the names it imports them by. POST body: { "remoteBase": "http://127.0.0.1:<port>" }.
 */
import { runAll } from './test/runtimes/harness.mjs'
import * as lib from './dist/index.js'
import * as internal from './dist/internal.js'
import { files, jwksByPath } from './data.mjs'

export default {
  async fetch(request) {
    try {
      const { remoteBase } = await request.json()
      const result = await runAll({ lib, internal, files, jwksByPath, remoteBase, expectBare: true })
      return new Response(JSON.stringify(result), { headers: { 'content-type': 'application/json' } })
    } catch (error) {
      return new Response(String((error && error.stack) || error), { status: 500 })
    }
  },
}
