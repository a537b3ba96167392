import type { CertificateRecord } from '../waveCertificate.js';

/** One executed pick of a threaded run (machine.md §11.5). JSON names. */
export interface LaneTraceEntry {
  readonly tick: number;
  /** Index of the wave within its round (0 for canonical and fallback steps). */
  readonly wave: number;
  readonly coro_id: number;
  readonly session: number | null;
  readonly lane: number;
}

/** `diagnostics.threaded` (machine.md §8.4, §11.4–11.6). */
export interface ThreadedDiagnostics {
  readonly lanes: number;
  readonly mode: 'canonical_one_step' | 'wave_parallel_extension';
  readonly max_wave_width: number;
  readonly certificate_fallbacks: number;
  readonly certificates: readonly CertificateRecord[];
  readonly lane_trace: readonly LaneTraceEntry[];
}

/** Mutable collector of the threaded diagnostics during a run. */
export class ThreadedRecorder {
  maxWaveWidth = 0;
  fallbacks = 0;
  readonly certificates: CertificateRecord[] = [];
  readonly laneTrace: LaneTraceEntry[] = [];
  /**
   * `lane_trace` and `certificates` are recorded only while the run records events (`trace`):
   * they grow with every step, and a run with tracing off asked for no per-step data.
   */
  constructor(
    readonly lanes: number,
    readonly mode: 'canonical_one_step' | 'wave_parallel_extension',
    readonly detailed: boolean,
  ) {}

  finish(): ThreadedDiagnostics {
    return {
      lanes: this.lanes,
      mode: this.mode,
      max_wave_width: this.maxWaveWidth,
      certificate_fallbacks: this.fallbacks,
      certificates: this.certificates,
      lane_trace: this.laneTrace,
    };
  }
}
