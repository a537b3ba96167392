import type { WaveCoroutine } from '../waveCertificate.js';
import { laneOf } from '../waveCertificate.js';

/** Which rule of machine.md §11.3 rejects `cid` next to `other`, or `null` when they may share a wave. */
export function conflict(
  cid: number,
  c: WaveCoroutine,
  other: number,
  o: WaveCoroutine,
  lanes: number,
  widening: boolean,
): 'lane_conflict' | 'session_conflict' | 'footprint_conflict' | null {
  if (laneOf(cid, lanes) === laneOf(other, lanes)) return 'lane_conflict';
  if (!widening && c.session !== null && o.session !== null && c.session === o.session) return 'session_conflict';
  // Footprints are a handful of atoms, so a nested scan beats building sets.
  for (const a of c.footprint) if (o.footprint.includes(a)) return 'footprint_conflict';
  return null;
}
