/**
 * Small local generators for the threaded-engine tests: projectable global types (roles A–D),
 * run requests of several choreographies, and compiled code images with optional faulting
 * instructions. (The shared arbitraries of `arbitraries/` are used where they load.)
 */
import fc from 'fast-check';
import { codeImageFromLocalTypes } from '../../../src/machine/codeImage.js';
import { projectChecked } from '../../../src/projection/projectChecked.js';
import { projectCore } from '../../../src/projection/projectCore.js';
import { roles as rolesOf } from '../../../src/projection/roles.js';
import type { RunRequest } from '../../../src/types/bridge.js';
import type { CodeImage, Instruction } from '../../../src/types/machine.js';
import type { GlobalType } from '../../../src/types/session.js';
import { pingPong, pingPongOnce } from '../../_helpers/protocols.js';

type G = GlobalType;
const ROLES = ['A', 'B', 'C', 'D'] as const;

function globalArb(roleNames: readonly string[]): fc.Arbitrary<G> {
  const role = fc.constantFrom(...roleNames);
  const { g } = fc.letrec<{ g: G }>((tie) => ({
    g: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant<G>({ kind: 'end' }),
      fc.constant<G>({ kind: 'var', name: 't' }),
      fc.record({ kind: fc.constant('rec' as const), var: fc.constant('t'), body: tie('g') }),
      fc
        .record({ s: role, r: role, conts: fc.array(tie('g'), { minLength: 1, maxLength: 2 }) })
        .filter(({ s, r }) => s !== r)
        .map(({ s, r, conts }): G => ({
          kind: 'comm',
          sender: s,
          receiver: r,
          branches: conts.map((c, i) => ({ label: { name: `l${i}`, sort: 'unit' as const }, continuation: c })),
        })),
    ),
  }));
  return g;
}

/** A global type whose every role projects under the checked projection; wrapped in `rec t` so runs go on. */
export function projectableGlobalArb(roleNames: readonly string[] = ROLES): fc.Arbitrary<G> {
  return globalArb(roleNames)
    .map((g): G => ({ kind: 'rec', var: 't', body: g }))
    .filter((g) => {
      const rs = [...rolesOf(g)];
      return rs.length >= 2 && rs.every((r) => projectChecked(g, r).ok);
    });
}

/**
 * Compiled code images; with `faults`, 0–2 instructions are replaced by one that faults
 * whatever the schedule (`Move` from register 8 → `out_of_registers`, at 8 registers).
 */
export function codeImageArbLocal(o: { faults?: boolean } = {}): fc.Arbitrary<CodeImage> {
  return fc
    .record({
      g: projectableGlobalArb(),
      edits: o.faults === true ? fc.array(fc.nat(), { minLength: 1, maxLength: 2 }) : fc.constant([]),
    })
    .map(({ g, edits }) => {
      const locals = [...rolesOf(g)].map((r) => [r, projectCore(g, r)] as const);
      const image = codeImageFromLocalTypes(locals, g);
      if (edits.length === 0) return image;
      const code: Instruction[] = [...image.program.code];
      for (const e of edits) code[e % code.length] = { op: 'Move', dst: 1, src: 8 };
      return { ...image, program: { ...image.program, code } };
    });
}

/** `k` independent two-party ping-pong sessions (the bench's protocol). */
export function pingPongRequest(k: number, concurrency: number, maxSteps: number): RunRequest {
  const g = pingPong;
  return {
    schema_version: 'lean_bridge.v1',
    choreographies: Array.from({ length: k }, () => ({
      schema_version: 'lean_bridge.v1',
      global_type: g,
      roles: ['A', 'B'],
    })),
    concurrency,
    max_steps: maxSteps,
  };
}

/** machine.md §14.1: `A → B : ping . B → A : pong . end`, roles A and B. */
export function pingPongOnceRequest(concurrency: number, maxSteps: number): RunRequest {
  const g = pingPongOnce;
  return {
    schema_version: 'lean_bridge.v1',
    choreographies: [{ schema_version: 'lean_bridge.v1', global_type: g, roles: ['A', 'B'] }],
    concurrency,
    max_steps: maxSteps,
  };
}
