/**
 * The application's layers point one way (docs/architecture.md#layers). A wrong import fails
 * `npm test`; `npm run layers` prints the folder graph.
 *
 *   contract < model < privacy < config < vcc < ports < use-cases < http < observability-using edges
 *   adapters implement ports; only wiring (and the Lambda handlers, which are wiring) imports adapters.
 */
const app = '^functions/app/';
const layer = (name) => `${app}${name}/`;
const may = (from, allowed) => ({
  name: `${from}-imports-only-${allowed.join('-') || 'itself'}`,
  comment: `${from}/ may import only ${[from, ...allowed].join(', ')}`,
  severity: 'error',
  from: { path: layer(from) },
  to: { path: app, pathNot: [layer(from), ...allowed.map(layer)] },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'no cycles between files', from: {}, to: { circular: true } },
    may('contract', []),
    may('model', ['contract']),
    may('privacy', ['contract', 'model']),
    may('config', ['contract', 'model']),
    may('vcc', ['contract', 'model', 'privacy']),
    may('ports', ['contract', 'model', 'vcc']),
    may('use-cases', ['contract', 'model', 'privacy', 'vcc', 'ports']),
    may('observability', ['contract', 'privacy']),
    may('http', ['contract', 'model', 'privacy', 'vcc', 'ports', 'use-cases', 'observability']),
    may('adapters', ['contract', 'model', 'privacy', 'vcc', 'ports', 'observability']),
    {
      name: 'only-wiring-imports-adapters',
      comment: 'adapters are chosen in one place: functions/app/wiring/ (and the Lambda handlers, ops and the local stack, which wire too)',
      severity: 'error',
      from: { path: '^(functions/app/(?!wiring/|adapters/)|lib/)' },
      to: { path: layer('adapters') },
    },
    {
      name: 'cdk-reads-only-contract-config-model',
      comment: 'the CDK app reads the contract, the configuration schema and the model, never runtime code',
      severity: 'error',
      from: { path: '^(lib|bin)/' },
      to: { path: app, pathNot: [layer('contract'), layer('config'), layer('model')] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(functions|lib|bin)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: true,
    reporterOptions: { archi: { collapsePattern: '^functions/app/[^/]+|^functions/[^/]+|^lib/[^/]+|^bin' } },
  },
};
