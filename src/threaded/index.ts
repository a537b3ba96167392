/**
 * The threaded engine (machine.md §11): lanes, canonical and wave-parallel rounds, wave planning,
 * certificates, and the worker-thread pool that runs wave rounds.
 */
export { runThreaded, DEFAULT_THREADED_TIMEOUT_MS } from './runThreaded.js';
export type { ThreadedOptions, ThreadedTestHooks } from './runThreaded.js';
export { createThreadedPool } from './createThreadedPool.js';
export type { ThreadedPool, ThreadedPoolOptions } from './createThreadedPool.js';
export { planWaves } from './planWaves.js';
export { checkWaveCertificate } from './checkWaveCertificate.js';
export { footprintAtom, laneOf, certificateRecordState } from './waveCertificate.js';
export type {
  WaveCoroutine,
  WavePlanningState,
  WaveCertificate,
  CertificateRecord,
  CertificateViolation,
} from './waveCertificate.js';
export type { ThreadedDiagnostics, LaneTraceEntry } from './_internals/threadedDiagnostics.js';
