import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { cooperativeLane } from '../../src/bridge/cooperativeLane.js';
import { processLane } from '../../src/bridge/processLane.js';
import { referenceLane } from '../../src/bridge/referenceLane.js';
import { threadedLane } from '../../src/bridge/threadedLane.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { stringifySorted } from '../../src/reference/stringifySorted.js';
import { writeSortedJson } from '../../src/reference/writeSortedJson.js';
import { runThreaded } from '../../src/threaded/runThreaded.js';
import type { RunRequest } from '../../src/types/bridge.js';
import { kCliPath } from '../fuzz/_helpers/runCli.js';
import { pingPong } from '../_helpers/protocols.js';

// Issue #12 item 10: a 440-byte request with a huge step budget crashed every lane. Outputs are
// streamed, the in-process lanes share the process lanes' output limit, and trace-off runs of a
// million steps complete. Peak memory and time are measured in bench/reliability.bench.ts.
const request = (maxSteps: number): RunRequest => ({
  schema_version: 'lean_bridge.v1',
  choreographies: [{ schema_version: 'lean_bridge.v1', global_type: pingPong, roles: ['A', 'B'] }],
  concurrency: 1,
  max_steps: maxSteps,
});
const refBin = fileURLToPath(new URL('../../dist/src/reference/bin.js', import.meta.url));

describe('a million steps', () => {
  test('with trace off completes on the cooperative and threaded engines', async () => {
    const coop = runCooperative(request(1_000_000), { trace: false });
    expect(coop.ok && coop.value.output.steps_executed).toBe(1_000_000);
    const threaded = await runThreaded(request(1_000_000), { trace: false });
    expect(threaded.ok && threaded.value.output.steps_executed).toBe(1_000_000);
  });
});

describe('one output limit for every lane', () => {
  const limit = 1_000_000;
  const expected = {
    ok: false,
    error: {
      code: 'OutputTooLarge',
      path: '$',
      limitBytes: limit,
      message: `protocol-machine runner output exceeds ${limit} bytes`,
    },
  };

  test('cooperative, threaded, reference and a runner process stop a 30,000-step run at the same limit', async () => {
    const lanes = [
      cooperativeLane({ maxOutputBytes: limit }),
      threadedLane({ maxOutputBytes: limit }),
      referenceLane({ maxOutputBytes: limit }),
      processLane('ref', [process.execPath, refBin], { maxOutputBytes: limit }),
    ];
    for (const lane of lanes) expect(await lane.run(request(30_000)), lane.name).toEqual(expected);
  });

  test('a run that fits is not affected', async () => {
    for (const lane of [cooperativeLane({ maxOutputBytes: limit }), referenceLane({ maxOutputBytes: limit })]) {
      const r = await lane.run(request(300));
      expect(r.ok && r.value.output.steps_executed, lane.name).toBe(300);
    }
  });

  test('TELLTALE_PARITY_MAX_OUTPUT_BYTES sets it for run on every lane and for telltale-lean-ref', () => {
    const env = { ...process.env, TELLTALE_PARITY_MAX_OUTPUT_BYTES: String(limit) };
    const input = JSON.stringify(request(30_000));
    for (const lane of ['cooperative', 'threaded', 'reference']) {
      const r = spawnSync(process.execPath, [kCliPath, 'run', '-', '--lane', lane], { input, env, encoding: 'utf8' });
      expect(r.status, lane).toBe(1);
      expect(JSON.parse(r.stderr), lane).toMatchObject({ code: 'OutputTooLarge', limitBytes: limit });
    }
    // The runner bin has the same limit: a hard failure that names it (its client sees ProcessFailed).
    const ref = spawnSync(process.execPath, [refBin], { input, env, encoding: 'utf8' });
    expect(ref.status).toBe(1);
    expect(ref.stdout).toBe('');
    expect(ref.stderr).toBe(`uncaught exception: protocol-machine runner output exceeds ${limit} bytes\n`);
  });
});

describe('outputs are streamed, never one string', () => {
  test('writeSortedJson writes exactly stringifySorted plus a newline, in chunks', async () => {
    const r = runCooperative(request(20_000));
    if (!r.ok) throw new Error(r.error.message);
    const sink = new PassThrough();
    const writes: number[] = [];
    const original = sink.write.bind(sink);
    sink.write = ((chunk: string, ...rest: never[]) => {
      writes.push(chunk.length);
      return original(chunk, ...rest);
    }) as typeof sink.write;
    const received = text(sink);
    await writeSortedJson(sink, r.value.output);
    sink.end();
    expect(await received).toBe(`${stringifySorted(r.value.output)}\n`);
    expect(writes.length).toBeGreaterThan(10);
    expect(Math.max(...writes)).toBeLessThan(1 << 17);
  });

  test('run prints the same bytes for a large output (cooperative and reference lanes)', () => {
    const input = JSON.stringify(request(20_000));
    const inProcess = runCooperative(request(20_000));
    if (!inProcess.ok) throw new Error(inProcess.error.message);
    for (const lane of ['cooperative', 'reference']) {
      const r = spawnSync(process.execPath, [kCliPath, 'run', '-', '--lane', lane], {
        input,
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      });
      expect(r.status, lane).toBe(0);
      expect(r.stdout.length, lane).toBeGreaterThan(20_000_000);
      expect(r.stdout.endsWith('}\n')).toBe(true);
    }
  });
});
