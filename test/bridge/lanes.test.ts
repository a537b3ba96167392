import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { checkRunRequestText } from '../../src/bridge/checkRunRequest.js';
import { cooperativeLane } from '../../src/bridge/cooperativeLane.js';
import { processLane } from '../../src/bridge/processLane.js';
import { laneByName } from '../../src/bridge/run.js';
import { referenceLane } from '../../src/bridge/referenceLane.js';
import { threadedLane } from '../../src/bridge/threadedLane.js';
import { kCliPath } from '../fuzz/_helpers/runCli.js';
import { tier2Defaults } from '../../src/types/bridge.js';

const request = JSON.parse(
  readFileSync(new URL('../fixtures/runners/requests/client-server.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('in-process lanes agree on the §3 request', () => {
  test('cooperative, threaded (n = 1) and reference give the same bridge form; only engines carry diagnostics', async () => {
    const coop = await cooperativeLane().run(request);
    const threaded = await threadedLane().run(request);
    const ref = await referenceLane().run(request);
    if (!coop.ok || !threaded.ok || !ref.ok) throw new Error('a lane failed');
    expect(threaded.value.output).toEqual(coop.value.output);
    // Our engines emit the Tier 2 keys as their empty defaults (bridge.md §4.1); the runner never does.
    const { effect_trace, effect_exchanges, output_condition_trace, semantic_objects, ...core } = coop.value.output;
    expect({ effect_trace, effect_exchanges, output_condition_trace, semantic_objects }).toEqual(tier2Defaults());
    expect(ref.value.output).toEqual(core);
    expect(coop.value.diagnostics?.engine).toBe('cooperative');
    expect(threaded.value.diagnostics?.threaded).toBeDefined();
    expect(ref.value.diagnostics).toBeNull();
  });

  test('every lane applies the same client-side checks', async () => {
    const bad = { ...request, schema_version: 'lean_bridge.v0' };
    const results = await Promise.all(
      (['cooperative', 'threaded', 'reference'] as const).map((n) => laneByName(n).run(bad)),
    );
    for (const r of results)
      expect(r).toMatchObject({ ok: false, error: { code: 'ParseError', path: '$.schema_version' } });
    expect(laneByName('lean').name).toBe('lean');
  });
});

describe('concurrency past 2^53 is echoed exactly by every lane (issue #12 item 14)', () => {
  const refBin = fileURLToPath(new URL('../../dist/src/reference/bin.js', import.meta.url));
  const values = ['9007199254740992', '9007199254740993', '18446744073709551615'];
  const withConcurrency = (text: string): string =>
    JSON.stringify({ ...request, concurrency: 0 }).replace('"concurrency":0', `"concurrency":${text}`);

  test.each(values)(
    'concurrency %s: cooperative, threaded (both modes), reference and a runner process agree',
    async (text) => {
      const checked = checkRunRequestText(
        JSON.stringify({ ...request, concurrency: 0 }).replace('"concurrency":0', `"concurrency":${text}`),
      );
      if (!checked.ok) throw new Error(checked.error.message);
      const lanes = [
        cooperativeLane(),
        threadedLane(),
        threadedLane({ mode: 'wave_parallel_extension' }),
        referenceLane(),
        processLane('ref', [process.execPath, refBin]),
      ];
      const outputs = [];
      for (const lane of lanes) {
        const r = await lane.run(checked.value);
        expect(r.ok, lane.name).toBe(true);
        if (r.ok) outputs.push(r.value.output);
      }
      for (const output of outputs) expect(output.concurrency).toBe(BigInt(text));
      // Everything else as at concurrency 1 for the canonical lanes (the Lean runner ignores it).
      const one = await cooperativeLane().run(request);
      expect(one.ok && { ...one.value.output, concurrency: BigInt(text) }).toEqual(outputs[0]);
    },
  );

  test('past u64 (the client type) every lane gives the same client-side ParseError', async () => {
    const parsed = checkRunRequestText(withConcurrency('0'));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const huge = { ...parsed.value, concurrency: 18446744073709551616n };
    const expected = {
      ok: false,
      error: {
        code: 'ParseError',
        path: '$.concurrency',
        message: 'invalid value: integer `18446744073709551616`, expected u64 (at most 18446744073709551615)',
      },
    };
    for (const lane of [
      cooperativeLane(),
      threadedLane(),
      referenceLane(),
      processLane('ref', [process.execPath, refBin]),
    ])
      expect(await lane.run(huge), lane.name).toEqual(expected);
    expect(checkRunRequestText(withConcurrency('18446744073709551616'))).toEqual(expected);
  });

  test('telltale-parity run prints it exactly on every built-in lane', () => {
    for (const lane of ['cooperative', 'threaded', 'reference']) {
      const r = spawnSync(process.execPath, [kCliPath, 'run', '-', '--lane', lane], {
        input: JSON.stringify(request).replace(/"concurrency":\d+/, '"concurrency":18446744073709551615'),
        encoding: 'utf8',
      });
      expect(r.status, lane).toBe(0);
      expect(r.stdout, lane).toContain('"concurrency":18446744073709551615,');
    }
  });
});
