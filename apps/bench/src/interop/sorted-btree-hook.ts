// Node module resolve hook (registered by register.ts). Redirects bare `sorted-btree` imports from outside this
// folder to the shim; imports from inside it pass through, so the shim still reaches the real package.
const SHIM = new URL('./sorted-btree-shim.mjs', import.meta.url).href;
const HERE = new URL('./', import.meta.url).href;

interface ResolveContext {
  parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<unknown>;

/** Resolves `sorted-btree` to the shim for every importer outside apps/bench/src/interop. */
export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<unknown> {
  if (specifier === 'sorted-btree' && !(context.parentURL ?? '').startsWith(HERE)) {
    return { url: SHIM, format: 'module', shortCircuit: true };
  }
  return next(specifier, context);
}
