// Unit specs sit beside the code; end-to-end suites live in test/. Both compile through ts-jest with the
// @nestjs/swagger plugin, so the OpenAPI document seen by tests is the one production serves.
const swaggerPlugin = { path: '<rootDir>/test/swagger-transformer.js' };

const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', astTransformers: { before: [swaggerPlugin] }, diagnostics: { warnOnly: false } }],
};

module.exports = {
  testTimeout: 30000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform,
      moduleFileExtensions: ['ts', 'js', 'json'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform,
      moduleFileExtensions: ['ts', 'js', 'json'],
    },
  ],
};
