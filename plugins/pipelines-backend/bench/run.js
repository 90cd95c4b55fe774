/* eslint-disable no-console */
// `npm run bench -w @dpra/plugin-pipelines-backend`: runs the TypeScript benchmark through
// Backstage's node transform, so it needs no build step. `node bench/run.js inbox …`
// (`npm run bench:inbox`) runs the inbox benchmark instead of the entity route's.
require('@backstage/cli/config/nodeTransform.cjs');

const benchmark =
  process.argv[2] === 'inbox'
    ? (process.argv.splice(2, 1), './inboxBenchmark.ts')
    : './entityRouteBenchmark.ts';

// wrk drives the load unless `--load node` is given; as root on Debian it is installed when
// missing, like the test suite's Chromium (scripts/lib/system.mjs).
const wantsWrk = !/--load[= ]node\b/.test(process.argv.slice(2).join(' '));
(wantsWrk
  ? // eslint-disable-next-line @backstage/no-relative-monorepo-imports -- dev-only script (not published) sharing the suite's system-tool installer
    import('../../../scripts/lib/system.mjs').then(async ({ ensureWrk }) => {
      const wrk = await ensureWrk();
      if (wrk) process.env.BENCH_WRK = wrk;
    })
  : Promise.resolve()
)
  .then(() => require(benchmark).main())
  .then(
    () => process.exit(0),
    error => {
      console.error(error);
      process.exit(1);
    },
  );
