// Unit specs sit beside the code; end-to-end suites live in test/. Most suites only need the code to run,
// so they are transpiled file by file with SWC (type errors are caught by `npm run typecheck`, which
// covers src/, test/ and bench/). The suites that read the OpenAPI document compile through ts-jest with
// the @nestjs/swagger plugin, so the document they see is the one `nest build` produces.
const swaggerPlugin = { path: '<rootDir>/test/swagger-transformer.js' };

const openApiSuites = ['<rootDir>/test/openapi.e2e-spec.ts', '<rootDir>/test/openapi/**/*.e2e-spec.ts'];

const swc = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};

const withSwaggerPlugin = {
  '^.+\\.ts$': [
    'ts-jest',
    {
      tsconfig: 'tsconfig.json',
      astTransformers: { before: [swaggerPlugin] },
      diagnostics: { warnOnly: false },
    },
  ],
};

// Only src/ and test/ hold suites and what they import from the project: crawling the whole tree
// (node_modules, the build in dist/) cost seconds on every run whose files had changed.
const common = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  testTimeout: 30000,
  // One worker per core. More (three and four on two cores were tried) made the suites fight for the
  // machine: four to five times the CPU time, and the timeouts of the fault tests tripping.
  maxWorkers: '100%',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'], transform: swc },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/openapi'],
      transform: swc,
    },
    { ...common, displayName: 'openapi', testMatch: openApiSuites, transform: withSwaggerPlugin },
  ],
};
