/** Scanner name and engine version written into reports and tags (kept equal to package.json by a test). */
export const SCANNER_NAME = 'shredlock';
/** Engine version: a rescan is due for every object scanned by an older one. */
export const ENGINE_VERSION = '0.3.25';
