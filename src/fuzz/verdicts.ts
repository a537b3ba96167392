import type { PropertyVerdict } from './types.js';

const kPassed: PropertyVerdict = Object.freeze({ pass: true });

/** The passing verdict. @example `return passed();` @public */
export function passed(): PropertyVerdict {
  return kPassed;
}

/**
 * A failing verdict.
 * @example `return failed('reference rejected the request', divergence, 'compare with --lane ...');`
 * @public
 */
export function failed(summary: string, divergence: unknown = null, hint?: string): PropertyVerdict {
  return hint === undefined ? { pass: false, summary, divergence } : { pass: false, summary, divergence, hint };
}
