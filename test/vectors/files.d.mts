/** Types for ./files.mjs. */
export function findVectorFiles(dir: string): string[]
export function readKeySets(dir: string): Map<string, unknown>
