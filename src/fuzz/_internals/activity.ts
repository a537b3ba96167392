import type { CampaignActivity, FuzzLane } from '../types.js';

/**
 * What one chunk is doing, as runChunk reports it: generating cases, or shrinking (step = failing
 * inputs found so far), with the external lane being run when there is one. Serialisable (crosses
 * from fuzz workers to the campaign).
 */
export interface ChunkActivity {
  readonly phase: 'generating' | 'shrinking';
  readonly property: string;
  /** The external lane being run; absent between lane runs. */
  readonly lane?: string;
  /** When that lane run started (epoch ms). */
  readonly laneSince?: number;
  readonly step: number;
  /** When this phase (and step) started (epoch ms). */
  readonly since: number;
}

/** Receives {@link ChunkActivity} reports. */
export type ActivityReport = (activity: ChunkActivity) => void;

/**
 * The lanes, each reporting the start of a run (`lane` = its name) and its end (`lane` =
 * `undefined`) to `onRun`; everything else passes through.
 * @internal
 */
export function watchLanes(
  lanes: Readonly<Record<string, FuzzLane>>,
  onRun: (lane: string | undefined) => void,
): Readonly<Record<string, FuzzLane>> {
  const watched: Record<string, FuzzLane> = {};
  for (const [name, lane] of Object.entries(lanes)) {
    watched[name] = {
      name: lane.name,
      available: () => lane.available(),
      run: async (request) => {
        onRun(name);
        try {
          return await lane.run(request);
        } finally {
          onRun(undefined);
        }
      },
      ...(lane.close === undefined ? {} : { close: () => lane.close?.() ?? Promise.resolve() }),
    };
  }
  return watched;
}

/** What the busy tasks are doing, as the progress output shows it. @internal */
export function describeActivities(activities: ReadonlyMap<number, ChunkActivity>, now: number): CampaignActivity[] {
  return [...activities.values()].map((a) =>
    a.lane === undefined
      ? { phase: a.phase, property: a.property, step: a.step, sinceMs: now - a.since }
      : {
          // Shrinking runs the lane too: say both (the shrink step is the news).
          phase: a.phase === 'shrinking' ? 'shrinking' : 'running',
          property: a.property,
          lane: a.lane,
          step: a.step,
          sinceMs: now - (a.laneSince ?? now),
        },
  );
}

/**
 * The longest lane run under way when it has taken at least `slowMs`; records every running lane's
 * time so far in `slowest` (lane → longest run, ms). @internal
 */
export function slowLane(
  activities: ReadonlyMap<number, ChunkActivity>,
  slowest: Map<string, number>,
  now: number,
  slowMs: number,
): { lane: string; property: string; ms: number } | undefined {
  let slow: { lane: string; property: string; ms: number } | undefined;
  for (const a of activities.values()) {
    if (a.lane === undefined || a.laneSince === undefined) continue;
    const ms = now - a.laneSince;
    slowest.set(a.lane, Math.max(slowest.get(a.lane) ?? 0, ms));
    if (ms >= slowMs && (slow === undefined || ms > slow.ms)) slow = { lane: a.lane, property: a.property, ms };
  }
  return slow;
}
