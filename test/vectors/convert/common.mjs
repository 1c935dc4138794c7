/**
 * What every part of the converter shares: where the external material is (../shared beside the
 * repository, as in CI) and where the corpus goes, the pinned upstream commits, reading inputs
 * checked against their published SHA-256 sums, and the deterministic JSON every file is written in.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ALGORITHMS } from '../../codes.mjs'
import { readAttackClasses } from '../files.mjs'

// In CI the repository is cloned with shared/ beside it: <repo>/../shared.
const EXTERNAL = new URL('../../../../shared/vectors-external/', import.meta.url)
export const OUT = new URL('../../../vectors/', import.meta.url)
export const GENERATOR = 'test/vectors/convert-external.mjs'
const SCHEMA = 'verify-access-token-vectors/v1'

export const WYCHEPROOF_COMMIT = 'dac1dd4729fd1f8dd9e1e9f3dce51d783da6c166'
export const COOKBOOK_COMMIT = '13692b68bfc18b99557a5b1ed311fd5077bfff04'

// Every algorithm the library supports: in `jws` groups the allow-list never decides a case on
// its own, so the key policy and the signature do. `none` and HS* cannot be listed (TypeError).
export const ALL_ALGORITHMS = ALGORITHMS

// ---------------------------------------------------------------------------------------------
// Inputs, checked against the SHA256SUMS the shared folder was published with.

const wycheproofDir = new URL('wycheproof/testvectors_v1/', EXTERNAL)
const sums = new Map(readFileSync(new URL('wycheproof/SHA256SUMS', EXTERNAL), 'utf8').trim().split('\n')
  .map((line) => line.trim().split(/\s+/)).map(([hash, name]) => [name.replace(/^.*\//, ''), hash]))

export function readWycheproof(name) {
  const bytes = readFileSync(new URL(name, wycheproofDir))
  const hash = createHash('sha256').update(bytes).digest('hex')
  if (sums.get(name) !== hash) throw new Error(`${name}: SHA-256 ${hash} does not match wycheproof/SHA256SUMS`)
  return JSON.parse(bytes.toString('utf8'))
}

export const readRfc = (name) => JSON.parse(readFileSync(new URL(`rfc/${name}`, EXTERNAL), 'utf8'))

// ---------------------------------------------------------------------------------------------
// Encodings.

export const hexToBytes = (hex) => Buffer.from(hex, 'hex')
export const b64u = (bytes) => Buffer.from(bytes).toString('base64url')
export const stripZeros = (bytes) => {
  let i = 0
  while (i < bytes.length - 1 && bytes[i] === 0) i++
  return bytes.subarray(i)
}

// ---------------------------------------------------------------------------------------------
// Output: deterministic JSON, two-space indented, short flat values on one line.

function render(value, indent = '') {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  const inner = indent + '  '
  const flat = Array.isArray(value)
    ? value.every((item) => item === null || typeof item !== 'object')
    : Object.values(value).every((item) => item === null || typeof item !== 'object' ||
      (Array.isArray(item) && item.every((x) => x === null || typeof x !== 'object')))
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    if (flat) return `[${value.map((item) => JSON.stringify(item)).join(', ')}]`
    return `[\n${value.map((item) => inner + render(item, inner)).join(',\n')}\n${indent}]`
  }
  const entries = Object.entries(value).filter(([, item]) => item !== undefined)
  if (entries.length === 0) return '{}'
  const oneLine = `{ ${entries.map(([k, item]) => `${JSON.stringify(k)}: ${render(item, inner)}`).join(', ')} }`
  if (flat && oneLine.length <= 200) return oneLine
  return `{\n${entries.map(([k, item]) => `${inner}${JSON.stringify(k)}: ${render(item, inner)}`).join(',\n')}\n${indent}}`
}

export const outputs = new Map()
export function emit(path, data) {
  outputs.set(path, `${render(data)}\n`)
}

// The tags converted tests may carry: the class ids of the attack catalogue.
const ATTACK_IDS = new Set((readAttackClasses(fileURLToPath(OUT)) ?? []).map(({ id }) => id))

export function vectorFile({ kind, description, source, notes, testGroups }) {
  for (const test of testGroups.flatMap((group) => group.tests)) {
    for (const tag of test.tags ?? []) {
      if (!ATTACK_IDS.has(tag)) throw new Error(`${description.slice(0, 40)}… tc${test.tcId}: tag ${tag} is not in vectors/attacks.json`)
    }
  }
  return {
    schema: SCHEMA,
    kind,
    description,
    source: { ...source, generator: GENERATOR },
    numberOfTests: testGroups.reduce((n, group) => n + group.tests.length, 0),
    notes,
    testGroups,
  }
}

/** What each converted file holds, for the closing summary. */
export const report = []
