/**
 * The `runCodeImage` extension operation of `telltale-lean-ref` (docs/bridge.md "Extension
 * operations"): payload `{images | image, config?, max_steps, schedule?, step_states?}`, answer
 * `{schema_version, output, diagnostics}` or `{schema_version, errors: [{code, path, message}]}`.
 */
import { SCHEMA_VERSION } from '../../../types/bridge.js';
import type { BridgeError } from '../../../types/errors.js';
import type { CodeImage } from '../../../types/machine.js';
import { runImageReference } from '../../imageExecutor.js';
import { decodeConfig } from './decodeConfig.js';
import { DecodeFailure, decodeImage, fail, isObject, natOf } from './decodeImage.js';

function errors(e: BridgeError, imagesKey = 'images'): unknown {
  // The executor names its inputs `$` (one image), `$[k]`, `$.config`, `$.schedule`.
  const path = e.path.startsWith('$.')
    ? `payload${e.path.slice(1)}`
    : e.path.startsWith('$[')
      ? `payload.${imagesKey}${e.path.slice(1)}`
      : e.path === '$'
        ? `payload.${imagesKey}`
        : e.path;
  return { schema_version: SCHEMA_VERSION, errors: [{ code: e.code, path, message: e.message }] };
}

/** Answers one `runCodeImage` payload (never throws on bad input: errors are data). */
export function runCodeImageOperation(payload: unknown): unknown {
  try {
    if (!isObject(payload)) return fail('ParseError', 'payload', 'the payload must be a JSON object');
    let images: CodeImage[];
    if (Array.isArray(payload['images']))
      images = payload['images'].map((im, k) => decodeImage(im, `payload.images[${k}]`));
    else if (payload['image'] !== undefined) images = [decodeImage(payload['image'], 'payload.image')];
    else return fail('ParseError', 'payload', 'property not found: images (or image)');
    const maxSteps = natOf(payload['max_steps']);
    if (maxSteps === undefined)
      return fail('ParseError', 'payload.max_steps', 'max_steps must be a non-negative integer');
    const config = decodeConfig(payload['config'], 'payload.config');
    const schedule = payload['schedule'];
    if (schedule !== undefined && !Array.isArray(schedule))
      return fail(
        'InvalidConfig',
        'payload.schedule',
        'invalid schedule: schedule entries must be non-negative integers',
      );
    const stepStates = payload['step_states'];
    if (stepStates !== undefined && typeof stepStates !== 'boolean')
      return fail('ParseError', 'payload.step_states', 'step_states must be true or false');
    const run = runImageReference(Array.isArray(payload['images']) ? images : (images[0] as CodeImage), {
      config,
      maxSteps,
      ...(schedule === undefined ? {} : { schedule: schedule as number[] }),
      stepStates: stepStates !== false,
    });
    if (!run.ok) return errors(run.error, Array.isArray(payload['images']) ? 'images' : 'image');
    return { schema_version: SCHEMA_VERSION, output: run.value.output, diagnostics: run.value.diagnostics };
  } catch (e) {
    if (e instanceof DecodeFailure) return errors(e.error);
    throw e;
  }
}
