/**
 * Messages between the threaded engine and its tinypool workers (structured-clone data only).
 */
import type { CodeImage, MachineEvent } from '../../types/machine.js';
import type { RunRequest } from '../../types/bridge.js';
import type { SharedLayout } from './sharedRounds.js';

/** Test hook: what a probe task does inside the worker. */
export type ProbeBehaviour = 'echo' | 'throw' | 'exit' | 'hang';

/** Fault injection for the engine's own crash tests (never set by users). */
export type WorkerInjection = 'throw-in-round' | 'exit-in-round' | 'hang-in-round';

export interface ProbeTask {
  readonly kind: 'probe';
  readonly behaviour: ProbeBehaviour;
  readonly value: number;
}

/** One worker's share of a wave-parallel run: it owns `sessions` for the whole run. */
export interface WavesTask {
  readonly kind: 'waves';
  readonly input: RunRequest | CodeImage;
  readonly config: unknown;
  readonly trace: boolean;
  readonly shared: SharedArrayBuffer;
  readonly layout: SharedLayout;
  readonly worker: number;
  readonly sessions: readonly number[];
  readonly inject?: WorkerInjection;
}

export type WorkerTask = ProbeTask | WavesTask;

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
  readonly faults: readonly { readonly tick: number; readonly pos: number; readonly coro_id: number; readonly fault: unknown }[];
  /** Final session phases of the worker's sessions: `[sid, terminal]`. */
  readonly sessions: readonly (readonly [number, boolean])[];
}

export type WorkerReply = ProbeReply | WavesReply;
