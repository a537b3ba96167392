/**
 * When `cooperative-vs-threaded-images` gates the role-local rule G2 at n > 1: only where bridge.md
 * §11.4's argument holds. A finite cost budget breaks it (a blocked attempt costs credits, so how far a
 * role gets depends on the schedule): the campaign at seed 7 found such a case, where G2 fails on two
 * correct engines; the property must classify it and pass, while the same image with the default
 * budget is judged by G2 and passes.
 */
import { describe, expect, test } from 'vitest';
import { builtinProperties } from '../../src/fuzz/builtinProperties.js';
import { defaultImplementations } from '../../src/fuzz/implementations.js';
import { codeImageFromLocalTypes } from '../../src/machine/codeImage.js';
import { runCooperative } from '../../src/machine/runCooperative.js';
import { runThreaded } from '../../src/threaded/runThreaded.js';
import { judgeEnvelope } from '../../src/trace/judgeEnvelope.js';
import type { CodeImage, Instruction, MachineConfig } from '../../src/types/machine.js';
import type { GlobalType, LocalType } from '../../src/types/session.js';

// rec L. A → B : c. L, with hand-written loops (A: Offer, Invoke, Jump 0; B: Choose, Invoke, Jump 3).
const g: GlobalType = {
  kind: 'rec',
  var: 'L',
  body: {
    kind: 'comm',
    sender: 'A',
    receiver: 'B',
    branches: [{ label: { name: 'c', sort: 'unit' }, continuation: { kind: 'var', name: 'L' } }],
  },
};
const local = (kind: 'send' | 'recv', partner: string): LocalType => ({
  kind: 'rec',
  var: 'L',
  body: {
    kind,
    partner,
    branches: [{ label: { name: 'c', sort: 'unit' }, continuation: { kind: 'var', name: 'L' } }],
  },
});
const code: Instruction[] = [
  { op: 'Offer', chan: 0, label: 'c' },
  { op: 'Invoke', action: 'runtime.step' },
  { op: 'Jump', target: 0 },
  { op: 'Choose', chan: 0, table: [['c', 4]] },
  { op: 'Invoke', action: 'runtime.step' },
  { op: 'Jump', target: 3 },
];
const base = codeImageFromLocalTypes(
  [
    ['A', local('send', 'B')],
    ['B', local('recv', 'A')],
  ],
  g,
);
const image: CodeImage = {
  ...base,
  program: {
    ...base.program,
    code,
    entryPoints: [
      ['A', 0],
      ['B', 3],
    ],
  },
};
const budgeted: Partial<MachineConfig> = {
  initialCostBudget: 7n,
  schedPolicy: { kind: 'priority_fixed', map: { 1: 1 } },
};

const property = builtinProperties().find((p) => p.id === 'cooperative-vs-threaded-images');
const ctx = { implementations: defaultImplementations(), lanes: {} };

describe('cooperative-vs-threaded-images: G2 only where the role-local argument holds', () => {
  test('with a finite cost budget the engines legitimately differ per role, so G2 is not gated', async () => {
    const coop = runCooperative(image, { config: budgeted, maxSteps: 16 });
    const threaded = await runThreaded(image, {
      config: budgeted,
      maxSteps: 16,
      lanes: 2,
      workers: 1,
      mode: 'wave_parallel_extension',
    });
    expect(coop.ok && threaded.ok).toBe(true);
    if (!coop.ok || !threaded.ok) return;
    const judgement = judgeEnvelope(coop.value, threaded.value);
    expect(judgement.gates).toMatchObject({ G1: true, G2: false });
    const verdict = await property?.check(
      { run: { image, config: budgeted, schedule: [], maxSteps: 16 }, lanes: 2, waves: true },
      ctx,
    );
    expect(verdict).toMatchObject({ pass: true });
  });

  test('with the default budget G2 is gated and holds', async () => {
    const verdict = await property?.check(
      {
        run: { image, config: { schedPolicy: budgeted.schedPolicy }, schedule: [], maxSteps: 16 },
        lanes: 2,
        waves: true,
      },
      ctx,
    );
    expect(verdict).toMatchObject({ pass: true });
    const threaded = await runThreaded(image, { maxSteps: 16, lanes: 2, workers: 1, mode: 'wave_parallel_extension' });
    const coop = runCooperative(image, { maxSteps: 16 });
    expect(coop.ok && threaded.ok && judgeEnvelope(coop.value, threaded.value).gates.G2).toBe(true);
  });
});
