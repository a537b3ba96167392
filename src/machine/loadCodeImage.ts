/** Loading one code image into a fresh machine (machine.md §9.3–9.4). */

import type { BridgeError } from '../types/errors.js';
import type { Result } from '../types/result.js';
import { ok } from '../types/result.js';
import type { CodeImage, MachineConfig } from '../types/machine.js';
import { Machine } from './Machine.js';
import type { MachineOptions } from './Machine.js';

/** A machine with one image loaded. @example `const { machine, sid } = loadCodeImage(image).value;` @public */
export interface LoadedImage {
  readonly machine: Machine;
  /** The session id the image got (0 on a fresh machine). */
  readonly sid: number;
}

/**
 * Validates the config (`InvalidConfig{reason}`), then validates and loads the image (Lean
 * `validateImage?` + `loadChoreographyResult`): `validation_failed{reason}` (message
 * `bad choreography image: <reason>`), `too_many_sessions`, `too_many_coroutines`.
 * @example
 * ```ts
 * const r = loadCodeImage(image, { numRegisters: 8 });
 * if (r.ok) r.value.machine.readyQueue; // [0, 1]
 * ```
 * @public
 */
export function loadCodeImage(
  image: CodeImage,
  config: Partial<MachineConfig> = {},
  options: MachineOptions = {},
): Result<LoadedImage, BridgeError> {
  const m = Machine.create(config, options);
  if (!m.ok) return m;
  const sid = m.value.loadImage(image);
  if (!sid.ok) return sid;
  return ok({ machine: m.value, sid: sid.value });
}
