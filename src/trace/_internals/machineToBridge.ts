import { toBridgeTrace } from '../../machine/toBridgeTrace.js';
import type { BridgeEvent } from '../../types/bridge.js';
import type { MachineEvent } from '../../types/machine.js';

/**
 * Machine trace → bridge events (machine.md §13.2). The one definition lives in the machine module
 * (`toBridgeTrace`); this seam keeps the trace module's use of it in one place.
 * @internal
 */
export function machineToBridge(events: readonly unknown[]): readonly BridgeEvent[] {
  // bridgeForm recognised these as machine events (looksLikeMachineTrace).
  return toBridgeTrace(events as readonly MachineEvent[]);
}
