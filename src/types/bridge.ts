/**
 * `lean_bridge.v1` wire shapes (bridge.md §3–4). These are the bridge form: the whole run output of
 * every lane. Engine extras live in {@link RunDiagnostics}, never in {@link RunOutput}.
 */

/** The only schema version this product speaks (bridge.md §6). @example `request.schema_version === SCHEMA_VERSION` @public */
export const SCHEMA_VERSION = 'lean_bridge.v1';

/** One choreography of a run request (bridge.md §3). `global_type` is undecoded JSON. @public */
export interface ChoreographyRequest {
  readonly schema_version: string;
  readonly global_type: unknown;
  readonly roles: readonly string[];
  readonly [unknownField: string]: unknown;
}

/**
 * A `lean_bridge.v1` run request (bridge.md §3). `concurrency` and `max_steps` are naturals
 * (u64 on the client side; `bigint` accepted for values past 2^53).
 * @example
 * ```ts
 * const req: RunRequest = { schema_version: 'lean_bridge.v1', choreographies: [], concurrency: 1, max_steps: 64 };
 * ```
 * @public
 */
export interface RunRequest {
  readonly schema_version: string;
  readonly choreographies: readonly ChoreographyRequest[];
  readonly concurrency: number;
  readonly max_steps: number;
  readonly [unknownField: string]: unknown;
}

/**
 * A bridge event (bridge.md §4.3). Fields appear only when they have a value; absent and `null`
 * are the same value everywhere in this product.
 * @public
 */
export interface BridgeEvent {
  readonly schema_version: string;
  readonly kind: string;
  readonly tick: number;
  readonly session?: number;
  readonly role?: string;
  readonly sender?: string;
  readonly receiver?: string;
  readonly label?: string;
  readonly target?: string;
  readonly reason?: string;
  readonly [field: string]: unknown;
}

/** One entry of `sessions` (bridge.md §4.4). @public */
export interface SessionStatusEntry {
  readonly schema_version: string;
  readonly sid: number;
  readonly terminal: boolean;
}

/** Coroutine slice of a step state (bridge.md §4.6). @public */
export interface CoroutineSlice {
  readonly coro_id: number;
  readonly session_id: number;
  readonly pc: number;
  readonly status: string;
  readonly owned_endpoints: number;
  readonly progress_tokens: number;
}

/** Session slice of a step state (bridge.md §4.6). @public */
export interface SessionSlice {
  readonly sid: number;
  readonly role_count: number;
  readonly local_type_entries: number;
  readonly buffer_edges: number;
  readonly buffered_messages: number;
  readonly status: string;
  readonly epoch: number;
}

/** Scheduler slice of a step state (bridge.md §4.6). @public */
export interface SchedulerSlice {
  readonly ready_queue: readonly number[];
  readonly blocked: Readonly<Record<string, string>>;
  readonly step_count: number;
}

/** Machine state slice (bridge.md §4.6). @public */
export interface StateSlice {
  readonly coroutines: readonly CoroutineSlice[];
  readonly sessions: readonly SessionSlice[];
  readonly scheduler: SchedulerSlice;
}

/** One `step_states` entry (bridge.md §4.6). @public */
export interface StepState {
  readonly step_index: number;
  readonly pre_state: StateSlice;
  readonly post_state: StateSlice;
  readonly selected_coro: number;
  readonly selected_pc: number;
  readonly selected_type: string | null;
  readonly exec_status: string;
  readonly session_type_counts: Readonly<Record<string, number>>;
  readonly buffered_message_counts: Readonly<Record<string, number>>;
  readonly ready_queue: readonly number[];
  readonly blocked: Readonly<Record<string, string>>;
  readonly event: BridgeEvent | null;
}

/**
 * The keys of a {@link StepState} in the order our lanes write them (bridge.md §4.6): the fast
 * paths that compare and measure step states read them by these names.
 * @example `STEP_STATE_KEYS[0] === 'step_index'`
 */
export const STEP_STATE_KEYS = [
  'step_index',
  'pre_state',
  'post_state',
  'selected_coro',
  'selected_pc',
  'selected_type',
  'exec_status',
  'session_type_counts',
  'buffered_message_counts',
  'ready_queue',
  'blocked',
  'event',
] as const satisfies readonly (keyof StepState)[];

/** The keys of a {@link StateSlice} in the order our lanes write them (see {@link STEP_STATE_KEYS}). @example `STATE_SLICE_KEYS[2] === 'scheduler'` */
export const STATE_SLICE_KEYS = [
  'coroutines',
  'sessions',
  'scheduler',
] as const satisfies readonly (keyof StateSlice)[];
/** The keys of a {@link SchedulerSlice} in write order. @example `SCHEDULER_SLICE_KEYS[0] === 'ready_queue'` */
export const SCHEDULER_SLICE_KEYS = [
  'ready_queue',
  'blocked',
  'step_count',
] as const satisfies readonly (keyof SchedulerSlice)[];
/** The keys of a {@link CoroutineSlice} in write order. @example `COROUTINE_SLICE_KEYS[0] === 'coro_id'` */
export const COROUTINE_SLICE_KEYS = [
  'coro_id',
  'session_id',
  'pc',
  'status',
  'owned_endpoints',
  'progress_tokens',
] as const satisfies readonly (keyof CoroutineSlice)[];
/** The keys of a {@link SessionSlice} in write order. @example `SESSION_SLICE_KEYS[0] === 'sid'` */
export const SESSION_SLICE_KEYS = [
  'sid',
  'role_count',
  'local_type_entries',
  'buffer_edges',
  'buffered_messages',
  'status',
  'epoch',
] as const satisfies readonly (keyof SessionSlice)[];

/**
 * The bridge-form run output (bridge.md §4.1): exactly these keys, nothing added.
 * @example
 * ```ts
 * const { output } = await run(request, { lane: 'cooperative' });
 * output.status; // 'completed' | 'stuck'
 * ```
 * @public
 */
export interface RunOutput {
  readonly schema_version: string;
  readonly trace: readonly BridgeEvent[];
  readonly sessions: readonly SessionStatusEntry[];
  readonly steps_executed: number;
  /** The request's `concurrency`, echoed exactly by every lane (a `bigint` past 2^53). */
  readonly concurrency: number | bigint;
  readonly status: string;
  readonly step_states: readonly StepState[];
  readonly effect_trace?: readonly unknown[];
  readonly effect_exchanges?: readonly unknown[];
  readonly output_condition_trace?: readonly unknown[];
  readonly semantic_objects?: unknown;
}

/** The four failure-visible lists the envelope classifier reads (machine.md §8.4, bridge.md §11.2). @public */
export interface FailureVisible {
  readonly crashed_sites: readonly unknown[];
  readonly partitioned_edges: readonly unknown[];
  readonly corrupted_edges: readonly unknown[];
  readonly timed_out_sites: readonly unknown[];
}

/**
 * Engine diagnostics returned beside the bridge form (machine.md §8.4); never part of it.
 * JSON names (snake_case) as the spec gives them.
 * @public
 */
export interface RunDiagnostics {
  readonly engine: string;
  readonly final_tick: number;
  readonly faults: readonly { readonly coro_id: number; readonly fault: unknown }[];
  readonly machine_trace: readonly unknown[];
  readonly failure_visible: FailureVisible;
  /**
   * The effect determinism tier (machine.md §9.1) an engine declares for its effects, when it is not
   * `strict_deterministic`; `judgeEnvelope` reports it. Our engines leave it out.
   */
  readonly effect_determinism_tier?: string;
  /** An engine's configuration echo; only its `effect_determinism_tier` is read (same meaning as above). */
  readonly config?: { readonly effect_determinism_tier?: string; readonly [field: string]: unknown };
  /** Threaded engine only (machine.md §11.4–11.6). */
  readonly threaded?: {
    readonly lanes: number;
    readonly mode: string;
    readonly max_wave_width: number;
    readonly certificate_fallbacks: number;
    readonly certificates: readonly unknown[];
    readonly lane_trace: readonly unknown[];
  };
  readonly [extra: string]: unknown;
}

/**
 * What every in-process lane returns: the bridge form and, beside it, the diagnostics
 * (`null` for lanes that have none, such as external processes).
 * @public
 */
export interface RunResult {
  readonly output: RunOutput;
  readonly diagnostics: RunDiagnostics | null;
  /** The lane that produced it (set by `run()` and the plugin's `lanes`): matchers name the sides of a divergence with it. */
  readonly lane?: string;
}

/** Schema version of the `semantic_objects` bundle (bridge.md §6, §12). @example `tier2Defaults().semantic_objects` carries it @public */
export const SEMANTIC_OBJECTS_VERSION = 'protocol_machine.semantic_objects.v1';

/**
 * The four Tier 2 keys of a run output as their empty defaults (bridge.md §4.1: our engines emit
 * them; the Lean runner and the reference runner never do, and a client reads their absence as
 * these same defaults). `semantic_objects` is the empty bundle with its required keys (§12).
 * @example
 * ```ts
 * const output: RunOutput = { ...coreFields, ...tier2Defaults() };
 * ```
 * @public
 */
export function tier2Defaults(): Pick<
  RunOutput,
  'effect_trace' | 'effect_exchanges' | 'output_condition_trace' | 'semantic_objects'
> {
  return {
    effect_trace: [],
    effect_exchanges: [],
    output_condition_trace: [],
    semantic_objects: {
      schema_version: SEMANTIC_OBJECTS_VERSION,
      operation_instances: [],
      outstanding_effects: [],
      semantic_handoffs: [],
      authoritative_reads: [],
      observed_reads: [],
      materialization_proofs: [],
      canonical_handles: [],
      regions: [],
      progress_contracts: [],
    },
  };
}
