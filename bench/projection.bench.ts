/**
 * Projection throughput on one core (built code, child process): projectCore, projectChecked and
 * project (merge) over generated well-formed global types that nest 6 deep, every role projected,
 * for 2, 4 and 8 roles; strict and Lean decoding of the 4-role types. Target: projectCore >=
 * 100,000/s at 4 roles.
 */
import { bench, describe } from 'vitest';
import { fmt, met, recordRow } from './_lib/rows.js';
import { kOnce, kRoot, measureOnce, runWorkload } from './_lib/workload.js';

interface Answer {
  readonly byRoles: readonly {
    roles: number;
    types: number;
    nodes: number;
    projectCore: number;
    projectChecked: number;
    project: number;
  }[];
  readonly decode: { strict: number; lean: number; bytesPerDoc: number };
}

describe('projection (built code, child process)', () => {
  bench(
    'projectCore, projectChecked, project; decoders',
    measureOnce(() => {
      const r = runWorkload<Answer>('projection', [kRoot]);
      for (const w of r.byRoles) {
        const headline = w.roles === 4;
        recordRow({
          area: 'projection',
          measure: `${w.roles} roles, depth 6 (${w.types} types, ${fmt(w.nodes, 1)} nodes avg): projectCore/s (projectChecked, project)`,
          value: `${fmt(w.projectCore)} (${fmt(w.projectChecked)}, ${fmt(w.project)})`,
          target: headline ? '>= 100,000/s' : '—',
          baseline: '—',
          met: headline ? met(w.projectCore >= 100_000) : '—',
        });
      }
      const mb = (docs: number): string => fmt((docs * r.decode.bytesPerDoc) / 1e6, 1);
      recordRow({
        area: 'projection',
        measure: 'decode 4-role types: decodeGlobal (strict, text) / decodeGlobalLean (parsed), docs/s',
        value: `${fmt(r.decode.strict)} (${mb(r.decode.strict)} MB/s) / ${fmt(r.decode.lean)} (${mb(r.decode.lean)} MB/s)`,
        target: '—',
        baseline: '—',
        met: '—',
      });
    }),
    kOnce,
  );
});
