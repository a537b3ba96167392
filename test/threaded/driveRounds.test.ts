/**
 * Wave rounds on the calling thread (`driveRounds`, machine.md §11.3–11.5) when a coroutine owns
 * endpoints of two sessions: the planner's lane-and-session shortcut holds only while every
 * queued coroutine's endpoints lie in its primary session, so once one has opened a second session
 * the footprints decide again.
 */
import { describe, expect, test } from 'vitest';
import { checkWaveCertificate } from '../../src/threaded/checkWaveCertificate.js';
import { runThreaded } from '../../src/threaded/runThreaded.js';
import { certificateRecordState, type CertificateRecord } from '../../src/threaded/waveCertificate.js';
import { HALT, OPEN_PQ, gmsg, lmsg, rustImage } from '../reference/_images.js';

// B opens a session of its own (P, Q) and talks over it, then receives A's message on session 0.
// After the Open, B's primary session is the new one while it still owns B of session 0, whose
// footprint meets A's: A and B are in different primary sessions but may not share a wave.
const image = rustImage(
  {
    A: [{ op: 'Offer', chan: 0, label: 'm' }, HALT],
    B: [
      OPEN_PQ,
      { op: 'Offer', chan: 1, label: 'm' },
      { op: 'Choose', chan: 2, table: [['m', 3]] },
      { op: 'Choose', chan: 0, table: [['m', 4]] },
      HALT,
    ],
  },
  { A: lmsg('send', 'B', ['m']), B: lmsg('recv', 'A', ['m']) },
  gmsg('A', 'B', ['m']),
);

describe('wave rounds with a coroutine in two sessions (machine.md 11.3)', () => {
  test('footprints keep it apart from its first session: every certificate re-checks', async () => {
    const run = await runThreaded(image, { maxSteps: 64, lanes: 2, workers: 1, mode: 'wave_parallel_extension' });
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    const threaded = run.value.diagnostics?.threaded;
    const records = (threaded?.certificates ?? []) as CertificateRecord[];
    // Round 2: A (HALT) and B (its first step on the new session) are both ready.
    const second = records.find((r) => r.tick === 2);
    expect(second?.waves).toEqual([[0], [1]]);
    for (const record of records) expect(checkWaveCertificate(record, certificateRecordState(record, 2)).ok).toBe(true);
    // Both ran to the end: A sent and halted, B opened, talked over its session, received, halted.
    expect(run.value.output.steps_executed).toBe(7);
    expect(run.value.diagnostics?.faults).toEqual([]);
    expect(run.value.output.trace.map((e) => e.kind)).toEqual([
      'opened',
      'sent',
      'opened',
      'halted',
      'sent',
      'received',
      'received',
      'halted',
    ]);
  });
});
