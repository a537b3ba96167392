import { describe, expect, test } from 'vitest';
import { parityMatchers } from '../../matchers/index.js';
import type { GlobalType, LocalType } from '../../src/types/session.js';
import { failureOf } from './_helpers.js';

expect.extend(parityMatchers);

const unit = (name: string) => ({ name, sort: 'unit' as const });
const end = { kind: 'end' } as const;
const ping: GlobalType = {
  kind: 'comm',
  sender: 'A',
  receiver: 'B',
  branches: [{ label: unit('ping'), continuation: end }],
};
const pingB: LocalType = { kind: 'recv', partner: 'A', branches: [{ label: unit('ping'), continuation: end }] };
const pingA: LocalType = { kind: 'send', partner: 'B', branches: [{ label: unit('ping'), continuation: end }] };

// projection.md W2: A→B{l1. B→C{zeta:nat. end}, l2. B→C{alpha:bool. end}}; C needs merging.
const w2: GlobalType = {
  kind: 'comm',
  sender: 'A',
  receiver: 'B',
  branches: [
    {
      label: unit('l1'),
      continuation: {
        kind: 'comm',
        sender: 'B',
        receiver: 'C',
        branches: [{ label: { name: 'zeta', sort: 'nat' }, continuation: end }],
      },
    },
    {
      label: unit('l2'),
      continuation: {
        kind: 'comm',
        sender: 'B',
        receiver: 'C',
        branches: [{ label: { name: 'alpha', sort: 'bool' }, continuation: end }],
      },
    },
  ],
};
const w2C: LocalType = {
  kind: 'recv',
  partner: 'B',
  branches: [
    { label: { name: 'alpha', sort: 'bool' }, continuation: end },
    { label: { name: 'zeta', sort: 'nat' }, continuation: end },
  ],
};

describe('toProjectTo', () => {
  describe('.toProjectTo', () => {
    test('passes for each role of a ping', () => {
      expect(ping).toProjectTo('A', pingA);
      expect(ping).toProjectTo('B', pingB);
      expect(ping).toProjectTo('B', pingB, { merge: true });
    });

    test('merge: true uses the merging projection', () => {
      expect(w2).toProjectTo('C', w2C, { merge: true });
      expect(w2).not.toProjectTo('C', w2C);
    });

    test('fails showing both local types', () => {
      expect(failureOf(() => expect(ping).toProjectTo('B', pingA))).toMatchSnapshot();
    });

    test('a failing merging projection is a failure with the projection error', () => {
      const clash: GlobalType = {
        kind: 'comm',
        sender: 'A',
        receiver: 'B',
        branches: [
          {
            label: unit('l1'),
            continuation: {
              kind: 'comm',
              sender: 'B',
              receiver: 'C',
              branches: [{ label: unit('x'), continuation: end }],
            },
          },
          {
            label: unit('l2'),
            continuation: {
              kind: 'comm',
              sender: 'C',
              receiver: 'B',
              branches: [{ label: unit('y'), continuation: end }],
            },
          },
        ],
      };
      expect(failureOf(() => expect(clash).toProjectTo('C', pingA, { merge: true }))).toMatch(
        /but projection failed: MergeFailure/,
      );
    });

    test('malformed types fail with the decoder code and path', () => {
      expect(failureOf(() => expect({ kind: 'bogus' }).toProjectTo('A', end))).toMatchSnapshot();
      expect(failureOf(() => expect(ping).toProjectTo('A', { kind: 'send' } as never))).toMatch(
        /expected local type does not decode/,
      );
    });
  });

  describe('.not.toProjectTo', () => {
    test('passes when the projection differs', () => {
      expect(ping).not.toProjectTo('A', pingB);
    });

    test('fails with its own message', () => {
      expect(failureOf(() => expect(ping).not.toProjectTo('A', pingA))).toMatchSnapshot();
    });
  });
});
