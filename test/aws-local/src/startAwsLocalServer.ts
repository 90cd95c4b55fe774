import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { handleAwsRequest } from './handleAwsRequest';
import { AwsScenario, AwsServiceName, FAULT_KINDS } from './scenario/types';

/** Options of {@link startAwsLocalServer}. @public */
export interface AwsLocalServerOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Interface to bind; 127.0.0.1 by default. */
  host?: string;
  /** The world to serve (see `createExampleScenario`, `createDpraScenario`). */
  scenario: AwsScenario;
  /** Latency added to every AWS answer, in milliseconds (e.g. 80 for the backend benchmark). */
  latencyMs?: number;
}

/** A running local endpoint. @public */
export interface AwsLocalServer {
  /** Base URL to give the AWS SDK clients as `endpoint`. */
  url: string;
  /** The world being served. */
  scenario: AwsScenario;
  /** Stops the server. */
  close(): Promise<void>;
}

const SERVICES: AwsServiceName[] = [
  'codepipeline',
  'cloudwatch',
  'securityhub',
  'codebuild',
  'inspector2',
  'sts',
];

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function parseJsonBody(body: Buffer): Record<string, any> {
  if (body.length === 0) return {};
  const value = JSON.parse(body.toString('utf8'));
  if (!value || typeof value !== 'object')
    throw new Error('expected a JSON object');
  return value;
}

/** Summary of served calls for `GET /__scenario/calls`: totals per service/operation and per minute. */
function callsSummary(scenario: AwsScenario) {
  const calls = scenario.calls();
  const byOperation: Record<string, number> = {};
  const byService: Record<string, number> = {};
  for (const c of calls) {
    byService[c.service] = scenario.callCount(c.service);
    byOperation[`${c.service}:${c.operation}`] = scenario.callCount(
      c.service,
      c.operation,
    );
  }
  // Rate over the last minute of kept calls: what the benchmark reports as "AWS calls per minute".
  const minuteAgo = Date.now() - 60_000;
  const lastMinute = calls.filter(c => c.at >= minuteAgo).length;
  return {
    total: scenario.callCount(),
    byService,
    byOperation,
    perMinute: lastMinute,
    scenarioTime: scenario.now().toISOString(),
  };
}

/**
 * `GET /__scenario/pipelines`: where each pipeline stands (for end-to-end tests and debugging):
 * the newest execution, its current stage, pending approval tokens, bakes in progress.
 */
function pipelinesSummary(scenario: AwsScenario) {
  return scenario.pipelines().map(p => {
    const executions = scenario.executions(p.name);
    const active = executions.filter(e => e.status === 'InProgress');
    return {
      name: p.name,
      region: p.region,
      executionMode: p.executionMode,
      executions: executions.length,
      active: active.map(e => {
        const stage = e.stageRuns[e.stageRuns.length - 1];
        const pending = stage?.actions.find(
          a => a.token && a.status === 'InProgress',
        );
        return {
          pipelineExecutionId: e.pipelineExecutionId,
          executionType: e.executionType,
          stageName: stage?.stageName,
          pendingApproval: pending
            ? { actionName: pending.actionName, token: pending.token }
            : undefined,
          bakeEndsAt:
            stage?.onSuccess?.status === 'InProgress'
              ? stage.onSuccess.endsAt?.toISOString()
              : undefined,
        };
      }),
      latest: executions[0] && {
        pipelineExecutionId: executions[0].pipelineExecutionId,
        status: executions[0].status,
      },
    };
  });
}

/** The `/__scenario/*` control routes: faults, clock, reset, call counts, alarm states. */
async function handleControl(
  scenario: AwsScenario,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
) {
  const body = parseJsonBody(await readBody(req));
  if (req.method === 'GET' && path === '/__scenario/calls')
    return sendJson(res, 200, callsSummary(scenario));
  if (req.method === 'DELETE' && path === '/__scenario/calls') {
    scenario.clearCalls();
    return sendJson(res, 200, { ok: true });
  }
  if (req.method === 'GET' && path === '/__scenario/pipelines')
    return sendJson(res, 200, pipelinesSummary(scenario));
  if (req.method === 'GET' && path === '/__scenario/clock')
    return sendJson(res, 200, { now: scenario.now().toISOString() });
  if (req.method === 'POST' && path === '/__scenario/reset') {
    scenario.reset();
    return sendJson(res, 200, { now: scenario.now().toISOString() });
  }
  if (req.method === 'POST' && path === '/__scenario/advance') {
    const minutes = Number(body.minutes);
    if (!Number.isFinite(minutes) || minutes < 0)
      return sendJson(res, 400, {
        error: 'minutes must be a non-negative number',
      });
    scenario.advance(minutes);
    return sendJson(res, 200, { now: scenario.now().toISOString() });
  }
  if (req.method === 'POST' && path === '/__scenario/fault') {
    if (!SERVICES.includes(body.service) || !FAULT_KINDS.includes(body.kind)) {
      return sendJson(res, 400, {
        error: `service must be one of ${SERVICES.join(
          ', ',
        )}; kind one of ${FAULT_KINDS.join(', ')}`,
      });
    }
    scenario.injectFault({
      service: body.service,
      kind: body.kind,
      ...(typeof body.operation === 'string'
        ? { operation: body.operation }
        : {}),
      ...(typeof body.times === 'number' ? { times: body.times } : {}),
      ...(typeof body.latencyMs === 'number'
        ? { latencyMs: body.latencyMs }
        : {}),
    });
    return sendJson(res, 200, { ok: true });
  }
  if (req.method === 'DELETE' && path === '/__scenario/fault') {
    scenario.clearFaults();
    return sendJson(res, 200, { ok: true });
  }
  if (req.method === 'POST' && path === '/__scenario/alarm') {
    try {
      scenario.setAlarmState(
        body.region,
        body.alarmName,
        body.state,
        body.reason,
      );
    } catch (error) {
      return sendJson(res, 404, { error: (error as Error).message });
    }
    return sendJson(res, 200, { ok: true });
  }
  return sendJson(res, 404, {
    error: `no control route ${req.method} ${path}`,
  });
}

/**
 * Starts the local AWS endpoint on a real HTTP port: every AWS client of the portal or a test can
 * use `endpoint: url`, the SigV4 scope of each call tells the service and region apart. Also serves
 * the `/__scenario/*` control routes (fault, advance, reset, calls, alarm).
 *
 * @public
 */
export async function startAwsLocalServer(
  options: AwsLocalServerOptions,
): Promise<AwsLocalServer> {
  const { scenario } = options;
  const latencyMs = options.latencyMs ?? 0;
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path.startsWith('/__scenario/')) {
        await handleControl(scenario, req, res, path);
        return;
      }
      const body = await readBody(req);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === 'string') headers[k] = v;
        else if (Array.isArray(v)) headers[k] = v.join(', ');
      }
      const aborted = new AbortController();
      res.on('close', () => aborted.abort());
      if (latencyMs > 0) await new Promise(r => setTimeout(r, latencyMs));
      const answer = await handleAwsRequest(scenario, {
        method: req.method ?? 'GET',
        url: `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`,
        headers,
        body,
        signal: aborted.signal,
      });
      if (res.destroyed) return;
      if (answer.reset) {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    } catch (error) {
      if (!res.headersSent)
        sendJson(res, 500, { error: (error as Error).message });
      else res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host =
    address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    scenario,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close(err => (err ? reject(err) : resolve()));
      }),
  };
}
