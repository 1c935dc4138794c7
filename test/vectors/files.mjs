/**
 * Finds and reads the corpus on disk, for the Node-side runners: `npm run vectors`, the runtime
 * matrix and the tests. Node only (node:fs); running the vectors is ./corpus.mjs, which is not.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

// The step files first, in pipeline order, then everything else (imports in subfolders) by name.
const ORDER = ['format.json', 'signature.json', 'claims.json', 'scopes.json', 'dpop.json', 'dpop-proof.json', 'valid.json']

/**
 * Every vector file under `dir`, as `/`-separated paths relative to it: each .json except
 * schema.json and the key sets in keys/.
 * @param {string} dir
 * @returns {string[]}
 */
export function findVectorFiles(dir) {
  if (!existsSync(dir)) return []
  /** @type {string[]} */
  const found = []
  const walk = (/** @type {string} */ at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name)
      const name = relative(dir, path).split(sep).join('/')
      if (entry.isDirectory()) {
        if (name !== 'keys') walk(path)
      } else if (entry.name.endsWith('.json') && name !== 'schema.json') {
        found.push(name)
      }
    }
  }
  walk(dir)
  const rank = (/** @type {string} */ name) => (ORDER.includes(name) ? ORDER.indexOf(name) : ORDER.length + (name.includes('/') ? 1 : 0))
  return found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
}

/**
 * Every key set in `dir`/keys/, by the path vectors name it with (`keys/<name>.json`).
 * @param {string} dir
 * @returns {Map<string, unknown>}
 */
export function readKeySets(dir) {
  const keys = join(dir, 'keys')
  if (!existsSync(keys)) return new Map()
  return new Map(readdirSync(keys).filter((file) => file.endsWith('.json')).sort()
    .map((file) => [`keys/${file}`, JSON.parse(readFileSync(join(keys, file), 'utf8'))]))
}
