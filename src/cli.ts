#!/usr/bin/env node
/**
 * The `verify-access-token` command, for Node only: the one file in src/ that may use Node APIs,
 * because the library never imports it (tsup builds it alone to dist/cli.js, which imports the
 * built library). `verify` prints each of the four steps; `decode` prints a token UNVERIFIED;
 * `vectors` runs a conformance corpus directory with the runner the project's own tests use
 * (bundled into this file, with the entry points below the token layer).
 * Exit status: 0 valid, 1 invalid, 2 a usage error.
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { runCorpus } from '../test/vectors/corpus.mjs'
import { findVectorFiles, readAttackClasses, readKeySets } from '../test/vectors/files.mjs'
import { describeReport } from '../test/vectors/report.mjs'
import * as library from './index.js'
import { createRemoteJwks, createVerifier, decodeUnverified, type Step, type VerifyOptions, type VerifyResult } from './index.js'
import * as internal from './internal.js'

const NAME = 'verify-access-token'
const STEPS: readonly Step[] = ['format', 'signature', 'claims', 'scopes']

const HELP = {
  main: `Usage: ${NAME} <command> [options]

Commands:
  verify <token | ->   Verify an OAuth 2.0 JWT access token and print each step
  decode <token | ->   Print a token's header and payload WITHOUT verifying them
  vectors [dir]        Run a conformance corpus directory (default ./vectors) against this library

"-" reads the token from standard input.
Run "${NAME} <command> --help" for a command's options.
`,
  verify: `Usage: ${NAME} verify <token | -> --jwks <file | url> --issuer <iss> --audience <aud> [options]

Verifies an access token (RFC 9068) and prints each step (format, signature, claims, scopes)
as passed, failed (with its code and message) or not reached.

Options:
  --jwks <file | url>   The issuer's key set: a JSON file, or a URL fetched as a remote key set
                        (https, or http for loopback hosts)
  --issuer <iss>        An accepted issuer, compared exactly (repeatable)
  --audience <aud>      An accepted audience (repeatable)
  --scope <scope>       A required scope (repeatable; "read write" counts as two)
  --algorithm <alg>     An allowed algorithm (repeatable; default RS256 and ES256)
  --json                Print the steps and the result as JSON
  -h, --help            Show this help

Exit status: 0 valid, 1 invalid (a key set URL that cannot be fetched is a failed signature
step), 2 usage error (a missing option, a key set file that cannot be read).
Colour is used only on a terminal, and never when NO_COLOR is set.
`,
  decode: `Usage: ${NAME} decode <token | ->

Prints the header and payload of a well-formed token WITHOUT VERIFYING THEM: anyone can write
any of these values. Every line is marked UNVERIFIED. To check a token, use "${NAME} verify".

Options:
  -h, --help            Show this help

Exit status: 0 decoded, 1 not a well-formed token, 2 usage error.
`,
  vectors: `Usage: ${NAME} vectors [dir] [--json]

Runs every vector file of a conformance corpus directory (the format of this project's
vectors/ folder: vectors/README.md) against this library and prints one row per file and one
column per step: "160/160" under format means 160 vectors expected to fail at format did so.

Options:
  --json                Print the report as JSON
  -h, --help            Show this help

Exit status: 0 every vector passed, 1 a vector failed, 2 usage error (no such directory).
`,
}

/** A mistake in the command line, thrown as data (no error classes): printed, exit status 2. */
interface UsageError { readonly usage: string }

function usage(message: string): never {
  throw { usage: message } satisfies UsageError
}

function isUsageError(error: unknown): error is UsageError {
  return typeof error === 'object' && error !== null && typeof (error as Partial<UsageError>).usage === 'string'
}

const color = process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined
const paint = (code: number, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text)

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(HELP.main)
    return command === undefined ? 2 : 0
  }
  if (command === 'verify') return verifyCommand(args)
  if (command === 'decode') return decodeCommand(args)
  if (command === 'vectors') return vectorsCommand(args)
  usage(`unknown command ${JSON.stringify(command)}`)
}

async function verifyCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    jwks: { type: 'string' },
    issuer: { type: 'string', multiple: true },
    audience: { type: 'string', multiple: true },
    scope: { type: 'string', multiple: true },
    algorithm: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values['help'] === true) return help('verify')
  const token = readToken(positionals)
  const jwks = values['jwks'] as string | undefined
  const issuer = values['issuer'] as string[] | undefined
  const audience = values['audience'] as string[] | undefined
  if (jwks === undefined || issuer === undefined || audience === undefined) {
    usage('--jwks, --issuer and --audience are required')
  }
  const scopes = (values['scope'] as string[] | undefined ?? []).flatMap((scope) => scope.split(' ')).filter((s) => s !== '')
  const algorithms = values['algorithm'] as VerifyOptions['algorithms'] | undefined
  let verify
  try {
    verify = createVerifier({ jwks: readJwks(jwks), issuer, audience, scopes, ...(algorithms && { algorithms }) })
  } catch (error) {
    // The library's TypeErrors name the option mistake; they are the command line's mistakes here.
    if (isUsageError(error)) throw error
    usage(error instanceof Error ? error.message.replace(`${NAME}: `, '') : String(error))
  }
  const result = await verify(token)
  const steps = stepStates(result)
  if (values['json'] === true) {
    process.stdout.write(`${JSON.stringify({ valid: result.ok, steps, result }, null, 2)}\n`)
    return result.ok ? 0 : 1
  }
  for (const step of STEPS) {
    const state = steps[step]
    const shown = state === 'passed' ? paint(32, 'passed') : state === 'failed' ? paint(31, 'failed') : paint(2, 'not reached')
    const detail = state === 'failed' && !result.ok ? `  ${describe(result)}` : ''
    process.stdout.write(`${step.padEnd(10)} ${shown}${detail}\n`)
  }
  if (result.ok) {
    const sub = typeof result.claims.sub === 'string' ? ` for sub ${JSON.stringify(result.claims.sub)}` : ''
    process.stdout.write(`${paint(1, 'valid')}${sub}; scopes: ${result.scopes.join(' ') || '(none)'}\n`)
    return 0
  }
  process.stdout.write(`${paint(1, 'invalid')}: ${result.step}/${result.code}\n`)
  return 1
}

/** Passed before the failing step, failed at it, not reached after it. */
function stepStates(result: VerifyResult): Record<Step, 'passed' | 'failed' | 'not_reached'> {
  const failedAt = result.ok ? STEPS.length : STEPS.indexOf(result.step)
  return Object.fromEntries(STEPS.map((step, i) => [step, i < failedAt ? 'passed' : i === failedAt ? 'failed' : 'not_reached'])) as
    Record<Step, 'passed' | 'failed' | 'not_reached'>
}

/** `code (detail): message`, the detail being the format reason, the claim, or the missing scopes. */
function describe(failure: Exclude<VerifyResult, { ok: true }>): string {
  const detail = failure.step === 'format' ? failure.reason
    : failure.step === 'claims' ? failure.claim
    : failure.step === 'scopes' ? `${failure.claim}; missing: ${failure.missing.join(' ')}`
    : undefined
  return `${failure.code}${detail === undefined ? '' : ` (${detail})`}: ${failure.message}`
}

function decodeCommand(args: readonly string[]): number {
  const { values, positionals } = parse(args, { help: { type: 'boolean', short: 'h' } })
  if (values['help'] === true) return help('decode')
  const result = decodeUnverified(readToken(positionals))
  if (!result.ok) {
    process.stderr.write(`not a well-formed token: ${result.code} (${result.reason}): ${result.message}\n`)
    return 1
  }
  const mark = paint(33, 'UNVERIFIED')
  const lines = [
    'not verified: anyone can write these values; use "verify" to check them',
    'header:',
    ...show(result.unverifiedHeader),
    'payload:',
    ...show(result.unverifiedPayload),
  ]
  process.stdout.write(lines.map((line) => `${mark} ${line}\n`).join(''))
  return 0
}

async function vectorsCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } })
  if (values['help'] === true) return help('vectors')
  if (positionals.length > 1) usage('give at most one corpus directory')
  const dir = resolve(positionals[0] ?? 'vectors')
  const names = existsSync(dir) ? findVectorFiles(dir) : []
  if (names.length === 0) usage(`no vector files in ${dir}`)
  const problems: string[] = []
  const files = names.flatMap((name) => {
    try {
      return [{ name, data: JSON.parse(readFileSync(resolve(dir, name), 'utf8')) as unknown }]
    } catch (error) {
      problems.push(`cannot read ${name}: ${error instanceof Error ? error.message : String(error)}`)
      return []
    }
  })
  const report = await runCorpus({ lib: library, internal, files, jwksByPath: readKeySets(dir) })
  const failed = report.failed + problems.length
  if (values['json'] === true) {
    process.stdout.write(`${JSON.stringify({ ...report, problems }, null, 2)}\n`)
  } else {
    process.stdout.write(`conformance corpus: ${dir}\n\n`)
    const lines = describeReport(report, { attackIds: readAttackClasses(dir)?.map(({ id }) => id), problems })
    process.stdout.write(`${lines.join('\n')}\n\nvectors: ${report.passed} passed, ${failed} failed\n`)
  }
  return failed === 0 ? 0 : 1
}

/** Indented JSON, with the NumericDate claims also shown as UTC times (RFC 7519 §2). */
function show(value: Readonly<Record<string, unknown>>): string[] {
  return JSON.stringify(value, null, 2).split('\n').map((line) => {
    const time = /^ {2}"(exp|nbf|iat)": (-?\d+(?:\.\d+)?),?$/.exec(line)
    const date = time === null ? undefined : new Date(Number(time[2]) * 1000)
    return `  ${line}${date !== undefined && !Number.isNaN(date.getTime()) ? `  (${date.toISOString()})` : ''}`
  })
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>

function parse(args: readonly string[], options: OptionSpec) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true })
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error))
  }
}

/** The one positional: a token, or `-` for standard input (surrounding white space dropped). */
function readToken(positionals: readonly string[]): string {
  if (positionals.length !== 1) usage(positionals.length === 0 ? 'a token (or - for standard input) is required' : 'give exactly one token')
  const [token = ''] = positionals
  return token === '-' ? readFileSync(0, 'utf8').trim() : token
}

/** A URL becomes a remote key set; anything else is a JSON file. */
function readJwks(source: string): VerifyOptions['jwks'] {
  if (/^https?:\/\//i.test(source)) return createRemoteJwks(source)
  let text: string
  try {
    text = readFileSync(source, 'utf8')
  } catch {
    usage(`cannot read the key set file ${source}`)
  }
  try {
    return JSON.parse(text) as VerifyOptions['jwks']
  } catch {
    usage(`the key set file ${source} is not JSON`)
  }
}

function help(command: keyof typeof HELP): number {
  process.stdout.write(HELP[command])
  return 0
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code },
  (error: unknown) => {
    if (!isUsageError(error)) throw error
    process.stderr.write(`${NAME}: ${error.usage}\nRun "${NAME} --help" for usage.\n`)
    process.exitCode = 2
  },
)
