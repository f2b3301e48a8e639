/** sql.js's build with the WebAssembly inlined: the same API as the package's main entry. */
declare module 'sql.js/dist/sql-wasm-inline.js' {
  import type initSqlJs from 'sql.js';
  const init: typeof initSqlJs;
  export default init;
}
