import { assert, describe, expect, test } from 'vitest';
import { Machine } from '../../src/machine/Machine.js';
import {
  codeImageFromLocalTypes,
  compareCodePoints,
  decodeCodeImage,
  encodeCodeImage,
  validateCodeImage,
} from '../../src/machine/codeImage.js';
import { loadCodeImage } from '../../src/machine/loadCodeImage.js';
import { encodeGlobal } from '../../src/projection/encodeGlobal.js';
import { encodeLocal } from '../../src/projection/encodeLocal.js';
import { projectCore } from '../../src/projection/projectCore.js';
import type { CodeImage } from '../../src/types/machine.js';
import type { GlobalType, LocalType } from '../../src/types/session.js';
import { END, comm, msg } from './_helpers.js';

const g = msg('A', 'B', 'ping', msg('B', 'A', 'pong'));
const proj = (gt: GlobalType, roles: readonly string[]) => roles.map((r) => [r, projectCore(gt, r)] as const);
const image = codeImageFromLocalTypes(proj(g, ['B', 'A']), g);

function created(r: ReturnType<typeof Machine.create>): Machine {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function withProgram(img: CodeImage, patch: Partial<CodeImage['program']>): CodeImage {
  return { ...img, program: { ...img.program, ...patch } };
}

describe('code images (machine.md §9.2–9.3)', () => {
  test('roles are sorted by code point, not UTF-16 unit or locale', () => {
    expect(['b', 'B', '\u{1F600}', '\uFF5E', 'a'].sort(compareCodePoints)).toEqual([
      'B',
      'a',
      'b',
      '\uFF5E',
      '\u{1F600}',
    ]);
    const img = codeImageFromLocalTypes(
      [
        ['\u{1F600}', { kind: 'end' }],
        ['\uFF5E', { kind: 'end' }],
      ],
      END,
    );
    expect(img.program.entryPoints.map(([r]) => r)).toEqual(['\uFF5E', '\u{1F600}']);
  });

  test('footprint summary: partners depth-first, de-duplicated', () => {
    const g3 = comm('A', 'B', [['x', msg('C', 'A', 'y', msg('A', 'B', 'z'))]]);
    const img = codeImageFromLocalTypes(proj(g3, ['A', 'B', 'C']), g3);
    expect(img.program.metadata.footprintSummary).toEqual([
      ['A', ['B', 'C']],
      ['B', ['A']],
      ['C', ['A']],
    ]);
    expect(typeof img.program.metadata.sourceHash).toBe('bigint');
  });

  test('validation reasons in order', () => {
    expect(validateCodeImage(image)).toBeNull();
    expect(validateCodeImage(withProgram(image, { entryPoints: [['A', 0]] }))).toBe('entry/local role arity mismatch');
    expect(
      validateCodeImage(
        withProgram(image, {
          entryPoints: [
            ['A', 0],
            ['A', 5],
          ],
        }),
      ),
    ).toBe('duplicate entry-point role');
    const lt = image.program.localTypesR;
    expect(validateCodeImage(withProgram(image, { localTypesR: [lt[0]!, lt[0]!] }))).toBe('duplicate local-type role');
    expect(
      validateCodeImage(
        withProgram(image, {
          entryPoints: [
            ['A', 0],
            ['C', 5],
          ],
        }),
      ),
    ).toBe('entry/local role mismatch');
    const wrong: LocalType = { kind: 'end' };
    expect(validateCodeImage(withProgram(image, { localTypesR: [lt[0]!, ['B', wrong]] }))).toBe(
      'projection mismatch for role B',
    );
  });

  test('JSON round trip (Lean layout)', () => {
    const json = JSON.parse(JSON.stringify(encodeCodeImage(image))) as unknown;
    const back = decodeCodeImage(json);
    assert(back.ok, 'the image decodes');
    expect(back.value.program.code).toEqual(image.program.code);
    expect(back.value.program.entryPoints).toEqual(image.program.entryPoints);
    expect(back.value.program.localTypes).toEqual(image.program.localTypes);
    expect(back.value.program.metadata.footprintSummary).toEqual(image.program.metadata.footprintSummary);
    expect(back.value.globalType).toEqual(g);
  });

  test('Rust-shaped images are sorted, concatenated and relocated (MD-04)', () => {
    const rust = {
      programs: {
        B: [
          { Choose: { chan: 0, table: [['ping', 1]] } },
          { Invoke: { action: 'runtime.step' } },
          { Offer: { chan: 0, label: 'pong' } },
          { Invoke: { action: 'runtime.step' } },
          'Halt',
        ],
        A: [
          { Offer: { chan: 0, label: 'ping' } },
          { Invoke: { action: 'runtime.step' } },
          { Choose: { chan: 0, table: [['pong', 3]] } },
          { Invoke: { action: 'runtime.step' } },
          'Halt',
        ],
      },
      local_types: { B: encodeLocal(projectCore(g, 'B')), A: encodeLocal(projectCore(g, 'A')) },
      global_type: encodeGlobal(g),
    };
    const r = decodeCodeImage(rust);
    assert(r.ok, 'the Rust-shaped image decodes');
    expect(r.value.program.entryPoints).toEqual([
      ['A', 0],
      ['B', 5],
    ]);
    expect(r.value.program.code).toEqual(image.program.code);
    expect(validateCodeImage(r.value)).toBeNull();
  });

  test('Rust shape checks use the Rust strings (MD-17)', () => {
    expect(decodeCodeImage({ programs: {}, local_types: {}, global_type: { kind: 'end' } })).toMatchObject({
      ok: false,
      error: { code: 'InvalidCodeImage', reason: 'code image must contain at least one role program' },
    });
    expect(
      decodeCodeImage({ programs: { A: ['Halt'] }, local_types: { B: { kind: 'end' } }, global_type: { kind: 'end' } }),
    ).toMatchObject({
      ok: false,
      error: { reason: 'code image role mismatch: programs [A], local_types [B]' },
    });
    expect(
      decodeCodeImage({
        programs: { A: ['Bogus'] },
        local_types: { A: { kind: 'end' } },
        global_type: { kind: 'end' },
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'InvalidInstruction', path: '$.programs.A[0]' },
    });
  });
});

describe('loading (machine.md §9.4)', () => {
  test('load: session 0, coroutines in role order, ready queue, opened at tick 0, edges and registers', () => {
    const r = loadCodeImage(image);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const m = r.value.machine;
    expect(r.value.sid).toBe(0);
    expect(m.readyQueue).toEqual([0, 1]);
    expect(m.coroutines.map((c) => [c.id, c.pc, c.owned])).toEqual([
      [0, 0, [{ sid: 0, role: 'A' }]],
      [1, 5, [{ sid: 0, role: 'B' }]],
    ]);
    expect(m.coroutines[0]?.regs).toHaveLength(8);
    expect(m.coroutines[0]?.regs[0]).toEqual({ kind: 'chan', endpoint: { sid: 0, role: 'A' } });
    expect(m.coroutines[0]?.regs[1]).toEqual({ kind: 'unit' });
    expect(m.trace).toEqual([{ tick: 0, kind: 'opened', sid: 0, roles: ['A', 'B'] }]);
    expect(m.nextSessionId).toBe(1);
  });

  test('failed loads change nothing (atomic, MD-17)', () => {
    const m = created(Machine.create({ maxCoroutines: 3 }));
    expect(m.loadImage(image).ok).toBe(true);
    const before = JSON.stringify([
      m.readyQueue,
      m.sessions.length,
      m.coroutines.length,
      m.trace.length,
      m.nextSessionId,
    ]);
    expect(m.loadImage(image)).toMatchObject({ ok: false, error: { code: 'too_many_coroutines', max: 3 } });
    expect(m.loadImage(withProgram(image, { entryPoints: [['A', 0]] }))).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', message: 'bad choreography image: entry/local role arity mismatch' },
    });
    expect(
      JSON.stringify([m.readyQueue, m.sessions.length, m.coroutines.length, m.trace.length, m.nextSessionId]),
    ).toBe(before);
  });

  test('sessions count closed ones too: too_many_sessions', () => {
    const m = created(Machine.create({ maxSessions: 1 }));
    expect(m.loadImage(image).ok).toBe(true);
    expect(m.loadImage(image)).toMatchObject({
      ok: false,
      error: { code: 'too_many_sessions', message: 'too many sessions while loading choreographies: 1' },
    });
  });

  test('invalid config fails creation', () => {
    expect(loadCodeImage(image, { numRegisters: 0 })).toMatchObject({
      ok: false,
      error: { code: 'InvalidConfig', reason: 'num_registers must be > 0' },
    });
  });
});
