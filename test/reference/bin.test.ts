/** `telltale-lean-ref` as a spawned process (bridge.md §1): run mode, --serve, dispatch, usage. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assert, describe, expect, test } from 'vitest';
import { handleReferenceInput } from '../../src/reference/handleReferenceInput.js';

const bin = fileURLToPath(new URL('../../dist/src/reference/bin.js', import.meta.url));
const requestText = readFileSync(new URL('../fixtures/runners/requests/client-server.json', import.meta.url), 'utf8');
const ref = (args: string[], input = '') =>
  spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', timeout: 30_000 });

describe('telltale-lean-ref run mode (no arguments)', () => {
  test('prints exactly one compact line, exit 0', () => {
    const r = ref([], requestText);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const expected = handleReferenceInput(requestText);
    assert(expected.ok, 'the request is answered');
    expect(r.stdout).toBe(`${expected.line}\n`);
  });

  test.each([
    ['not json', /^uncaught exception: invalid JSON: /],
    ['{"operation":"bogus"}', /^uncaught exception: unsupported operation: bogus\n$/],
    ['{"choreographies":[],"concurrency":1}', /^uncaught exception: missing max_steps: /],
    [
      '{"choreographies":[{"global_type":{"kind":"end"},"roles":["A","A"]}],"concurrency":1,"max_steps":1}',
      /^uncaught exception: bad choreography image: duplicate entry-point role\n$/,
    ],
  ])('hard failure on %s: stderr text, empty stdout, exit 1', (input, pattern) => {
    const r = ref([], input);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(pattern);
  });

  test('answers an operation request with exit 0', () => {
    const r = ref(
      [],
      '{"schema_version":"lean_bridge.v1","operation":"validateTrace","payload":{"choreographies":[],"trace":[{"kind":"sent","session":0,"sender":"A","receiver":"B","label":"x"}]}}',
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      valid: false,
      errors: [{ code: 'trace.send_before_open', path: 'trace[0]', message: 'session 0 sent before open' }],
    });
  });
});

describe('telltale-lean-ref --serve', () => {
  test('one answer line per non-blank request line; errors as JSON lines; exit 0 at EOF', () => {
    const line = requestText.replace(/\n/g, ' ');
    const r = ref(['--serve'], `${line}\n\n   \n{"operation":"nope"}\n${line}\n`);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    const expected = handleReferenceInput(requestText);
    assert(expected.ok, 'the request is answered');
    expect(lines[0]).toBe(expected.line);
    expect(lines[2]).toBe(expected.line);
    expect(lines[1]).toBe('{"error":{"exit_code":1,"message":"uncaught exception: unsupported operation: nope"}}');
    expect(r.stderr).toBe('uncaught exception: unsupported operation: nope\n');
  });
});

describe('telltale-lean-ref dispatch', () => {
  test('usage text (snapshot)', () => {
    expect(ref(['--help']).stdout).toMatchSnapshot();
  });

  test.each([[['--bogus']], [['heap-parity']], [['--serve', 'extra']], [['run']]])(
    '%j prints usage on stdout and exits 1',
    (args) => {
      const r = ref(args);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/^Usage: telltale-lean-ref/);
    },
  );
});
