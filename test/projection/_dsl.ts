/** Tiny builders for writing the worked examples of projection.md §13 compactly. */
import type { GlobalType, LocalType, Sort } from '../../src/types/session.js';

type GB = readonly [string, GlobalType] | readonly [string, Sort, GlobalType];
type LB = readonly [string, LocalType] | readonly [string, Sort, LocalType];

export const end = { kind: 'end' } as const satisfies GlobalType & LocalType;
export const v = (name: string) => ({ kind: 'var', name }) as const;

const label = (b: GB | LB) => ({ name: b[0], sort: b.length === 3 ? b[1] : ('unit' as Sort) });

export function c(sender: string, receiver: string, branches: readonly GB[]): GlobalType {
  return {
    kind: 'comm',
    sender,
    receiver,
    branches: branches.map((b) => ({ label: label(b), continuation: b.length === 3 ? b[2] : b[1] })),
  };
}
export function mu(x: string, body: GlobalType): GlobalType {
  return { kind: 'rec', var: x, body };
}
export function lmu(x: string, body: LocalType): LocalType {
  return { kind: 'rec', var: x, body };
}
export function send(partner: string, branches: readonly LB[]): LocalType {
  return {
    kind: 'send',
    partner,
    branches: branches.map((b) => ({ label: label(b), continuation: b.length === 3 ? b[2] : b[1] })),
  };
}
export function recv(partner: string, branches: readonly LB[]): LocalType {
  return {
    kind: 'recv',
    partner,
    branches: branches.map((b) => ({ label: label(b), continuation: b.length === 3 ? b[2] : b[1] })),
  };
}
