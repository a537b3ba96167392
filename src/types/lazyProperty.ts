/**
 * Enumerable properties computed on first read. Results carry a few values that cost more to
 * build than most callers ever read (`step_states` texts, `machine_trace` JSON, an image's source
 * hash); they are defined here as accessors that compute once and then return the same value, so
 * JSON, spread and `toEqual` see ordinary values.
 *
 * Every object shares one getter/setter pair per property name; the per-object state sits in a
 * non-enumerable symbol-keyed record. (A closure per object as the accessor gives each object its
 * own hidden class, allocated in old space and pointing at the young closure: every such object
 * then keeps its whole result alive through young-generation collections until the next full
 * one. Measured: 5x the scavenge survivors of plain objects.)
 */

interface Slot {
  compute: (() => unknown) | null;
  value: unknown;
  readonly source: unknown;
}

type Slots = Record<string, Slot>;

const kSlots = Symbol('telltale-parity lazy properties');
const kAccessors = new Map<string, PropertyDescriptor>();

function slotOf(obj: object, key: string): Slot | undefined {
  return (obj as { readonly [kSlots]?: Slots })[kSlots]?.[key];
}

function accessorFor(key: string): PropertyDescriptor {
  let d = kAccessors.get(key);
  if (d === undefined) {
    d = {
      enumerable: true,
      configurable: true,
      get(this: object): unknown {
        const slot = slotOf(this, key);
        if (slot === undefined) return undefined;
        if (slot.compute !== null) {
          const compute = slot.compute;
          slot.compute = null;
          slot.value = compute();
        }
        return slot.value;
      },
      set(this: object, value: unknown): void {
        // Assignment replaces the accessor with the value, as for a data property.
        Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
      },
    };
    kAccessors.set(key, d);
  }
  return d;
}

/**
 * Defines `obj[key]` (enumerable, as the next key of `obj`) as `compute()`, computed on first read
 * and kept. `source` is what {@link lazySource} hands to code that can use the uncomputed form.
 * @example
 * ```ts
 * const out = { engine: 'cooperative' };
 * defineLazyProperty(out, 'machine_trace', () => events.map(eventToJson));
 * JSON.stringify(out); // computes machine_trace once
 * ```
 * @internal
 */
export function defineLazyProperty(obj: object, key: string, compute: () => unknown, source?: unknown): void {
  let slots = (obj as { [kSlots]?: Slots })[kSlots];
  if (slots === undefined) {
    slots = {};
    Object.defineProperty(obj, kSlots, { value: slots });
  }
  slots[key] = { compute, value: undefined, source };
  Object.defineProperty(obj, key, accessorFor(key));
}

/**
 * The `source` given to {@link defineLazyProperty} for `obj[key]`, while that property is still the
 * lazy one (not reassigned, redefined or deleted); otherwise `undefined`.
 * @example `lazySource(output, 'step_states') // the raw step states, or undefined`
 * @internal
 */
export function lazySource(obj: object, key: string): unknown {
  const slot = slotOf(obj, key);
  if (slot === undefined) return undefined;
  return Object.getOwnPropertyDescriptor(obj, key)?.get === accessorFor(key).get ? slot.source : undefined;
}
