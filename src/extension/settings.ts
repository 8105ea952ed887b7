/**
 * Threadline's settings (package.json `contributes.configuration`), read in one place with
 * their defaults and bounds, so a bad value in settings.json degrades to the default.
 */
import * as vscode from 'vscode';

export type LaneColors = 'theme' | 'colorblind';

export interface ThreadlineSettings {
  readonly openPanelOnRun: boolean;
  readonly stopOnDeadlock: boolean;
  /** Bytes of trace ring per worker; undefined leaves the host's default. */
  readonly traceRingSize: number | undefined;
  readonly maxRecordsKept: number;
  /** Heap limit of each worker (MB); undefined leaves Node's default. */
  readonly maxWorkerMemoryMb: number | undefined;
  readonly laneColors: LaneColors;
  readonly nodeArguments: readonly string[];
}

/** The host's ring must hold at least a few records and stay a sane shared-memory size. */
const MIN_RING_BYTES = 4096;
const MAX_RING_BYTES = 1 << 30;

export function readSettings(): ThreadlineSettings {
  const config = vscode.workspace.getConfiguration('threadline');
  const ring = config.get<number>('traceRingSize', 0);
  const maxRecords = config.get<number>('maxRecordsKept', 2_000_000);
  const nodeArguments = config.get<unknown>('nodeArguments', []);
  const memory = config.get<number>('maxWorkerMemoryMb', 0);
  return {
    openPanelOnRun: config.get<boolean>('openPanelOnRun', true),
    stopOnDeadlock: config.get<boolean>('stopOnDeadlock', false),
    traceRingSize: Number.isInteger(ring) && ring > 0 ? Math.min(MAX_RING_BYTES, Math.max(MIN_RING_BYTES, ring)) : undefined,
    maxRecordsKept: Number.isInteger(maxRecords) && maxRecords > 0 ? maxRecords : Number.POSITIVE_INFINITY,
    maxWorkerMemoryMb: Number.isInteger(memory) && memory > 0 ? memory : undefined,
    laneColors: config.get<string>('laneColors') === 'colorblind' ? 'colorblind' : 'theme',
    nodeArguments: Array.isArray(nodeArguments) ? nodeArguments.filter((arg): arg is string => typeof arg === 'string' && arg.length > 0) : [],
  };
}
