// Shared builders for the machine tests (not a test file).
import type { RunRequest } from '../../src/types/bridge.js';
import type { GlobalType, LocalType, ValType } from '../../src/types/session.js';
import type { CodeImage, Instruction, MachineConfig, MachineEvent } from '../../src/types/machine.js';
import { Machine, installable } from '../../src/machine/Machine.js';
import { codeImageFromLocalTypes } from '../../src/machine/codeImage.js';
import { driveCooperative } from '../../src/machine/runCooperative.js';
import { projectCore } from '../../src/projection/projectCore.js';

export const END: GlobalType = { kind: 'end' };

/** `s → r : {l_i . k_i}` with unit sorts. */
export function comm(
  sender: string,
  receiver: string,
  branches: readonly (readonly [string, GlobalType])[],
): GlobalType {
  return {
    kind: 'comm',
    sender,
    receiver,
    branches: branches.map(([name, continuation]) => ({ label: { name, sort: 'unit' as const }, continuation })),
  };
}

export function msg(sender: string, receiver: string, label: string, k: GlobalType = END): GlobalType {
  return comm(sender, receiver, [[label, k]]);
}

export function rec(v: string, body: GlobalType): GlobalType {
  return { kind: 'rec', var: v, body };
}

export function gvar(name: string): GlobalType {
  return { kind: 'var', name };
}

export function request(
  gs: readonly (readonly [GlobalType, readonly string[]])[],
  maxSteps = 64,
  concurrency = 1,
): RunRequest {
  return {
    schema_version: 'lean_bridge.v1',
    choreographies: gs.map(([g, roles]) => ({ schema_version: 'lean_bridge.v1', global_type: g, roles })),
    concurrency,
    max_steps: maxSteps,
  };
}

/** The projected image of `g` with some roles' code replaced (validation checks types only). */
export function handImage(
  g: GlobalType,
  roles: readonly string[],
  code: Readonly<Record<string, readonly Instruction[]>>,
): CodeImage {
  const base = codeImageFromLocalTypes(
    roles.map((r) => [r, projectCore(g, r)] as const),
    g,
  );
  const all: Instruction[] = [];
  const entryPoints: (readonly [string, number])[] = [];
  for (const [role, start] of base.program.entryPoints) {
    const next = base.program.entryPoints.find(([, s]) => s > start)?.[1] ?? base.program.code.length;
    const own = code[role] ?? base.program.code.slice(start, next).map((i) => shift(i, -start));
    const at = all.length;
    entryPoints.push([role, at]);
    all.push(...own.map((i) => shift(i, at)));
  }
  return { ...base, program: { ...base.program, code: all, entryPoints } };
}

function shift(i: Instruction, by: number): Instruction {
  if (i.op === 'Jump') return { op: 'Jump', target: i.target + by };
  if (i.op === 'Choose') return { ...i, table: i.table.map(([l, pc]) => [l, pc + by] as const) };
  return i;
}

/** Loads an image and runs the cooperative loop; returns the machine and its event list. */
export function runImage(
  image: CodeImage,
  config: Partial<MachineConfig> = {},
  maxSteps = 100,
  schedule: readonly number[] = [],
): { m: Machine; events: readonly MachineEvent[] } {
  const created = Machine.create(config);
  if (!created.ok) throw new Error(created.error.message);
  const m = created.value;
  const loaded = m.loadImage(image);
  if (!loaded.ok) throw new Error(loaded.error.message);
  driveCooperative(m, maxSteps, schedule, false);
  return { m, events: m.trace };
}

/** Compact text of machine events for exact comparisons: `tick kind details`. */
export function show(events: readonly MachineEvent[]): string[] {
  return events.map((e) => {
    switch (e.kind) {
      case 'opened':
        return `${e.tick} opened(${e.sid},[${e.roles.join(',')}])`;
      case 'offered':
      case 'chose':
        return `${e.tick} ${e.kind}((${e.edge.sid},${e.edge.sender},${e.edge.receiver}),${e.label})`;
      case 'sent':
      case 'received':
        return `${e.tick} ${e.kind}((${e.edge.sid},${e.edge.sender},${e.edge.receiver}),${JSON.stringify(e.value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))},${e.seq})`;
      case 'invoked':
        return `${e.tick} invoked((${e.endpoint.sid},${e.endpoint.role}))`;
      case 'halted':
        return `${e.tick} halted(${e.coroId})`;
      case 'faulted':
        return `${e.tick} faulted(${e.coroId},${JSON.stringify(e.fault)})`;
      case 'failure_branch_entered':
        return `${e.tick} failure_branch_entered(${e.sid},${e.coroId},${e.fault})`;
      case 'closed':
        return `${e.tick} closed(${e.sid})`;
      case 'epoch_advanced':
        return `${e.tick} epoch_advanced(${e.sid},${e.epoch})`;
      default:
        return `${e.tick} ${e.kind}`;
    }
  });
}

/** Named local-type builders (annotated payloads allowed). */
export function lsend(partner: string, label: string, k: LocalType = { kind: 'end' }, payload?: ValType): LocalType {
  return {
    kind: 'send',
    partner,
    branches: [{ label: { name: label, sort: 'unit' }, continuation: k, ...(payload ? { payload } : {}) }],
  };
}
export function lrecv(partner: string, label: string, k: LocalType = { kind: 'end' }, payload?: ValType): LocalType {
  return {
    kind: 'recv',
    partner,
    branches: [{ label: { name: label, sort: 'unit' }, continuation: k, ...(payload ? { payload } : {}) }],
  };
}

/**
 * A hand-written image with arbitrary (possibly annotated) local types, loaded WITHOUT the
 * projection validation (machine.install), as the spec's hand-written Send/Receive images need.
 * `code` pcs are relative to each role's start.
 */
export function rawRun(
  types: readonly (readonly [string, LocalType])[],
  code: Readonly<Record<string, readonly Instruction[]>>,
  config: Partial<MachineConfig> = {},
  maxSteps = 100,
): { m: Machine; events: readonly MachineEvent[]; ev: string[] } {
  const base = codeImageFromLocalTypes(types, END);
  const all: Instruction[] = [];
  const entryPoints: (readonly [string, number])[] = [];
  for (const [role, start] of base.program.entryPoints) {
    const next = base.program.entryPoints.find(([, s]) => s > start)?.[1] ?? base.program.code.length;
    const own = code[role] ?? base.program.code.slice(start, next).map((i) => shift(i, -start));
    const at = all.length;
    entryPoints.push([role, at]);
    all.push(...own.map((i) => shift(i, at)));
  }
  const created = Machine.create(config);
  if (!created.ok) throw new Error(created.error.message);
  const m = created.value;
  const r = m.install(installable({ ...base.program, code: all, entryPoints }));
  if (!r.ok) throw new Error(r.error.message);
  driveCooperative(m, maxSteps, [], false);
  return { m, events: m.trace, ev: show(m.trace) };
}
