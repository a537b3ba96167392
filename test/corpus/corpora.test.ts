// Saved counterexamples of this repository's corpora/ as regression tests (docs/fuzz.md).
import { corpusTests } from '../../src/plugin/corpusTests.js';

corpusTests('corpora');
