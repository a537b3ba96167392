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

describe('failure block (the order of docs/fuzz.md#failure-reports)', () => {
  // Issue #13: inputs print as exact JSON (bigints as numbers, so the text can be saved and run), and
  // an `Inspect:` line names `corpus show` (the input as JSON and every command that reproduces it).
  test('property, seed + path + replay line, saved counterexample, first divergence, hint', () => {
    expect(formatCounterexample({ ...c, hint: 'look at session 0' }, '7', 37)).toMatchInlineSnapshot(`
      "Property "cooperative-vs-reference" failed after 37 cases
      { seed: 42, path: "36:2:0" }  replay: telltale-parity replay corpora/cooperative-vs-reference/ab12.msgpack
      Counterexample (shrunk 14 times) saved as corpora/cooperative-vs-reference/ab12.msgpack: {"concurrency":1,"max_steps":8}
      First divergence: event 3 differs in session 0
        {"kind":"different","leftIndex":3,"rightIndex":3}
      Hint: look at session 0
      Inspect: telltale-parity corpus show corpora/cooperative-vs-reference/ab12.msgpack (the input as JSON and every command that reproduces it)
      "
    `);
  });

  test('an external lane is passed again, quoted for a shell; one case and one shrink are singular', () => {
    const text = formatCounterexample(
      {
        ...c,
        property: 'lane-buggy-vs-cooperative',
        lanes: { buggy: "node it's/runner.mjs" },
        numShrinks: 1,
        corpusFile: 'my corpus/x.msgpack',
      },
      '7',
      1,
    );
    expect(text).toContain('failed after 1 case\n');
    expect(text).toContain(
      `replay: telltale-parity replay 'my corpus/x.msgpack' --lane 'buggy=node it'\\''s/runner.mjs'`,
    );
    expect(text).toContain('(shrunk 1 time)');
  });

  test('without a corpus file the replay line reruns the campaign up to the failing chunk, in-process', () => {
    // Issue #13 §1: the printed command must reproduce the failure (it used to rerun the whole default budget).
    const text = formatCounterexample({ ...c, corpusFile: null, divergence: null }, '7');
    expect(text.split('\n')[1]).toBe(
      '{ seed: 42, path: "36:2:0" }  replay: telltale-parity fuzz --seed 7 --properties cooperative-vs-reference --runs 40 --workers 1',
    );
    expect(text).not.toContain('Inspect:');
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
  // Issue #13 §3: the JSON report holds the verdict, statuses and the counterexample details (it used
  // to leave them out); a hand-made report without statuses gets them derived.
  test('JSON: a versioned document with the verdict, statuses, counterexamples and warnings', () => {
    const doc = JSON.parse(formatReport(report, 'json')) as Record<string, unknown>;
    expect(doc).toMatchObject({
      schema: 'telltale-parity/fuzz-report',
      schemaVersion: 1,
      status: 'failed',
      version: '0.1.0',
      seed: '7',
      budget: report.budget,
      totals: { properties: 2, cases: 10, counterexamples: 1, passed: 0, failed: 1, skipped: 1 },
      warnings: [],
    });
    expect(doc.properties).toStrictEqual(
      report.properties
        .map((p) => ({ ...p, status: p.skipped === undefined ? 'failed' : 'skipped' }))
        .map(({ id, description, status, skipped, cases, failures, seconds, casesPerSecond, counterexamples }) => ({
          id,
          description,
          status,
          ...(skipped === undefined ? {} : { skipped }),
          cases,
          failures,
          seconds,
          casesPerSecond,
          counterexamples,
        })),
    );
    expect(doc.counterexamples).toStrictEqual([
      {
        property: 'cooperative-vs-reference',
        summary: 'event 3 differs in session 0',
        divergence: { kind: 'different', leftIndex: 3, rightIndex: 3 },
        seed: 42,
        path: '36:2:0',
        numShrinks: 14,
        fullyShrunk: true,
        corpusFile: 'corpora/cooperative-vs-reference/ab12.msgpack',
        replay: 'telltale-parity replay corpora/cooperative-vs-reference/ab12.msgpack',
        // The input is not a run request: no `telltale-parity run` command.
        run: [],
        lanes: {},
        input: { concurrency: 1, max_steps: 8 },
      },
    ]);
  });
  test('Markdown: verdict, campaign table, properties (pipes escaped), counterexamples', () => {
    expect(formatReport(report, 'markdown')).toMatchInlineSnapshot(`
      "# telltale-parity fuzz report

      **FAILED: 1 counterexample; 2 properties (1 failed, 1 skipped), 10 cases**

      | campaign | |
      |---|---|
      | seed | \`7\` |
      | budget | 10 runs per property, shard 1/2 |
      | workers | 2 |
      | tool | telltale-parity 0.1.0 |

      ## Properties

      | property | description | status | cases | failures | seconds | cases/s | notes |
      |---|---|---|---:|---:|---:|---:|---|
      | a\\|b | pipe \\| inside | failed | 10 | 1 | 0.5 | 20 | x.msgpack |
      | lean-vs-cooperative | lean | skipped | 0 | 0 | 0 | 0 | no runner |

      ## Counterexamples

      ### cooperative-vs-reference

      - failure: event 3 differs in session 0
      - fast-check: \`{ seed: 42, path: "36:2:0" }\`, shrunk 14 times
      - corpus file: \`corpora/cooperative-vs-reference/ab12.msgpack\`
      - replay: \`telltale-parity replay corpora/cooperative-vs-reference/ab12.msgpack\`

      <details><summary>input and divergence (JSON)</summary>

      \`\`\`json
      {
        "input": {
          "concurrency": 1,
          "max_steps": 8
        },
        "divergence": {
          "kind": "different",
          "leftIndex": 3,
          "rightIndex": 3
        }
      }
      \`\`\`

      </details>
      "
    `);
  });
});
