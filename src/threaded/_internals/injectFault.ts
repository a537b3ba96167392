/** The engine's own crash tests: what a worker does when told to fail (never set by users). */
import type { WorkerInjection } from './workerProtocol.js';

export function injectFault(what: WorkerInjection): void {
  if (what === 'throw-in-round' || what === 'throw-on-load') throw new Error('injected worker failure');
  if (what === 'exit-in-round') process.exit(1);
  // 'hang-in-round': busy and blocked, only terminating the thread ends this.
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(cell, 0, 0, 1000);
}
