import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kCliPath } from '../fuzz/_helpers/runCli.js';

// One rule for every command that reads an input file (issue #12, minor item): the bytes must be
// UTF-8 and a leading byte order mark is not skipped — as the Lean and Rust JSON readers do — and a
// path and stdin are treated alike.
const fixture = (path: string): Buffer => readFileSync(fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url)));
const kBom = Buffer.from([0xef, 0xbb, 0xbf]);
const commands: readonly { name: string; args: readonly string[]; doc: Buffer; stdin: boolean; rejected: RegExp }[] = [
  {
    name: 'run',
    args: ['run'],
    doc: fixture('runners/requests/client-server.json'),
    stdin: true,
    rejected: /"code":"ParseError".*invalid JSON/,
  },
  {
    name: 'project',
    args: ['project'],
    doc: fixture('projection/ping_pong/input.json'),
    stdin: true,
    rejected: /"error": "ExpectedObject"[\s\S]*invalid JSON/,
  },
  {
    name: 'deviations check',
    args: ['deviations', 'check'],
    doc: fixture('deviations/valid.json'),
    stdin: false,
    rejected: /not valid JSON/,
  },
  {
    name: 'heap check',
    args: ['heap', 'check'],
    doc: fixture('heap/heap_vectors_v1.json'),
    stdin: false,
    rejected: /InvalidJSON at \$: invalid JSON/,
  },
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tt-input-rule-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: readonly string[], input?: Buffer): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [kCliPath, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe.each(commands)(
  '$name: UTF-8 only, no BOM, from a file or stdin alike',
  ({ name, args, doc, stdin, rejected }) => {
    const variants: readonly [string, Buffer][] = [
      ['a leading BOM', Buffer.concat([kBom, doc])],
      ['invalid UTF-8', Buffer.concat([doc.subarray(0, 1), Buffer.from([0x20, 0xc3, 0x28, 0x20]), doc.subarray(1)])],
    ];

    test('the plain document is accepted', () => {
      const file = join(dir, `${name.replace(' ', '-')}-plain.json`);
      writeFileSync(file, doc);
      expect(cli([...args, file]).code).toBe(0);
    });

    test.each(variants)('%s is rejected', (_, bytes) => {
      const file = join(dir, `${name.replace(' ', '-')}-${bytes.length}.json`);
      writeFileSync(file, bytes);
      const fromFile = cli([...args, file]);
      expect(fromFile.code).not.toBe(0);
      expect(fromFile.code).not.toBeNull();
      expect(fromFile.out).toMatch(rejected);
      expect(fromFile.out).not.toMatch(/\n\s+at /);
    });

    test.runIf(stdin).each(variants)('%s from stdin gets the same verdict as from a file', (_, bytes) => {
      const file = join(dir, `${name.replace(' ', '-')}-stdin-${bytes.length}.json`);
      writeFileSync(file, bytes);
      const fromStdin = cli([...args, '-'], bytes);
      expect(fromStdin.code).toBe(cli([...args, file]).code);
      expect(fromStdin.out).toMatch(rejected);
    });
  },
);

test('the message names the broken rule (run: BOM, and the offset of a bad byte)', () => {
  const file = join(dir, 'bom.json');
  writeFileSync(file, Buffer.concat([kBom, Buffer.from('{}')]));
  expect(cli(['run', file]).out).toContain(
    'the input starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without BOM',
  );
  writeFileSync(file, Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]));
  expect(cli(['run', file]).out).toContain('the input is not valid UTF-8 (first bad byte at offset 2)');
});
