/**
 * The tier2-json-roundtrip property: it passes on the real codecs, and a campaign finds and shrinks
 * each planted codec bug (lossy u64, a dropped default, a normalized opaque number).
 */
import { describe, expect, test } from 'vitest';
import { decodeArtifact, encodeArtifact } from '../../src/bridge/codecs/artifact.js';
import { builtinProperties } from '../../src/fuzz/builtinProperties.js';
import { runCampaign } from '../../src/fuzz/runCampaign.js';
import type { Implementations } from '../../src/fuzz/implementations.js';

type Impl = Pick<Implementations, 'encodeArtifact' | 'decodeArtifact'>;

/** Lists in the shrunk input that are not empty (a shrunk artifact keeps only what shows the bug). */
function nonEmptyLists(v: unknown): number {
  if (Array.isArray(v)) return (v.length > 0 ? 1 : 0) + v.reduce((n: number, x: unknown) => n + nonEmptyLists(x), 0);
  if (typeof v === 'object' && v !== null)
    return Object.values(v).reduce((n: number, x: unknown) => n + nonEmptyLists(x), 0);
  return 0;
}

const lossyNumbers = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as unknown;

/** `1.0` written as `1`: what JSON.parse would do to an exact number text. */
function numberTextsToNumbers(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(numberTextsToNumbers);
  if (typeof v !== 'object' || v === null) return v;
  if ('isLosslessNumber' in v) return Number((v as unknown as { value: string }).value);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, numberTextsToNumbers(x)]));
}

const bugs: readonly { readonly name: string; readonly impl: Partial<Impl> }[] = [
  {
    name: 'the encoder writes u64 values above 2^53 through a JS number',
    impl: { encodeArtifact: (family, value) => lossyNumbers(encodeArtifact(family, value)) },
  },
  {
    name: 'the decoder drops a semantic handoff’s revoked owner',
    impl: {
      decodeArtifact: (family, json) => {
        const d = decodeArtifact(family, json);
        if (family !== 'semantic_objects' || d.value === undefined) return d;
        const so = d.value as unknown as { semantic_handoffs: readonly Record<string, unknown>[] };
        return {
          ...d,
          value: { ...so, semantic_handoffs: so.semantic_handoffs.map((h) => ({ ...h, revoked_owner_id: '' })) },
        } as unknown as typeof d;
      },
    },
  },
  {
    name: 'the encoder normalizes exact number texts in opaque JSON',
    impl: { encodeArtifact: (family, value) => numberTextsToNumbers(encodeArtifact(family, value)) },
  },
];

describe('tier2-json-roundtrip', () => {
  test('is a built-in property, listed right after json-roundtrip', () => {
    const ids = builtinProperties().map((p) => p.id);
    expect(ids.indexOf('tier2-json-roundtrip')).toBe(ids.indexOf('json-roundtrip') + 1);
  });

  test('passes on the real codecs (every family, 400 cases)', async () => {
    const report = await runCampaign({
      seed: 11,
      runs: 400,
      properties: ['tier2-json-roundtrip'],
      corpusDir: null,
      workers: 1,
    });
    expect(report.counterexamples).toEqual([]);
    expect(report.properties[0]).toMatchObject({ id: 'tier2-json-roundtrip', cases: 400, failures: 0 });
  });

  for (const bug of bugs) {
    test(`finds and shrinks: ${bug.name}`, async () => {
      const report = await runCampaign({
        seed: 5,
        runs: 400,
        properties: ['tier2-json-roundtrip'],
        implementations: bug.impl,
        corpusDir: null,
        workers: 1,
      });
      const found = report.counterexamples[0];
      expect(found).toBeDefined();
      expect(found?.summary).toMatch(/changed in a JSON round trip|rejected|has no JSON form/);
      expect(nonEmptyLists((found?.input as { value: unknown }).value)).toBeLessThanOrEqual(3);
    });
  }
});
