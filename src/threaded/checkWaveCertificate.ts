import type { Result } from '../types/result.js';
import { err, ok } from '../types/result.js';
import type { CertificateViolation, WaveCertificate, WaveCoroutine, WavePlanningState } from './waveCertificate.js';
import { conflict } from './_internals/compatible.js';

/**
 * The certificate check of machine.md §11.4 against the state at planning time: the planner step
 * matches `step_count`; no id twice; every id in the ready queue and runnable; every id compatible
 * (lane, session unless widening, footprint; §11.3) with the ids before it in its wave. `forceInvalid`
 * is the test hook of check 5 (Rust `force_invalid_wave_certificate_once`).
 * @returns `ok(true)` or the first violation found.
 * @example
 * ```ts
 * const r = checkWaveCertificate({ waves: [[0, 2]], planner_step: 0 }, state);
 * if (!r.ok) console.log(r.error.code); // 'lane_conflict' at n = 2
 * ```
 * @public
 */
export function checkWaveCertificate(
  cert: WaveCertificate,
  state: WavePlanningState,
  options: { readonly forceInvalid?: boolean } = {},
): Result<true, CertificateViolation> {
  if (cert.planner_step !== state.stepCount) {
    return err(
      violation(
        'planner_step_mismatch',
        null,
        null,
        `certificate planned at step ${cert.planner_step}, scheduler is at step ${state.stepCount}; re-plan from the current state`,
      ),
    );
  }
  const lanes = Math.max(1, state.lanes);
  const widening = state.widening ?? false;
  // Ids are small non-negative integers: flag arrays beat Sets on the per-round hot path.
  let top = 0;
  for (const cid of state.readyQueue) if (cid > top) top = cid;
  for (const w of cert.waves) for (const cid of w) if (cid > top) top = cid;
  const inQueue = new Uint8Array(top + 1);
  for (const cid of state.readyQueue) inQueue[cid] = 1;
  const seen = new Uint8Array(top + 1);
  const views: WaveCoroutine[] = [];
  const notQueued = (w: number, cid: number): CertificateViolation =>
    violation(
      'not_in_ready_queue',
      w,
      cid,
      `coroutine ${cid} is not in the ready queue; only queued coroutines may be planned`,
    );
  for (const [w, wave] of cert.waves.entries()) {
    for (const [i, cid] of wave.entries()) {
      if (!Number.isSafeInteger(cid) || cid < 0) return err(notQueued(w, cid));
      if (seen[cid] === 1)
        return err(
          violation('duplicate_id', w, cid, `coroutine ${cid} is planned twice; each id may appear once per round`),
        );
      seen[cid] = 1;
      if (inQueue[cid] !== 1) return err(notQueued(w, cid));
      const c = state.coroutine(cid);
      if (c === undefined || !c.runnable)
        return err(
          violation(
            'not_runnable',
            w,
            cid,
            `coroutine ${cid} is not runnable; blocked or terminal coroutines may not be planned`,
          ),
        );
      views[i] = c;
      for (let j = 0; j < i; j++) {
        const other = wave[j];
        const o = views[j];
        if (other === undefined || o === undefined) continue;
        const why = conflict(cid, c, other, o, lanes, widening);
        if (why !== null)
          return err(
            violation(why, w, cid, `coroutine ${cid} cannot share wave ${w} with coroutine ${other}: ${describe(why)}`),
          );
      }
    }
  }
  if (options.forceInvalid === true)
    return err(violation('forced_invalid', null, null, 'certificate forced invalid by the forceInvalid test hook'));
  return ok(true);
}

function describe(code: 'lane_conflict' | 'session_conflict' | 'footprint_conflict'): string {
  if (code === 'lane_conflict') return 'same lane (cid mod n)';
  if (code === 'session_conflict') return 'same session';
  return 'overlapping footprints';
}

function violation(
  code: CertificateViolation['code'],
  wave: number | null,
  cid: number | null,
  message: string,
): CertificateViolation {
  return { code, wave, coro_id: cid, message };
}
