/** Unit tests: run on a plain clone, without ../shared. Type-checking is done once by `tsc --noEmit` (npm test). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/conformance/'],
  transform: { '^.+\\.ts$': 'ts-jest' },
};
