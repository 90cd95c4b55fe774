import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createExampleScenario,
  startAwsLocalServer,
  type AwsScenario,
} from '@dpra/aws-local';
import { announceReady, requiredEnv, runChild } from './benchProcess';

/** One `PutApprovalResult` that reached the local AWS's state, and what AWS made of it. */
export interface ReceivedDecision {
  token: string;
  status: string;
  /** True when AWS recorded it; false when it refused (e.g. ApprovalAlreadyCompleted). */
  recorded: boolean;
  error?: string;
  at: number;
}

/** Path of the soak child's route listing every {@link ReceivedDecision}. */
export const RECEIVED_DECISIONS_PATH = '/__soak/decisions';

/**
 * Child process of the soak (`soak.ts`): the local AWS endpoint with the example specs' world on a real-time
 * clock (new commits keep reaching the manual approvals), and a record of every decision that
 * reached its state, by token. A `PutApprovalResult` served a fault (hang, reset, 5xx…) never
 * reaches it; one that was slow does, even when the backend stopped waiting: exactly the case in
 * which "sent or not" is unknown to the backend and must be reconciled, not guessed.
 */
runChild(async () => {
  const received: ReceivedDecision[] = [];
  const base = await createExampleScenario({
    realTime: true,
    speed: Number(requiredEnv('SOAK_SCENARIO_SPEED')),
    newCommitsEveryMinutes: Number(requiredEnv('SOAK_NEW_COMMITS_EVERY')),
  });
  const scenario = new Proxy(base, {
    get(target, property, receiver) {
      if (property === 'putApprovalResult') {
        return (input: Parameters<AwsScenario['putApprovalResult']>[0]) => {
          const entry: ReceivedDecision = {
            token: input.token,
            status: input.status,
            recorded: false,
            at: Date.now(),
          };
          received.push(entry);
          try {
            const result = target.putApprovalResult(input);
            entry.recorded = true;
            return result;
          } catch (error) {
            entry.error = (error as { name?: string }).name ?? String(error);
            throw error;
          }
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const server = await startAwsLocalServer({
    port: 0,
    host: '127.0.0.1',
    scenario,
  });
  const control = createServer((req, res) => {
    if (req.url === RECEIVED_DECISIONS_PATH) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(received));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>(resolve =>
    control.listen(0, '127.0.0.1', () => resolve()),
  );
  announceReady({
    url: server.url,
    decisionsUrl: `http://127.0.0.1:${
      (control.address() as AddressInfo).port
    }${RECEIVED_DECISIONS_PATH}`,
    accountId: base.accountId,
    regions: base.regions(),
    pipelineArns: Object.fromEntries(
      base.pipelines().map(p => [p.name, p.arn]),
    ),
  });
  return async () => {
    control.close();
    await server.close();
  };
});
