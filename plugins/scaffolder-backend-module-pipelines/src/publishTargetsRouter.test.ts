import { ConfigReader } from '@backstage/config';
import { PUBLISH_TARGETS_PATH } from '@dpra/plugin-pipelines-common';
import request from 'supertest';
import { describePublishTargets } from './publishTargetsRouter';
import { startScaffolderTestBackend } from './testing/scaffolderBackend';

const NO_GITHUB = {
  id: 'github',
  available: false,
  reason:
    'No GitHub integration is configured: an administrator adds integrations.github with a token or a GitHub App to app-config (see the DPRA scaffolder module README).',
};

describe('describePublishTargets', () => {
  it('GIVEN no GitHub credentials THEN GitHub is not available, with the reason (github.com is always known, but cannot publish)', () => {
    expect(describePublishTargets(new ConfigReader({}), true).targets).toEqual([
      { id: 'local', available: true },
      NO_GITHUB,
    ]);
    const hostOnly = new ConfigReader({ integrations: { github: [{ host: 'github.com' }] } });
    expect(describePublishTargets(hostOnly, true).targets[1]).toEqual(NO_GITHUB);
  });

  it.each([
    ['a token', { host: 'github.com', token: 'ghp_x' }, ['github.com']],
    [
      'a GitHub App',
      {
        host: 'ghe.example.com',
        apiBaseUrl: 'https://ghe.example.com/api/v3',
        apps: [{ appId: 1, privateKey: 'k', webhookSecret: 's', clientId: 'c', clientSecret: 'c' }],
      },
      ['ghe.example.com'],
    ],
  ])('GIVEN an integration with %s THEN GitHub is available on its host', (_, github, hosts) => {
    const config = new ConfigReader({ integrations: { github: [github] } });
    expect(describePublishTargets(config, false).targets).toEqual([
      {
        id: 'local',
        available: false,
        reason:
          'This portal does not host repositories: publishing to it is for the local portal (pipelines.localPublish.enabled).',
      },
      { id: 'github', available: true, hosts },
    ]);
  });
});

describe('the publish targets route', () => {
  it('answers what the running backend offers: the local portal without GitHub', async () => {
    const { server } = await startScaffolderTestBackend();
    const response = await request(server).get(`/api/scaffolder${PUBLISH_TARGETS_PATH}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ targets: [{ id: 'local', available: true }, NO_GITHUB] });
  });
});
