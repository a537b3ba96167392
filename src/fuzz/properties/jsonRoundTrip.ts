import { globalTypeArb } from '../../../arbitraries/globalType.js';
import type { GlobalType } from '../../types/session.js';
import type { FuzzProperty } from '../types.js';
import { failed, passed } from '../verdicts.js';
import { globalTypeSwarm, withNames } from '../_internals/swarm.js';
import { observeGlobal } from '../_internals/observeCase.js';

/**
 * `json-roundtrip`: the canonical encoders and the strict decoders are inverse (projection.md §2.5,
 * §3.1) on global types and on every role's `projectCore` local type: decode(encode(x)) re-encodes
 * to the same JSON text.
 * @example `await runCampaign({ properties: ['json-roundtrip'], runs: 100, seed: 1 })`
 * @public
 */
export const jsonRoundTrip: FuzzProperty<GlobalType> = {
  id: 'json-roundtrip',
  description:
    'global and local types survive encode -> JSON text -> strict decode -> encode unchanged (docs/spec/projection.md §2.5, §3.1)',
  arbitrary: (_ctx, swarm) =>
    withNames(swarm, (names) => globalTypeArb({ ...globalTypeSwarm(swarm, names), maxDepth: 4 })),
  features: ['rule', 'name'],
  check(g, { implementations: impl }) {
    const text = JSON.stringify(impl.encodeGlobal(g));
    const decoded = impl.decodeGlobalValue(JSON.parse(text), { allowLeanOnlyKinds: true });
    if (!decoded.ok)
      return failed(
        `strict decoder rejected an encoded global type: ${decoded.error.code} at ${decoded.error.path}: ${decoded.error.message}`,
        null,
        'encodeGlobal wrote something decodeGlobalValue does not accept',
      );
    const again = JSON.stringify(impl.encodeGlobal(decoded.value));
    if (again !== text) return failed(`global type changed in a JSON round trip: ${text} -> ${again}`);
    for (const role of impl.roles(g)) {
      const local = impl.projectCore(g, role);
      const localText = JSON.stringify(impl.encodeLocal(local));
      const back = impl.decodeLocalValue(JSON.parse(localText));
      if (!back.ok)
        return failed(
          `strict decoder rejected the encoded local type of ${role}: ${back.error.code} at ${back.error.path}: ${back.error.message}`,
        );
      const localAgain = JSON.stringify(impl.encodeLocal(back.value));
      if (localAgain !== localText)
        return failed(`local type of ${role} changed in a JSON round trip: ${localText} -> ${localAgain}`);
    }
    return passed(observeGlobal(g));
  },
};
