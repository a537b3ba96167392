/**
 * Wave-planning data shapes of the threaded engine (machine.md §11.3–11.5). The planner and the
 * certificate check read the machine only through {@link WavePlanningState}, so both can be fed
 * hand-built states in tests and the engine's own scheduler mirror in production.
 */

/**
 * What the planner needs to know about one coroutine (machine.md §11.3).
 * `footprint` holds atom keys built by {@link footprintAtom}.
 * @example `{ runnable: true, session: 0, footprint: [footprintAtom(0, 'A'), footprintAtom(0, 'B')] }`
 * @public
 */
export interface WaveCoroutine {
  /** Status `ready` or `speculating`. */
  readonly runnable: boolean;
  /** `owned_endpoints[0].sid`, or `null` when the coroutine owns no endpoint. */
  readonly session: number | null;
  /** De-duplicated `(sid, role)` atoms of every owned endpoint and its footprint summary. */
  readonly footprint: readonly string[];
}

/**
 * The state a wave plan is made from and checked against: the ready queue at planning time, the
 * scheduler's `step_count`, the lane count n and a lookup of coroutines.
 * @example
 * ```ts
 * const cs = new Map([[0, { runnable: true, session: 0, footprint: [footprintAtom(0, 'A')] }]]);
 * const state: WavePlanningState = { readyQueue: [0], stepCount: 0, lanes: 2, coroutine: (c) => cs.get(c) };
 * ```
 * @public
 */
export interface WavePlanningState {
  readonly readyQueue: readonly number[];
  readonly stepCount: number;
  /** The semantic lane count n (≥ 1); `lane(cid) = cid mod n`. */
  readonly lanes: number;
  /** `footprint_guided_wave_widening`: skips the session-disjointness rule. @defaultValue false */
  readonly widening?: boolean;
  readonly coroutine: (cid: number) => WaveCoroutine | undefined;
}

/**
 * A wave plan with the `step_count` it was planned at (machine.md §11.4; Rust `WaveCertificate`).
 * @example `{ waves: [[0, 3], [1, 2]], planner_step: 12 }`
 * @public
 */
export interface WaveCertificate {
  readonly waves: readonly (readonly number[])[];
  readonly planner_step: number;
}

/**
 * One executed certificate as recorded in `diagnostics.threaded.certificates`: the plan, the round's
 * tick and what the check read about each planned coroutine, so the record can be re-checked on its own
 * with {@link certificateRecordState}.
 * @example `{ tick: 3, planner_step: 4, waves: [[0, 3]], members: [{ coro_id: 0, lane: 0, session: 0, footprint: ['[0,"A"]'] }, …] }`
 * @public
 */
export interface CertificateRecord extends WaveCertificate {
  readonly tick: number;
  readonly members: readonly {
    readonly coro_id: number;
    readonly lane: number;
    readonly session: number | null;
    readonly footprint: readonly string[];
  }[];
}

/**
 * Why a certificate was rejected (machine.md §11.4, checks 1–5).
 * @example `{ code: 'lane_conflict', coro_id: 2, wave: 0, message: '…' }`
 * @public
 */
export interface CertificateViolation {
  readonly code:
    | 'planner_step_mismatch'
    | 'duplicate_id'
    | 'not_in_ready_queue'
    | 'not_runnable'
    | 'lane_conflict'
    | 'session_conflict'
    | 'footprint_conflict'
    | 'forced_invalid';
  readonly wave: number | null;
  readonly coro_id: number | null;
  readonly message: string;
}

/**
 * The footprint atom key of `(sid, role)` (machine.md §11.3). JSON of the pair, so no role name can
 * make two atoms collide.
 * @example `footprintAtom(0, 'A') === '[0,"A"]'`
 * @public
 */
export function footprintAtom(sid: number, role: string): string {
  return JSON.stringify([sid, role]);
}

/**
 * The lane of a coroutine: `cid mod n` (machine.md §11.1, Rust `assign_lane`).
 * @example `laneOf(5, 2) === 1`
 * @public
 */
export function laneOf(cid: number, lanes: number): number {
  return lanes <= 1 ? 0 : cid % lanes;
}

/**
 * Rebuilds the planning state a recorded certificate was checked against, so that
 * `checkWaveCertificate(record, certificateRecordState(record, n))` re-checks it.
 * @example
 * ```ts
 * for (const rec of diagnostics.threaded.certificates) expect(checkWaveCertificate(rec, certificateRecordState(rec, 2)).ok).toBe(true);
 * ```
 * @public
 */
export function certificateRecordState(record: CertificateRecord, lanes: number, widening = false): WavePlanningState {
  const byId = new Map<number, WaveCoroutine>();
  for (const m of record.members) byId.set(m.coro_id, { runnable: true, session: m.session, footprint: m.footprint });
  return {
    readyQueue: record.members.map((m) => m.coro_id),
    stepCount: record.planner_step,
    lanes,
    widening,
    coroutine: (cid) => byId.get(cid),
  };
}
