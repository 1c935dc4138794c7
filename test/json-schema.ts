/**
 * A small JSON Schema (draft 2020-12) validator for the corpus self-test: enough of the spec to
 * check vectors/schema.json without a dependency. A keyword it does not implement throws, so a
 * schema can never pass data through a check that silently did nothing.
 *
 * Supported: local `$ref` (`#`, `#/$defs/…`), boolean schemas, `type` (incl. `integer` and lists),
 * `enum`, `const`, `properties`, `patternProperties`, `additionalProperties`, `required`,
 * `propertyNames`, `prefixItems`, `items`, `minItems`, `maxItems`, `uniqueItems`, `minLength`,
 * `maxLength`, `pattern`, `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `allOf`,
 * `anyOf`, `oneOf`, `not`, `if`/`then`/`else`; annotations (`title`, `description`, …) are ignored.
 */

export type JsonSchema = boolean | { readonly [keyword: string]: unknown }

const ANNOTATIONS = new Set([
  '$schema', '$id', '$comment', '$defs', 'definitions', '$anchor', 'title', 'description', 'default',
  'examples', 'deprecated', 'readOnly', 'writeOnly', 'format',
])

const KEYWORDS = new Set([
  '$ref', 'type', 'enum', 'const', 'properties', 'patternProperties', 'additionalProperties', 'required',
  'propertyNames', 'prefixItems', 'items', 'minItems', 'maxItems', 'uniqueItems', 'minLength', 'maxLength',
  'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'allOf', 'anyOf', 'oneOf', 'not',
  'if', 'then', 'else',
])

/**
 * Validates `value` against `schema`; returns one message per violation, each starting with the
 * JSON Pointer of the offending value (empty: valid). Throws on an unsupported or broken schema.
 */
export function validate(schema: JsonSchema, value: unknown): string[] {
  const errors: string[] = []
  check(schema, value, '', schema, errors)
  return errors
}

function check(schema: unknown, value: unknown, path: string, root: JsonSchema, errors: string[]): void {
  if (schema === true) return
  if (schema === false) {
    errors.push(`${at(path)}: no value is allowed here`)
    return
  }
  if (!isObject(schema)) throw new Error(`schema at ${at(path)} is neither an object nor a boolean`)
  for (const keyword of Object.keys(schema)) {
    if (!KEYWORDS.has(keyword) && !ANNOTATIONS.has(keyword)) throw new Error(`unsupported JSON Schema keyword "${keyword}"`)
  }
  const s = schema
  const fail = (message: string) => errors.push(`${at(path)}: ${message}`)

  if (typeof s.$ref === 'string') check(resolveRef(root, s.$ref), value, path, root, errors)
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string]
    if (!types.some((type) => hasType(value, type))) fail(`must be ${types.join(' or ')}, is ${typeName(value)}`)
  }
  if (Array.isArray(s.enum) && !s.enum.some((item) => deepEqual(item, value))) {
    fail(`must be one of ${JSON.stringify(s.enum)}`)
  }
  if ('const' in s && !deepEqual(s.const, value)) fail(`must be ${JSON.stringify(s.const)}`)

  if (isObject(value)) checkObject(s, value, path, root, errors)
  if (Array.isArray(value)) checkArray(s, value, path, root, errors)
  if (typeof value === 'string') {
    const length = [...value].length // code points, as the spec counts
    if (typeof s.minLength === 'number' && length < s.minLength) fail(`must have at least ${s.minLength} characters`)
    if (typeof s.maxLength === 'number' && length > s.maxLength) fail(`must have at most ${s.maxLength} characters`)
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) fail(`must match /${s.pattern}/`)
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) fail(`must be >= ${s.minimum}`)
    if (typeof s.maximum === 'number' && value > s.maximum) fail(`must be <= ${s.maximum}`)
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) fail(`must be > ${s.exclusiveMinimum}`)
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) fail(`must be < ${s.exclusiveMaximum}`)
  }

  if (Array.isArray(s.allOf)) for (const sub of s.allOf) check(sub, value, path, root, errors)
  if (Array.isArray(s.anyOf)) checkBranches('anyOf', s.anyOf, value, path, root, errors)
  if (Array.isArray(s.oneOf)) checkBranches('oneOf', s.oneOf, value, path, root, errors)
  if ('not' in s && collect(s.not, value, path, root).length === 0) fail('must not match the "not" schema')
  if ('if' in s) {
    const branch = collect(s.if, value, path, root).length === 0 ? s.then : s.else
    if (branch !== undefined) check(branch, value, path, root, errors)
  }
}

function checkObject(s: Record<string, unknown>, value: Record<string, unknown>, path: string, root: JsonSchema, errors: string[]): void {
  const properties = isObject(s.properties) ? s.properties : {}
  const patterns = isObject(s.patternProperties) ? Object.entries(s.patternProperties) : []
  if (Array.isArray(s.required)) {
    for (const name of s.required as string[]) {
      if (!Object.hasOwn(value, name)) errors.push(`${at(path)}: must have property "${name}"`)
    }
  }
  for (const [name, item] of Object.entries(value)) {
    const itemPath = `${path}/${escapePointer(name)}`
    if ('propertyNames' in s) check(s.propertyNames, name, itemPath, root, errors)
    let matched = false
    if (Object.hasOwn(properties, name)) {
      matched = true
      check(properties[name], item, itemPath, root, errors)
    }
    for (const [pattern, sub] of patterns) {
      if (new RegExp(pattern, 'u').test(name)) {
        matched = true
        check(sub, item, itemPath, root, errors)
      }
    }
    if (!matched && 'additionalProperties' in s) {
      if (s.additionalProperties === false) errors.push(`${at(path)}: property "${name}" is not allowed`)
      else check(s.additionalProperties, item, itemPath, root, errors)
    }
  }
}

function checkArray(s: Record<string, unknown>, value: unknown[], path: string, root: JsonSchema, errors: string[]): void {
  const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : []
  value.forEach((item, i) => {
    if (i < prefix.length) check(prefix[i], item, `${path}/${i}`, root, errors)
    else if ('items' in s) check(s.items, item, `${path}/${i}`, root, errors)
  })
  if (typeof s.minItems === 'number' && value.length < s.minItems) errors.push(`${at(path)}: must have at least ${s.minItems} items`)
  if (typeof s.maxItems === 'number' && value.length > s.maxItems) errors.push(`${at(path)}: must have at most ${s.maxItems} items`)
  if (s.uniqueItems === true && value.some((item, i) => value.findIndex((other) => deepEqual(item, other)) !== i)) {
    errors.push(`${at(path)}: items must be unique`)
  }
}

function checkBranches(name: 'anyOf' | 'oneOf', branches: unknown[], value: unknown, path: string, root: JsonSchema, errors: string[]): void {
  const results = branches.map((sub) => collect(sub, value, path, root))
  const passing = results.filter((result) => result.length === 0).length
  if (passing === 0) {
    // The branch with the fewest violations is most likely the one the author meant.
    const closest = results.reduce((best, result) => (result.length < best.length ? result : best), results[0] ?? [])
    const hint = closest[0]?.startsWith(`${at(path)}: `) ? closest[0].slice(at(path).length + 2) : closest[0]
    errors.push(`${at(path)}: matches no branch of ${name}` + (hint === undefined ? '' : `; closest: ${hint}`))
  } else if (name === 'oneOf' && passing > 1) {
    errors.push(`${at(path)}: matches ${passing} branches of oneOf, must match exactly one`)
  }
}

function collect(schema: unknown, value: unknown, path: string, root: JsonSchema): string[] {
  const errors: string[] = []
  check(schema, value, path, root, errors)
  return errors
}

/** A local reference: `#` or a JSON Pointer into the root schema (RFC 6901). */
function resolveRef(root: JsonSchema, ref: string): unknown {
  if (!ref.startsWith('#')) throw new Error(`only local $ref is supported, not "${ref}"`)
  let target: unknown = root
  const pointer = decodeURIComponent(ref.slice(1))
  if (pointer === '') return target
  if (!pointer.startsWith('/')) throw new Error(`unsupported $ref "${ref}"`)
  for (const token of pointer.slice(1).split('/')) {
    const name = token.replaceAll('~1', '/').replaceAll('~0', '~')
    if (!isObject(target) && !Array.isArray(target)) throw new Error(`$ref "${ref}" does not resolve`)
    target = (target as Record<string, unknown>)[name]
    if (target === undefined) throw new Error(`$ref "${ref}" does not resolve`)
  }
  return target
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer': return Number.isInteger(value)
    case 'number': return typeof value === 'number' && Number.isFinite(value)
    case 'string': return typeof value === 'string'
    case 'boolean': return typeof value === 'boolean'
    case 'null': return value === null
    case 'array': return Array.isArray(value)
    case 'object': return isObject(value)
    default: throw new Error(`unknown JSON Schema type "${type}"`)
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (Number.isInteger(value)) return 'integer'
  return typeof value
}

/** JSON equality: key order does not matter, array order does. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]))
  if (!isObject(a) || !isObject(b)) return false
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]))
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function escapePointer(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1')
}

function at(path: string): string {
  return path === '' ? '(root)' : path
}
