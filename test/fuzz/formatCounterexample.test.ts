import { describe, expect, test } from 'vitest';
import { formatCounterexample } from '../../src/fuzz/formatCounterexample.js';
import { formatReport } from '../../src/fuzz/formatReport.js';
import type { CampaignReport, Counterexample } from '../../src/fuzz/types.js';

const c: Counterexample = {
  property: 'cooperative-vs-reference',
  seed: 42,
  path: '36:2:0',
  input: { concurrency: 1, max_steps: 8n },
  summary: 'event 3 differs in session 0',
  divergence: { kind: 'different', leftIndex: 3, rightIndex: 3 },
  numShrinks: 14,
  corpusFile: 'corpora/cooperative-vs-reference/ab12.msgpack',
  chunk: 1,
};

describe('failure block (style.md §4 order)', () => {
  test('property, seed + path + replay line, saved counterexample, first divergence, hint', () => {
    expect(formatCounterexample({ ...c, hint: 'look at session 0' }, '7', 37)).toMatchInlineSnapshot(`
      "Property "cooperative-vs-reference" failed after 37 cases
      { seed: 42, path: "36:2:0" }  replay: telltale-parity replay corpora/cooperative-vs-reference/ab12.msgpack
      Counterexample (shrunk 14 times) saved as corpora/cooperative-vs-reference/ab12.msgpack: {"concurrency":1,"max_steps":"8n"}
      First divergence: event 3 differs in session 0
        {"kind":"different","leftIndex":3,"rightIndex":3}
      Hint: look at session 0
      "
    `);
  });

  test('without a corpus file the replay line reruns the campaign', () => {
    const text = formatCounterexample({ ...c, corpusFile: null, divergence: null }, '7');
    expect(text.split('\n')[1]).toBe(
      '{ seed: 42, path: "36:2:0" }  replay: telltale-parity fuzz --seed 7 --properties cooperative-vs-reference',
    );
    expect(text).toContain('(not saved)');
    expect(text).toContain('First divergence: event 3 differs in session 0\n');
  });
});

describe('report formats', () => {
  const report: CampaignReport = {
    version: '0.1.0',
    seed: '7',
    budget: { runs: 10, timeMs: null, shard: '1/2', workers: 2 },
    properties: [
      {
        id: 'a|b',
        description: 'pipe | inside',
        cases: 10,
        failures: 1,
        seconds: 0.5,
        casesPerSecond: 20,
        counterexamples: ['x.msgpack'],
      },
      {
        id: 'lean-vs-cooperative',
        description: 'lean',
        cases: 0,
        failures: 0,
        seconds: 0,
        casesPerSecond: 0,
        skipped: 'no runner',
        counterexamples: [],
      },
    ],
    counterexamples: [c],
    warnings: [],
  };
  test('JSON leaves counterexample details and warnings out', () => {
    expect(JSON.parse(formatReport(report, 'json'))).toStrictEqual({
      version: '0.1.0',
      seed: '7',
      budget: report.budget,
      properties: report.properties,
    });
  });
  test('Markdown escapes pipes', () => {
    expect(formatReport(report, 'markdown')).toMatchInlineSnapshot(`
      "# telltale-parity fuzz report

      - version: 0.1.0
      - seed: 7
      - budget: 10 runs per property, shard 1/2, workers 2

      | property | description | cases | failures | seconds | cases/s | skipped | counterexamples |
      |---|---|---:|---:|---:|---:|---|---|
      | a\\|b | pipe \\| inside | 10 | 1 | 0.5 | 20 |  | x.msgpack |
      | lean-vs-cooperative | lean | 0 | 0 | 0 | 0 | no runner |  |
      "
    `);
  });
});
