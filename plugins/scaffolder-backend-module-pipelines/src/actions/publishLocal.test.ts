import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalGitRepositories } from '../localGit/LocalGitRepositories';
import { createPublishLocalAction } from './publishLocal';

const BASE = 'http://localhost:7007/api/scaffolder';

describe('publish:dpra-local', () => {
  let dataDir: string;
  let workspacePath: string;
  let repositories: LocalGitRepositories;
  let specsDirectory: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpra-publish-data-'));
    workspacePath = fs.mkdtempSync(path.join(os.tmpdir(), 'dpra-publish-ws-'));
    repositories = new LocalGitRepositories(path.join(dataDir, 'git'));
    specsDirectory = path.join(dataDir, 'specs');
    fs.mkdirSync(path.join(workspacePath, 'pipeline'));
    fs.writeFileSync(path.join(workspacePath, 'catalog-info.yaml'), 'kind: Component\n');
    fs.writeFileSync(path.join(workspacePath, 'pipeline/pipeline.yaml'), 'apiVersion: dpra/v1\n');
  });

  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(workspacePath, { recursive: true, force: true });
  });

  const action = (withSpecs = true) =>
    createPublishLocalAction({
      repositories,
      scaffolderBaseUrl: async () => BASE,
      defaultAuthor: { name: 'DPRA Scaffolder', email: 'scaffolder@dpra.local' },
      specsDirectory: withSpecs ? specsDirectory : undefined,
    });

  // The mock context's input is untyped JSON; the action's handler wants its schema's type.
  // The mock context takes no isDryRun option: it is set on the context, as the scaffolder does.
  const context = (input: Record<string, string>, extra: object = {}): any => ({
    ...createMockActionContext({ workspacePath, input }),
    ...extra,
  });

  function outputs(ctx: ReturnType<typeof createMockActionContext>) {
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  }

  it('publishes the workspace, hands over the spec and outputs the URLs catalog:register needs', async () => {
    const ctx = context({ repoName: 'orders-service', pipelineSpecPath: 'pipeline/pipeline.yaml' });
    await action().handler(ctx);

    expect(outputs(ctx)).toEqual({
      remoteUrl: `${BASE}/dpra/local-git/orders-service`,
      cloneUrl: `${BASE}/dpra/local-git/orders-service.git`,
      repoContentsUrl: `${BASE}/dpra/local-git/orders-service/raw/main/`,
      catalogInfoUrl: `${BASE}/dpra/local-git/orders-service/raw/main/catalog-info.yaml`,
      commitHash: expect.stringMatching(/^[0-9a-f]{40}$/),
      pipelineSpecApplied: true,
    });
    expect(await repositories.listFiles('orders-service', 'main')).toEqual([
      'catalog-info.yaml',
      'pipeline/pipeline.yaml',
    ]);
    expect(fs.readFileSync(path.join(specsDirectory, 'orders-service.yaml'), 'utf8')).toBe(
      'apiVersion: dpra/v1\n',
    );
    expect(fs.readdirSync(specsDirectory)).toEqual(['orders-service.yaml']);
  });

  it('without a specs directory it publishes only', async () => {
    const ctx = context({ repoName: 'orders-service', pipelineSpecPath: 'pipeline/pipeline.yaml' });
    await action(false).handler(ctx);
    expect(outputs(ctx).pipelineSpecApplied).toBe(false);
    expect(await repositories.exists('orders-service')).toBe(true);
    expect(fs.existsSync(specsDirectory)).toBe(false);
  });

  it('a dry run outputs the URLs and writes nothing', async () => {
    const ctx = context({ repoName: 'orders-service', pipelineSpecPath: 'pipeline/pipeline.yaml' }, { isDryRun: true });
    await action().handler(ctx);
    expect(outputs(ctx)).toMatchObject({ commitHash: '', pipelineSpecApplied: false });
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it.each([
    [{ sourcePath: '../' }, 'NotAllowedError', 'sourcePath: "../" resolves outside the workspace'],
    [{ sourcePath: '/etc' }, 'InputError', 'sourcePath: "/etc" must be a path relative to the workspace'],
    [
      { pipelineSpecPath: '../../etc/passwd' },
      'NotAllowedError',
      'pipelineSpecPath: "../../etc/passwd" resolves outside the workspace',
    ],
    [{ repoName: '../x' }, 'InputError', expect.stringContaining('repoName: "../x" is not a repository name')],
  ])('refuses %j before writing anything', async (input, name, message) => {
    const ctx = context({ repoName: 'orders-service', ...input });
    await expect(action().handler(ctx)).rejects.toMatchObject({ name, message });
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('refuses a workspace with a symlink that points outside it', async () => {
    fs.symlinkSync('/etc', path.join(workspacePath, 'pipeline', 'etc'));
    const ctx = context({ repoName: 'orders-service' });
    await expect(action().handler(ctx)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: 'pipeline/etc is a symlink that points outside the workspace',
    });
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('refuses a name that is taken, leaving that repository alone', async () => {
    await action().handler(context({ repoName: 'taken' }));
    const before = await repositories.listFiles('taken', 'main');
    fs.writeFileSync(path.join(workspacePath, 'extra.txt'), 'x');
    await expect(
      action().handler(context({ repoName: 'taken' })),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    expect(await repositories.listFiles('taken', 'main')).toEqual(before);
  });
});
