/**
 * The layering rules of docs/architecture.md, checked on every CI run (`npm run lint:layers`). Each folder
 * of src/ may import only from the layers below it, so no two folders can import each other:
 *
 *   config, common  <  observability  <  auth0, protection  <  token  <  enrollment, challenge
 *                   <  health, demo, admin  <  bootstrap (and app.module.ts, main.ts)
 *
 * The emulator is a world of its own: it imports nothing of the gateway, and only the bootstrap starts it.
 */
const below = {
  config: [],
  common: ['config'],
  observability: ['config', 'common'],
  auth0: ['config', 'common', 'observability'],
  protection: ['config', 'common', 'observability'],
  // Enrollment deliberately reuses the token feature: confirming an enrollment is a token grant.
  token: ['config', 'common', 'observability', 'auth0', 'protection'],
  enrollment: ['config', 'common', 'observability', 'auth0', 'protection', 'token'],
  challenge: ['config', 'common', 'observability', 'auth0', 'protection'],
  health: ['config', 'common', 'observability', 'auth0', 'protection'],
  demo: ['config', 'common'],
  admin: ['config', 'common', 'observability', 'protection'],
};

const layerRules = Object.entries(below).map(([folder, allowed]) => ({
  name: `layers-${folder}`,
  comment: `src/${folder} imports only from ${allowed.length ? allowed.join(', ') : 'itself'}.`,
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: { path: '^src/', pathNot: [`^src/(${[folder, ...allowed].join('|')})/`] },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-cycles',
      comment: 'No import cycle between modules of src/.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'only-bootstrap-starts-the-emulator',
      comment: 'The gateway reaches the emulator over HTTP; only the bootstrap starts it, through its index.',
      severity: 'error',
      from: { path: '^src/(?!emulator/|bootstrap/)' },
      to: { path: '^src/emulator/' },
    },
    {
      name: 'emulator-is-standalone',
      comment: 'The emulator imports nothing of the gateway.',
      severity: 'error',
      from: { path: '^src/emulator/' },
      to: { path: '^src/(?!emulator/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
