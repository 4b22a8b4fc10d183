// `nx run web:build`: the same build `lob serve --http` runs on start when the page is missing or stale.
import { buildWebAssets, WEB_DIST } from './build-web.mjs';

const started = performance.now();
const files = await buildWebAssets();
console.log(`web: built ${files.filter((f) => !f.endsWith('.map')).join(', ')} into ${WEB_DIST} in ${Math.round(performance.now() - started)} ms`);
