/** `telltale-lean-ref heap-parity FIXTURE` (heap.md §8.2) — placeholder; the heap owner replaces it. */
export async function runHeapParity(_argv: readonly string[]): Promise<number> {
  return 1;
}
