import type { BridgeEvent, RunOutput, RunResult, StepState } from '../../src/types/bridge.js';

const V = 'lean_bridge.v1';

export function opened(session: number, role: string, tick = 0): BridgeEvent {
  return { kind: 'opened', role, schema_version: V, session, tick };
}
export function sent(session: number, sender: string, receiver: string, label: string, tick: number): BridgeEvent {
  return { kind: 'sent', label, receiver, schema_version: V, sender, session, tick };
}
export function received(session: number, sender: string, receiver: string, label: string, tick: number): BridgeEvent {
  return { kind: 'received', label, receiver, schema_version: V, sender, session, tick };
}
export function halted(target: number, tick: number): BridgeEvent {
  return { kind: 'halted', schema_version: V, target: String(target), tick };
}
export function faulted(target: number, reason: string, tick: number): BridgeEvent {
  return { kind: 'faulted', reason, schema_version: V, target: String(target), tick };
}

/** The worked example of bridge.md §4 (Client/Server req/ack). */
export const clientServerTrace: readonly BridgeEvent[] = [
  opened(0, 'Client,Server'),
  sent(0, 'Client', 'Server', 'req', 1),
  received(0, 'Client', 'Server', 'req', 2),
  sent(0, 'Server', 'Client', 'ack', 6),
  received(0, 'Server', 'Client', 'ack', 8),
  halted(1, 9),
  halted(0, 11),
];

export function stepState(i: number, overrides: Partial<StepState> = {}): StepState {
  const slice = { coroutines: [], sessions: [], scheduler: { ready_queue: [0, 1], blocked: {}, step_count: i } };
  return {
    step_index: i,
    pre_state: slice,
    post_state: { ...slice, scheduler: { ...slice.scheduler, step_count: i + 1 } },
    selected_coro: i % 2,
    selected_pc: i,
    selected_type: null,
    exec_status: 'continue',
    session_type_counts: { '0': 2 },
    buffered_message_counts: { '0': 0 },
    ready_queue: [0, 1],
    blocked: {},
    event: null,
    ...overrides,
  };
}

export function output(trace: readonly BridgeEvent[], o: Partial<RunOutput> = {}): RunOutput {
  const sids = [...new Set(trace.filter((e) => e.kind === 'opened').map((e) => e.session as number))].sort(
    (a, b) => a - b,
  );
  return {
    schema_version: V,
    trace,
    sessions: sids.map((sid) => ({ schema_version: V, sid, terminal: false })),
    steps_executed: 11,
    concurrency: 1,
    status: 'completed',
    step_states: Array.from({ length: 3 }, (_, i) => stepState(i)),
    effect_trace: [],
    effect_exchanges: [],
    output_condition_trace: [],
    ...o,
  };
}

export function result(
  out: RunOutput,
  engine: 'cooperative' | 'threaded',
  threaded?: { lanes: number; mode: string; max_wave_width: number },
): RunResult {
  return {
    output: out,
    diagnostics: {
      engine,
      final_tick: 11,
      faults: [],
      machine_trace: [],
      failure_visible: { crashed_sites: [], partitioned_edges: [], corrupted_edges: [], timed_out_sites: [] },
      ...(threaded === undefined
        ? {}
        : { threaded: { ...threaded, certificate_fallbacks: 0, certificates: [], lane_trace: [] } }),
    },
  };
}

/** n independent one-message sessions A -> B, in the given interleaving of (session, step) pairs. */
export function twoPartySessions(order: readonly (readonly [number, 'send' | 'recv'])[], count: number): BridgeEvent[] {
  const t: BridgeEvent[] = [];
  for (let s = 0; s < count; s += 1) t.push(opened(s, 'A,B'));
  let tick = 1;
  for (const [s, what] of order)
    t.push(what === 'send' ? sent(s, 'A', 'B', 'm', tick++) : received(s, 'A', 'B', 'm', tick++));
  return t;
}
