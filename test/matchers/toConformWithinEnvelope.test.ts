import { describe, expect, test } from 'vitest';
import { parityMatchers } from '../../matchers/index.js';
import { clientServerTrace, output, result, stepState, twoPartySessions } from '../trace/_fixtures.js';
import { failureOf } from './_helpers.js';

expect.extend(parityMatchers);

const coop = result(output(clientServerTrace), 'cooperative');
const threadedOne = result(output(clientServerTrace), 'threaded', {
  lanes: 1,
  mode: 'wave_parallel_extension',
  max_wave_width: 1,
});
const stepChanged = result(
  output(clientServerTrace, { step_states: [stepState(0), stepState(1, { exec_status: 'blocked' }), stepState(2)] }),
  'threaded',
  { lanes: 1, mode: 'wave_parallel_extension', max_wave_width: 1 },
);

const n = 4;
const seq = twoPartySessions(
  Array.from(
    { length: n },
    (_, s) =>
      [
        [s, 'send'],
        [s, 'recv'],
      ] as const,
  ).flat(),
  n,
);
const wide = twoPartySessions(
  [
    ...Array.from({ length: n }, (_, s) => [s, 'send'] as const),
    ...Array.from({ length: n }, (_, s) => [s, 'recv'] as const),
  ],
  n,
);
const base4 = result(output(seq, { concurrency: 4 }), 'cooperative');
const wave4 = (width: number) =>
  result(output(wide, { concurrency: 4 }), 'threaded', {
    lanes: 4,
    mode: 'wave_parallel_extension',
    max_wave_width: width,
  });

describe('toConformWithinEnvelope', () => {
  describe('.toConformWithinEnvelope', () => {
    test('passes: strict at n = 1, envelope at n = 4', () => {
      expect(threadedOne).toConformWithinEnvelope(coop);
      expect(wave4(4)).toConformWithinEnvelope(base4, { sessionOrder: true });
    });

    test('strict failure: names the step and sets actual/expected to the two entries', () => {
      let thrown: unknown;
      try {
        expect(stepChanged).toConformWithinEnvelope(coop);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ actual: { exec_status: 'blocked' }, expected: { exec_status: 'continue' } });
      expect(failureOf(() => expect(stepChanged).toConformWithinEnvelope(coop))).toMatchSnapshot();
    });

    test('lane Results work on both sides, context included', () => {
      expect({ ok: true, value: threadedOne }).toConformWithinEnvelope({ ok: true, value: coop });
      const changedTrace = result(
        output(clientServerTrace.map((e, i) => (i === 3 ? { ...e, label: 'nack' } : e))),
        'threaded',
        { lanes: 1, mode: 'wave_parallel_extension', max_wave_width: 1 },
      );
      expect(
        failureOf(() => expect({ ok: true, value: changedTrace }).toConformWithinEnvelope({ ok: true, value: coop })),
      ).toContain('> 3  sent Server->Client "ack" @6');
    });

    test('envelope failure: each failed gate and the EnvelopeDiff', () => {
      expect(failureOf(() => expect(wave4(5)).toConformWithinEnvelope(base4))).toMatchSnapshot();
    });

    test('bad input fails with its own sentence', () => {
      expect(failureOf(() => expect({}).toConformWithinEnvelope(coop))).toContain(
        'Cannot judge: judgeEnvelope takes engine results',
      );
    });
  });

  describe('.not.toConformWithinEnvelope', () => {
    test('passes when a gate fails', () => {
      expect(wave4(5)).not.toConformWithinEnvelope(base4);
      expect(stepChanged).not.toConformWithinEnvelope(coop);
    });

    test('fails with its own message', () => {
      expect(failureOf(() => expect(wave4(2)).not.toConformWithinEnvelope(base4))).toMatchSnapshot();
    });
  });
});
