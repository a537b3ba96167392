import { describeEvent } from '../../../trace/divergence.js';
import { eventSession } from '../../../trace/eventSession.js';
import type { BridgeEvent } from '../../../types/bridge.js';
import { escapeHtml } from './html.js';

/** One event of a session as a chart row: its index in the whole trace and in the session. */
export interface ChartEvent {
  readonly traceIndex: number;
  readonly event: BridgeEvent;
}

/** A trace split by session (events without a session apart), in trace order. */
export interface SplitTrace {
  readonly sessions: ReadonlyMap<number, readonly ChartEvent[]>;
  readonly sessionless: readonly ChartEvent[];
}

/** Splits a bridge trace by session (bridge.md §9.1 `event_session`). */
export function splitBySession(trace: readonly BridgeEvent[]): SplitTrace {
  const sessions = new Map<number, ChartEvent[]>();
  const sessionless: ChartEvent[] = [];
  trace.forEach((event, traceIndex) => {
    const sid = eventSession(event);
    if (sid === null) sessionless.push({ traceIndex, event });
    else sessions.set(sid, [...(sessions.get(sid) ?? []), { traceIndex, event }]);
  });
  return { sessions, sessionless };
}

/** The roles of a session: from its `opened` event (`roles`, else `role` "A,B"), then senders and receivers. */
export function sessionRoles(events: readonly ChartEvent[]): string[] {
  const roles: string[] = [];
  const add = (role: unknown): void => {
    if (typeof role === 'string' && role !== '' && !roles.includes(role)) roles.push(role);
  };
  for (const { event } of events) {
    if (event.kind !== 'opened') continue;
    const listed = event['roles'];
    if (Array.isArray(listed)) listed.forEach(add);
    else if (typeof event.role === 'string') event.role.split(',').forEach(add);
  }
  for (const { event } of events) {
    add(event.sender);
    add(event.receiver);
    add(event.role?.includes(',') === true ? undefined : event.role);
  }
  return roles;
}

const kCol = 150;
const kRow = 30;
const kTop = 46;
const kLeft = 64;
const kMaxRows = 400;

/**
 * A message sequence chart of one session of one execution, as SVG: roles as lifelines, a `sent`
 * event as an arrow from its sender to its receiver ending at the row of the matching `received`
 * event (FIFO per edge), other events as notes. Every chart of a pair has the same row height, so
 * row k of both charts is the k-th event of the session. The row of `highlight` (a trace index) is
 * marked as the first divergence (class `divergent`, `data-divergent="true"`); `endsAt` marks a
 * missing event after the last row.
 */
export function sequenceChart(options: {
  readonly title: string;
  readonly roles: readonly string[];
  readonly events: readonly ChartEvent[];
  readonly highlight: number | null;
  readonly missingAfter?: boolean;
}): string {
  const { roles, highlight } = options;
  // Very long sessions: the rows around the divergence (or the first rows), said so in the title.
  let events = options.events;
  let first = 0;
  if (events.length > kMaxRows) {
    const at = events.findIndex((e) => e.traceIndex === highlight);
    first = Math.max(0, Math.min(events.length - kMaxRows, (at < 0 ? 0 : at) - kMaxRows / 2));
    events = events.slice(first, first + kMaxRows);
  }
  const rows = events.length + (options.missingAfter === true ? 1 : 0);
  const width = kLeft + Math.max(1, roles.length) * kCol + 20;
  const height = kTop + (rows + 1) * kRow;
  const x = (role: unknown): number => kLeft + Math.max(0, roles.indexOf(String(role))) * kCol + kCol / 2;
  const y = (row: number): number => kTop + (row + 1) * kRow;
  const parts: string[] = [];
  const title =
    first > 0 || events.length < options.events.length
      ? `${options.title} (rows ${first}–${first + events.length - 1} of ${options.events.length})`
      : options.title;
  parts.push(`<title>${escapeHtml(title)}</title>`);
  // Lifelines with their role boxes.
  roles.forEach((role, i) => {
    const cx = kLeft + i * kCol + kCol / 2;
    parts.push(
      `<line class="lifeline" x1="${cx}" y1="${kTop - 6}" x2="${cx}" y2="${height - 8}"/>`,
      `<rect class="role" x="${cx - kCol / 2 + 8}" y="8" width="${kCol - 16}" height="26" rx="4"/>`,
      `<text class="role-name" x="${cx}" y="26" text-anchor="middle">${escapeHtml(clip(role, 18))}</text>`,
    );
  });
  // Receives matched to their sends, FIFO per edge (sender, receiver).
  const pending = new Map<string, number[]>();
  const receiveRowOf = new Map<number, number>();
  events.forEach(({ event }, row) => {
    const edge = `${String(event.sender)}\u0000${String(event.receiver)}`;
    if (event.kind === 'sent') pending.set(edge, [...(pending.get(edge) ?? []), row]);
    if (event.kind === 'received') {
      const sends = pending.get(edge) ?? [];
      const sentRow = sends.shift();
      if (sentRow !== undefined) receiveRowOf.set(sentRow, row);
    }
  });
  const matchedReceives = new Set(receiveRowOf.values());
  events.forEach(({ event, traceIndex }, row) => {
    const divergent = traceIndex === highlight;
    const cls = divergent ? ' divergent' : '';
    const cy = y(row);
    parts.push(
      `<g class="event${cls}"${divergent ? ' data-divergent="true"' : ''} data-trace-index="${traceIndex}">`,
      `<title>${escapeHtml(`#${traceIndex} ${describeEvent(event)} @${String(event.tick)}`)}</title>`,
    );
    if (divergent) parts.push(`<rect class="band" x="2" y="${cy - kRow / 2}" width="${width - 4}" height="${kRow}"/>`);
    parts.push(`<text class="index" x="6" y="${cy + 4}">${first + row} @${escapeHtml(String(event.tick))}</text>`);
    if (event.kind === 'sent' && roles.includes(String(event.sender))) {
      const to = receiveRowOf.get(row);
      const x1 = x(event.sender);
      const x2 = x(event.receiver);
      const y2 = to === undefined ? cy + kRow / 2 : y(to);
      const label = event.label === undefined || event.label === null ? '' : String(event.label);
      parts.push(
        `<line class="message${to === undefined ? ' in-flight' : ''}" x1="${x1}" y1="${cy}" x2="${x2}" y2="${y2}" marker-end="url(#${divergent ? 'tt-arrow-divergent' : 'tt-arrow'})"/>`,
        `<text class="label" x="${(x1 + x2) / 2}" y="${cy - 4}" text-anchor="middle">${escapeHtml(clip(label, 24))}${to === undefined ? ' (not received)' : ''}</text>`,
      );
    } else if (event.kind === 'received' && matchedReceives.has(row)) {
      parts.push(`<circle class="receive" cx="${x(event.receiver)}" cy="${cy}" r="3.5"/>`);
    } else {
      // A note on the event's role (or across the chart): opened, closed, an unmatched receive, others.
      const text = event.kind === 'opened' ? 'opened' : event.kind === 'closed' ? 'closed' : describeEvent(event);
      const at = event.receiver ?? (event.role?.includes(',') === true ? undefined : event.role);
      const cx = at === undefined || !roles.includes(String(at)) ? kLeft + (roles.length * kCol) / 2 : x(at);
      parts.push(
        `<rect class="note" x="${cx - 70}" y="${cy - 10}" width="140" height="20" rx="3"/>`,
        `<text class="note-text" x="${cx}" y="${cy + 4}" text-anchor="middle">${escapeHtml(clip(text, 26))}</text>`,
      );
    }
    if (divergent)
      parts.push(`<text class="marker" x="${width - 8}" y="${cy + 4}" text-anchor="end">◀ first divergence</text>`);
    parts.push('</g>');
  });
  if (options.missingAfter === true) {
    const cy = y(events.length);
    parts.push(
      `<g class="event divergent" data-divergent="true"><rect class="band" x="2" y="${cy - kRow / 2}" width="${width - 4}" height="${kRow}"/>`,
      `<text class="note-text" x="${kLeft + (roles.length * kCol) / 2}" y="${cy + 4}" text-anchor="middle">— no event: the trace ends —</text></g>`,
    );
  }
  return [
    `<svg class="msc" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
    ...parts,
    '</svg>',
  ].join('');
}

/** The arrow heads every chart refers to, defined once per page (an SVG of its own, not displayed). */
export const kChartDefs =
  '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>' +
  '<marker id="tt-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#3b4a5e"/></marker>' +
  '<marker id="tt-arrow-divergent" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#c0262d"/></marker>' +
  '</defs></svg>';

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
