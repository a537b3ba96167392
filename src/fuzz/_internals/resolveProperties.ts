import { builtinProperties } from '../builtinProperties.js';
import type { AnyFuzzProperty } from '../types.js';
import type { LaneSpec } from './createContext.js';
import { laneVsCooperative } from '../properties/laneVsCooperative.js';

/** Built-in properties plus one `lane-<name>-vs-cooperative` property per `--lane NAME=CMD`. */
export function resolveProperties(spec: LaneSpec, extra: readonly AnyFuzzProperty[] = []): readonly AnyFuzzProperty[] {
  const lanes = Object.keys(spec.lanes)
    .sort()
    .map((name) => laneVsCooperative(name));
  return [...builtinProperties(), ...lanes, ...extra];
}
