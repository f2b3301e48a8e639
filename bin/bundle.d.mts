/** Where bundles go: `node_modules/.cache/shredlock/` (bundle.mjs). */
export declare const BUNDLE_ROOT: URL;
/** Bundles TypeScript entry points (output name -> file: URL) into plain ES modules; returns each output's URL. */
export declare function bundleEntries<K extends string>(entries: Record<K, URL>): Promise<Record<K, URL>>;
