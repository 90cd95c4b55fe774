import { ConfigReader } from '@backstage/config';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { AwsDeadlineExceededError, withAwsDeadline } from './awsDeadline';
import { createAwsClientFactory } from './AwsClientFactory';
import { AwsTargetPolicy } from './AwsTarget';
import { AwsTargetLimiter } from './AwsTargetLimiter';
import { SdkCodePipelineReader } from './CodePipelineReader';
import { describeAwsError } from './describeAwsError';

/**
 * Every AWS call is bounded, proven against a real TCP server that accepts connections and never
 * answers (as a hung endpoint does): the SDK's request timeout really cuts the request, a deadline
 * cuts a call whatever its timeouts and retries, and the hung connection is closed.
 */

const ACCOUNT = '111111111111';
const target = { accountId: ACCOUNT, region: 'us-east-1' };

let server: Server;
let endpoint: string;
/** Connections the server accepted, and which of them the client has closed since. */
let sockets: Array<{ socket: Socket; closed: Promise<unknown> }>;

beforeEach(async () => {
  sockets = [];
  server = createServer(socket => {
    // Read the request, never answer.
    socket.on('data', () => {});
    socket.on('error', () => {});
    sockets.push({ socket, closed: once(socket, 'close') });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as { port: number };
  endpoint = `http://127.0.0.1:${address.port}`;
});

afterEach(async () => {
  sockets.forEach(s => s.socket.destroy());
  server.close();
  await once(server, 'close');
});

function reader(options: {
  requestTimeoutMs: number;
  maxAttempts: number;
  concurrency?: number;
}) {
  return new SdkCodePipelineReader(
    createAwsClientFactory({
      config: new ConfigReader({
        aws: { mainAccount: { accessKeyId: 'AKID', secretAccessKey: 'x' } },
      }),
      policy: new AwsTargetPolicy({
        targets: [{ accountId: ACCOUNT, regions: ['us-east-1'] }],
        allowedRoleArns: [],
      }),
      limiter: new AwsTargetLimiter(options.concurrency ?? 4),
      endpoint,
      maxAttempts: options.maxAttempts,
      requestTimeoutMs: options.requestTimeoutMs,
    }),
  );
}

describe('bounded AWS calls', () => {
  it('cuts a request that gets no answer at the configured request timeout and closes its connection', async () => {
    const error = await reader({ requestTimeoutMs: 300, maxAttempts: 1 })
      .getPipelineState(target, 'orders')
      .catch(e => e);

    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(describeAwsError(error)).toEqual({
      kind: 'timeout',
      message: 'CodePipeline did not answer within 0.3 s (GetPipelineState)',
    });
    expect(sockets).toHaveLength(1);
    await sockets[0].closed;
  });

  it('cuts a call at the deadline of the work it belongs to, retries and all', async () => {
    // The request timeout alone would allow 4 attempts of 30 s each.
    const hung = reader({ requestTimeoutMs: 30_000, maxAttempts: 4 });
    const error = await withAwsDeadline(400, 'The refresh of orders', () =>
      hung.getPipelineState(target, 'orders'),
    ).catch(e => e);

    expect(error).toBeInstanceOf(AwsDeadlineExceededError);
    expect(describeAwsError(error)).toEqual({
      kind: 'timeout',
      message: 'CodePipeline did not answer within 0.4 s (GetPipelineState)',
    });
    // The aborted request gave its connection up at once.
    await Promise.all(sockets.map(s => s.closed));
  });

  it('does not let a call wait past its deadline for a slot that hung calls hold', async () => {
    const hung = reader({
      requestTimeoutMs: 30_000,
      maxAttempts: 1,
      concurrency: 1,
    });
    // Holds the target's only slot (no deadline: only the request timeout would end it).
    const holder = hung.getPipelineState(target, 'first').catch(e => e);
    const error = await withAwsDeadline(300, 'The refresh of second', () =>
      hung.getPipelineState(target, 'second'),
    ).catch(e => e);

    expect(error).toBeInstanceOf(AwsDeadlineExceededError);
    expect(sockets).toHaveLength(1);
    sockets[0].socket.destroy();
    await holder;
  });
});
