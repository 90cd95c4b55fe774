import { startAwsLocalServer } from '@dpra/aws-local';
import { createBenchWorld } from './benchScenario';
import { announceReady, runChild } from './benchProcess';

/**
 * Child process: the local AWS endpoint (`@dpra/aws-local`) with the benchmark's widened
 * scenario and a fixed latency on every AWS answer.
 */
runChild(async () => {
  const world = await createBenchWorld(
    Number(process.env.BENCH_PIPELINES ?? 20),
  );
  const server = await startAwsLocalServer({
    port: 0,
    host: '127.0.0.1',
    scenario: world.scenario,
    latencyMs: Number(process.env.BENCH_AWS_LATENCY_MS ?? 80),
  });
  announceReady({
    url: server.url,
    accountId: world.scenario.accountId,
    pipelineArns: world.pipelineArns,
    regions: world.regions,
  });
  return () => server.close();
});
