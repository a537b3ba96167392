import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { bridgeDefaults } from '../../src/bridge/bridgeDefaults.js';
import { findDefaultLeanRunner } from '../../src/bridge/leanLane.js';
import { parityDefaults, resolveParityOptions } from '../../src/plugin/options.js';
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
      numRuns: parityDefaults.numRuns,
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
    expect(parityDefaults.leanSkipReason).toBe(bridgeDefaults.leanSkipReason);
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
        resolveParityOptions(o as never, { root, env: {} });
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
