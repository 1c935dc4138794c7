// @ts-check
/**
 * Finds and reads the corpus on disk, for the Node-side runners: `npm run vectors`, the runtime
 * matrix and the tests. Node only (node:fs); running the vectors is ./corpus.mjs, which is not.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

// The step files first, in pipeline order, then everything else (imports in subfolders) by name.
const ORDER = ['format.json', 'signature.json', 'claims.json', 'scopes.json', 'dpop.json', 'dpop-proof.json', 'valid.json']
// JSON under vectors/ that describes the corpus rather than holding vectors (key sets: keys/).
const NOT_VECTORS = ['schema.json', 'attacks.json', 'attacks.schema.json', 'package.json']

/**
 * Every vector file under `dir`, as `/`-separated paths relative to it: each .json except the
 * schemas, the attack catalogue and the key sets in keys/.
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
      } else if (entry.name.endsWith('.json') && !NOT_VECTORS.includes(name)) {
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

/**
 * @typedef {object} AttackClass
 * @property {string} id The tag vectors use: A01, A02, …
 * @property {string} name
 * @property {string} attack What the attack is, in one sentence.
 * @property {string[]} steps A vector of the class must be rejected at one of these steps.
 * @property {boolean} acceptedVariant Whether the class also needs a vector that verifies.
 */

/**
 * The attack classes of `dir`/attacks.json (shape: attacks.schema.json), or undefined when the
 * directory has no catalogue (a corpus other than this one).
 * @param {string} dir
 * @returns {AttackClass[] | undefined}
 */
export function readAttackClasses(dir) {
  const path = join(dir, 'attacks.json')
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')).classes : undefined
}
