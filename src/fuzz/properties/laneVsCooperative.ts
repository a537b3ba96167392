import { runRequestArb } from '../../../arbitraries/runRequest.js';
import { observationallyEquivalent } from '../../trace/observationallyEquivalent.js';
import { SCHEMA_VERSION, type RunRequest, type RunResult } from '../../types/bridge.js';
import type { FuzzLane, FuzzProperty, PropertyVerdict } from '../types.js';
import type { Result } from '../../types/result.js';
import { loadVerdict, sameLeanText } from '../../bridge/loadVerdict.js';
import { execution, failed, passed, PropertySkipped } from '../verdicts.js';
import type { BridgeError } from '../../types/errors.js';
import { kLeanRunnerEnv } from '../_internals/createContext.js';
import { runRequestSwarm, withNames } from '../_internals/swarm.js';
import { observeRequest } from '../_internals/observeCase.js';
import { kRequestFeatures } from '../_internals/features.js';

/**
 * `<lane>-vs-cooperative`: an external lane against the cooperative engine, compared as bridge.md
 * §9.3 observational equivalence with default options (`step_states` are not compared across
 * implementations), plus load verdicts: the lane's runner gets the request as given (only §6.1's
 * pre-spawn check), and a request one side rejects and the other runs is a difference; for a lane
 * that speaks the Lean texts (`lean`, `lean:CMD`, `telltale-lean-ref`) the rejection texts must agree. `lean` is the `--lean` lane (id `lean-vs-cooperative`); other names come from `--lane`
 * (id `lane-<name>-vs-cooperative`). A lane that is not available makes the property SKIPPED.
 * @example `laneVsCooperative('ref').id // 'lane-ref-vs-cooperative'`
 * @public
 */
export function laneVsCooperative(name: string): FuzzProperty<RunRequest> {
  const id = name === 'lean' ? 'lean-vs-cooperative' : `lane-${name}-vs-cooperative`;
  const what = name === 'lean' ? 'Lean runner (--lean)' : `external lane '${name}' (--lane)`;
  return {
    id,
    description: `${what} vs cooperative: docs/spec/bridge.md §9.3 observational equivalence (default options), same load verdict (the runner judges the request itself; Lean-compatible lanes: same rejection text)`,
    arbitrary: (_ctx, swarm) => withNames(swarm, (names) => runRequestArb(runRequestSwarm(swarm, 0.15, names))),
    features: kRequestFeatures,
    lanes: [name],
    async requires(ctx) {
      const lane = ctx.lanes[name];
      // How to configure the Lean runner, in the words of whoever reads the reason.
      const leanAdvice =
        ctx.advice === 'vitest'
          ? `set telltaleParity({ leanRunner }) in vitest.config.ts or ${kLeanRunnerEnv}`
          : `pass --lean CMD or set ${kLeanRunnerEnv}`;
      if (lane === undefined) {
        return name === 'lean' ? `no Lean runner configured (${leanAdvice})` : `lane '${name}' is not configured`;
      }
      const availability = await lane.available();
      if (availability.ok) return null;
      return name === 'lean' ? `${availability.reason} (${leanAdvice})` : availability.reason;
    },
    async check(request, { implementations: impl, lanes }) {
      const lane = lanes[name];
      if (lane === undefined) return failed(`lane '${name}' disappeared during the campaign`);
      // The baseline is what a runner must answer: runners never read nested schema versions
      // (bridge.md §6.1, BR-DEV-03), so the cooperative engine sees them as runners do. Observational
      // equivalence (default options) never reads step_states: the cooperative side does not record them.
      const coop = impl.runCooperative(runnerView(request), { stepStates: false });
      const ext = await lane.run(request);
      // A runner that cannot start (gone mid-campaign, not executable) says nothing about the request.
      if (!ext.ok && (ext.error.code === 'BinaryNotFound' || isStartFailure(ext.error))) {
        const availability = await lane.available();
        if (!availability.ok) throw new PropertySkipped(availability.reason);
      }
      const load = compareLaneLoad(coop, name, ext, lane);
      if (load !== null) return load;
      if (!coop.ok || !ext.ok) return passed(observeRequest(request, ext));
      const verdict = observationallyEquivalent(coop.value, ext.value, { leftLane: 'cooperative', rightLane: name });
      if (verdict.equivalent) return passed(observeRequest(request, ext));
      return failed(
        verdict.divergence?.explanation ?? 'outputs differ',
        verdict.divergence ?? null,
        'to read both outputs, run the saved request on each lane: `telltale-parity corpus show` on the saved file prints both `telltale-parity run` commands',
        [execution('cooperative', coop.value), execution(name, ext.value)],
      );
    },
  };
}

/**
 * The load verdicts compared (bridge.md §5.3): accepted vs rejected always; for a lane that speaks
 * the Lean texts, the hard-failure text as well (its pinned part, docs/spec/bridge.md §1). A process lane's
 * verdict is its runner's own answer.
 */
function compareLaneLoad(
  coop: Result<RunResult, BridgeError>,
  name: string,
  ext: Result<RunResult, BridgeError>,
  lane: FuzzLane,
): PropertyVerdict | null {
  const expected = loadVerdict(coop);
  const actual = loadVerdict(ext, lane.kind === 'process');
  if (expected.accepted !== actual.accepted) {
    const [rejecter, error] = expected.accepted ? [name, ext.ok ? null : ext.error] : ['cooperative', expected.error];
    return failed(
      `${rejecter} rejected the request (${error?.code ?? ''}: ${error?.message ?? ''}) but ${expected.accepted ? 'cooperative' : name} ran it`,
      { rejected: rejecter, error },
      'a request one side rejects at load and the other runs is a difference',
    );
  }
  if (expected.accepted || actual.accepted || lane.leanTexts !== true) return null;
  if (expected.text === null || (actual.text !== null && sameLeanText(expected.text, actual.text))) return null;
  return failed(
    actual.text === null
      ? `${name} failed (${actual.error.code}: ${actual.error.message}) where the Lean runner rejects the request with '${expected.text}'`
      : `both lanes rejected the request, with different texts: cooperative '${expected.text}', ${name} '${actual.text}'`,
    { expected: expected.text, actual: actual.text, leftLane: 'cooperative', rightLane: name, error: actual.error },
    `'${name}' is configured as Lean-compatible, so its hard-failure texts must be the Lean runner's (docs/spec/bridge.md §1)`,
  );
}

/** The request as a runner reads it: choreographies' own `schema_version`s are never looked at. */
function runnerView(request: RunRequest): RunRequest {
  const choreos: unknown = request.choreographies;
  if (!Array.isArray(choreos)) return request;
  const stale = (c: unknown): boolean =>
    typeof c === 'object' && c !== null && (c as { schema_version?: unknown }).schema_version !== SCHEMA_VERSION;
  if (!choreos.some(stale)) return request;
  return {
    ...request,
    choreographies: choreos.map((c: unknown) =>
      stale(c) ? { ...(c as Record<string, unknown>), schema_version: SCHEMA_VERSION } : c,
    ) as RunRequest['choreographies'],
  };
}

// A spawn that failed before the runner ran: ProcessFailed with exit code -1 and no runner output.
function isStartFailure(error: BridgeError): boolean {
  return error.code === 'ProcessFailed' && error.exitCode === -1;
}
