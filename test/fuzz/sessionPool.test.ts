/**
 * The campaign's worker sessions (src/fuzz/_internals/sessionPool.ts) against fake workers that
 * answer over the session port like fuzzWorker.ts: tasks queue in the worker, a task past its
 * timeout is reported and stops its worker, and the task queued behind it is re-run elsewhere,
 * never blamed for it.
 */
import { describe, expect, test } from 'vitest';
import type { MessagePort } from 'node:worker_threads';
import type { FuzzPool } from '../../src/fuzz/_internals/createPool.js';
import type { SessionReply, SessionRequest, SessionTask } from '../../src/fuzz/_internals/fuzzWorker.js';
import { SessionPool } from '../../src/fuzz/_internals/sessionPool.js';

const lanes = { lean: null, lanes: {} };

/** Keep requests (`property` = what the fake worker does): `hang`, `throw`, else answers `{ added: n }` at once. */
function keep(property: string): Omit<Extract<SessionRequest, { kind: 'keep' }>, 'id'> {
  return { kind: 'keep', property, poolDir: '', candidates: [], campaignSeed: '1' };
}

/** A fake tinypool: each session is a fake worker; `log` records (worker, request) in the order they start. */
function fakePool(log: string[]): FuzzPool & { sessions: number } {
  const fake = {
    sessions: 0,
    session(task: SessionTask, signal: AbortSignal): Promise<unknown> {
      const worker = (fake.sessions += 1);
      const port: MessagePort = task.port;
      return new Promise((resolve, reject) => {
        const queue: Extract<SessionRequest, { kind: 'keep' }>[] = [];
        let busy = false;
        const next = (): void => {
          const r = queue.shift();
          if (r === undefined || signal.aborted) return;
          busy = true;
          log.push(`${worker}:${r.property}`);
          if (r.property === 'hang') return; // never answers: only the timeout ends it
          const reply: SessionReply =
            r.property === 'throw' ? { id: r.id, error: 'boom' } : { id: r.id, result: { added: r.id, problems: [] } };
          setTimeout(() => {
            if (signal.aborted) return;
            port.postMessage(reply);
            busy = false;
            next();
          }, 5);
        };
        port.on('message', (r: SessionRequest) => {
          if (r.kind === 'stop') {
            port.close();
            resolve(null);
            return;
          }
          if (r.kind === 'keep') queue.push(r);
          if (!busy) next();
        });
        signal.addEventListener('abort', () => {
          port.close();
          reject(new Error('The task has been aborted'));
        });
      });
    },
    replay: () => Promise.reject(new Error('not used')),
    destroy: () => Promise.resolve(),
  };
  return fake;
}

describe('SessionPool', () => {
  test('runs tasks on every worker, in order per worker, and answers each', async () => {
    const log: string[] = [];
    const pool = new SessionPool(fakePool(log), 2, lanes, new SharedArrayBuffer(4));
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((p) => pool.run(keep(p), 1000)));
    expect(results).toStrictEqual([1, 2, 3, 4, 5].map((added) => ({ added, problems: [] })));
    // Two queued per worker: a, c, e on the first; b, d on the second.
    expect(log.filter((l) => l.startsWith('1:'))).toStrictEqual(['1:a', '1:c', '1:e']);
    expect(log.filter((l) => l.startsWith('2:'))).toStrictEqual(['2:b', '2:d']);
    await pool.stop();
  });

  test('a task that throws in the worker is rejected with its message; the worker goes on', async () => {
    const log: string[] = [];
    const pool = new SessionPool(fakePool(log), 1, lanes, new SharedArrayBuffer(4));
    const [bad, good] = await Promise.allSettled([pool.run(keep('throw'), 1000), pool.run(keep('x'), 1000)]);
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'boom' } });
    expect(good).toMatchObject({ status: 'fulfilled' });
    expect(log).toStrictEqual(['1:throw', '1:x']);
    await pool.stop();
  });

  test('a task past its timeout is rejected and stops its worker; the task behind it runs on a fresh worker', async () => {
    const log: string[] = [];
    const fake = fakePool(log);
    const pool = new SessionPool(fake, 1, lanes, new SharedArrayBuffer(4));
    const hang = pool.run(keep('hang'), 50);
    const behind = pool.run(keep('after'), 50);
    await expect(hang).rejects.toThrow(/aborted: it ran longer than its timeout \(50 ms\)/);
    await expect(behind).resolves.toMatchObject({ problems: [] });
    expect(log).toStrictEqual(['1:hang', '2:after']);
    expect(fake.sessions).toBe(2);
    await pool.stop();
  });

  test('a task with a home runs on that worker, waiting for room there while the other is free', async () => {
    const log: string[] = [];
    const pool = new SessionPool(fakePool(log), 2, lanes, new SharedArrayBuffer(4));
    const done = [
      pool.run(keep('a'), 1000, undefined, 0),
      pool.run(keep('b'), 1000, undefined, 0),
      pool.run(keep('c'), 1000, undefined, 0),
      pool.run(keep('d'), 1000),
    ];
    await Promise.all(done);
    expect(log.filter((l) => l.startsWith('1:'))).toStrictEqual(['1:a', '1:b', '1:c']);
    expect(log.filter((l) => l.startsWith('2:'))).toStrictEqual(['2:d']);
    await pool.stop();
  });

  test('roomFor names the least loaded live worker, and null once every worker is full', async () => {
    const pool = new SessionPool(fakePool([]), 2, lanes, new SharedArrayBuffer(4));
    const running: Promise<unknown>[] = [];
    const room: (number | null)[] = [];
    for (let k = 0; k < 4; k += 1) {
      const worker = pool.roomFor();
      room.push(worker);
      running.push(pool.run(keep('hang'), 10_000, undefined, worker).catch(() => null));
    }
    room.push(pool.roomFor());
    expect(room).toStrictEqual([0, 1, 0, 1, null]);
    await pool.stop();
    await Promise.all(running);
    expect(pool.roomFor()).toBeNull();
  });

  test('a replaced worker keeps its index: the tasks for it run on its replacement', async () => {
    const log: string[] = [];
    const fake = fakePool(log);
    const pool = new SessionPool(fake, 2, lanes, new SharedArrayBuffer(4));
    const hang = pool.run(keep('hang'), 50, undefined, 1);
    const behind = pool.run(keep('after'), 50, undefined, 1);
    await expect(hang).rejects.toThrow(/ran longer than its timeout/);
    await expect(behind).resolves.toMatchObject({ problems: [] });
    expect(log).toStrictEqual(['2:hang', '3:after']);
    expect(await pool.run(keep('later'), 50, undefined, 1)).toMatchObject({ problems: [] });
    expect(log[2]).toBe('3:later');
    await pool.stop();
  });

  test('stop rejects what is queued or running, and later tasks', async () => {
    const pool = new SessionPool(fakePool([]), 1, lanes, new SharedArrayBuffer(4));
    const running = pool.run(keep('hang'), 10_000);
    const queued = pool.run(keep('x'), 10_000);
    await pool.stop();
    await expect(running).rejects.toThrow(/stopped/);
    await expect(queued).rejects.toThrow(/stopped/);
    await expect(pool.run(keep('y'), 10)).rejects.toThrow(/stopped/);
  });
});
