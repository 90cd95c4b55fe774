/* eslint-disable no-console */
// `npm run soak -w @dpra/plugin-pipelines-backend -- --minutes 2`: runs the TypeScript soak
// through Backstage's node transform, so it needs no build step.
require('@backstage/cli/config/nodeTransform.cjs');

require('./soak.ts')
  .main()
  .then(
    () => process.exit(process.exitCode ?? 0),
    error => {
      console.error(error);
      process.exit(1);
    },
  );
