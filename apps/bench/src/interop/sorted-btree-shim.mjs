// Target of the resolve hook in sorted-btree-hook.ts: re-exports sorted-btree's class as a real ESM default,
// so `import BTree from 'sorted-btree'` in a workspace package gets a constructor under plain Node.
// Plain .mjs because the hook short-circuits resolution, and the file must load without a TypeScript loader.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const exported = require('sorted-btree');

export default exported.default ?? exported;
