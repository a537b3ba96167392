import { describe, expect, test } from 'vitest';
import { parityMatchers } from '../../matchers/index.js';
import { clientServerTrace, opened, output, received, result, sent } from '../trace/_fixtures.js';
import { getMatcherDefaults, setMatcherDefaults } from '../../matchers/matcherDefaults.js';
import { failureOf } from './_helpers.js';
import { readFileSync } from 'node:fs';
import { run } from '../../src/bridge/run.js';
import { lanes } from '../../src/plugin/lanes.js';
import type { RunResult } from '../../src/types/bridge.js';

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

    test('names the sides by their lanes: results of run() and of the plugin lanes carry them (issue #13 §7)', async () => {
      const request = JSON.parse(
        readFileSync(new URL('../fixtures/runners/requests/client-server.json', import.meta.url), 'utf8'),
      ) as unknown;
      const tamper = (r: RunResult): RunResult => ({
        ...r,
        output: { ...r.output, trace: r.output.trace.map((e) => (e.kind === 'sent' ? { ...e, label: 'nack' } : e)) },
      });
      for (const [coop, ref] of [
        await Promise.all([run(request, { lane: 'cooperative' }), run(request, { lane: 'reference' })]),
        await Promise.all([lanes.cooperative.run(request), lanes.reference.run(request)]),
      ]) {
        if (!coop?.ok || !ref?.ok) throw new Error('a lane rejected the fixture request');
        expect(ref.value.lane).toBe('reference');
        const message = failureOf(() => expect(coop.value).toBeObservationallyEquivalent(tamper(ref.value)));
        expect(message).toMatch(/differs in session 0: cooperative sent .+, reference sent /);
        expect(message).toMatch(/^\s+cooperative\s+reference$/m);
        // The prose and the table (the divergence object keeps its spec keys `left`/`right`).
        expect(message.split('\n\nDivergence:')[0]).not.toMatch(/\b(left|right)\b/);
      }
      // Without a recorded lane the sides are the matcher's own words, never left/right.
      const bare = failureOf(() => expect(clientServerTrace).toBeObservationallyEquivalent(changed));
      expect(bare).toContain('received sent Server->Client "ack", expected sent Server->Client "nack"');
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
        'Cannot compare: received is number' /* issue #13 §7: the matcher's words */,
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

  describe('semantic surfaces (Tier 2)', () => {
    const full = readFileSync(new URL('../fixtures/tier2/semantic_objects_full.json', import.meta.url), 'utf8');
    const bundle = (edit: (b: Record<string, Record<string, unknown>[]>) => void = () => undefined): unknown => {
      const b = JSON.parse(full) as Record<string, Record<string, unknown>[]>;
      edit(b);
      return b;
    };
    const stale = bundle((b) => {
      (b['semantic_handoffs']?.[0] as Record<string, unknown>)['activated_owner_id'] = 'coro:0';
    });
    const withObjects = (so: unknown, trace = clientServerTrace) =>
      result(output(trace, { semantic_objects: so }), 'cooperative');

    test('equal traces with a stale owner fail, naming the surface, the object and its path', () => {
      const message = failureOf(() =>
        expect(withObjects(bundle())).toBeObservationallyEquivalent(
          output(clientServerTrace, { semantic_objects: stale }),
          {
            rightLane: 'lean',
          },
        ),
      );
      expect(message).toContain('the traces agree, but semantic handoffs differ');
      expect(message).toContain(
        'handoffs: differ — first differing semantic handoff at $.semantic_objects.semantic_handoffs[0] (fields activated_owner_id)',
      );
      expect(message).toContain('invalidation: agree');
      expect(message).toMatchSnapshot();
    });

    test('.not passes when only a semantic surface differs; actual/expected are the two objects', () => {
      expect(withObjects(bundle())).not.toBeObservationallyEquivalent(withObjects(stale));
      let thrown: unknown;
      try {
        expect(withObjects(bundle())).toBeObservationallyEquivalent(withObjects(stale));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({
        actual: { activated_owner_id: 'coro:1' },
        expected: { activated_owner_id: 'coro:0' },
      });
    });

    test('semanticSurfaces passes through: comparing invalidation only accepts the stale owner', () => {
      expect(withObjects(bundle())).toBeObservationallyEquivalent(withObjects(stale), {
        semanticSurfaces: ['invalidation'],
      });
      expect(withObjects(bundle())).toBeObservationallyEquivalent(withObjects(stale), { semanticSurfaces: [] });
    });

    test('.not fails when traces and surfaces agree, and says the surfaces were compared', () => {
      expect(
        failureOf(() => expect(withObjects(bundle())).not.toBeObservationallyEquivalent(withObjects(bundle()))),
      ).toMatchSnapshot();
    });

    test('a trace divergence and a semantic divergence are reported side by side', () => {
      const message = failureOf(() =>
        expect(withObjects(bundle())).toBeObservationallyEquivalent(withObjects(stale, changed), {
          rightLane: 'reference',
        }),
      );
      expect(message).toContain('event 3 differs in session 0');
      expect(message).toContain('Semantic surfaces (reported beside the trace verdict):');
      expect(message).toMatchSnapshot();
    });
  });
});
