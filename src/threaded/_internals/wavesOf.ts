/**
 * A flat plan (ids in wave order, wave `w` ending before `waveEnd[w]`) as wave arrays: for
 * certificate records and step-state runs, which need them (machine.md §11.3).
 * @example `wavesOf({ flat: Int32Array.of(0, 3, 1), waveEnd: Int32Array.of(2, 3), waves: 2 }) // [[0, 3], [1]]`
 */
export function wavesOf(plan: {
  readonly flat: Int32Array;
  readonly waveEnd: Int32Array;
  readonly waves: number;
}): number[][] {
  const waves: number[][] = [];
  let at = 0;
  for (let w = 0; w < plan.waves; w++) {
    const end = plan.waveEnd[w] ?? at;
    waves.push(Array.from(plan.flat.subarray(at, end)));
    at = end;
  }
  return waves;
}
