/** Types of ./corpus.mjs, the corpus runner core (kept as plain JavaScript so `node` runs it unbuilt). */

/** The public entry point under test. */
export interface PublicApi {
  verifyAccessToken(token: unknown, options: any): Promise<unknown>
  /** Needed by vectors whose key set is an `endpoint`. */
  createRemoteJwks?(url: string, options: any): unknown
  /** Needed by token vectors with per-call input (`dpop`, `clientCertificate`, `before`, …). */
  createVerifier?(options: any): (token: unknown, call?: any) => Promise<unknown>
  /** Needed by the same vectors: each such verifier takes DPoP proofs. */
  createDpopVerifier?(options: any): unknown
}

/** The internal entry points (src/internal.ts) that run the `jws` and `signature` kinds. */
export interface InternalApi {
  verifyJws(token: unknown, options: any): Promise<unknown>
  verifySignature(input: any): Promise<unknown>
  /** Runs the `proof` kind; without it, proof vectors fail as not runnable. */
  verifyDpopProof?(proof: unknown, options: any): Promise<unknown>
}

/** Key sets by the path vectors name them with, e.g. `keys/rsa.json`. */
export type KeySets = ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>

export interface RunInput {
  readonly lib: PublicApi
  /** Absent: `jws` and `signature` vectors are counted as skipped. */
  readonly internal?: InternalApi | undefined
  /** Parsed vector files; `name` is the path under vectors/, e.g. `claims.json` or `wycheproof/jws.json`. */
  readonly files: readonly { readonly name: string; readonly data: unknown }[]
  readonly jwksByPath: KeySets
}

export interface Counts {
  passed: number
  failed: number
  total: number
}

export interface FileReport {
  name: string
  kind: string
  total: number
  passed: number
  failed: number
  skipped: number
  /** Tests with an `upstream` provenance record from outside Wycheproof (RFC examples, cookbook). */
  imported: number
  /** Tests taken from Project Wycheproof. */
  wycheproof: number
  /** By expected step (`ok` for vectors that verify). */
  byStep: Record<string, Counts>
}

export interface VectorFailure {
  /** `<file>#<tcId>` */
  id: string
  file: string
  tcId: unknown
  comment: string
  expected: unknown
  acceptable?: unknown
  /** The comparable fields of the actual result; undefined when it threw. */
  actual: unknown
  problem: string
}

export interface CorpusReport {
  total: number
  passed: number
  failed: number
  skipped: number
  /** As in FileReport: other imported tests, then Wycheproof's. */
  imported: number
  wycheproof: number
  byKind: { token: number; jws: number; signature: number; proof: number }
  byStep: Record<string, Counts>
  /** Attack-class tags seen on any group or test, sorted. */
  tags: string[]
  files: FileReport[]
  failures: VectorFailure[]
}

export const STEPS: readonly ['format', 'signature', 'claims', 'scopes', 'dpop', 'ok']
export const KINDS: readonly ['token', 'jws', 'signature', 'proof']
export function runCorpus(input: RunInput): Promise<CorpusReport>
export function matches(kind: string, expected: unknown, actual: unknown): boolean
export function findLeak(failure: unknown, token: unknown): string | undefined
export function expectedStep(result: unknown): string
export function hexToBytes(hex: unknown, name?: string): Uint8Array<ArrayBuffer>
