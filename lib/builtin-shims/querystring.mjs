// `require('querystring')` in a CommonJS dependency, as an ES module re-export: see BUILTIN_REQUIRES in
// lib/constructs/pipeline-function.ts.
export * from 'node:querystring';
export { default } from 'node:querystring';
