// Loaded with `node --import ./src/interop/register.ts` before any workspace code. @lob/book-btree does
// `import BTree from 'sorted-btree'`, which under plain Node ESM yields the CommonJS exports object rather than
// the class ("BTree is not a constructor"); vitest hides this with its own interop. Until book-btree imports it
// robustly, this hook keeps the benchmark runnable. Harmless once it is fixed.
import { register } from 'node:module';

register('./sorted-btree-hook.ts', import.meta.url);
