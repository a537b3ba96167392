import { Machine, installable, type InstallableProgram } from '../../machine/Machine.js';
import { machineAndProgramsFromRunRequest } from '../../machine/loadRunRequest.js';
import type { RunRequest } from '../../types/bridge.js';
import type { BridgeError } from '../../types/errors.js';
import type { CodeImage, MachineConfig } from '../../types/machine.js';
import type { Result } from '../../types/result.js';
import { ok } from '../../types/result.js';

export interface LoadedInput {
  readonly machine: Machine;
  /** The run request's `concurrency` (echoed), or `null` for a code image. */
  readonly concurrency: number | bigint | null;
  /** The run request's `max_steps`, or `null` for a code image. */
  readonly maxSteps: number | null;
  /** What the machine installed, in order: a pool thread's replica installs the same. */
  readonly programs: readonly InstallableProgram[];
}

/** True when the input is a code image rather than a run request (same test as runCooperative). */
export function isCodeImage(input: RunRequest | CodeImage): input is CodeImage {
  return 'program' in input && !('choreographies' in input);
}

/** Loads a run request or a code image exactly as `runCooperative` does (machine.md §9.4–9.5). */
export function loadInput(
  input: RunRequest | CodeImage,
  config: Partial<MachineConfig>,
  trace: boolean,
): Result<LoadedInput, BridgeError> {
  if (isCodeImage(input)) {
    const created = Machine.create(config, { trace });
    if (!created.ok) return created;
    const loaded = created.value.loadImage(input);
    if (!loaded.ok) return loaded;
    return ok({ machine: created.value, concurrency: null, maxSteps: null, programs: [installable(input.program)] });
  }
  const loaded = machineAndProgramsFromRunRequest(input, config, { trace });
  if (!loaded.ok) return loaded;
  return ok({
    machine: loaded.value.machine,
    concurrency: loaded.value.header.concurrency,
    maxSteps: loaded.value.header.maxSteps,
    programs: loaded.value.programs,
  });
}

/**
 * A pool thread's replica of the calling thread's freshly loaded machine: the same configuration
 * and the programs it installed, in the same order. Decoding, projection, compilation and
 * validation happened once, on the calling thread; installing them again cannot fail there, so a
 * failure here is a bug in the engine (thrown, and reported as the worker's crash).
 */
export function loadReplica(
  programs: readonly InstallableProgram[],
  config: Partial<MachineConfig>,
  trace: boolean,
): Machine {
  const created = Machine.create(config, { trace });
  if (!created.ok) throw new Error(`worker could not create the machine: ${created.error.message}`);
  const m = created.value;
  for (const p of programs) {
    const r = m.install(p);
    if (!r.ok) throw new Error(`worker could not install a program: ${r.error.message}`);
  }
  return m;
}
