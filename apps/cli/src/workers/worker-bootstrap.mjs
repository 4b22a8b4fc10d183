// A worker thread's entry: loads TypeScript through tsx as bin/lob.js does for the main thread (loader hooks are
// per thread on Node 20), then runs the worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
