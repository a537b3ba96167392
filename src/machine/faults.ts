/** Fault tags (machine.md §8.1, Lean `concreteFaultTag`). */

import type { Fault } from '../types/machine.js';
import { reprValType } from './values.js';

/**
 * The fault tag used by `faulted` events' `reason` and by `failure_branch_entered`.
 * @example `faultTag({ kind: 'spec_fault', msg: 'send not permitted' }) // 'spec_fault:send not permitted'`
 * @public
 */
export function faultTag(f: Fault): string {
  switch (f.kind) {
    case 'type_violation':
      return `type_violation:${reprValType(f.expected)}->${reprValType(f.actual)}`;
    case 'unknown_label':
      return `unknown_label:${f.label}`;
    case 'channel_closed':
      return `channel_closed:${f.endpoint.role}`;
    case 'invalid_signature':
    case 'no_progress_token':
      return `${f.kind}:${f.edge.sender}->${f.edge.receiver}`;
    case 'acquire_fault':
    case 'invoke_fault':
    case 'transfer_fault':
    case 'close_fault':
    case 'spec_fault':
    case 'flow_violation':
      return `${f.kind}:${f.msg}`;
    case 'out_of_credits':
    case 'out_of_registers':
      return f.kind;
  }
}
