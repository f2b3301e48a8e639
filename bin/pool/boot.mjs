// Entry of every scan worker thread. Node does not pass tsx's loader on to worker threads (tsx
// issue #354: its `--import` hook registers in the main thread only), so the worker registers it
// itself, then loads the TypeScript worker named in workerData. Plain JavaScript on purpose: this
// file runs before any TypeScript loader exists in the thread.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
