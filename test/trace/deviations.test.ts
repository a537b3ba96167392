import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { assert, describe, expect, test } from 'vitest';
import { checkDeviations, type DeviationEntry } from '../../src/trace/checkDeviations.js';
import { loadDeviations, parseDeviations } from '../../src/trace/loadDeviations.js';
import { observationallyEquivalent } from '../../src/trace/observationallyEquivalent.js';
import { clientServerTrace, output } from './_fixtures.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/deviations/${name}`, import.meta.url));
const cli = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));
const run = promisify(execFile);

const entry: DeviationEntry = {
  id: 'BR-DEV-01',
  owner: 'bridge',
  status: 'active',
  reason: 'r',
  impact: 'i',
  alternatives: [],
  revisit: '2999-03-01',
  covers: ['bridge.trace'],
  follows: 'lean',
};
const changed = clientServerTrace.map((e, i) => (i === 3 ? { ...e, label: 'nack' } : e));

describe('deviation registry (bridge.md §14.1)', () => {
  test('a valid registry loads with no problems (a resolved entry never expires)', () => {
    const r = loadDeviations(fixture('valid.json'));
    assert(r.ok, 'the registry loads');
    expect(r.value.entries.map((e) => e.id)).toEqual(['BR-DEV-01', 'BR-DEV-02']);
    expect(r.value.problems).toEqual([]);
  });

  test('malformed entries: every problem with code, path, entry and what to do', () => {
    const r = loadDeviations(fixture('malformed.json'));
    assert(!r.ok, 'the registry is rejected');
    expect(r.error).toMatchSnapshot();
  });

  test('expired entries load, and are reported as Expired', () => {
    const r = loadDeviations(fixture('expired.json'), { today: '2026-01-01' });
    expect(r.ok && r.value.problems.map((p) => [p.code, p.entry, p.path])).toEqual([
      ['Expired', 'OLD-01', '$[0].revisit'],
    ]);
    expect(checkDeviations([{ ...entry, revisit: '2026-01-01' }], { today: '2026-01-01' }).problems).toEqual([]);
    expect(checkDeviations([{ ...entry, revisit: '2025-12-31' }], { today: '2026-01-01' }).problems[0]?.code).toBe(
      'Expired',
    );
  });

  test('unreadable file, invalid JSON and a non-array are errors', () => {
    expect(loadDeviations(fixture('nope.json'))).toMatchObject({ ok: false, error: [{ code: 'Unreadable' }] });
    expect(loadDeviations(fixture('invalid.json'))).toMatchObject({
      ok: false,
      error: [{ code: 'InvalidJSON', path: '$' }],
    });
    expect(parseDeviations('{}')).toMatchObject({ ok: false, error: [{ code: 'ExpectedArray' }] });
  });

  describe('waivers in observationallyEquivalent (§9.3 step 4)', () => {
    test('an active entry whose covers is a dot-prefix of the scope key waives and says which', () => {
      const r = observationallyEquivalent(clientServerTrace, changed, { deviations: [entry] });
      expect(r.equivalent).toBe(true);
      expect(r.waived).toHaveLength(1);
      expect(r.waived[0]).toMatchObject({
        deviation: 'BR-DEV-01',
        scope: 'bridge.trace.sent',
        expired: false,
        divergence: { kind: 'different', leftIndex: 3 },
      });
    });

    test('comparison goes on after a waived difference', () => {
      const r = observationallyEquivalent(output(clientServerTrace), output(changed, { status: 'stuck' }), {
        deviations: [entry],
      });
      expect(r.divergence?.kind).toBe('status');
      expect(r.waived.map((w) => w.scope)).toEqual(['bridge.trace.sent']);
    });

    test('a key is covered only at a dot boundary; resolved entries never waive', () => {
      expect(
        observationallyEquivalent(clientServerTrace, changed, { deviations: [{ ...entry, covers: ['bridge.tr'] }] })
          .equivalent,
      ).toBe(false);
      expect(
        observationallyEquivalent(clientServerTrace, changed, {
          deviations: [{ ...entry, covers: ['bridge.trace.received'] }],
        }).equivalent,
      ).toBe(false);
      expect(
        observationallyEquivalent(clientServerTrace, changed, { deviations: [{ ...entry, status: 'resolved' }] })
          .equivalent,
      ).toBe(false);
    });

    test('an expired entry warns by default and fails with onExpired: fail, naming the entry', () => {
      const warn = observationallyEquivalent(clientServerTrace, changed, { deviations: fixture('expired.json') });
      expect(warn.equivalent).toBe(true);
      expect(warn.waived[0]).toMatchObject({ deviation: 'OLD-01', expired: true });
      expect(warn.warnings[0]).toContain('deviation OLD-01 waived bridge.trace.sent but expired on 2020-06-01');
      const fail = observationallyEquivalent(clientServerTrace, changed, {
        deviations: fixture('expired.json'),
        onExpired: 'fail',
      });
      expect(fail.equivalent).toBe(false);
      expect(fail.divergence?.explanation).toContain(
        "deviation OLD-01 covers bridge.trace.sent but expired on 2020-06-01 (onExpired: 'fail')",
      );
    });

    test('a registry path that does not load is a set-up error naming the entries', () => {
      expect(() => observationallyEquivalent([], [], { deviations: fixture('malformed.json') })).toThrow(
        /X-02: missing field 'owner'/,
      );
    });
  });
});

describe('telltale-parity deviations check (spawned; needs `npx tsc -p tsconfig.build.json`)', () => {
  const exec = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await run(process.execPath, [cli, 'deviations', ...args]);
      return { code: 0, stdout, stderr };
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return { code: x.code, stdout: x.stdout, stderr: x.stderr };
    }
  };

  test('clean registry: exit 0', async () => {
    expect((await exec('check', fixture('valid.json'))).code).toBe(0);
  });

  test('malformed and expired entries: one line each naming the entry, exit 1', async () => {
    const bad = await exec('check', fixture('malformed.json'));
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatchSnapshot();
    const old = await exec('check', fixture('expired.json'));
    expect(old.code).toBe(1);
    expect(old.stdout).toBe(
      'OLD-01: expired: revisit date 2020-06-01 has passed; revisit the deviation and set a new date, or mark it "resolved"\n',
    );
    expect((await exec('check', fixture('expired.json'), '--today', '2020-05-01')).code).toBe(0);
  });

  test('usage errors and unreadable files: exit 2, no stack trace', async () => {
    for (const args of [
      [],
      ['check'],
      ['lint', 'x'],
      ['check', fixture('valid.json'), '--bogus'],
      ['check', fixture('nope.json')],
    ]) {
      const r = await exec(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  test('--today must be a real calendar date (2024-02-30 and 2023-02-29 are not), exit 2', async () => {
    for (const today of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-1-01', 'tomorrow']) {
      const r = await exec('check', fixture('valid.json'), '--today', today);
      expect(r.code, today).toBe(2);
      expect(r.stderr).toContain(`--today must be a calendar date YYYY-MM-DD, got '${today}'`);
    }
    expect((await exec('check', fixture('valid.json'), '--today', '2024-02-29')).code).toBe(0);
  });
});
