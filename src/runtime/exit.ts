/** Python's sys.exit(n) for a worker: ends this worker with exit code n. */
export function exit(code = 0): never {
  process.exit(code);
}
