#!/usr/bin/env node
// `npm run portal`: runs on Node.js 22 (fetching it when the machine has another Node), installs
// dependencies when needed and starts the local portal on http://localhost:3000 (backend on :7007,
// local AWS scenario endpoint on :4599).
import { ensureInstalled } from './lib/install.mjs';
import { ensureNodeRuntime } from './lib/node-runtime.mjs';

await ensureNodeRuntime();
await ensureInstalled();
// The local AWS world imports its builds' findings by running the generated import step, with jq.
const { ensureJq } = await import('./lib/system.mjs');
const jq = await ensureJq();
if (jq) process.env.DPRA_JQ_PATH = jq;
const { startPortal } = await import('./lib/portal.mjs');
const started = Date.now();
const portal = await startPortal();
console.log(
  `\n» DPRA portal ready in ${((Date.now() - started) / 1000).toFixed(0)} s: ${portal.appUrl}` +
    `  (backend ${portal.backendUrl}, local AWS world of examples/specs ${portal.awsUrl})\n`,
);
const shutdown = () => {
  portal.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
await new Promise(() => {});
