/**
 * Issue 13's share of the `verifyAccessToken` + static key set bundle: its gzip -9 size minus that
 * of the same bundle built from a copy of src/ with issue 13's mechanisms taken out (the options
 * `clientId`, `typ`, `subject`, `requiredClaims`, `claimValues`, `idTokenClaims`, `roles`,
 * `roleClaim`, `roleMatch`, `claimChecks`, per-issuer entries and the `graph_token` code), then
 * each group alone. Bundles src/ as tsup does (esbuild, es2022), then as size.mjs does (--bundle
 * --minify, browser, gzip -9): within a few bytes of the dist/ figure. Each knock-out is an exact
 * text replacement and fails loudly when the source moved on: update it with the code. Node only.
 *
 *   node test/bench/share.mjs           # the share, then each group's
 */
import { build } from 'esbuild'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const SRC = fileURLToPath(new URL('../../src/', import.meta.url))
const WORK = mkdtempSync(join(tmpdir(), 'vat-share-'))

/** Each group: [file, exact text, its replacement], taking one mechanism out. */
const KNOCKOUTS = {
  roles: [
    ['options.ts', "'roles', 'roleClaim', 'roleMatch', ", ''],
    ['options.ts', "roles: roleRule(o.roles, o.roleMatch, o.roleClaim ?? 'roles'),", "roles: { required: [], any: false, path: [], claim: '' },"],
    ['options.ts', "roles: call.roles === undefined ? undefined : roleRule(call.roles, undefined, 'roles').required,", 'roles: undefined,'],
    ['options.ts', "roleAny: matchOf(call.roleMatch, 'roleMatch'),", 'roleAny: undefined,'],
    ['verify.ts', `  const roles = checkRoles(parsed.unverifiedPayload, withCall(local.roles, call?.roles, call?.roleAny))
  if (roles.ok === false) return roles
`, ''],
  ],
  checks: [
    ['options.ts', "'claimChecks', ", ''],
    ['options.ts', 'claimChecks: readChecks(o.claimChecks),', 'claimChecks: [],'],
    ['verify.ts', 'settings.claimChecks.length > 0 || call?.proof', 'call?.proof'],
    ['verify.ts', '  if (settings.claimChecks.length > 0) {\n', '  if (0) {\n'],
  ],
  rules: [
    ['options.ts', "'subject', 'requiredClaims',\n  'claimValues', 'idTokenClaims', ", '\n  '],
    ['options.ts', `    idTokenClaims: claimRules(o.idTokenClaims, 'idTokenClaims'),
    expected: [
      ...list(o.requiredClaims, 'requiredClaims').map((name) => [name, true] as const),
      ...(o.subject === undefined ? [] : [['sub', list(o.subject, 'subject', true)] as const]),
      ...claimRules(o.claimValues, 'claimValues'),
    ],`, '    idTokenClaims: [],\n    expected: [],'],
    ['claims.ts', 'for (const [name, values] of settings.idTokenClaims) {', 'if (0) for (const [name, values] of settings.idTokenClaims) {'],
    ['claims.ts', 'for (const [name, values] of settings.expected) {', 'if (0) for (const [name, values] of settings.expected) {'],
    ['result.ts', "  id_token: 'An ID token, not an access token.',\n  claim_mismatch: 'A claim has an unexpected value.',\n", ''],
  ],
  graph: [
    ['verify.ts', 'if (signature.ok === false) return nameGraphToken(signature, parsed)', 'if (signature.ok === false) return signature'],
    ['result.ts', "  graph_token: 'A Microsoft Graph token: only Graph can verify it.',\n", ''],
  ],
  typ: [
    ['options.ts', "'clientId', 'typ', ", "'clientId', "],
    ['options.ts', "  if (rfc9068 && o.typ !== undefined) fail('give typ or profile, not both')\n", ''],
    ['options.ts', "types: rfc9068 ? ['at+jwt'] : optionalList(o.typ, 'typ')?.map(mediaType),", "types: rfc9068 ? ['at+jwt'] : undefined,"],
  ],
  clientId: [
    ['options.ts', "'profile', 'clientId', ", "'profile', "],
    ['options.ts', "clientIds: optionalList(o.clientId, 'clientId'),", 'clientIds: undefined,'],
    ['claims.ts', "if (settings.clientIds !== undefined && !matches(", "if (0 && !matches("],
  ],
  entries: [
    ['keyset.ts', '      const entry = entryOf(item)\n', '      const entry = undefined as { jwks: unknown } | undefined\n'],
    ['options.ts', "  if (!(keys instanceof Map)) return requireAudience(settings, '')", "  if (settings.audiences === undefined && settings.clientIds === undefined) fail('audience is required')\n  if (1 > 0) return settings"],
  ],
}

let bundles = 0
async function measure(src) {
  const lib = await build({ entryPoints: [join(src, 'index.ts')], bundle: true, format: 'esm', platform: 'neutral', target: 'es2022', write: false, logLevel: 'silent' })
  const file = join(WORK, `lib-${bundles++}.mjs`)
  writeFileSync(file, lib.outputFiles[0].text)
  const app = await build({
    stdin: { contents: `export { verifyAccessToken } from ${JSON.stringify(file)}`, loader: 'js', resolveDir: WORK },
    bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent',
  })
  return gzipSync(app.outputFiles[0].contents, { level: 9 }).length
}

/** A copy of src/ with the groups taken out. */
function without(groups, name) {
  const src = join(WORK, name, 'src')
  cpSync(SRC, src, { recursive: true })
  for (const group of groups) {
    for (const [file, from, to] of KNOCKOUTS[group]) {
      const text = readFileSync(join(src, file), 'utf8')
      if (!text.includes(from)) throw new Error(`share.mjs: knock-out ${group} no longer matches ${file}: ${from.slice(0, 60)}`)
      writeFileSync(join(src, file), text.replace(from, to))
    }
  }
  return src
}

try {
  const full = await measure(SRC)
  const rest = await measure(without(Object.keys(KNOCKOUTS), 'all'))
  console.log(`verifyAccessToken + static key set: ${full} B gzipped; without issue 13 ${rest} B; issue 13's share ${full - rest} B`)
  for (const group of Object.keys(KNOCKOUTS)) console.log(`${String(full - await measure(without([group], group))).padStart(6)} B  ${group}`)
} finally {
  rmSync(WORK, { recursive: true, force: true })
}
