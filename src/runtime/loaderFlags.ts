/** The node options every worker of a run needs for the program loader (programLoader.ts). */
export const LOADER_FLAGS: readonly string[] = ['--experimental-vm-modules', '--experimental-import-meta-resolve'];
