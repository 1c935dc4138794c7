export declare const TARGETS: Readonly<Record<string, number>>
export declare const BUDGETS: Readonly<Record<string, number>>
export declare const ENTRIES: Readonly<Record<string, string>>
export declare function measureEntry(source: string): Promise<{ minified: number; gzip: number }>
export declare function measureBundles(): Promise<Record<string, { minified: number; gzip: number }>>
