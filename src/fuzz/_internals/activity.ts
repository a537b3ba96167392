import type { FuzzLane } from '../types.js';

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
