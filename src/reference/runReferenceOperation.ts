/**
 * The three operations `protocol_machine_runner` serves (bridge.md §2, §8): `validateTrace`,
 * `validateSimulationTrace`, `runSimulation`. Answers are JSON data (exit 0); only an unknown
 * operation is a hard failure.
 */
import { decodeGlobalLean } from '../projection/decodeGlobalLean.js';
import { projectCore } from '../projection/projectCore.js';
import { roles as globalRoles } from '../projection/roles.js';
import { SCHEMA_VERSION } from '../types/bridge.js';
import type { BridgeError, TraceValidationErrorCode } from '../types/errors.js';
import { err, ok, type Result } from '../types/result.js';
import type { GlobalType, LocalType } from '../types/session.js';
import { arrayField, isJsonObject, memberOrNull, natField, stringField } from './_internals/json.js';
import { parseChoreography } from './_internals/loadRequest.js';
import { runCodeImageOperation } from './_internals/image/operation.js';

/** The operations this runner answers. @example `REFERENCE_OPERATIONS.includes('runSimulation') // true` @public */
export const REFERENCE_OPERATIONS = ['validateTrace', 'validateSimulationTrace', 'runSimulation'] as const;

/**
 * Operations `telltale-lean-ref` answers beyond the Lean runner's (docs/bridge.md "Extension
 * operations"): the Lean `protocol_machine_runner` answers them `unsupported operation`, so only the
 * reference lane and external lanes that implement them take part.
 * @example `REFERENCE_EXTENSION_OPERATIONS.includes('runCodeImage') // true`
 * @public
 */
export const REFERENCE_EXTENSION_OPERATIONS = ['runCodeImage'] as const;

type Action = readonly [sender: string, receiver: string, label: string];
interface SessionSpec {
  readonly sid: number;
  readonly roles: readonly string[];
  readonly actions: readonly Action[];
}
interface StructuredError {
  readonly code: TraceValidationErrorCode;
  readonly path: string;
  readonly message: string;
}

/** Permitted actions: depth-first, each branch's action then its continuation's (bridge.md §8.1). */
function collectActions(g: GlobalType): Action[] {
  const out: Action[] = [];
  type Task = { readonly type: GlobalType } | { readonly action: Action };
  const stack: Task[] = [{ type: g }];
  while (stack.length > 0) {
    // The loop runs while the stack is non-empty.
    const task = stack.pop() as Task;
    if ('action' in task) {
      out.push(task.action);
      continue;
    }
    const cur = task.type;
    if (cur.kind === 'rec') stack.push({ type: cur.body });
    else if (cur.kind === 'delegate') stack.push({ type: cur.continuation });
    else if (cur.kind === 'comm') {
      // Reverse push so that branch 1's action and subtree come out first.
      for (let i = cur.branches.length - 1; i >= 0; i -= 1) {
        // i < branches.length.
        const b = cur.branches[i] as (typeof cur.branches)[number];
        stack.push({ type: b.continuation });
        stack.push({ action: [cur.sender, cur.receiver, b.label.name] });
      }
    }
  }
  return out;
}

function sameRoleSet(left: readonly string[], right: readonly string[]): boolean {
  const l = new Set(left);
  const r = new Set(right);
  if (l.size !== r.size) return false;
  for (const x of l) if (!r.has(x)) return false;
  return true;
}

function stringListField(event: unknown): Result<string[], string> {
  if (isJsonObject(event) && 'roles' in event) {
    const v = event.roles;
    if (!Array.isArray(v)) return err('array expected');
    const out: string[] = [];
    for (const x of v) {
      if (typeof x !== 'string') return err('String expected');
      out.push(x);
    }
    return ok(out);
  }
  const role = stringField(event, 'role');
  return role.ok ? ok(role.value.split(',')) : err(role.message);
}

/** Event-by-event trace validation; stops at the first error (bridge.md §8.1). */
function validateEvents(specs: readonly SessionSpec[], events: readonly unknown[]): StructuredError[] {
  const opened = new Set<number>();
  const outstanding: { sid: number; sender: string; receiver: string; label: string }[] = [];
  const fieldError = (i: number, field: string, code: TraceValidationErrorCode, message: string): StructuredError[] => [
    { code, path: `trace[${i}].${field}`, message },
  ];
  const eventError = (i: number, code: TraceValidationErrorCode, message: string): StructuredError[] => [
    { code, path: `trace[${i}]`, message },
  ];
  const specFor = (sid: number): SessionSpec | undefined => specs.find((s) => s.sid === sid);

  for (let i = 0; i < events.length; i += 1) {
    const ev = events[i];
    const kind = stringField(ev, 'kind');
    if (!kind.ok) return fieldError(i, 'kind', 'trace.invalid_event', kind.message);
    if (kind.value !== 'opened' && kind.value !== 'closed' && kind.value !== 'sent' && kind.value !== 'received')
      continue;
    const sidField = natField(ev, 'session');
    if (!sidField.ok) return fieldError(i, 'session', 'trace.invalid_session', sidField.message);
    const sid = Number(sidField.value);
    if (kind.value === 'opened') {
      const roles = stringListField(ev);
      if (!roles.ok) return fieldError(i, 'roles', 'trace.invalid_roles', roles.error);
      const spec = specFor(sid);
      if (spec === undefined) return eventError(i, 'trace.unknown_session', `unknown session ${sid}`);
      if (opened.has(sid)) return eventError(i, 'trace.duplicate_open', `session ${sid} opened twice`);
      if (!sameRoleSet(roles.value, spec.roles)) {
        return [
          {
            code: 'trace.role_mismatch',
            path: `trace[${i}].roles`,
            message: `session ${sid} roles do not match choreography`,
          },
        ];
      }
      opened.add(sid);
      continue;
    }
    if (kind.value === 'closed') {
      if (!opened.has(sid)) return eventError(i, 'trace.close_before_open', `session ${sid} closed before open`);
      if (outstanding.some((o) => o.sid === sid))
        return eventError(i, 'trace.close_with_outstanding', `session ${sid} closed with outstanding sends`);
      continue;
    }
    const sender = stringField(ev, 'sender');
    if (!sender.ok) return fieldError(i, 'sender', 'trace.invalid_sender', sender.message);
    const receiver = stringField(ev, 'receiver');
    if (!receiver.ok) return fieldError(i, 'receiver', 'trace.invalid_receiver', receiver.message);
    const label = stringField(ev, 'label');
    if (!label.ok) return fieldError(i, 'label', 'trace.invalid_label', label.message);
    const action = { sid, sender: sender.value, receiver: receiver.value, label: label.value };
    if (kind.value === 'sent') {
      if (!opened.has(sid)) return eventError(i, 'trace.send_before_open', `session ${sid} sent before open`);
      const spec = specFor(sid);
      if (spec === undefined) return eventError(i, 'trace.unknown_session', `unknown session ${sid}`);
      if (!spec.actions.some(([s, r, l]) => s === action.sender && r === action.receiver && l === action.label)) {
        return [
          {
            code: 'trace.unknown_action',
            path: `trace[${i}].label`,
            message: `${action.sender}->${action.receiver} label '${action.label}' is not permitted by the choreography`,
          },
        ];
      }
      outstanding.push(action);
      continue;
    }
    if (!opened.has(sid)) return eventError(i, 'trace.recv_before_open', `session ${sid} received before open`);
    const at = outstanding.findIndex(
      (o) => o.sid === sid && o.sender === action.sender && o.receiver === action.receiver && o.label === action.label,
    );
    if (at < 0)
      return eventError(
        i,
        'trace.unmatched_receive',
        `${action.sender}->${action.receiver} label '${action.label}' had no matching send`,
      );
    outstanding.splice(at, 1);
  }
  if (outstanding.length > 0)
    return [{ code: 'trace.unmatched_send', path: 'trace', message: 'trace ended with unmatched send events' }];
  return [];
}

function validationResponse(errors: readonly StructuredError[]): unknown {
  return { valid: errors.length === 0, errors };
}

function validateTrace(payload: unknown): unknown {
  const choreos = arrayField(payload, 'choreographies');
  if (!choreos.ok)
    return validationResponse([{ code: 'trace.invalid_payload', path: 'payload', message: choreos.message }]);
  const trace = arrayField(payload, 'trace');
  if (!trace.ok)
    return validationResponse([{ code: 'trace.invalid_payload', path: 'payload', message: trace.message }]);
  const specs: SessionSpec[] = [];
  for (let sid = 0; sid < choreos.value.length; sid += 1) {
    const c = parseChoreography(choreos.value[sid]);
    if (!c.ok) return validationResponse([{ code: 'trace.invalid_payload', path: 'payload', message: c.error }]);
    specs.push({ sid, roles: c.value.roles, actions: collectActions(c.value.global) });
  }
  return validationResponse(validateEvents(specs, trace.value));
}

function validateSimulationTrace(payload: unknown): unknown {
  const invalid = (message: string): unknown =>
    validationResponse([{ code: 'simulation.invalid_payload', path: 'payload', message }]);
  if (!isJsonObject(payload)) return invalid('object expected');
  if (!('input' in payload)) return invalid('property not found: input');
  const g = decodeGlobalLean(memberOrNull(payload.input, 'global_type'));
  if (!g.ok) return invalid(g.error.message);
  const trace = arrayField(payload, 'trace');
  if (!trace.ok) return invalid(trace.message);
  return validationResponse(
    validateEvents([{ sid: 0, roles: globalRoles(g.value), actions: collectActions(g.value) }], trace.value),
  );
}

function activeDepth(t: LocalType): number {
  switch (t.kind) {
    case 'send':
    case 'recv':
      return 1 + t.branches.reduce((m, b) => Math.max(m, activeDepth(b.continuation)), 0);
    case 'rec':
      return activeDepth(t.body);
    default:
      return 0;
  }
}

/** Observable count `C(steps, n, A)` of bridge.md §8.3, step by step as Lean computes it. */
function observableCount(steps: number, n: number, active: number): number {
  if (steps === 0 || n === 0) return 0;
  let budget = steps * Math.max(n, 1) * 10;
  let inv = 0;
  let act = 0;
  let idx = 1;
  let emitted = 0;
  while (budget > 0 && idx < steps) {
    budget -= 1;
    inv += 1;
    if (inv >= n) {
      inv -= n;
      act += 1;
      idx += 1;
      if (active > 0 && act >= active && idx < steps) {
        act = 0;
        idx += 1;
      }
    }
    emitted += 1;
  }
  return emitted;
}

function runSimulation(payload: unknown): unknown {
  const failed = (message: string): unknown => ({
    schema_version: SCHEMA_VERSION,
    trace: [],
    violations: [],
    artifacts: {},
    errors: [{ code: 'simulation.invalid_payload', path: 'payload', message }],
  });
  const g = decodeGlobalLean(memberOrNull(payload, 'global_type'));
  if (!g.ok) return failed(g.error.message);
  if (!isJsonObject(payload) || !('scenario' in payload)) return failed('property not found: scenario');
  const stepsField = natField(payload.scenario, 'steps');
  if (!stepsField.ok) return failed(stepsField.message);
  const steps = Number(stepsField.value);
  const roles = globalRoles(g.value);
  const actions = collectActions(g.value);
  const active = roles.reduce((m, r) => Math.max(m, activeDepth(projectCore(g.value, r))), 0);
  const count = observableCount(steps, roles.length, active);
  const trace: unknown[] = [
    { schema_version: SCHEMA_VERSION, kind: 'opened', tick: 0, session: 0, role: roles.join(',') },
  ];
  if (actions.length > 0) {
    for (let k = 0; k < count; k += 1) {
      // The index is taken modulo the (non-empty) list's length.
      const [sender, receiver, label] = actions[Math.floor(k / 2) % actions.length] as Action;
      trace.push({
        schema_version: SCHEMA_VERSION,
        kind: k % 2 === 0 ? 'sent' : 'received',
        tick: k + 1,
        session: 0,
        sender,
        receiver,
        label,
      });
    }
  }
  return {
    schema_version: SCHEMA_VERSION,
    trace,
    violations: [],
    artifacts: {
      mode: 'deterministic_reference',
      steps: stepsField.value,
      action_count: actions.length,
      trace_length: count + 1,
      observable_count: count,
      num_roles: roles.length,
      active_steps_per_round: active,
      roles,
      actions: actions.map(([sender, receiver, label]) => ({ sender, receiver, label })),
    },
  };
}

/**
 * Answers one operation of the Lean runner (bridge.md §8), or one of our extension operations
 * ({@link REFERENCE_EXTENSION_OPERATIONS}: `runCodeImage` runs code images on the independent image
 * executor), with the JSON answer. An unknown operation is the runner's hard failure
 * `unsupported operation: <name>` (code `UnsupportedOperation`).
 * @example
 * ```ts
 * const r = runReferenceOperation('validateTrace', { choreographies: [], trace: [] });
 * // { ok: true, value: { valid: true, errors: [] } }
 * ```
 * @public
 */
export function runReferenceOperation(operation: string, payload: unknown): Result<unknown, BridgeError> {
  switch (operation) {
    case 'validateTrace':
      return ok(validateTrace(payload));
    case 'validateSimulationTrace':
      return ok(validateSimulationTrace(payload));
    case 'runSimulation':
      return ok(runSimulation(payload));
    case 'runCodeImage':
      return ok(runCodeImageOperation(payload));
    default:
      return err({ code: 'UnsupportedOperation', path: '$.operation', message: `unsupported operation: ${operation}` });
  }
}
