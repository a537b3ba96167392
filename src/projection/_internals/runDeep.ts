/**
 * Recursion without the JavaScript stack. A recursive function is written as a generator that,
 * instead of calling itself, yields the generator of the sub-call and receives its result:
 *
 *     function* size(t): DeepCall<number> {
 *       return t.kind === 'rec' ? 1 + ((yield size(t.body)) as number) : 1;
 *     }
 *     runDeep(size(t));
 *
 * {@link runDeep} keeps the pending calls on a heap array, so depth is bounded by memory only —
 * the inputs the Lean-compatible decoder accepts may nest hundreds of thousands of levels.
 */

/** A generator-encoded recursive call returning `R`; each `yield` is a sub-call whose result comes back. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the value sent back is the yielded call's result, of its own type
export type DeepCall<R> = Generator<DeepCall<unknown>, R, any>;

/** Runs a generator-encoded recursion to its result with an explicit stack. */
export function runDeep<R>(root: DeepCall<R>): R {
  const stack: DeepCall<unknown>[] = [root];
  let sent: unknown = undefined;
  for (;;) {
    const top = stack[stack.length - 1] as DeepCall<unknown>;
    const step = top.next(sent);
    if (step.done === true) {
      stack.pop();
      if (stack.length === 0) return step.value as R;
      sent = step.value;
    } else {
      stack.push(step.value);
      sent = undefined;
    }
  }
}
