// The ring writer as a standalone CommonJS module, for writer threads started by tests.
export { TraceRingWriter } from '../../../src/model/traceRing';
