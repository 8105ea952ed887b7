/**
 * Branded ids and units. A worker id and a primitive id are both small integers on the wire;
 * the brands make mixing them (or milliseconds with nanoseconds) a type error.
 */
export type WorkerId = number & { readonly __brand: 'WorkerId' };
export type PrimitiveId = number & { readonly __brand: 'PrimitiveId' };
/** Milliseconds since the run started (the host's clock, shared by every thread). */
export type Millis = number & { readonly __brand: 'Millis' };

export const asWorkerId = (n: number): WorkerId => n as WorkerId;
export const asPrimitiveId = (n: number): PrimitiveId => n as PrimitiveId;
export const asMillis = (n: number): Millis => n as Millis;

/** The main program always runs as worker 0, named like Python's main process. */
export const MAIN_WORKER_ID = asWorkerId(0);
export const MAIN_WORKER_NAME = 'MainProcess';
