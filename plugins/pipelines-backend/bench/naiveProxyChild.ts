import {
  CloudWatchClient,
  DescribeAlarmsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CodePipelineClient,
  GetPipelineCommand,
  GetPipelineStateCommand,
} from '@aws-sdk/client-codepipeline';
import express from 'express';
import type { AddressInfo } from 'node:net';
import {
  CPU_USAGE_PATH,
  announceReady,
  cpuUsageRoute,
  requiredEnv,
  runChild,
} from './benchProcess';

/**
 * Child process: what a plugin without a store does — a route that, on every request, calls AWS
 * for each of the entity's pipelines (GetPipeline and GetPipelineState, then DescribeAlarms for
 * the alarms its stage conditions name) and answers with the result. SDK clients are created once
 * per region and reused, with the SDK's default HTTP agent and retries; a request's AWS calls are
 * aborted when its client goes away.
 */
runChild(async () => {
  const awsUrl = requiredEnv('BENCH_AWS_URL');
  const pipelineArns = requiredEnv('BENCH_PIPELINE_ARNS').split(',');
  const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' };
  const codePipeline = new Map<string, CodePipelineClient>();
  const cloudWatch = new Map<string, CloudWatchClient>();
  const clientsFor = (region: string) => {
    if (!codePipeline.has(region)) {
      codePipeline.set(
        region,
        new CodePipelineClient({ region, endpoint: awsUrl, credentials }),
      );
      cloudWatch.set(
        region,
        new CloudWatchClient({ region, endpoint: awsUrl, credentials }),
      );
    }
    return {
      pipelines: codePipeline.get(region)!,
      alarms: cloudWatch.get(region)!,
    };
  };

  const readPipeline = async (arn: string, abortSignal: AbortSignal) => {
    // arn:aws:codepipeline:<region>:<account>:<name>
    const [, , , region, , name] = arn.split(':');
    const clients = clientsFor(region);
    const [definition, state] = await Promise.all([
      clients.pipelines.send(new GetPipelineCommand({ name }), { abortSignal }),
      clients.pipelines.send(new GetPipelineStateCommand({ name }), {
        abortSignal,
      }),
    ]);
    const alarmNames = new Set<string>();
    for (const stage of definition.pipeline?.stages ?? []) {
      for (const condition of [
        ...(stage.beforeEntry?.conditions ?? []),
        ...(stage.onSuccess?.conditions ?? []),
      ]) {
        for (const rule of condition.rules ?? []) {
          for (const alarm of (rule.configuration?.AlarmName ?? '').split(
            ',',
          )) {
            if (alarm.trim()) alarmNames.add(alarm.trim());
          }
        }
      }
    }
    const alarms = await clients.alarms.send(
      new DescribeAlarmsCommand({
        AlarmNames: [...alarmNames].slice(0, 100),
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
      }),
      { abortSignal },
    );
    return {
      arn,
      name,
      stages: definition.pipeline?.stages,
      state: state.stageStates,
      alarms: [
        ...(alarms.MetricAlarms ?? []),
        ...(alarms.CompositeAlarms ?? []),
      ],
    };
  };

  const app = express();
  app.get(CPU_USAGE_PATH, cpuUsageRoute);
  app.get(
    '/api/naive/entities/:kind/:namespace/:name/pipelines',
    (_req, res) => {
      // A client that gives up (the end of a phase) stops its AWS calls too, so that they do not
      // count against the next phase.
      const abort = new AbortController();
      res.on('close', () => abort.abort());
      Promise.all(
        pipelineArns.map(arn => readPipeline(arn, abort.signal)),
      ).then(
        pipelines => res.json({ pipelines }),
        error => {
          if (!res.headersSent && !abort.signal.aborted) {
            res
              .status(502)
              .json({ error: { name: error.name, message: error.message } });
          }
        },
      );
    },
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  announceReady({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
  return () => new Promise<void>(resolve => server.close(() => resolve()));
});
