/**
 * Ownership of everything that lives: every listener, timer, process and view belongs to
 * exactly one store, and disposing the store disposes them all (VS Code's own
 * `DisposableStore` idea, small enough to keep here rather than depend on internals).
 * No `vscode` import: vscode.Disposable and EventEmitter fit the interface structurally.
 */
export interface Disposable {
  dispose(): void;
}

export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  /** Takes ownership of `item`; if the store is already gone the item is disposed at once. */
  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.add(item);
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const items = [...this.items];
    this.items.clear();
    // Reverse order: things registered last usually depend on things registered first.
    for (const item of items.reverse()) {
      try {
        item.dispose();
      } catch (error) {
        console.error('[threadline] dispose failed', error);
      }
    }
  }
}

/** Holds at most one disposable; setting a new value disposes the old one. */
export class MutableDisposable<T extends Disposable> implements Disposable {
  private current: T | undefined;

  get value(): T | undefined {
    return this.current;
  }

  set value(next: T | undefined) {
    if (next === this.current) return;
    this.current?.dispose();
    this.current = next;
  }

  dispose(): void {
    this.value = undefined;
  }
}

/** A Node timer as a disposable, so it can join a store. */
export function disposableTimer(timer: NodeJS.Timeout): Disposable {
  return { dispose: () => clearTimeout(timer) };
}
