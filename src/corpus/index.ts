/**
 * Corpus of shrunk counterexamples: `<dir>/<property>/<blake3>.msgpack`, canonical MessagePack.
 * Module entry for the fuzz layer and the plugin; the package entry re-exports what is public.
 */
export { canonical } from './canonical.js';
export { contentHash } from './contentHash.js';
export { corpusEntryHash, decodeCorpusEntry, encodeCorpusEntry } from './encodeCorpusEntry.js';
export { mergeCorpora, type MergeCorporaResult } from './mergeCorpora.js';
export { readCorpus, type CorpusContents } from './readCorpus.js';
export { readCorpusFile } from './readCorpusFile.js';
export { dirWriteProblem, fileWriteProblem } from './writeProblem.js';
export {
  corpusEntryFile,
  writeCorpusEntry,
  writeFileAtomic,
  type ReplacedCorpusFile,
  type WrittenCorpusEntry,
} from './writeCorpusEntry.js';
export {
  CORPUS_FORMAT,
  CORPUS_VERSION,
  STALE_TEMP_MS,
  type CorpusEntry,
  type CorpusTempFile,
  type CorpusFailure,
  type CorpusFileProblem,
  type LoadedCorpusEntry,
} from './types.js';
