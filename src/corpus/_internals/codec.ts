import { Packr } from 'msgpackr';

// One pinned codec for every corpus file: the module-level pack() defaults use msgpackr records,
// which other MessagePack readers do not understand and which would change the bytes we hash.
export const codec = new Packr({
  useRecords: false,
  mapsAsObjects: true,
  int64AsType: 'bigint',
  useFloat32: 0,
  variableMapSize: true,
  moreTypes: false,
  structuredClone: false,
  bundleStrings: false,
  sequential: false,
});
