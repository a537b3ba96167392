import { codeImageCaseArb, type CodeImageCase } from '../../../arbitraries/codeImage.js';
import type { FuzzProperty } from '../types.js';
import { failed, passed } from '../verdicts.js';
import { codeImageSwarm, withNames } from '../_internals/swarm.js';
import { observeImage } from '../_internals/observeCase.js';

/**
 * `loader-rejects-invalid-images`: the cooperative loader rejects every code image that breaks a
 * validation rule of machine.md §9.3 with `validation_failed` and exactly that rule's reason, and
 * loads every valid image.
 * @example `await runCampaign({ properties: ['loader-rejects-invalid-images'], runs: 200, seed: 1 })`
 * @public
 */
export const loaderRejectsInvalidImages: FuzzProperty<CodeImageCase> = {
  id: 'loader-rejects-invalid-images',
  description:
    'code-image loader: invalid images rejected with the validation_failed reason of docs/spec/machine.md §9.3, valid ones load',
  arbitrary: (_ctx, swarm) => withNames(swarm, (names) => codeImageCaseArb(codeImageSwarm(swarm, 0.5, names))),
  features: ['image-load', 'name'],
  check({ image, expected }, { implementations: impl }) {
    const run = impl.runCooperative(image, { maxSteps: 64, trace: false });
    if (expected.valid) {
      if (!run.ok)
        return failed(
          `a valid image (${expected.bytecode} bytecode) was rejected: ${run.error.code}: ${run.error.message}`,
        );
      return passed(observeImage(image, run));
    }
    if (run.ok)
      return failed(
        `an invalid image (${expected.violation}) was loaded and run; expected validation_failed: ${expected.reason}`,
      );
    if (run.error.code !== 'validation_failed' || run.error.reason !== expected.reason) {
      return failed(
        `invalid image (${expected.violation}) rejected with ${run.error.code} '${typeof run.error.reason === 'string' ? run.error.reason : run.error.message}', expected validation_failed '${expected.reason}'`,
      );
    }
    return passed(observeImage(image, run));
  },
};
