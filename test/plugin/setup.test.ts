import fc from 'fast-check';
import { describe, expect, inject, test } from 'vitest';
import { kParityDefaults } from '../../src/plugin/options.js';
import { parityOptions } from '../../src/plugin/parityOptions.js';

// No expect.extend here: the plugin's setup file (registered by vitest.config.ts) must have done it.
describe('the plugin in our own vitest.config.ts (setup file from source)', () => {
  test('the matchers are registered in the worker', () => {
    expect([]).toBeObservationallyEquivalent([]);
    expect({
      kind: 'comm',
      sender: 'A',
      receiver: 'B',
      branches: [{ label: { name: 'm', sort: 'unit' }, continuation: { kind: 'end' } }],
    }).toProjectTo('A', {
      kind: 'send',
      partner: 'B',
      branches: [{ label: { name: 'm', sort: 'unit' }, continuation: { kind: 'end' } }],
    });
  });

  test('the resolved options are provided to the worker and applied to fast-check', () => {
    const provided = inject('telltaleParity');
    expect(provided).toMatchObject({
      profile: 'Full',
      ticks: 'per-session',
      onExpired: 'warn',
      numRuns: kParityDefaults.numRuns,
      seed: null,
    });
    expect(parityOptions()).toEqual(provided);
    expect(fc.readConfigureGlobal().numRuns).toBe(kParityDefaults.numRuns);
  });
});
