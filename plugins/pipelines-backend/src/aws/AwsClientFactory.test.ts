import { ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import { ConfigReader } from '@backstage/config';
import { withExampleScenarioServer } from '@dpra/aws-local/testing';
import { createAwsClientFactory } from './AwsClientFactory';
import { AwsTargetPolicy } from './AwsTarget';
import { AwsTargetLimiter } from './AwsTargetLimiter';

/**
 * Credentials with an endpoint override: every request, STS included, must go to the endpoint,
 * and each account must be read with the credentials its `aws` config gives it.
 */

const ENDPOINT = 'http://aws.test';
const MAIN = '111111111111';
const ROLE_ACCOUNT = '222222222222';
const DEFAULTS_ACCOUNT = '333333333333';
const STATIC_ACCOUNT = '444444444444';

const { server } = withExampleScenarioServer({ baseUrls: [ENDPOINT] });
/** Every request msw saw: host, the access key id it was signed with, and the form body of STS. */
const seen: Array<{ host: string; keyId?: string; form?: URLSearchParams }> =
  [];
beforeAll(() => {
  server.events.on('request:start', async ({ request }) => {
    const keyId = /Credential=([A-Z0-9]+)\//.exec(
      request.headers.get('authorization') ?? '',
    )?.[1];
    const body = await request.clone().text();
    seen.push({
      host: new URL(request.url).host,
      keyId,
      form: body.includes('Action=') ? new URLSearchParams(body) : undefined,
    });
  });
});
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});

function clientsFor(aws: object) {
  const accounts = [MAIN, ROLE_ACCOUNT, DEFAULTS_ACCOUNT, STATIC_ACCOUNT];
  return createAwsClientFactory({
    config: new ConfigReader({ aws }),
    policy: new AwsTargetPolicy({
      targets: accounts.map(accountId => ({
        accountId,
        regions: ['eu-west-1'],
      })),
      allowedRoleArns: [],
    }),
    limiter: new AwsTargetLimiter(2),
    endpoint: ENDPOINT,
    maxAttempts: 1,
    requestTimeoutMs: 5000,
  });
}

async function listPipelinesIn(
  clients: ReturnType<typeof clientsFor>,
  accountId: string,
) {
  seen.length = 0;
  await clients
    .codePipeline({ accountId, region: 'eu-west-1' })
    .send(new ListPipelinesCommand({}));
  return {
    assumeRole: seen.find(s => s.form?.get('Action') === 'AssumeRole')?.form,
    codePipeline: seen.find(s => !s.form),
    hosts: [...new Set(seen.map(s => s.host))],
  };
}

describe('createAwsClientFactory with an endpoint override', () => {
  it('assumes configured account roles through STS at the endpoint, with external id and partition', async () => {
    const clients = clientsFor({
      mainAccount: { accessKeyId: 'AKIDMAIN', secretAccessKey: 'main' },
      accounts: [
        {
          accountId: ROLE_ACCOUNT,
          roleName: 'dpra-pipelines-read',
          externalId: 'ext-42',
        },
        {
          accountId: STATIC_ACCOUNT,
          accessKeyId: 'AKIDSTATIC',
          secretAccessKey: 'static',
        },
      ],
      accountDefaults: { roleName: 'dpra-default-read', partition: 'aws' },
    });

    const withRole = await listPipelinesIn(clients, ROLE_ACCOUNT);
    expect(withRole.hosts).toEqual(['aws.test']);
    expect(Object.fromEntries(withRole.assumeRole!)).toMatchObject({
      Action: 'AssumeRole',
      RoleArn: `arn:aws:iam::${ROLE_ACCOUNT}:role/dpra-pipelines-read`,
      RoleSessionName: 'backstage-dpra-pipelines',
      ExternalId: 'ext-42',
    });
    // The role is assumed with the main account's keys; the read is signed with the role's.
    expect(seen.find(s => s.form)?.keyId).toBe('AKIDMAIN');
    expect(withRole.codePipeline?.keyId).toMatch(/^ASIA/);

    // An account without an entry takes the defaults' role.
    const withDefaults = await listPipelinesIn(clients, DEFAULTS_ACCOUNT);
    expect(withDefaults.assumeRole?.get('RoleArn')).toBe(
      `arn:aws:iam::${DEFAULTS_ACCOUNT}:role/dpra-default-read`,
    );
    expect(withDefaults.assumeRole?.has('ExternalId')).toBe(false);
    expect(withDefaults.hosts).toEqual(['aws.test']);

    // An entry with keys of its own and no role of its own is read with those keys, no STS.
    const withKeys = await listPipelinesIn(clients, STATIC_ACCOUNT);
    expect(withKeys.assumeRole).toBeUndefined();
    expect(withKeys.codePipeline?.keyId).toBe('AKIDSTATIC');
  });

  it('reads accounts without an entry or a default role with the main account credentials, without STS', async () => {
    const clients = clientsFor({
      mainAccount: { accessKeyId: 'AKIDMAIN', secretAccessKey: 'main' },
    });
    const read = await listPipelinesIn(clients, MAIN);
    expect(read.assumeRole).toBeUndefined();
    expect(read.hosts).toEqual(['aws.test']);
    expect(read.codePipeline?.keyId).toBe('AKIDMAIN');
  });
});
