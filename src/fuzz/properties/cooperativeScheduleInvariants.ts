import fc from 'fast-check';
import { runRequestArb } from '../../../arbitraries/runRequest.js';
import { scheduleArb } from '../../../arbitraries/schedule.js';
import type { BridgeEvent, RunRequest } from '../../types/bridge.js';
import type { FuzzProperty } from '../types.js';
import { failed, passed } from '../verdicts.js';
import { levelFor, runRequestSwarm, withNames } from '../_internals/swarm.js';
import { observeRequest } from '../_internals/observeCase.js';
import { kRequestFeatures } from '../_internals/features.js';

/** Input of {@link cooperativeScheduleInvariants}. @example `{ request, schedule: [0, 2, 1] }` @public */
export interface ScheduledRequest {
  readonly request: RunRequest;
  readonly schedule: readonly number[];
}

/**
 * `cooperative-schedule-invariants`: under random schedules (machine.md §7.7) every run of a valid
 * request ends `completed` or `stuck` without an engine error, and per edge the messages received
 * are a prefix of the messages sent (FIFO, nothing invented), while per session messages sent =
 * received + still buffered at the end. Run requests use `{fifo, 16, block}` buffers, so the
 * `latest_value` exception (overwrites by design) does not arise here.
 * @example `await runCampaign({ properties: ['cooperative-schedule-invariants'], runs: 200, seed: 1 })`
 * @public
 */
export const cooperativeScheduleInvariants: FuzzProperty<ScheduledRequest> = {
  id: 'cooperative-schedule-invariants',
  description:
    'cooperative engine under random schedules: ends completed|stuck, FIFO per edge, sent = received + buffered per session',
  arbitrary: (_ctx, swarm) =>
    fc.record({
      request: withNames(swarm, (names) => runRequestArb(runRequestSwarm(swarm, 0, names))),
      schedule: scheduleArb({ maxLength: levelFor(swarm, 'schedules', [0, 48, 96, 160]) }),
    }),
  features: kRequestFeatures,
  check({ request, schedule }, { implementations: impl }) {
    const run = impl.runCooperative(request, { schedule });
    if (!run.ok)
      return failed(
        `cooperative engine rejected a valid request under a schedule: ${run.error.code} at ${run.error.path}: ${run.error.message}`,
      );
    const { output } = run.value;
    if (output.status !== 'completed' && output.status !== 'stuck')
      return failed(`run ended with status '${output.status}', expected completed or stuck`);
    const edges = new Map<string, { sent: string[]; received: string[] }>();
    const perSession = new Map<number, number>();
    const edgeOf = (e: BridgeEvent): string => `${String(e.session)}:${String(e.sender)}->${String(e.receiver)}`;
    for (const event of output.trace) {
      if (event.kind !== 'sent' && event.kind !== 'received') continue;
      const key = edgeOf(event);
      const edge = edges.get(key) ?? { sent: [], received: [] };
      edges.set(key, edge);
      const session = typeof event.session === 'number' ? event.session : -1;
      if (event.kind === 'sent') {
        edge.sent.push(String(event.label));
        perSession.set(session, (perSession.get(session) ?? 0) + 1);
      } else {
        edge.received.push(String(event.label));
        perSession.set(session, (perSession.get(session) ?? 0) - 1);
        const i = edge.received.length - 1;
        if (i >= edge.sent.length)
          return failed(`edge ${key}: received message #${i} '${String(event.label)}' before it was sent`);
        if (edge.sent[i] !== edge.received[i])
          return failed(
            `edge ${key}: FIFO broken, message #${i} was sent as '${edge.sent[i] ?? ''}' but received as '${edge.received[i] ?? ''}'`,
          );
      }
    }
    const last = output.step_states[output.step_states.length - 1];
    for (const [session, inFlight] of perSession) {
      const buffered = last === undefined ? 0 : (last.buffered_message_counts[String(session)] ?? 0);
      if (last !== undefined && inFlight !== buffered) {
        return failed(
          `session ${session}: ${inFlight} message(s) sent but not received, yet ${buffered} buffered at the end (sent = received + buffered broken)`,
        );
      }
    }
    return passed(observeRequest(request, run));
  },
};
