// The one jest configuration every project re-exports from its own jest.config.js (so <rootDir> is that project).
// TypeScript goes through @swc/jest (types are checked by each project's `typecheck` target, not here); the sources
// stay ESM, which is why every `test` script starts jest under `node --experimental-vm-modules`.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  // Sources import siblings as './x.js' (NodeNext); on disk they are './x.ts'.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.[cm]?[tj]s$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
  },
  // fastify's inject requires `cookie`, and @fastify/static `content-disposition`, both ESM-only; jest on Node < 24.9
  // cannot require() ESM, so those packages are transformed (to CommonJS, since they are required) instead.
  transformIgnorePatterns: ['/node_modules/(?!(cookie|content-disposition)/)'],
  // Sized for a loaded 2-core machine; heavy integration tests set their own, larger ceilings.
  testTimeout: 30_000,
};
