import { assert, describe, expect, test } from 'vitest';
import { lanes } from '../../src/plugin/lanes.js';
import { parityOptions } from '../../src/plugin/parityOptions.js';

const request = {
  schema_version: 'lean_bridge.v1',
  choreographies: [
    {
      schema_version: 'lean_bridge.v1',
      roles: ['A', 'B'],
      global_type: {
        kind: 'comm',
        sender: 'A',
        receiver: 'B',
        branches: [{ label: { name: 'm', sort: 'unit' }, continuation: { kind: 'end' } }],
      },
    },
  ],
  concurrency: 1,
  max_steps: 32,
};

describe('lanes', () => {
  test('cooperative, reference and threaded run in-process and agree', async () => {
    const [c, r, t] = await Promise.all([
      lanes.cooperative.run(request),
      lanes.reference.run(request),
      lanes.threaded.run(request),
    ]);
    assert(c.ok && r.ok && t.ok, 'every lane ran');
    expect(c.value).toBeObservationallyEquivalent(r.value);
    expect(t.value).toConformWithinEnvelope(c.value);
    expect([lanes.cooperative.name, lanes.reference.name, lanes.threaded.name]).toEqual([
      'cooperative',
      'reference',
      'threaded',
    ]);
  });

  test('lean exists exactly when a Lean runner is configured or found', () => {
    const configured = parityOptions().leanRunner;
    expect(lanes.lean?.name).toBe(configured === null ? undefined : 'lean');
  });

  test('a bad request is a BridgeError, not a throw', async () => {
    const r = await lanes.cooperative.run({ nope: true });
    expect(r.ok).toBe(false);
  });
});
