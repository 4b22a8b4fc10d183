import BTreeModule from 'sorted-btree';

/**
 * sorted-btree's class, whichever way the runtime resolved the default import: Node's ESM loader hands back
 * the CommonJS `module.exports` (class on `.default`), vitest's interop hands back the class itself.
 */
export const BTree: typeof BTreeModule =
  (BTreeModule as unknown as { default?: typeof BTreeModule }).default ?? BTreeModule;
export type BTree<K, V> = BTreeModule<K, V>;
