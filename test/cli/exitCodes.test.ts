import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeCorpusEntry } from '../../src/corpus/writeCorpusEntry.js';
import { failingEntry, fixedEntry } from '../fuzz/_helpers/corpusFixtures.js';
import { kCliPath } from '../fuzz/_helpers/runCli.js';

// Issue #13 §7: one exit-code rule for every command (docs/cli.md "Exit codes: one rule"):
// 0 checked and found nothing wrong, 1 a finding (about the input too: invalid JSON is a finding
// about the input), 2 usage or set-up problem or nothing checked; --help is 0.
const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (path: string): string => join(root, 'test/fixtures', path);
const buggyRunner = join(root, 'examples/buggy-runner/runner.mjs');
const dir = mkdtempSync(join(tmpdir(), 'tt-exit-codes-'));
const at = (name: string): string => join(dir, name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => {
  writeFileSync(at('bad.json'), '{"unterminated": ');
  writeFileSync(at('not-a-request.json'), '{"schema_version":"lean_bridge.v1"}');
  writeFileSync(
    at('w3.json'),
    JSON.stringify({
      kind: 'comm',
      sender: 'A',
      receiver: 'B',
      branches: ['x', 'y'].map((name, i) => ({
        label: { name: `l${i + 1}`, sort: 'unit' },
        continuation: {
          kind: 'comm',
          sender: 'C',
          receiver: 'B',
          branches: [{ label: { name, sort: 'unit' }, continuation: { kind: 'end' } }],
        },
      })),
    }),
  );
  writeFileSync(at('heap-bad.json'), '{"heap_encoding_version": 99}');
  writeFileSync(at('run-output-bad.json'), '{"schema_version":"lean_bridge.v1","trace":7}');
  writeCorpusEntry(at('passing'), fixedEntry);
  writeCorpusEntry(at('failing'), failingEntry);
  mkdirSync(at('empty'));
});

function cli(args: readonly string[]): Promise<{ code: number | null; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
  delete env.TELLTALE_LEAN_RUNNER;
  return new Promise((resolve) => {
    execFile(process.execPath, [kCliPath, ...args], { cwd: dir, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, out: `${stdout}\n${stderr}` });
    });
  });
}

type Row = readonly [what: string, args: readonly string[], code: 0 | 1 | 2];
const kCommands: Readonly<Record<string, readonly Row[]>> = {
  fuzz: [
    [
      'a short campaign that finds nothing',
      ['fuzz', '--runs', '5', '--properties', 'json-roundtrip', '--workers', '1'],
      0,
    ],
    [
      'a counterexample (a wrong external lane)',
      [
        'fuzz',
        '--runs',
        '200',
        '--seed',
        '1',
        '--workers',
        '1',
        '--properties',
        'lane-buggy-vs-cooperative',
        '--lane',
        `buggy=serve:node ${buggyRunner} --serve`,
        '--corpus',
        'found',
      ],
      1,
    ],
    [
      'every property SKIPPED (no Lean runner): nothing checked',
      ['fuzz', '--runs', '5', '--properties', 'lean-vs-cooperative'],
      2,
    ],
    ['--runs 0', ['fuzz', '--runs', '0'], 2],
    ['--runs 1.5', ['fuzz', '--runs', '1.5'], 2],
    ['--time 0s', ['fuzz', '--time', '0s'], 2],
    ['a report path that cannot be written', ['fuzz', '--runs', '1', '--report', '/nonexistent/dir/r.json'], 2],
  ],
  replay: [
    ['an entry that stays fixed', ['replay', 'passing'], 0],
    ['an entry that still fails', ['replay', 'failing'], 1],
    ['no entries: nothing replayed', ['replay', 'empty'], 2],
    ['a file that is not a corpus entry', ['replay', 'bad.json'], 2],
    ['a missing path', ['replay', 'nowhere'], 2],
  ],
  'corpus ls': [
    ['a corpus', ['corpus', 'ls', 'failing'], 0],
    ['a missing folder', ['corpus', 'ls', 'nowhere'], 2],
  ],
  'corpus show': [
    ['a file that is not an entry', ['corpus', 'show', 'bad.json'], 2],
    ['a missing file', ['corpus', 'show', 'nowhere.msgpack'], 2],
  ],
  'corpus merge': [
    ['two corpora', ['corpus', 'merge', 'passing', 'failing', '--into', 'merged'], 0],
    ['a missing folder', ['corpus', 'merge', 'nowhere', '--into', 'merged2'], 2],
  ],
  'corpus minimize': [
    ['a corpus whose entries can be judged', ['corpus', 'minimize', 'failing', '--dry-run'], 0],
    ['a missing folder', ['corpus', 'minimize', 'nowhere'], 2],
  ],
  project: [
    ['a projectable type', ['project', 'w3.json'], 0],
    ['a role the checked projection rejects', ['project', 'w3.json', '--checked', '--role', 'C'], 1],
    ['invalid JSON', ['project', 'bad.json'], 1],
    ['a missing file', ['project', 'nowhere.json'], 2],
  ],
  run: [
    ['a valid request', ['run', fixture('runners/requests/client-server.json')], 0],
    ['a request the lane rejects', ['run', 'not-a-request.json'], 1],
    ['invalid JSON', ['run', 'bad.json'], 1],
    ['a missing file', ['run', 'nowhere.json'], 2],
    ['an unknown lane', ['run', fixture('runners/requests/client-server.json'), '--lane', 'nosuchlane'], 2],
  ],
  'deviations check': [
    ['a valid registry', ['deviations', 'check', fixture('deviations/valid.json')], 0],
    ['invalid entries', ['deviations', 'check', fixture('deviations/invalid.json')], 1],
    ['invalid JSON', ['deviations', 'check', 'bad.json'], 1],
    ['a missing file', ['deviations', 'check', 'nowhere.json'], 2],
  ],
  'heap check': [
    ['the vectors', ['heap', 'check', fixture('heap/heap_vectors_v1.json')], 0],
    ['a document that is not heap vectors', ['heap', 'check', 'heap-bad.json'], 1],
    ['invalid JSON', ['heap', 'check', 'bad.json'], 1],
    ['a missing file', ['heap', 'check', 'nowhere.json'], 2],
  ],
  validate: [
    ['a valid artifact', ['validate', fixture('runners/requests/client-server.json')], 0],
    ['an invalid artifact', ['validate', 'run-output-bad.json', '--family', 'run_output'], 1],
    ['invalid JSON', ['validate', 'bad.json'], 1],
    ['a missing file', ['validate', 'nowhere.json'], 2],
  ],
};

describe('exit codes: one rule for every command', () => {
  for (const [command, rows] of Object.entries(kCommands)) {
    const words = command.split(' ');
    // Concurrent: each row is its own process; the rows share only read-only fixtures.
    test.concurrent.each([
      ['--help', [...words, '--help'], 0] as Row,
      ['an unknown option', [...words, '--no-such-option'], 2] as Row,
      ...rows,
    ])(`${command}: %s %j → exit %i`, async (_what, args, code) => {
      const r = await cli(args);
      expect(r.code, r.out).toBe(code);
      // Whatever the code, no stack trace reaches the user.
      expect(r.out).not.toMatch(/\n\s+at .+:\d+:\d+/);
    });
  }
});
