import type { RunResult } from '../../../types/bridge.js';
import type { BridgeError } from '../../../types/errors.js';
import type { Result } from '../../../types/result.js';
import type { PropertyVerdict } from '../../types.js';
import { failed } from '../../verdicts.js';

/**
 * Compares how two lanes took a request: one runs it and the other rejects it, or both reject it
 * with different errors, is a difference (`null` = same outcome; both ran = compare outputs next).
 * `messages: false` compares codes and paths only.
 */
export function compareLoadOutcome(
  leftLane: string,
  left: Result<RunResult, BridgeError>,
  rightLane: string,
  right: Result<RunResult, BridgeError>,
  options: { readonly messages?: boolean } = {},
): PropertyVerdict | null {
  if (left.ok && right.ok) return null;
  if (!left.ok && !right.ok) {
    // ParseError texts come from each decoder and are not pinned (bridge.md §5); every other load
    // error's message is, so it is compared too.
    const compareMessages = options.messages !== false && left.error.code !== 'ParseError';
    const same =
      left.error.code === right.error.code &&
      left.error.path === right.error.path &&
      (!compareMessages || left.error.message === right.error.message);
    if (same) return null;
    return failed(
      `both lanes rejected the request, differently: ${leftLane} ${describe(left.error)}; ${rightLane} ${describe(right.error)}`,
      { left: left.error, right: right.error, leftLane, rightLane },
    );
  }
  const [runner, rejecter, error] = left.ok
    ? // Exactly one side failed (both ok and both failed returned above).
      [leftLane, rightLane, (right as { error: BridgeError }).error]
    : [rightLane, leftLane, left.error];
  return failed(
    `${rejecter} rejected the request (${describe(error)}) but ${runner} ran it`,
    { rejected: rejecter, error, ran: runner },
    'a request one side rejects at load and the other runs is a difference',
  );
}

function describe(error: BridgeError): string {
  return `${error.code} at ${error.path}: ${error.message}`;
}
