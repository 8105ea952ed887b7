/**
 * What every shared primitive has in common: a slot in the arena, a kind, a name. Passing one
 * to another worker passes a reference (kind, slot, name); the receiver attaches to the slot.
 */
import { slotBase } from './arenaLayout';
import { PRIMITIVE_KINDS, type PrimitiveKind } from '../model/trace';
import { captureUserSite, variableNameAt } from './callSite';
import { allocateSlot, nextNameNumber, threadContext, type ThreadContext } from './threadContext';

export const PRIMITIVE_REF = '__threadlinePrimitive';

export interface PrimitiveRef {
  readonly [PRIMITIVE_REF]: PrimitiveKind;
  readonly slot: number;
  readonly name: string;
}

export interface PrimitiveOptions {
  /** Shown in the timeline; defaults to the variable it is assigned to, else `Kind-N`. */
  readonly name?: string;
}

export abstract class SharedPrimitive {
  /** The slot in the shared arena; also the primitive's id in traces. */
  readonly id: number;
  readonly name: string;
  protected readonly ctx: ThreadContext;
  protected readonly base: number;

  protected constructor(kind: PrimitiveKind, className: string, options: PrimitiveOptions | undefined, attach?: PrimitiveRef) {
    this.ctx = threadContext();
    if (attach) {
      this.id = attach.slot;
      this.name = attach.name;
    } else {
      this.id = allocateSlot(this.ctx.arena);
      const site = captureUserSite();
      this.name =
        options?.name ??
        variableNameAt(site, className) ??
        `${className}-${nextNameNumber(this.ctx.arena, PRIMITIVE_KINDS.indexOf(kind))}`;
      this.ctx.tracer.primitiveCreated(this.id, kind, this.name, site);
    }
    this.base = slotBase(this.id);
  }

  abstract get kind(): PrimitiveKind;

  /**
   * Python's sharing rule: synchronisation primitives reach a worker only when it is created
   * (Process args, Pool initargs); inside a pool task's arguments they raise RuntimeError.
   * Manager proxies override this to true: they may be passed anywhere.
   */
  get shareableInTasks(): boolean {
    return false;
  }

  toReference(): PrimitiveRef {
    return { [PRIMITIVE_REF]: this.kind, slot: this.id, name: this.name };
  }
}

type Attacher = (ref: PrimitiveRef) => SharedPrimitive;
const attachers = new Map<PrimitiveKind, Attacher>();

/** Each primitive module registers how to rebuild itself from a reference in another worker. */
export function registerAttacher(kind: PrimitiveKind, attach: Attacher): void {
  attachers.set(kind, attach);
}

/** The attacher a primitive module registered, for wrapping it (manager proxies do). */
export function registeredAttacher(kind: PrimitiveKind): Attacher {
  const attach = attachers.get(kind);
  if (!attach) throw new Error(`Threadline: no attacher registered for ${kind}`);
  return attach;
}

export function attachPrimitive(ref: PrimitiveRef): SharedPrimitive {
  const attach = attachers.get(ref[PRIMITIVE_REF]);
  if (!attach) throw new Error(`Threadline: cannot share a ${ref[PRIMITIVE_REF]} with another worker`);
  return attach(ref);
}

export function isPrimitiveRef(value: unknown): value is PrimitiveRef {
  return typeof value === 'object' && value !== null && PRIMITIVE_REF in value;
}
