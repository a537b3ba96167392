/**
 * Messages between the threaded engine and its tinypool workers (structured-clone data only).
 */
import type { Fault, MachineConfig, MachineEvent } from '../../types/machine.js';
import type { BridgeError } from '../../types/errors.js';
import type { Result } from '../../types/result.js';
import type { SharedLayout } from './sharedRounds.js';
import type { PackedInput } from './packInput.js';
import type { InstallableProgram } from '../../machine/Machine.js';

/** The programs the calling thread's machine installed, as a flat tape (what pool threads replicate). */
export type PackedPrograms = PackedInput<readonly InstallableProgram[]>;

/** Test hook: what a probe task does inside the worker. */
export type ProbeBehaviour = 'echo' | 'throw' | 'exit' | 'hang';

/** Fault injection for the engine's own crash tests (never set by users). */
export type WorkerInjection = 'throw-on-load' | 'throw-in-round' | 'exit-in-round' | 'hang-in-round';

export interface ProbeTask {
  readonly kind: 'probe';
  readonly behaviour: ProbeBehaviour;
  readonly value: number;
}

/**
 * One pool thread of a wave-parallel run: it replicates the central state, plans every round as
 * the calling thread does, and executes the members of the sessions it owns for the whole run.
 */
export interface WavesTask {
  readonly kind: 'waves';
  /** The programs the calling thread installed, flat (structured clone overflows the stack on deep types). */
  readonly input: PackedPrograms;
  readonly config: Partial<MachineConfig>;
  readonly trace: boolean;
  readonly shared: SharedArrayBuffer;
  readonly layout: SharedLayout;
  /** This thread's participant index (the calling thread is 0). */
  readonly worker: number;
  /** Session ids of every participant, by participant index. */
  readonly sessionsOf: readonly (readonly number[])[];
  readonly lanes: number;
  readonly widening: boolean;
  readonly maxSteps: number;
  /** The run's first round falls back to one canonical step (the §11.4 check-5 test hook). */
  readonly fallbackFirst: boolean;
  /** Rounds every participant plays alone on its whole replica before the barrier rounds. */
  readonly soloRounds: number;
  readonly inject?: WorkerInjection;
}

/** One worker's share of a canonical run computed ahead (machine.md §11.8): whole sessions. */
export interface AheadTask {
  readonly kind: 'ahead';
  /** The programs the calling thread installed, flat (structured clone overflows the stack on deep types). */
  readonly input: PackedPrograms;
  readonly config: Partial<MachineConfig>;
  readonly trace: boolean;
  readonly sessions: readonly number[];
  /** Requests (`AheadRequest`) in, `AheadRecords` out; the task ends after `finish`. */
  readonly port: ProtocolPort;
  readonly inject?: WorkerInjection;
}

export type WorkerTask = ProbeTask | WavesTask | AheadTask;

/**
 * The members of Node's `MessagePort` the ahead protocol uses, structurally, so the published
 * declarations need no `@types/node` (issue #13 §5); a real `MessagePort` is one.
 */
export interface ProtocolPort {
  postMessage(value: unknown): void;
  on(event: 'message' | 'close', listener: (value: unknown) => void): unknown;
  close(): void;
}

/** Main → worker: extend sessions to at least `upTo` local steps, or finish. */
export type AheadRequest =
  | { readonly type: 'extend'; readonly targets: readonly (readonly [number, number])[] }
  | { readonly type: 'finish'; readonly consumed: readonly (readonly [number, number])[] };

/** New records of one session since the last reply: step k = (cid, code, wakes after it). */
export interface SessionRecords {
  readonly sid: number;
  readonly cids: readonly number[];
  readonly codes: readonly number[];
  /** Flattened wake lists: `wakeEnds[i]` is the end of step i's list in `wakes`. */
  readonly wakes: readonly number[];
  readonly wakeEnds: readonly number[];
  /** No runnable coroutine left: the session will never take another step. */
  readonly done: boolean;
}

export interface AheadRecords {
  readonly type: 'records';
  readonly sessions: readonly SessionRecords[];
}

export interface ProbeReply {
  readonly kind: 'probe';
  readonly value: number;
  readonly threadId: number;
}

/** Everything a wave worker kept locally, keyed for the central merge by (tick, plan position). */
export interface WavesReply {
  readonly kind: 'waves';
  readonly events: readonly MachineEvent[];
  /** Plan position of each event's step (parallel to `events`). */
  readonly eventPos: readonly number[];
  readonly faults: readonly {
    readonly tick: number;
    readonly pos: number;
    readonly coro_id: number;
    readonly fault: Fault;
  }[];
  /** Final session phases of the worker's sessions: `[sid, terminal]`. */
  readonly sessions: readonly (readonly [number, boolean])[];
  /** Milliseconds this thread spent executing its shares of the timed rounds, and their steps (for the balance, never the output). */
  readonly busyMs: number;
  readonly steps: number;
}

/** Events and faults of the consumed steps, keyed by (session, local step). */
export interface AheadReply {
  readonly kind: 'ahead';
  readonly events: readonly MachineEvent[];
  readonly eventSid: readonly number[];
  readonly eventStep: readonly number[];
  readonly faults: readonly {
    readonly sid: number;
    readonly step: number;
    readonly coro_id: number;
    readonly fault: Fault;
  }[];
}

export type WorkerReply = ProbeReply | WavesReply | AheadReply;

/** Why a worker task is gone: its own error, or `WorkerCrashed` saying `message` when it has none. */
export function workerFailure(settled: Result<WorkerReply, BridgeError> | undefined, message: string): BridgeError {
  if (settled !== undefined && !settled.ok) return settled.error;
  return { code: 'WorkerCrashed', path: '$', message };
}
