// Entry of the emulators' worker thread. On Node 20 a worker thread does not inherit the main
// thread's TypeScript loader (tsx registered by bin/diplowire.js, `--import tsx` or Vitest), so
// this plain-JavaScript entry registers tsx for the thread and then loads the TypeScript body.
import { register } from 'tsx/esm/api';

register();
await import('./emulators-worker.ts');
