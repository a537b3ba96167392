import { findDefaultLeanRunner, leanLane } from '../../bridge/leanLane.js';
import { processLane } from '../../bridge/processLane.js';
import { parseLaneCommand } from '../../bridge/parseLaneSpec.js';
import { isReferenceRunnerCommand } from '../../bridge/referenceRunnerCommand.js';
import { defaultImplementations, type Implementations } from '../implementations.js';
import type { FuzzLane, PropertyContext } from '../types.js';

/** Serialisable description of a campaign's external lanes (travels to workers). */
export interface LaneSpec {
  readonly lean: string | null;
  readonly lanes: Readonly<Record<string, string>>;
}

/** Environment variable naming a Lean runner when `--lean` is not given. */
export const kLeanRunnerEnv = 'TELLTALE_LEAN_RUNNER';

/**
 * An external command as a lane: `serve:CMD` starts CMD once and speaks the line protocol
 * (bridge.md §1), anything else starts the command once per request, as the Lean runner expects;
 * `lean:CMD` declares it Lean-compatible (its rejection texts are compared). The `lean` lane always
 * speaks the Lean texts.
 */
export function laneFromCommand(name: string, command: string): FuzzLane {
  const parsed = parseLaneCommand(command);
  return processLane(name, parsed.command, {
    serve: parsed.serve,
    ...(parsed.leanTexts || name === 'lean' ? { leanTexts: true } : {}),
  });
}

/**
 * The commands of a campaign's external lanes, name → command, as a user would pass them again
 * (`lean` = the Lean runner: `--lean`, else `TELLTALE_LEAN_RUNNER`, else telltale's default build
 * path when it exists). Saved in corpus entries and printed in replay commands.
 */
export function laneCommands(spec: LaneSpec): Record<string, string> {
  const commands: Record<string, string> = {};
  const lean = configuredLean(spec) ?? findDefaultLeanRunner();
  if (lean !== null) commands.lean = lean;
  for (const [name, command] of Object.entries(spec.lanes)) commands[name] = command;
  return commands;
}

function configuredLean(spec: LaneSpec): string | null {
  const lean = spec.lean ?? process.env[kLeanRunnerEnv] ?? null;
  return lean !== null && lean.trim() !== '' ? lean : null;
}

/**
 * Builds the property context: implementations (defaults + overrides) and external lanes. `advice`
 * decides how skip reasons say what to configure (command-line flags, or the Vitest plugin's options).
 */
export async function createContext(
  spec: LaneSpec,
  overrides: Partial<Implementations> = {},
  advice: 'cli' | 'vitest' = 'cli',
): Promise<PropertyContext> {
  const lanes: Record<string, FuzzLane> = {};
  // A configured runner is a process lane (its availability = the binary exists); otherwise the
  // bridge's leanLane looks for telltale's default build path and else reports the skip reason.
  // telltale-lean-ref given as the Lean runner goes through leanLane, which refuses it with a reason:
  // its results would otherwise be reported as Lean results.
  const configured = configuredLean(spec);
  const leanCommand = configured === null ? null : parseLaneCommand(configured).command;
  lanes.lean =
    configured === null || leanCommand === null
      ? leanLane()
      : isReferenceRunnerCommand(leanCommand)
        ? leanLane({ command: leanCommand })
        : laneFromCommand('lean', configured);
  for (const [name, command] of Object.entries(spec.lanes)) lanes[name] = laneFromCommand(name, command);
  return { implementations: { ...defaultImplementations(), ...overrides }, lanes, advice };
}

/** Closes every lane that has a `close` (external processes started in `serve` mode). */
export async function closeContext(ctx: PropertyContext): Promise<void> {
  for (const lane of Object.values(ctx.lanes)) {
    try {
      await lane.close?.();
    } catch {
      // closing is best effort: the campaign result is already decided
    }
  }
}
