/* eslint-disable no-console */
import { parseArgs } from 'node:util';
import { createDpraScenario } from './scenario/createDpraScenario';
import { startAwsLocalServer } from './startAwsLocalServer';

/**
 * `aws-local` CLI: serves the DPRA demo scenario on a local port.
 * `--port 4599 --host 127.0.0.1 --speed 60 --latency 0 [--new-commits-every 90] [--no-real-time]`
 */
async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4599' },
      host: { type: 'string', default: '127.0.0.1' },
      speed: { type: 'string', default: '60' },
      latency: { type: 'string', default: '0' },
      'no-real-time': { type: 'boolean', default: false },
      'new-commits-every': { type: 'string', default: '0' },
    },
  });
  const speed = Number(values.speed);
  const latencyMs = Number(values.latency);
  const port = Number(values.port);
  const newCommitsEveryMinutes = Number(values['new-commits-every']);
  if (
    ![speed, latencyMs, port, newCommitsEveryMinutes].every(Number.isFinite)
  ) {
    console.error(
      'aws-local: --port, --speed, --latency and --new-commits-every take numbers',
    );
    process.exit(2);
  }
  const scenario = createDpraScenario({
    realTime: !values['no-real-time'],
    speed,
    newCommitsEveryMinutes:
      newCommitsEveryMinutes > 0 ? newCommitsEveryMinutes : undefined,
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
  const stop = () => {
    server.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
