/** `telltale-parity run` spawned (bridge.md §4.1, §5.3): outputs, client-side rejections, exit codes. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { stringifySorted } from '../../src/reference/stringifySorted.js';
import { tier2Defaults } from '../../src/types/bridge.js';

const cli = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const refBin = fileURLToPath(new URL('../../dist/src/reference/bin.js', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/runners/requests/client-server.json', import.meta.url));
const request = JSON.parse(readFileSync(fixture, 'utf8')) as Record<string, unknown>;
const dir = mkdtempSync(path.join(tmpdir(), 'tt-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The lean lane must not see a runner configured by whoever runs the suite.
const { TELLTALE_LEAN_RUNNER: _r, TELLTALE_REQUIRE_PROTOCOL_MACHINE_RUNNER: _q, ...baseEnv } = process.env;
const run = (args: string[], input?: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [cli, 'run', ...args], {
    input,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...baseEnv, ...env },
  });
const file = (name: string, content: unknown) => {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

describe('telltale-parity run — outputs', () => {
  test('prints the bridge form as one compact line (cooperative by default), exit 0', () => {
    const r = run([fixture]);
    expect(r.status).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trimEnd()).not.toContain('\n');
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ status: 'completed', steps_executed: 11, concurrency: 1 });
    expect(Object.keys(out).sort()).toEqual(Object.keys(out));
    expect(out).not.toHaveProperty('diagnostics');
  });

  test('gives the same line on every lane: cooperative, reference, a process lane, a serve lane, stdin', () => {
    const lines = [
      run([fixture]),
      run([fixture, '--lane', 'reference']),
      run([fixture, '--lane', `ref=${process.execPath} ${refBin}`]),
      run([fixture, '--lane', `ref=serve:${process.execPath} ${refBin} --serve`]),
      run(['-', '--lane', 'reference'], JSON.stringify(request)),
    ].map((r) => {
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return r.stdout;
    });
    // The cooperative engine adds the Tier 2 keys as their empty defaults (bridge.md §4.1); without
    // them its line is byte for byte the runners' line.
    const coop = JSON.parse(lines[0] as string) as Record<string, unknown>;
    const tier2 = tier2Defaults() as Record<string, unknown>;
    for (const key of Object.keys(tier2)) {
      expect(coop[key]).toEqual(tier2[key]);
      delete coop[key];
    }
    expect(new Set([stringifySorted(coop) + '\n', ...lines.slice(1)]).size).toBe(1);
  });

  test('--diagnostics prints {"diagnostics","output"}; null for a runner lane', () => {
    const coop = JSON.parse(run([fixture, '--diagnostics']).stdout) as {
      diagnostics: { engine: string };
      output: unknown;
    };
    expect(Object.keys(coop)).toEqual(['diagnostics', 'output']);
    expect(coop.diagnostics.engine).toBe('cooperative');
    expect(JSON.parse(run([fixture, '--diagnostics', '--lane', 'reference']).stdout)).toMatchObject({
      diagnostics: null,
      output: { status: 'completed' },
    });
  });

  test('a stuck run is still an output: exit 0', () => {
    const r = run([file('stuck.json', { ...request, max_steps: 3 })]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'stuck', steps_executed: 3 });
  });
});

describe('telltale-parity run — client-side rejections: error object on stderr, exit 1', () => {
  const rejected = (content: unknown, lane = 'cooperative') => {
    const r = run([file('bad.json', content), '--lane', lane]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    return JSON.parse(r.stderr) as { code: string; path: string; message: string };
  };

  test.each(['cooperative', 'reference'])('unsupported or missing schema versions (lane %s)', (lane) => {
    expect(rejected({ ...request, schema_version: 'lean_bridge.v9' }, lane)).toEqual({
      code: 'ParseError',
      path: '$.schema_version',
      message: "unsupported schema_version 'lean_bridge.v9' for ProtocolMachineRunInput; expected 'lean_bridge.v1'",
    });
    const choreographies = [{ ...(request.choreographies as object[])[0], schema_version: undefined }];
    expect(rejected({ ...request, choreographies }, lane)).toMatchObject({
      code: 'ParseError',
      path: '$.choreographies[0].schema_version',
    });
  });

  test('truncated JSON', () => {
    expect(rejected('{"schema_version":"lean_bridge.v1","choreographies":[')).toMatchObject({
      code: 'ParseError',
      path: '$',
      message: expect.stringMatching(/^invalid JSON: /),
    });
  });

  test('loader limits and a projection mismatch', () => {
    const end = { schema_version: 'lean_bridge.v1', global_type: { kind: 'end' }, roles: [] };
    expect(rejected({ ...request, choreographies: Array.from({ length: 257 }, () => end) })).toEqual({
      code: 'too_many_sessions',
      path: '$.choreographies[256]',
      message: 'too many sessions while loading choreographies: 256',
    });
    const wide = { ...end, roles: Array.from({ length: 1025 }, (_, i) => `R${i}`) };
    expect(rejected({ ...request, choreographies: [wide] })).toEqual({
      code: 'too_many_coroutines',
      path: '$.choreographies[0]',
      message: 'too many coroutines while loading choreographies: 1024',
    });
    const loop = {
      kind: 'rec',
      var: 't',
      body: {
        kind: 'comm',
        sender: 'A',
        receiver: 'B',
        branches: [
          { label: { name: 'more', sort: 'unit' }, continuation: { kind: 'var', name: 't' } },
          { label: { name: 'stop', sort: 'unit' }, continuation: { kind: 'end' } },
        ],
      },
    };
    expect(
      rejected({ ...request, choreographies: [{ ...end, global_type: loop, roles: ['A', 'B', 'C'] }] }, 'reference'),
    ).toEqual({
      code: 'validation_failed',
      path: '$.choreographies[0]',
      message: 'bad choreography image: projection mismatch for role C',
    });
  });

  test('what is legal stays accepted: unknown fields, a listed bystander the check accepts', () => {
    const choreographies = [
      { ...(request.choreographies as object[])[0], roles: ['Client', 'Server', 'Zed'], note: 1 },
    ];
    const r = run([file('legal.json', { ...request, choreographies, extra: { any: 'thing' } })]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { status: string; trace: unknown[] };
    expect(out.status).toBe('completed');
    expect(out.trace[0]).toMatchObject({ kind: 'opened', role: 'Client,Server,Zed' });
  });

  test('a process lane whose command does not resolve is BinaryNotFound, not a skip (a set-up problem: exit 2)', () => {
    const r = run([fixture, '--lane', 'x=./no/such/runner']);
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stderr)).toEqual({
      code: 'BinaryNotFound',
      path: '$',
      binary: './no/such/runner',
      message: 'protocol-machine runner binary not found at ./no/such/runner',
    });
  });

  test('runner output with an unknown root key, or past the size limit, through a process lane', () => {
    const fake = (name: string) =>
      `${name}=${process.execPath} ${fileURLToPath(new URL(`../fixtures/runners/${name}.mjs`, import.meta.url))}`;
    const extra = run([fixture, '--lane', fake('extrakey')]);
    expect(extra.status).toBe(1);
    expect(JSON.parse(extra.stderr)).toEqual({
      code: 'ParseError',
      path: '$',
      message: 'Failed to parse protocol-machine runner output: unknown field `bogus` in ProtocolMachineRunOutput',
    });
    const big = run([fixture, '--lane', fake('toomuch')], undefined, { TELLTALE_PARITY_MAX_OUTPUT_BYTES: '65536' });
    expect(big.status).toBe(1);
    expect(JSON.parse(big.stderr)).toEqual({
      code: 'OutputTooLarge',
      path: '$',
      limitBytes: 65536,
      message: 'protocol-machine runner output exceeds 65536 bytes',
    });
  });

  test('a runner failure through a process lane is the runner-client error', () => {
    const hang = fileURLToPath(new URL('../fixtures/runners/hang.mjs', import.meta.url));
    const r = run([fixture, '--lane', `h=${process.execPath} ${hang}`], undefined, {
      TELLTALE_PROTOCOL_MACHINE_TIMEOUT_MS: '300',
    });
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stderr)).toEqual({
      code: 'TimedOut',
      path: '$',
      operation: 'run',
      timeoutMs: 300,
      message: "protocol-machine runner operation 'run' timed out after 300ms",
    });
  });
});

describe('telltale-parity run — usage and set-up errors: exit 2, no stack trace', () => {
  test.each([
    [[]],
    [['a.json', 'b.json']],
    [[fixture, '--bogus']],
    [[fixture, '--lane', 'nosuch']],
    [[fixture, '--lane', 'x=']],
    [[fixture, '--lane']],
  ])('%j', (args) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^telltale-parity run: /);
    expect(r.stderr).toContain('Usage: telltale-parity run');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('an unreadable file', () => {
    const r = run([path.join(dir, 'missing.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot read '.*missing\.json': no such file or directory \(ENOENT\)/);
  });

  test('the lean lane without a Lean runner is skipped with its reason, never replaced', () => {
    const r = run([fixture, '--lane', 'lean']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toMatchObject({
      code: 'LaneSkipped',
      skipped: 'lean lane: no Lean runner configured or found',
    });
  });

  test('--help prints usage on stdout, exit 0 (snapshot)', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatchSnapshot();
  });

  test('a usage error message (snapshot)', () => {
    expect(run([fixture, '--lane', 'nosuch']).stderr).toMatchSnapshot();
  });
});
