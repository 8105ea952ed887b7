/**
 * Loads the user's program in a worker, in the worker's own thread. Node 20's module hooks
 * (module.register) run on a thread of their own per worker, which doubled a worker's start
 * (measured: a thread that loads the runtime and a program starts in ~140 ms with hooks and
 * ~70 ms with this loader); vm.SourceTextModule links the user's files here instead:
 *  - `threadline` is this runtime, so every import in a thread shares one runtime instance;
 *  - the user's ES modules (.ts/.mts/.mjs, and .js written with import/export) are compiled
 *    here, TypeScript with its types blanked out (strippedSource.ts), under their own file
 *    URL, so stack lines and import.meta.url are the user's;
 *  - everything else (node: builtins, packages, CommonJS, JSON) is imported by Node itself,
 *    resolved from the importing file as Node would (import.meta.resolve with a parent).
 * Needs the node options in loaderFlags.ts, which the host gives every worker.
 */
import { readFileSync, statSync } from 'node:fs';
import Module, { isBuiltin } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import * as threadline from './index';
import { strippedSource, TS_FILE } from './strippedSource';

type Namespace = Record<string, unknown>;

const THREADLINE = 'threadline';
/** The modules of this thread by resolved URL: one instance each, as Node's own cache keeps. */
const modules = new Map<string, Promise<vm.Module>>();
/** Modules linked and evaluated on their own (the program, dynamic imports). */
const settled = new WeakMap<vm.Module, Promise<vm.Module>>();

/** The program module's exports, loaded (and run) once per thread however often it is asked for. */
export async function loadProgram(url: string): Promise<Namespace> {
  const module = await settle(await moduleFor(url, undefined));
  return module.namespace as Namespace;
}

function settle(module: vm.Module): Promise<vm.Module> {
  // Part of a graph that is being linked or run already (a cycle through import()): as it is.
  if (module.status !== 'unlinked') return settled.get(module) ?? Promise.resolve(module);
  let done = settled.get(module);
  if (!done) {
    done = (async () => {
      await module.link(linker);
      await module.evaluate();
      return module;
    })();
    settled.set(module, done);
  }
  return done;
}

function linker(specifier: string, referencing: vm.Module): Promise<vm.Module> {
  return moduleFor(resolveSpecifier(specifier, referencing.identifier), referencing.identifier);
}

async function dynamicImport(specifier: string, referrer: vm.Script | vm.Module): Promise<vm.Module> {
  const from = 'identifier' in referrer ? referrer.identifier : undefined;
  return settle(await moduleFor(from ? resolveSpecifier(specifier, from) : specifier, from));
}

function moduleFor(url: string, importedFrom: string | undefined): Promise<vm.Module> {
  let module = modules.get(url);
  if (!module) {
    module = createModule(url, importedFrom);
    modules.set(url, module);
  }
  return module;
}

async function createModule(url: string, importedFrom: string | undefined): Promise<vm.Module> {
  if (url === THREADLINE) return synthetic(url, threadline as unknown as Namespace);
  // JSON modules have their data as the default export (and need import attributes, which
  // Node checks on the importing side: the user's module has them).
  if (url.startsWith('file:') && url.endsWith('.json')) return synthetic(url, { default: JSON.parse(readSource(fileURLToPath(url), importedFrom)) as unknown });
  const kind = userFileKind(url);
  if (kind === undefined) return synthetic(url, (await import(url)) as Namespace);
  const path = fileURLToPath(url);
  const source = readSource(path, importedFrom);
  if (kind === 'commonjs') return synthetic(url, await commonJs(path, source));
  // Plain .js written with import/export, whatever its package.json says (as Node 22 detects).
  if (kind === 'js' && !ES_SYNTAX.test(source)) return synthetic(url, (await import(url)) as Namespace);
  const code = TS_FILE.test(path) ? await strippedSource(path, source) : source;
  return withoutVmWarning(
    () =>
      new vm.SourceTextModule(code, {
        identifier: url,
        initializeImportMeta: (meta) => describeImportMeta(meta as ImportMeta, url, path),
        importModuleDynamically: dynamicImport as never,
      }),
  );
}

/**
 * How a file this loader compiles itself is run: the user's own files (outside node_modules)
 * that may import 'threadline' or TypeScript; 'js': a module if its source says so. undefined:
 * Node imports it.
 */
function userFileKind(url: string): 'module' | 'commonjs' | 'js' | undefined {
  if (!url.startsWith('file:') || url.includes('/node_modules/')) return undefined;
  if (/\.(?:m?ts|mjs)$/.test(url)) return 'module';
  if (url.endsWith('.cts')) return 'commonjs';
  if (url.endsWith('.js')) return 'js';
  return undefined;
}

const ES_SYNTAX = /^\s*(?:import\s*[\w{*'"]|export\s)/m;

function readSource(path: string, importedFrom: string | undefined): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const from = importedFrom?.startsWith('file:') ? ` imported from ${fileURLToPath(importedFrom)}` : '';
    throw Object.assign(new Error(`Cannot find module '${path}'${from}`), { code: 'ERR_MODULE_NOT_FOUND' });
  }
}

/** A .cts file: its types stripped, run as CommonJS; its exports as the module's default and names. */
async function commonJs(path: string, source: string): Promise<Namespace> {
  const stripped = await strippedSource(path, source);
  const module = new Module(path) as Module & { _compile(code: string, file: string): void; paths: string[] };
  module.filename = path;
  module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(path));
  module._compile(stripped, path);
  const exports = module.exports as Namespace;
  return { ...(typeof exports === 'object' && exports !== null ? exports : {}), default: exports };
}

/** A module of `namespace`'s exports, for what Node imported. */
function synthetic(identifier: string, namespace: Namespace): vm.Module {
  const names = Object.keys(namespace);
  return withoutVmWarning(
    () =>
      new vm.SyntheticModule(
        names,
        function (this: vm.SyntheticModule) {
          for (const name of names) this.setExport(name, namespace[name]);
        },
        { identifier },
      ),
  );
}

/** Resolves as Node would from `parentUrl`, with TypeScript's './helper.js' meaning './helper.ts'. */
function resolveSpecifier(specifier: string, parentUrl: string): string {
  if (specifier === THREADLINE) return THREADLINE;
  if (isBuiltin(specifier)) return specifier.startsWith('node:') ? specifier : `node:${specifier}`;
  if (!isRelative(specifier) && !specifier.startsWith('/') && !specifier.startsWith('file:')) {
    return import.meta.resolve(specifier, parentUrl);
  }
  const url = new URL(specifier, parentUrl).href;
  if (!isRelative(specifier) || !TS_FILE.test(parentUrl) || isFile(url)) return url;
  for (const candidate of [url.replace(/\.(m|c)?js$/, '.$1ts'), `${url}.ts`]) {
    if (candidate !== url && isFile(candidate)) return candidate;
  }
  return url;
}

function describeImportMeta(meta: ImportMeta, url: string, path: string): void {
  const described = meta as { url: string; filename: string; dirname: string; resolve: (specifier: string) => string };
  described.url = url;
  described.filename = path;
  described.dirname = dirname(path);
  described.resolve = (specifier) => {
    const resolved = resolveSpecifier(specifier, url);
    return resolved === THREADLINE ? import.meta.url : resolved;
  };
}

function isFile(url: string): boolean {
  try {
    return statSync(new URL(url)).isFile();
  } catch {
    return false;
  }
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

/**
 * Node warns once per thread that vm modules are experimental: that warning is about this
 * loader, not the program, and would land in every worker's stderr.
 */
function withoutVmWarning<T>(make: () => T): T {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (!String(warning).startsWith('VM Modules')) (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return make();
  } finally {
    process.emitWarning = emit;
  }
}
