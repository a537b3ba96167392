import pc from 'picocolors';
import { describeEvent } from '../../src/trace/divergence.js';
import type { DivergenceContext } from '../../src/trace/divergenceContext.js';
import type { BridgeEvent } from '../../src/types/bridge.js';

/** picocolors, on when the terminal supports it (NO_COLOR / FORCE_COLOR honoured). @internal */
export type Colors = ReturnType<typeof pc.createColors>;

/** @internal */
export function colors(): Colors {
  return pc.createColors(pc.isColorSupported);
}

function cell(e: BridgeEvent | null): string {
  return e === null ? '—' : `${describeEvent(e)} @${e.tick}`;
}

/**
 * Renders an aligned context table: one row per event of the divergence's session (or per trace
 * position), the divergent row marked `>` and coloured.
 * @internal
 */
export function renderContext(ctx: DivergenceContext, leftLane: string, rightLane: string, c: Colors): string {
  const left = ctx.rows.map((r) => cell(r.left));
  const width = Math.max(leftLane.length, ...left.map((s) => s.length));
  const idxWidth = Math.max(1, ...ctx.rows.map((r) => String(r.index).length));
  const title =
    ctx.by === 'session' ? `Session ${String(ctx.session)}, events by per-session index:` : 'Events by trace index:';
  const lines = [c.dim(title), `  ${' '.repeat(idxWidth + 2)}${c.bold(leftLane.padEnd(width))}   ${c.bold(rightLane)}`];
  ctx.rows.forEach((r, i) => {
    const l = (left[i] ?? '').padEnd(width);
    const rr = cell(r.right);
    const idx = String(r.index).padStart(idxWidth);
    lines.push(r.at ? `${c.red('>')} ${idx}  ${c.red(l)}   ${c.green(rr)}` : `  ${idx}  ${c.dim(l)}   ${c.dim(rr)}`);
  });
  return lines.join('\n');
}
