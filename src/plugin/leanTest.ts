import { describe, test, type TestContext } from 'vitest';
import type { Lane } from '../bridge/Lane.js';
import { TelltaleError } from '../types/errors.js';
import { lanes } from './lanes.js';
import { parityOptions } from './parityOptions.js';
import type {} from './_internals/skipMeta.js';

function missingRunner(): TelltaleError {
  const o = parityOptions();
  return new TelltaleError(
    'BinaryNotFound',
    `${o.leanSkipReason}, and TELLTALE_REQUIRE_PROTOCOL_MACHINE_RUNNER is set: configure telltaleParity({ leanRunner }) or TELLTALE_LEAN_RUNNER, or unset the requirement`,
  );
}

/**
 * A test that needs the real Lean runner: it receives the `lean` lane, or is skipped with the reason
 * `lean lane: no Lean runner configured or found` (shown by Vitest's reporter) when there is none.
 * With `TELLTALE_REQUIRE_PROTOCOL_MACHINE_RUNNER` set, a missing runner fails the test instead.
 *
 * @example
 * ```ts
 * leanTest('cooperative agrees with Lean', async (lean) => {
 *   const [a, b] = await Promise.all([lanes.cooperative.run(req), lean.run(req)]);
 *   expect(a.ok && a.value).toBeObservationallyEquivalent(b.ok && b.value);
 * });
 * ```
 * @public
 */
export function leanTest(name: string, fn: (lean: Lane, context: TestContext) => unknown, timeout?: number): void {
  test(
    name,
    async (context) => {
      const lean = lanes.lean;
      if (lean === undefined) {
        if (parityOptions().requireLeanRunner) throw missingRunner();
        // Recorded for the plugin's end-of-run summary of skipped parity tests.
        context.task.meta.telltaleParitySkip = { kind: 'lean', reason: parityOptions().leanSkipReason };
        context.skip(parityOptions().leanSkipReason);
        return;
      }
      await fn(lean, context);
    },
    timeout,
  );
}

/**
 * A suite that needs the real Lean runner. Without one, the suite is skipped and its title says why:
 * `name [skipped: lean lane: no Lean runner configured or found]`.
 * @example
 * ```ts
 * describeLean('Lean parity', () => {
 *   test('ping-pong', async () => { const r = await lanes.lean!.run(req); expect(r.ok).toBe(true); });
 * });
 * ```
 * @public
 */
export function describeLean(name: string, fn: () => void): void {
  const o = parityOptions();
  if (o.leanRunner !== null) {
    describe(name, fn);
  } else if (o.requireLeanRunner) {
    describe(name, () => {
      test('lean lane', () => {
        throw missingRunner();
      });
    });
  } else {
    describe.skip(
      `${name} [skipped: ${o.leanSkipReason}]`,
      { meta: { telltaleParitySkip: { kind: 'lean', reason: o.leanSkipReason } } },
      fn,
    );
  }
}
