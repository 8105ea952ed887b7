/** Pins this thread to the `index`th CPU of BENCH_PIN_THREADS; false when not asked or not possible. */
export function pinThisThread(index: number): boolean;
