/* eslint-disable no-console */
import { parseArgs } from 'node:util';
import { createDpraScenario } from './scenario/createDpraScenario';
import { startAwsLocalServer } from './startAwsLocalServer';
import { situationsFor } from './world/exampleSituations';
import {
  exampleSpecsDir,
  loadSpecDeclarations,
  specFilesIn,
} from './world/loadSpecs';
import type { DeploymentWindowMode } from './world/specWorld';
import { watchSpecsDirectory } from './world/watchSpecsDirectory';

const USAGE = `dpra-aws-local: a local AWS endpoint serving the pipelines of DPRA specs
  --port <p>            port (4599)
  --host <h>            host (127.0.0.1)
  --spec <file>         a spec to synthesize and serve; repeatable. Default: every file in examples/specs
  --specs-dir <dir>     also serve every spec that is or appears in <dir>, each with its first
                        execution running (the local portal's published services)
  --windows open|evaluate
                        open: every deployment window lets stages in (default, the portal works at
                        any hour); evaluate: each DeploymentWindow rule's Cron is evaluated in its TimeZone
  --speed <n>           actions, bakes and approvals run n times shorter than declared (60); the
                        clock is always the wall clock
  --latency <ms>        added to every answer (0)
  --new-commits-every <minutes>  start a new execution of an idle pipeline (off)
  --no-real-time        the clock only moves through /__scenario/advance`;

/** `dpra-aws-local` (also `npm run serve -w @dpra/aws-local`). */
async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4599' },
      host: { type: 'string', default: '127.0.0.1' },
      spec: { type: 'string', multiple: true },
      'specs-dir': { type: 'string' },
      windows: { type: 'string', default: 'open' },
      speed: { type: 'string', default: '60' },
      latency: { type: 'string', default: '0' },
      'no-real-time': { type: 'boolean', default: false },
      'new-commits-every': { type: 'string', default: '0' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const speed = Number(values.speed);
  const latencyMs = Number(values.latency);
  const port = Number(values.port);
  const newCommitsEveryMinutes = Number(values['new-commits-every']);
  const problems: string[] = [];
  if (
    ![speed, latencyMs, port, newCommitsEveryMinutes].every(Number.isFinite)
  ) {
    problems.push(
      '--port, --speed, --latency and --new-commits-every take numbers',
    );
  }
  if (values.windows !== 'open' && values.windows !== 'evaluate') {
    problems.push(`--windows takes open or evaluate, not ${values.windows}`);
  }
  if (problems.length > 0) {
    console.error(`dpra-aws-local: ${problems.join('\n  ')}\n\n${USAGE}`);
    process.exit(2);
  }
  const files = values.spec ?? specFilesIn(exampleSpecsDir());
  const started = Date.now();
  const declarations = await loadSpecDeclarations(files);
  const names = declarations.pipelines.map(p => p.declaration.name);
  const world = {
    declarations,
    situations: situationsFor(names),
    deploymentWindows: values.windows as DeploymentWindowMode,
  };
  console.log(
    `dpra-aws-local: ${files.length} spec(s) synthesized in ${
      Date.now() - started
    } ms: ${names.join(', ')}`,
  );
  const scenario = createDpraScenario({
    realTime: !values['no-real-time'],
    speed,
    newCommitsEveryMinutes:
      newCommitsEveryMinutes > 0 ? newCommitsEveryMinutes : undefined,
    world,
  });
  const server = await startAwsLocalServer({
    port,
    host: values.host,
    scenario,
    latencyMs,
  });
  console.log(`aws-local listening on ${server.url}`);
  console.log(
    `  scenario time ${scenario
      .now()
      .toISOString()}, speed ×${speed}, latency ${latencyMs} ms`,
  );
  const specsDir = values['specs-dir'];
  const specsWatch = specsDir
    ? watchSpecsDirectory({
        dir: specsDir,
        add: added => scenario.addSpecPipelines(added),
        onEvent: event =>
          event.type === 'added'
            ? console.log(
                `dpra-aws-local: ${event.file}: serving ${event.pipelines.join(
                  ', ',
                )}, first execution running`,
              )
            : console.error(
                `dpra-aws-local: ${event.file}: not served: ${event.error}`,
              ),
      })
    : undefined;
  await specsWatch?.ready;
  if (specsDir) console.log(`  watching ${specsDir} for new specs`);
  const stop = () => {
    specsWatch?.close();
    server.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  console.error(
    `dpra-aws-local: ${error instanceof Error ? error.message : error}`,
  );
  process.exit(1);
});
