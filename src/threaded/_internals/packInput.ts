/**
 * A run input (the programs the calling thread installed) on its way to worker threads. Structured clone (`postMessage`) recurses through the
 * value and overflows the stack on the choreographies nested 100k levels deep that the engines
 * accept (projection.md §3.2), so the input crosses as a flat tape built and read with explicit
 * stacks: values in post-order, each array or plain object as one op after its members. An object
 * reached twice crosses once (structured clone keeps sharing too; a code image shares subtrees).
 */
/** The flat form of a value of type `T` (structured-clone data: two arrays of primitives). */
export interface PackedInput<T = unknown> {
  /** Never set: the type the tape unpacks to. */
  readonly of?: T;
  /** Op codes: `ATOM`, `ARRAY n`, `OBJECT n`, `SAME k` (the k-th container built). */
  readonly ops: readonly number[];
  /** Leaf values in order, and each object's keys (before its `OBJECT` op's values are read). */
  readonly atoms: readonly unknown[];
}

const ATOM = 0;
const ARRAY = 1;
const OBJECT = 2;
const SAME = 3;

/** Arrays and plain objects are taken apart; anything else is a leaf that structured clone copies whole. */
function isContainer(v: unknown): v is object {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return true;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The tape of a run input. Throws `TypeError` on a cyclic value (no input has one). */
export function packInput<T extends object>(input: T): PackedInput<T> {
  const ops: number[] = [];
  const atoms: unknown[] = [];
  // Containers done (their index in build order) and those still open (a cycle if met again).
  const built = new Map<object, number>();
  const open = new Set<object>();
  type Task = { readonly value: unknown } | { readonly close: object; readonly keys: readonly string[] | null };
  const work: Task[] = [{ value: input }];
  for (let task = work.pop(); task !== undefined; task = work.pop()) {
    if ('close' in task) {
      open.delete(task.close);
      built.set(task.close, built.size);
      if (task.keys === null) ops.push(ARRAY, (task.close as readonly unknown[]).length);
      else {
        for (const k of task.keys) atoms.push(k);
        ops.push(OBJECT, task.keys.length);
      }
      continue;
    }
    const v = task.value;
    if (!isContainer(v)) {
      ops.push(ATOM);
      atoms.push(v);
      continue;
    }
    const same = built.get(v);
    if (same !== undefined) {
      ops.push(SAME, same);
      continue;
    }
    if (open.has(v)) throw new TypeError('a run input must not contain itself');
    open.add(v);
    if (Array.isArray(v)) {
      const items = v as readonly unknown[];
      work.push({ close: v, keys: null });
      for (let k = items.length - 1; k >= 0; k--) work.push({ value: items[k] });
    } else {
      const record = v as Readonly<Record<string, unknown>>;
      const keys = Object.keys(record);
      work.push({ close: v, keys });
      for (let k = keys.length - 1; k >= 0; k--) work.push({ value: record[keys[k] as string] });
    }
  }
  return { ops, atoms };
}

/** The run input a tape describes (equal to what structured clone of the original would give). */
export function unpackInput<T>(packed: PackedInput<T>): T {
  const { ops, atoms } = packed;
  const vals: unknown[] = [];
  const built: object[] = [];
  let a = 0;
  for (let i = 0; i < ops.length;) {
    const op = ops[i++];
    if (op === ATOM) {
      vals.push(atoms[a++]);
      continue;
    }
    const n = ops[i++] as number;
    if (op === SAME) {
      vals.push(built[n]);
      continue;
    }
    const members = vals.splice(vals.length - n, n);
    let container: object;
    if (op === ARRAY) container = members;
    else {
      const record: Record<string, unknown> = {};
      for (let k = 0; k < n; k++) {
        const key = atoms[a + k] as string;
        // An own `__proto__` key (JSON.parse makes one) must stay a key, not become the prototype.
        if (key === '__proto__')
          Object.defineProperty(record, key, {
            value: members[k],
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else record[key] = members[k];
      }
      a += n;
      container = record;
    }
    built.push(container);
    vals.push(container);
  }
  return vals[0] as T;
}
