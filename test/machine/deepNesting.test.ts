import { describe, expect, test } from 'vitest';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { runReference } from '../../src/reference/runReference.js';
import { runThreaded } from '../../src/threaded/runThreaded.js';
import type { RunRequest } from '../../src/types/bridge.js';
import type { GlobalType } from '../../src/types/session.js';

function deepRequest(levels: number): RunRequest {
  let g: GlobalType = { kind: 'end' };
  for (let i = 0; i < levels; i += 1)
    g = {
      kind: 'comm',
      sender: 'A',
      receiver: 'B',
      branches: [{ label: { name: 'm', sort: 'unit' }, continuation: g }],
    };
  return {
    schema_version: 'lean_bridge.v1',
    choreographies: [{ schema_version: 'lean_bridge.v1', global_type: g, roles: ['A', 'B'] }],
    concurrency: 1,
    max_steps: 10,
  };
}

describe('pathologically deep choreographies are data, never a crash', () => {
  test('the reference runner runs them, as projection.md §3.2 requires (no stack overflow)', () => {
    // issue #12 item 4: the reference used to report its own stack overflow as a ParseError
    const ref = runReference(deepRequest(60_000));
    expect(ref.ok).toBe(true);
    expect(ref.ok && ref.value.output.status).toBe('stuck');
  });

  test('the engines answer the same ParseError at $ as each other', async () => {
    const request = deepRequest(60_000);
    const coop = runCooperative(request);
    expect(coop.ok ? null : coop.error).toMatchObject({ code: 'ParseError', path: '$' });
    const threaded = await runThreaded(request);
    expect(threaded.ok ? null : threaded.error).toEqual(coop.ok ? null : coop.error);
  });

  test('a deep but reasonable choreography still runs', () => {
    const r = runCooperative(deepRequest(200));
    expect(r.ok).toBe(true);
  });
});
