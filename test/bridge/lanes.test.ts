import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cooperativeLane } from '../../src/bridge/cooperativeLane.js';
import { laneByName } from '../../src/bridge/run.js';
import { referenceLane } from '../../src/bridge/referenceLane.js';
import { threadedLane } from '../../src/bridge/threadedLane.js';
import { tier2Defaults } from '../../src/types/bridge.js';

const request = JSON.parse(
  readFileSync(new URL('../fixtures/runners/requests/client-server.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('in-process lanes agree on the §3 request', () => {
  it('cooperative, threaded (n = 1) and reference give the same bridge form; only engines carry diagnostics', async () => {
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

  it('every lane applies the same client-side checks', async () => {
    const bad = { ...request, schema_version: 'lean_bridge.v0' };
    const results = await Promise.all(
      (['cooperative', 'threaded', 'reference'] as const).map((n) => laneByName(n).run(bad)),
    );
    for (const r of results)
      expect(r).toMatchObject({ ok: false, error: { code: 'ParseError', path: '$.schema_version' } });
    expect(laneByName('lean').name).toBe('lean');
  });
});
