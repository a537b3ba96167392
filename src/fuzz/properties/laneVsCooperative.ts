import { runRequestArb } from '../../../arbitraries/runRequest.js';
import { observationallyEquivalent } from '../../trace/observationallyEquivalent.js';
import type { RunRequest } from '../../types/bridge.js';
import type { FuzzProperty } from '../types.js';
import { execution, failed, passed, PropertySkipped } from '../verdicts.js';
import type { BridgeError } from '../../types/errors.js';
import { kLeanRunnerEnv } from '../_internals/createContext.js';

/**
 * `<lane>-vs-cooperative`: an external lane against the cooperative engine, compared as bridge.md
 * §9.3 observational equivalence with default options (`step_states` are not compared across
 * implementations), plus exit behaviour: a request one side rejects at load and the other runs is a
 * difference. `lean` is the `--lean` lane (id `lean-vs-cooperative`); other names come from `--lane`
 * (id `lane-<name>-vs-cooperative`). A lane that is not available makes the property SKIPPED.
 * @example `laneVsCooperative('ref').id // 'lane-ref-vs-cooperative'`
 * @public
 */
export function laneVsCooperative(name: string): FuzzProperty<RunRequest> {
  const id = name === 'lean' ? 'lean-vs-cooperative' : `lane-${name}-vs-cooperative`;
  const what = name === 'lean' ? 'Lean runner (--lean)' : `external lane '${name}' (--lane)`;
  return {
    id,
    description: `${what} vs cooperative: docs/spec/bridge.md §9.3 observational equivalence (default options), same load acceptance`,
    arbitrary: () => runRequestArb({ rejected: 0.15 }),
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
      const coop = impl.runCooperative(request);
      const ext = await lane.run(request);
      // A runner that cannot start (gone mid-campaign, not executable) says nothing about the request.
      if (!ext.ok && (ext.error.code === 'BinaryNotFound' || isStartFailure(ext.error))) {
        const availability = await lane.available();
        if (!availability.ok) throw new PropertySkipped(availability.reason);
      }
      if (coop.ok !== ext.ok) {
        const [rejecter, error] = coop.ok ? [name, ext.ok ? null : ext.error] : ['cooperative', coop.error];
        return failed(
          `${rejecter} rejected the request (${error?.code ?? ''}: ${error?.message ?? ''}) but ${coop.ok ? 'cooperative' : name} ran it`,
          { rejected: rejecter, error },
          'a request one side rejects at load and the other runs is a difference',
        );
      }
      if (!coop.ok || !ext.ok) return passed();
      const verdict = observationallyEquivalent(coop.value, ext.value, { leftLane: 'cooperative', rightLane: name });
      if (verdict.equivalent) return passed();
      return failed(
        verdict.divergence?.explanation ?? 'outputs differ',
        verdict.divergence ?? null,
        'to read both outputs, run the saved request on each lane: `telltale-parity corpus show` on the saved file prints both `telltale-parity run` commands',
        [execution('cooperative', coop.value), execution(name, ext.value)],
      );
    },
  };
}

// A spawn that failed before the runner ran: ProcessFailed with exit code -1 and no runner output.
function isStartFailure(error: BridgeError): boolean {
  return error.code === 'ProcessFailed' && error.exitCode === -1;
}
