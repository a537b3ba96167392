// Builders for the image-executor tests (not a test file): Rust-shaped images (one program per role,
// pcs from 0) converted to the Lean layout as machine.md §9.2 says, local types with annotations.
import { codeImageFromLocalTypes } from '../../src/machine/codeImage.js';
import { compareCodePoints } from '../../src/projection/rolesSorted.js';
import { runImageReference, type ImageReferenceOptions } from '../../src/reference/imageExecutor.js';
import type { CodeImage, Fault, Instruction } from '../../src/types/machine.js';
import type { GlobalType, LocalType, ValType } from '../../src/types/session.js';

export const END_G: GlobalType = { kind: 'end' };
export const END_L: LocalType = { kind: 'end' };
export const HALT: Instruction = { op: 'Halt' };

export function gmsg(sender: string, receiver: string, labels: readonly string[], k: GlobalType = END_G): GlobalType {
  return {
    kind: 'comm',
    sender,
    receiver,
    branches: labels.map((name) => ({ label: { name, sort: 'unit' as const }, continuation: k })),
  };
}

/** `send`/`recv` to `partner` with one branch per label; `payload` annotates a single branch. */
export function lmsg(
  kind: 'send' | 'recv',
  partner: string,
  labels: readonly string[],
  k: LocalType = END_L,
  payload?: ValType,
): LocalType {
  return {
    kind,
    partner,
    branches: labels.map((name) => ({
      label: { name, sort: 'unit' as const },
      continuation: k,
      ...(payload === undefined ? {} : { payload }),
    })),
  };
}

/** A Rust-shaped image (`programs` per role from pc 0) in the Lean layout: roles sorted, code relocated. */
export function rustImage(
  programs: Readonly<Record<string, readonly Instruction[]>>,
  locals: Readonly<Record<string, LocalType>>,
  global: GlobalType,
): CodeImage {
  const base = codeImageFromLocalTypes(Object.entries(locals), global);
  const code: Instruction[] = [];
  const entryPoints: (readonly [string, number])[] = [];
  for (const role of Object.keys(programs).sort(compareCodePoints)) {
    const start = code.length;
    entryPoints.push([role, start]);
    for (const i of programs[role] ?? []) code.push(relocate(i, start));
  }
  return { ...base, program: { ...base.program, code, entryPoints } };
}

function relocate(i: Instruction, by: number): Instruction {
  if (i.op === 'Jump' || i.op === 'Spawn') return { ...i, target: i.target + by };
  if (i.op === 'Choose') return { ...i, table: i.table.map(([l, pc]) => [l, pc + by] as const) };
  return i;
}

/** Telltale's `single_role_end_image`: role A on `end`, global type `end`. */
/**
 * `Open` of a two-role session P → Q (`m`) whose endpoints land in registers 1 (P) and 2 (Q): the
 * opener then plays both ends (`Offer` on 1, `Choose` on 2).
 */
export const OPEN_PQ: Extract<Instruction, { op: 'Open' }> = {
  op: 'Open',
  roles: ['P', 'Q'],
  localTypes: [
    ['P', lmsg('send', 'Q', ['m'])],
    ['Q', lmsg('recv', 'P', ['m'])],
  ],
  handlers: [[['P', 'Q'], '0']],
  dsts: [
    ['P', 1],
    ['Q', 2],
  ],
};

export function singleRole(program: readonly Instruction[]): CodeImage {
  return rustImage({ A: program }, { A: END_L }, END_G);
}

export function run(image: CodeImage | readonly CodeImage[], options: ImageReferenceOptions = {}) {
  const r = runImageReference(image, options);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** The first fault of a run, as telltale's `fault_name` would name our fault kind. */
export function firstFault(
  image: CodeImage | readonly CodeImage[],
  options: ImageReferenceOptions = {},
): Fault | undefined {
  return run(image, options).diagnostics.faults[0]?.fault as Fault | undefined;
}

export const nat = (n: number) => ({ kind: 'nat', value: BigInt(n) }) as const;
export const str = (s: string) => ({ kind: 'string', value: s }) as const;

/** Machine-trace kinds (with ticks) of a run, for compact assertions. */
export function traceKinds(result: ReturnType<typeof run>): string[] {
  return result.diagnostics.machine_trace.map((e) => {
    const o = e as { kind: string; tick: number };
    return `${o.tick} ${o.kind}`;
  });
}

/**
 * The image with its session types (`program.localTypes`, what the machine tracks) taken from other
 * named types, e.g. annotated ones: validation reads `localTypesR` only (machine.md §9.3), and the
 * checked projection never annotates, so typed `send`/`recv` reach a session only this way.
 */
export function withSessionTypes(image: CodeImage, locals: Readonly<Record<string, LocalType>>): CodeImage {
  const typed = codeImageFromLocalTypes(Object.entries(locals), image.globalType).program.localTypes;
  return { ...image, program: { ...image.program, localTypes: typed } };
}
