/* eslint-disable no-console */
// `npm run bench -w @dpra/plugin-pipelines-backend`: runs the TypeScript benchmark through
// Backstage's node transform, so it needs no build step.
require('@backstage/cli/config/nodeTransform.cjs');

require('./entityRouteBenchmark.ts')
  .main()
  .then(
    () => process.exit(0),
    error => {
      console.error(error);
      process.exit(1);
    },
  );
