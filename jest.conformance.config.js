/** Conformance: validates synthesized Dapr objects against the CRDs in ../shared/reference/dapr/crds. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/conformance'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
};
