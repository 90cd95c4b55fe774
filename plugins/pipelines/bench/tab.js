/* eslint-disable no-console */
// `npm run bench:tab` (root) or `npm run bench:tab -w @dpra/plugin-pipelines`: the Pipelines tab
// switch on the production build, in headless Chromium. Runs the TypeScript benchmark through
// Backstage's node transform, like the backend's benchmarks (no build step for the script itself).
require('@backstage/cli/config/nodeTransform.cjs');

// eslint-disable-next-line @backstage/no-relative-monorepo-imports -- dev-only script (not published) sharing the suite's system-tool installer
import('../../../scripts/lib/system.mjs')
  .then(async ({ ensureChromium }) => {
    const chromium = await ensureChromium();
    if (chromium) process.env.DPRA_CHROMIUM_PATH = chromium;
  })
  .then(() => require('./tabBenchmark.ts').main())
  .then(
    () => process.exit(0),
    error => {
      console.error(error);
      process.exit(1);
    },
  );
