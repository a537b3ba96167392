import { certificateRecordState, type CertificateRecord } from '../../threaded/waveCertificate.js';
import { checkWaveCertificate } from '../../threaded/checkWaveCertificate.js';
import type { FuzzProperty } from '../types.js';
import { failed, passed } from '../verdicts.js';
import { observeRequest } from '../_internals/observeCase.js';
import { kThreadedFeatures } from '../_internals/features.js';
import { envelopeCaseArb, type EnvelopeCase } from './cooperativeVsThreaded.js';

/**
 * `threaded-certificates`: every wave certificate the threaded engine recorded in its diagnostics
 * re-checks on its own (machine.md §11.4, `checkWaveCertificate` against the recorded state), and
 * no executed wave is wider than the lane count.
 * @example `await runCampaign({ properties: ['threaded-certificates'], runs: 100, seed: 1 })`
 * @public
 */
export const threadedCertificates: FuzzProperty<EnvelopeCase> = {
  id: 'threaded-certificates',
  description:
    'threaded diagnostics: every recorded wave certificate re-checks (docs/spec/machine.md §11.4), max_wave_width <= n',
  features: kThreadedFeatures,
  arbitrary: (_ctx, swarm) => envelopeCaseArb(swarm),
  async check({ request, lanes }, { implementations: impl }) {
    const run = await impl.runThreaded(request, { lanes, workers: 1, mode: 'wave_parallel_extension' });
    if (!run.ok) return failed(`threaded engine rejected a valid request: ${run.error.code}: ${run.error.message}`);
    const threaded = run.value.diagnostics?.threaded;
    if (threaded === undefined) return failed('threaded run has no diagnostics.threaded block');
    if (threaded.max_wave_width > lanes)
      return failed(`max_wave_width ${threaded.max_wave_width} exceeds the lane count ${lanes}`);
    for (const [i, raw] of threaded.certificates.entries()) {
      // The threaded engine records CertificateRecords; certificateRecordState checks each below.
      const record = raw as CertificateRecord;
      const checked = checkWaveCertificate(record, certificateRecordState(record, lanes));
      if (!checked.ok)
        return failed(
          `certificate #${i} (planner step ${record.planner_step}) does not re-check: ${checked.error.code}: ${checked.error.message}`,
          { certificate: record, violation: checked.error },
        );
    }
    return passed(observeRequest(request, run));
  },
};
