/** Defaults of the runner client in one place (bridge.md §7). */
import { DEFAULT_MAX_OUTPUT_BYTES, resolveMaxOutputBytes as resolveOutputLimit } from '../types/outputBudget.js';
import type { EnvironmentVariables } from '../types/environment.js';

/** Runner client defaults. @example `kBridgeDefaults.timeoutMs // 300000` @public */
export const kBridgeDefaults = {
  /** `TELLTALE_PROTOCOL_MACHINE_TIMEOUT_MS` default. */
  timeoutMs: 300_000,
  /** `TELLTALE_PARITY_MAX_OUTPUT_BYTES` default: 256 MiB, below V8's string limit (every lane, in-process ones too). */
  maxOutputBytes: DEFAULT_MAX_OUTPUT_BYTES,
  /** telltale's build path of the Lean runner, under the workspace root. */
  leanRunnerPath: 'lean/.lake/build/bin/protocol_machine_runner',
  /** Reason reported when the `lean` lane is skipped. */
  leanSkipReason: 'lean lane: no Lean runner configured or found',
} as const;

function positiveInt(text: string | undefined): number | null {
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= 1 ? n : null;
}

/** Timeout from the option, else `TELLTALE_PROTOCOL_MACHINE_TIMEOUT_MS` (integer ≥ 1), else 300000. @example `resolveTimeoutMs(undefined, { TELLTALE_PROTOCOL_MACHINE_TIMEOUT_MS: '500' }) // 500` @internal */
export function resolveTimeoutMs(option: number | undefined, env: EnvironmentVariables = process.env): number {
  return option ?? positiveInt(env.TELLTALE_PROTOCOL_MACHINE_TIMEOUT_MS) ?? kBridgeDefaults.timeoutMs;
}

/** Output limit from the option, else `TELLTALE_PARITY_MAX_OUTPUT_BYTES`, else 256 MiB: the one rule of every lane. @example `resolveMaxOutputBytes(1024) // 1024` @internal */
export const resolveMaxOutputBytes: (option: number | undefined, env?: EnvironmentVariables) => number =
  resolveOutputLimit;
