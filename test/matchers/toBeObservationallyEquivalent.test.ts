import { describe, expect, test } from 'vitest';
import { parityMatchers } from '../../matchers/index.js';
import { clientServerTrace, opened, output, received, result, sent } from '../trace/_fixtures.js';
import { getMatcherDefaults, setMatcherDefaults } from '../../matchers/matcherDefaults.js';
import { failureOf } from './_helpers.js';

expect.extend(parityMatchers);

const changed = clientServerTrace.map((e, i) => (i === 3 ? { ...e, label: 'nack' } : e));

describe('toBeObservationallyEquivalent', () => {
  describe('.toBeObservationallyEquivalent', () => {
    test('passes for equivalent runs of any input form', () => {
      const coop = result(output(clientServerTrace), 'cooperative');
      expect(coop).toBeObservationallyEquivalent(output(clientServerTrace));
      expect(clientServerTrace).toBeObservationallyEquivalent(coop);
    });

    test('fails with the explanation, aligned session context and the divergence object', () => {
      const message = failureOf(() =>
        expect(result(output(clientServerTrace), 'cooperative')).toBeObservationallyEquivalent(output(changed), {
          rightLane: 'reference',
        }),
      );
      expect(message).toContain(
        'event 3 differs in session 0: cooperative sent Server->Client "ack", reference sent Server->Client "nack"',
      );
      expect(message).toMatchSnapshot();
    });

    test('sets actual/expected to the differing events so Vitest prints a diff', () => {
      let thrown: unknown;
      try {
        expect(clientServerTrace).toBeObservationallyEquivalent(changed);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ actual: { label: 'ack', tick: 3 }, expected: { label: 'nack', tick: 3 } });
    });

    test('a missing event: context by trace index for session-less events', () => {
      expect(
        failureOf(() => expect(clientServerTrace.slice(0, 6)).toBeObservationallyEquivalent(clientServerTrace)),
      ).toMatchSnapshot();
    });

    test('status difference', () => {
      expect(
        failureOf(() =>
          expect(output(clientServerTrace)).toBeObservationallyEquivalent(
            output(clientServerTrace, { status: 'stuck' }),
            { leftLane: 'cooperative', rightLane: 'lean' },
          ),
        ),
      ).toMatchSnapshot();
    });

    test('options pass through: ModuloCommutativity accepts cross-session reordering', () => {
      const a = [
        opened(1, 'A,B'),
        opened(2, 'A,B'),
        sent(1, 'A', 'B', 'a', 1),
        sent(2, 'A', 'B', 'b', 2),
        received(1, 'A', 'B', 'a', 3),
      ];
      const b = [
        opened(1, 'A,B'),
        opened(2, 'A,B'),
        sent(2, 'A', 'B', 'b', 1),
        sent(1, 'A', 'B', 'a', 2),
        received(1, 'A', 'B', 'a', 3),
      ];
      expect(a).toBeObservationallyEquivalent(b, { profile: 'ModuloCommutativity' });
      expect(a).not.toBeObservationallyEquivalent(b);
    });

    test('plugin defaults apply (profile, deviations); explicit options win', () => {
      const a = [opened(1, 'A,B'), opened(2, 'A,B'), sent(1, 'A', 'B', 'a', 1), sent(2, 'A', 'B', 'b', 2)];
      const b = [opened(1, 'A,B'), opened(2, 'A,B'), sent(2, 'A', 'B', 'b', 1), sent(1, 'A', 'B', 'a', 2)];
      const saved = getMatcherDefaults();
      try {
        setMatcherDefaults({ ...saved, profile: 'ModuloCommutativity', deviations: '/nonexistent/deviations.json' });
        expect(failureOf(() => expect(a).toBeObservationallyEquivalent(b))).toContain(
          'Cannot compare: deviation registry /nonexistent/deviations.json is not usable',
        );
        setMatcherDefaults({ ...saved, profile: 'ModuloCommutativity' });
        expect(a).toBeObservationallyEquivalent(b);
        expect(a).not.toBeObservationallyEquivalent(b, { profile: 'Full' });
      } finally {
        setMatcherDefaults(saved);
      }
    });

    test('bad input fails with its own sentence, also under .not', () => {
      expect(failureOf(() => expect(42).toBeObservationallyEquivalent(clientServerTrace))).toMatchSnapshot();
      expect(failureOf(() => expect(42).not.toBeObservationallyEquivalent(clientServerTrace))).toContain(
        'Cannot compare: left is number',
      );
    });
  });

  describe('.not.toBeObservationallyEquivalent', () => {
    test('passes for different runs', () => {
      expect(clientServerTrace).not.toBeObservationallyEquivalent(changed);
    });

    test('fails with its own message, naming waivers', () => {
      expect(
        failureOf(() => expect(clientServerTrace).not.toBeObservationallyEquivalent(clientServerTrace)),
      ).toMatchSnapshot();
      const dev = {
        id: 'BR-DEV-99',
        owner: 'bridge',
        status: 'active',
        reason: 'r',
        impact: 'i',
        alternatives: [],
        revisit: '2999-01-01',
        covers: ['bridge.trace.sent'],
        follows: 'lean',
      } as const;
      expect(
        failureOf(() => expect(clientServerTrace).not.toBeObservationallyEquivalent(changed, { deviations: [dev] })),
      ).toMatchSnapshot();
    });
  });
});
