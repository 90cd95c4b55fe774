import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { LocalGitRepositories } from '../localGit/LocalGitRepositories';
import { createPublishLocalAction } from './publishLocal';
import { examples } from './publishLocal.examples';

describe('publish:dpra-local examples', () => {
  it('example 1 publishes, hands over the spec and outputs the catalogInfoUrl register reads', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpra-publish-ex-'));
    const workspacePath = fs.mkdtempSync(path.join(os.tmpdir(), 'dpra-publish-ex-ws-'));
    fs.mkdirSync(path.join(workspacePath, 'pipeline'));
    fs.writeFileSync(path.join(workspacePath, 'catalog-info.yaml'), 'kind: Component\n');
    fs.writeFileSync(path.join(workspacePath, 'pipeline/pipeline.yaml'), 'apiVersion: dpra/v1\n');
    const repositories = new LocalGitRepositories(path.join(dataDir, 'git'));
    const [publish, register] = yaml.parse(examples[0].example).steps;

    const ctx = createMockActionContext({ workspacePath, input: publish.input });
    await createPublishLocalAction({
      repositories,
      scaffolderBaseUrl: async () => 'http://localhost:7007/api/scaffolder',
      defaultAuthor: { name: 'DPRA Scaffolder', email: 'scaffolder@dpra.local' },
      specsDirectory: path.join(dataDir, 'specs'),
    }).handler(ctx);

    expect(register.input.catalogInfoUrl).toBe('${{ steps.publish.output.catalogInfoUrl }}');
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      'http://localhost:7007/api/scaffolder/dpra/local-git/orders-service/raw/main/catalog-info.yaml',
    );
    expect(await repositories.listFiles('orders-service', 'main')).toEqual([
      'catalog-info.yaml',
      'pipeline/pipeline.yaml',
    ]);
    expect(fs.readdirSync(path.join(dataDir, 'specs'))).toEqual(['orders-service.yaml']);
  });
});
