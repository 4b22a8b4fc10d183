import sortedBtree from 'sorted-btree';

type BTreeClass = typeof sortedBtree.default;

/**
 * sorted-btree's class, whichever way the runtime resolved the default import: Node's ESM loader hands back
 * the CommonJS exports (class on `.default`, as TypeScript's NodeNext types say), a transpiling loader (swc
 * under jest) may hand back the class.
 */
export const BTree: BTreeClass =
  (sortedBtree as unknown as { default?: BTreeClass }).default ?? (sortedBtree as unknown as BTreeClass);
/** A sorted-btree instance type. */
export type BTree<K, V> = InstanceType<typeof sortedBtree.default<K, V>>;
