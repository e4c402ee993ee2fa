// `require('string_decoder')` in a CommonJS dependency, as an ES module re-export: see BUILTIN_REQUIRES in
// lib/constructs/pipeline-function.ts.
export * from 'node:string_decoder';
export { default } from 'node:string_decoder';
