/**
 * Python's multiprocessing.get_logger() and log_to_stderr(): one 'multiprocessing' logger whose
 * records read `[INFO/Process-1] message`; the runtime writes its own lifecycle records to it
 * (processExit.ts) at Python's levels.
 *
 * Python's spawn hands the parent's logger level and stderr handler to each child it starts;
 * here they live in one arena header word, so every worker of the run shares them from the
 * moment they are set.
 */
import { formatWithOptions } from 'node:util';
import { Header } from './arenaLayout';
import { threadContext } from './threadContext';

/** Python's logging levels, with multiprocessing's SUBDEBUG and SUBWARNING. */
export const LogLevel = {
  NOTSET: 0,
  SUBDEBUG: 5,
  DEBUG: 10,
  INFO: 20,
  SUBWARNING: 25,
  WARNING: 30,
  ERROR: 40,
  CRITICAL: 50,
} as const;
export type LogLevelName = keyof typeof LogLevel;

const STDERR_HANDLER = 1 << 16;
const LEVEL_MASK = STDERR_HANDLER - 1;
/** With no level set, Python's root logger lets WARNING and above through. */
const ROOT_LEVEL = LogLevel.WARNING;

function loggingWord(): number {
  return Atomics.load(threadContext().arena, Header.logging);
}

function toLevel(level: number | LogLevelName): number {
  if (typeof level === 'number') return level;
  const value = LogLevel[level];
  if (value === undefined) throw new TypeError(`Unknown level: '${String(level)}'`);
  return value;
}

function levelName(level: number): string {
  const entry = Object.entries(LogLevel).find(([, value]) => value === level);
  return entry ? entry[0] : `Level ${level}`;
}

export class Logger {
  readonly name = 'multiprocessing';

  setLevel(level: number | LogLevelName): void {
    const { arena } = threadContext();
    const value = toLevel(level);
    for (;;) {
      const word = Atomics.load(arena, Header.logging);
      if (Atomics.compareExchange(arena, Header.logging, word, (word & STDERR_HANDLER) | value) === word) return;
    }
  }

  /** The level set on this logger, else the root's WARNING. */
  getEffectiveLevel(): number {
    return loggingWord() & LEVEL_MASK || ROOT_LEVEL;
  }

  isEnabledFor(level: number): boolean {
    return level >= this.getEffectiveLevel();
  }

  log(level: number, message: unknown, ...args: unknown[]): void {
    if (!this.isEnabledFor(level)) return;
    const text = formatWithOptions({ colors: false }, message, ...args);
    const withHandler = (loggingWord() & STDERR_HANDLER) !== 0;
    // Without log_to_stderr() Python's last-resort handler prints the bare message (WARNING and up).
    if (!withHandler && level < LogLevel.WARNING) return;
    const line = withHandler ? `[${levelName(level)}/${threadContext().boot.name}] ${text}` : text;
    threadContext().tracer.output('stderr', line);
  }

  debug(message: unknown, ...args: unknown[]): void {
    this.log(LogLevel.DEBUG, message, ...args);
  }

  info(message: unknown, ...args: unknown[]): void {
    this.log(LogLevel.INFO, message, ...args);
  }

  warning(message: unknown, ...args: unknown[]): void {
    this.log(LogLevel.WARNING, message, ...args);
  }

  error(message: unknown, ...args: unknown[]): void {
    this.log(LogLevel.ERROR, message, ...args);
  }

  critical(message: unknown, ...args: unknown[]): void {
    this.log(LogLevel.CRITICAL, message, ...args);
  }
}

const logger = new Logger();

/** Python's get_logger(): the 'multiprocessing' logger. */
export function getLogger(): Logger {
  return logger;
}

/** Python's log_to_stderr(level=None): records go to stderr as `[LEVEL/ProcessName] message`. */
export function logToStderr(level?: number | LogLevelName | null): Logger {
  Atomics.or(threadContext().arena, Header.logging, STDERR_HANDLER);
  if (level !== undefined && level !== null) logger.setLevel(level);
  return logger;
}
