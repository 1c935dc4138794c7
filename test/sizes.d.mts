/** Types of sizes.mjs, for the TypeScript tests that import it. */
export interface Sizes {
  readonly bundles: readonly { readonly name: string; readonly minified: number; readonly gzip: number }[]
  readonly packed: number
  readonly unpacked: number
  readonly files: readonly { readonly path: string; readonly size: number }[]
  readonly esbuild: string
}
export declare const SIZES_BEGIN: string
export declare const SIZES_END: string
export declare function measureSizes(): Promise<Sizes>
export declare function renderSizes(sizes: Sizes): string
export declare function readSizesBlock(text?: string): string | undefined
export declare function writeSizes(): Promise<string>
