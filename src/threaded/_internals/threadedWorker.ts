/**
 * tinypool worker entry of the threaded engine (default export = task handler).
 */
import { threadId } from 'node:worker_threads';
import type { ProbeTask, WorkerReply, WorkerTask } from './workerProtocol.js';
import { runAheadWorker } from './aheadWorker.js';
import { runWavesWorker } from './wavesWorker.js';

// tinypool (worker_threads) never settles a task whose worker calls process.exit, and destroy()
// then hangs; turning the call into an exception makes it an ordinary task failure.
process.exit = (code?: number | string | null) => {
  throw new Error(`worker called process.exit(${code ?? ''})`);
};

export default async function threadedWorker(task: WorkerTask): Promise<WorkerReply> {
  if (task.kind === 'probe') return probe(task);
  if (task.kind === 'ahead') return runAheadWorker(task);
  return runWavesWorker(task);
}

function probe(task: ProbeTask): WorkerReply {
  switch (task.behaviour) {
    case 'throw':
      throw new Error(`probe failure ${task.value}`);
    case 'exit':
      process.exit(3);
      break;
    case 'hang': {
      // Busy and blocked: only terminating the thread ends this.
      const cell = new Int32Array(new SharedArrayBuffer(4));
      for (;;) Atomics.wait(cell, 0, 0, 1000);
    }
    case 'echo':
      break;
  }
  return { kind: 'probe', value: task.value, threadId };
}
