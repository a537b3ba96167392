import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { kBridgeDefaults } from '../../src/bridge/bridgeDefaults.js';
import { findDefaultLeanRunner } from '../../src/bridge/leanLane.js';
import { checkParityStartup } from '../../src/plugin/checkParityStartup.js';
import { kParityDefaults, resolveParityOptions } from '../../src/plugin/options.js';
import { telltaleParity } from '../../src/plugin/telltaleParity.js';

const root = mkdtempSync(join(tmpdir(), 'telltale-parity-options-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resolveParityOptions', () => {
  test('defaults from the one constant; paths resolved against the root', () => {
    expect(resolveParityOptions({}, { root, env: {} })).toEqual({
      leanRunner: null,
      requireLeanRunner: false,
      leanSkipReason: 'lean lane: no Lean runner configured or found',
      profile: 'Full',
      ticks: 'per-session',
      deviations: null,
      onExpired: 'warn',
      corpusDir: join(root, 'corpora'),
      numRuns: kParityDefaults.numRuns,
      seed: null,
    });
    expect(
      resolveParityOptions({ deviations: 'dev.json', corpusDir: '/abs/c', numRuns: 5, seed: 9 }, { root, env: {} }),
    ).toMatchObject({
      deviations: join(root, 'dev.json'),
      corpusDir: '/abs/c',
      numRuns: 5,
      seed: 9,
    });
  });

  test('the lean runner: option, then TELLTALE_LEAN_RUNNER, then telltale build path under an ancestor with lean/.lake', () => {
    expect(
      resolveParityOptions({ leanRunner: '/x/runner' }, { root, env: { TELLTALE_LEAN_RUNNER: '/y' } }).leanRunner,
    ).toBe('/x/runner');
    expect(resolveParityOptions({}, { root, env: { TELLTALE_LEAN_RUNNER: '/y' } }).leanRunner).toBe('/y');
    const ws = join(root, 'ws');
    mkdirSync(join(ws, 'lean', '.lake', 'build', 'bin'), { recursive: true });
    const nested = join(ws, 'a', 'b');
    mkdirSync(nested, { recursive: true });
    // lean/.lake present but no binary: still no lane.
    expect(resolveParityOptions({}, { root: nested, env: {} }).leanRunner).toBeNull();
    const bin = join(ws, 'lean', '.lake', 'build', 'bin', 'protocol_machine_runner');
    writeFileSync(bin, '#!/bin/sh\n');
    expect(resolveParityOptions({}, { root: nested, env: {} }).leanRunner).toBe(bin);
    // The plugin's copy of the search agrees with the bridge's, and so does the skip reason.
    expect(findDefaultLeanRunner(nested)).toBe(bin);
    expect(kParityDefaults.leanSkipReason).toBe(kBridgeDefaults.leanSkipReason);
  });

  test('TELLTALE_REQUIRE_PROTOCOL_MACHINE_RUNNER (not 0) turns the skip into a failure', () => {
    expect(
      resolveParityOptions({}, { root, env: { TELLTALE_REQUIRE_PROTOCOL_MACHINE_RUNNER: '1' } }).requireLeanRunner,
    ).toBe(true);
    expect(
      resolveParityOptions({}, { root, env: { TELLTALE_REQUIRE_PROTOCOL_MACHINE_RUNNER: '0' } }).requireLeanRunner,
    ).toBe(false);
  });

  test('bad options throw InvalidOption naming the option and what is accepted', () => {
    const bad = (o: object) => {
      try {
        resolveParityOptions(o, { root, env: {} });
      } catch (e) {
        return { code: (e as { code: string }).code, message: (e as Error).message };
      }
      return null;
    };
    expect(bad({ profile: 'Bogus' })).toEqual({
      code: 'InvalidOption',
      message:
        'telltaleParity({ profile }): unknown profile "Bogus"; use one of Full, ModuloEffects, ModuloCommutativity, Replay',
    });
    expect(bad({ numRuns: 0 })?.message).toBe('telltaleParity({ numRuns }): must be a positive integer, got 0');
    expect(bad({ ticks: 'raw' })?.message).toContain("use 'per-session' or 'exact'");
    expect(bad({ leanRunner: '' })?.message).toContain('leanRunner');
  });
});

describe('telltaleParity()', () => {
  test('config() adds the setup file (source form here) and provides the resolved options', () => {
    const plugin = telltaleParity({ numRuns: 3 });
    expect(plugin.name).toBe('telltale-parity');
    const hook = plugin.config as unknown as (c: { root?: string }) => {
      test: { setupFiles: string[]; provide: { telltaleParity: { numRuns: number } } };
    };
    const partial = hook({ root });
    expect(partial.test.setupFiles).toHaveLength(1);
    expect(partial.test.setupFiles[0]).toMatch(/src[\\/]plugin[\\/]setup\.ts$/);
    expect(existsSync(partial.test.setupFiles[0]!)).toBe(true);
    expect(partial.test.provide.telltaleParity).toMatchObject({ numRuns: 3, corpusDir: join(root, 'corpora') });
  });
});

describe('naming honesty', () => {
  test('telltale-lean-ref configured as the Lean runner is refused: no lean lane, and the skip reason says why', () => {
    const resolved = resolveParityOptions({ leanRunner: 'npx telltale-lean-ref' }, { root: process.cwd(), env: {} });
    expect(resolved.leanRunner).toBeNull();
    expect(resolved.leanSkipReason).toContain('runs telltale-lean-ref, the reference runner, not Lean');
  });
});

describe('start-up validation (#12 item 17)', () => {
  const thrown = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return { code: (e as { code: string }).code, path: (e as { path?: string }).path, message: (e as Error).message };
    }
    return null;
  };
  const deviationsDir = join(root, 'deviations');
  mkdirSync(deviationsDir, { recursive: true });
  const write = (name: string, text: string): string => {
    const file = join(deviationsDir, name);
    writeFileSync(file, text);
    return file;
  };
  const entry = (revisit: string) => ({
    id: 'BR-DEV-99',
    owner: 'bridge',
    status: 'active',
    reason: 'r',
    impact: 'i',
    alternatives: [],
    revisit,
    covers: ['bridge.trace'],
    follows: 'lean',
  });

  test('an unknown option is named, with a "did you mean" when one is close', () => {
    expect(thrown(() => resolveParityOptions({ leanRunnner: '/x' } as never, { root, env: {} }))).toEqual({
      code: 'UnknownOption',
      path: '$.leanRunnner',
      message:
        "telltaleParity({ leanRunnner }): unknown option; did you mean 'leanRunner'? The options are leanRunner, profile, ticks, deviations, onExpired, corpusDir, numRuns, seed.",
    });
    expect(thrown(() => resolveParityOptions({ numruns: 5 } as never, { root, env: {} }))?.message).toContain(
      "did you mean 'numRuns'?",
    );
    expect(thrown(() => resolveParityOptions({ corpus: 'c' } as never, { root, env: {} }))?.message).toContain(
      "did you mean 'corpusDir'?",
    );
    const far = thrown(() => resolveParityOptions({ bananas: true } as never, { root, env: {} }));
    expect(far).toMatchObject({ code: 'UnknownOption', path: '$.bananas' });
    expect(far?.message).not.toContain('did you mean');
  });

  test('the deviations registry is checked at start-up: missing, not JSON or malformed throws, naming the problems', () => {
    const missing = join(deviationsDir, 'nope.json');
    const startup = (deviations: string) =>
      checkParityStartup(resolveParityOptions({ deviations }, { root, env: {} }), { root, env: {} });
    expect(thrown(() => startup(missing))).toMatchObject({
      code: 'InvalidDeviationRegistry',
      path: '$.deviations',
      message: expect.stringContaining(`${missing}: Unreadable at $`),
    });
    expect(thrown(() => startup(write('broken.json', '[{')))?.message).toContain('InvalidJSON at $');
    const malformed = write('malformed.json', JSON.stringify([{ ...entry('2099-01-01'), revisit: 'soon' }]));
    expect(thrown(() => startup(malformed))?.message).toContain('BR-DEV-99: MalformedField at $[0].revisit');
    expect(startup(write('valid.json', JSON.stringify([entry('2099-01-01')])))).toEqual({ warnings: [] });
    const expired = startup(write('expired.json', JSON.stringify([entry('2000-01-01')])));
    expect(expired.warnings).toHaveLength(1);
    expect(expired.warnings[0]).toContain('deviation BR-DEV-99');
    expect(expired.warnings[0]).toContain('expired: revisit date 2000-01-01 has passed');
  });

  test('a configured leanRunner that does not resolve is a warning; the lane stays configured', () => {
    const startup = (leanRunner: string, env: NodeJS.ProcessEnv = {}) => {
      const resolved = resolveParityOptions({ leanRunner }, { root, env });
      expect(resolved.leanRunner).toBe(leanRunner);
      return checkParityStartup(resolved, { root, env }).warnings;
    };
    const w = startup('/nonexistent/protocol_machine_runner --serve');
    expect(w).toHaveLength(1);
    expect(w[0]).toContain("leanRunner '/nonexistent/protocol_machine_runner --serve' does not resolve to a file");
    expect(w[0]).toContain('BinaryNotFound');
    expect(startup(`${process.execPath} runner.mjs`)).toEqual([]);
    const bin = join(root, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'my-lean-runner'), '#!/bin/sh\n');
    expect(startup('my-lean-runner', { PATH: bin })).toEqual([]);
    expect(startup('my-lean-runner', { PATH: root })).toHaveLength(1);
    expect(startup('./bin/my-lean-runner')).toEqual([]);
  });

  test('telltaleParity() runs the checks when Vitest loads the config: throws, or warns on stderr', () => {
    const hook = (options: object) =>
      (telltaleParity(options).config as unknown as (c: { root?: string }) => unknown)({ root });
    expect(thrown(() => hook({ leanRunnner: '/x' }))?.code).toBe('UnknownOption');
    expect(thrown(() => hook({ deviations: 'deviations/nope.json' }))?.code).toBe('InvalidDeviationRegistry');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      hook({ leanRunner: '/nonexistent/runner' });
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(
        /^telltale-parity: leanRunner '\/nonexistent\/runner' does not resolve to a file/,
      );
    } finally {
      stderr.mockRestore();
    }
  });
});
