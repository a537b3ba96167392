/**
 * Reference runner throughput (bridge.md §1): in-process, through one `--serve` process, and one
 * process per request. Target: persistent mode ≥ 100× the per-process mode. Prints, never gates.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, bench, describe } from 'vitest';
import { processLane } from '../src/bridge/processLane.js';
import { runReference } from '../src/reference/runReference.js';

const request = JSON.parse(
  readFileSync(new URL('../test/fixtures/runners/requests/client-server.json', import.meta.url), 'utf8'),
) as unknown;
const bin = fileURLToPath(new URL('../dist/src/reference/bin.js', import.meta.url));
const serve = processLane('ref-serve', [process.execPath, bin, '--serve'], { serve: true });
const perProcess = processLane('ref-process', [process.execPath, bin]);

async function expectOk(p: Promise<{ ok: boolean }>): Promise<void> {
  if (!(await p).ok) throw new Error('reference run failed');
}

afterAll(async () => {
  await serve.close?.();
});

describe('reference runner, client-server request of bridge.md §3 (11 steps, step_states on)', () => {
  bench('in-process runReference', () => {
    if (!runReference(request).ok) throw new Error('reference run failed');
  });
  bench(
    'telltale-lean-ref --serve (one process, line protocol)',
    async () => {
      await expectOk(serve.run(request));
    },
    { time: 2000 },
  );
  bench(
    'telltale-lean-ref, one process per request',
    async () => {
      await expectOk(perProcess.run(request));
    },
    { time: 2000, iterations: 10, warmupIterations: 1 },
  );
});
