// `require('fs')` in a CommonJS dependency, as an ES module re-export: see BUILTIN_REQUIRES in
// lib/constructs/pipeline-function.ts.
export * from 'node:fs';
export { default } from 'node:fs';
