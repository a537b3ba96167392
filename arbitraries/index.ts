/**
 * `telltale-parity/arbitraries`: fast-check arbitraries for session types, programs, code images,
 * schedules, run requests and heap operations. One export line per arbitrary file.
 */
export {};
export { heapOpsArb, heapResourceArb, type HeapOpsConstraints } from './heapOps.js';
