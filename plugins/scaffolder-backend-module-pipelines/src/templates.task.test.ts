import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import { GENERATED_FILES_OUTPUT } from '@dpra/plugin-pipelines-common';
import { minimalSpec } from '@dpra/stacks';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { LocalGitRepositories } from './localGit/LocalGitRepositories';
import { GITHUB_TOKEN, startGithubApi } from './testing/githubApi';
import {
  readTemplate,
  startScaffolderTestBackend,
  startScaffolderWithCatalogBackend,
} from './testing/scaffolderBackend';
import { TEMPLATE_VALUES } from './testing/templateValues';

/*
 * The three templates as real scaffolder tasks (not dry runs), the way the local portal's Create
 * page starts them: the real catalog holds the templates (registered from their files), the task
 * is created with POST /v2/tasks and runs in the scaffolder's task worker, publishes to a local
 * repository and registers the new entity, which the catalog reads back from that repository.
 * Asserts that each task completes with its links and prints its run time.
 */

jest.setTimeout(180_000);

const TEMPLATE_DIRS = Object.keys(TEMPLATE_VALUES) as Array<keyof typeof TEMPLATE_VALUES>;

/** A template whose dpra step fails with `input`: what a person sees in the task log. */
function failingTemplate(name: string, action: string, input: Record<string, unknown>) {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'service',
      parameters: [],
      steps: [{ id: 'dpra', name: 'DPRA step', action, input }],
    },
  };
}

const FAILING_TEMPLATES = [
  {
    name: 'dpra-invalid-spec',
    action: 'dpra:pipeline:validate',
    input: { spec: { ...minimalSpec('AppPipeline'), metadata: { name: 'Not A Name' } } },
    error: /^InputError: The pipeline spec has \d+ problems?:\n- /,
  },
  {
    name: 'dpra-target-outside',
    action: 'dpra:pipeline:generate',
    input: { spec: minimalSpec('AppPipeline'), targetPath: '../../outside' },
    error: /^NotAllowedError: targetPath: "..\/..\/outside" resolves outside the workspace$/,
  },
];

type TaskEvent = {
  type: string;
  body: { status?: string; message?: string; output?: any; stepId?: string };
};

/** Runs a template's task to its end; its events, as the task page reads them. */
async function runTask(server: any, templateRef: string, values: object) {
  const created = await request(server).post('/api/scaffolder/v2/tasks').send({ templateRef, values });
  expect(created.status).toBe(201);
  const started = Date.now();
  let events: TaskEvent[] = [];
  while (!events.some(e => e.type === 'completion') && Date.now() - started < 170_000) {
    await new Promise(resolve => setTimeout(resolve, 250));
    events = (await request(server).get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)).body;
  }
  return { id: created.body.id as string, events, runTime: Date.now() - started };
}

/** Runs a template's task, which must complete with no failed step; its events and skipped steps. */
async function runCompletedTask(server: any, templateRef: string, values: object, label: string) {
  const { id, events, runTime } = await runTask(server, templateRef, values);
  const task = await request(server).get(`/api/scaffolder/v2/tasks/${id}`);
  // eslint-disable-next-line no-console
  console.log(`task of ${label}: ${task.body.status} in ${runTime} ms`);
  expect({
    status: task.body.status,
    failures: events
      .filter(event => event.body.status === 'failed')
      .map(event => `${event.body.stepId}: ${event.body.message}`),
  }).toEqual({ status: 'completed', failures: [] });
  const skipped = events.filter(event => event.body.status === 'skipped').map(event => event.body.stepId);
  return { events, skipped };
}

/** Waits until the catalog has ingested the templates from their files, as the portal's does at start. */
async function waitForTemplates(server: any) {
  const started = Date.now();
  for (const dir of TEMPLATE_DIRS) {
    const name = readTemplate(dir).metadata.name;
    let status = 0;
    while (status !== 200 && Date.now() - started < 120_000) {
      status = (await request(server).get(`/api/catalog/entities/by-name/template/default/${name}`)).status;
      if (status !== 200) await new Promise(resolve => setTimeout(resolve, 250));
    }
    if (status !== 200) {
      throw new Error(`the catalog did not ingest template ${name} (HTTP ${status})`);
    }
  }
}

/** Polls the catalog until an entity appears (the catalog processes a new location in the background). */
async function waitForEntity(server: any, kind: string, name: string) {
  const entityUrl = `/api/catalog/entities/by-name/${kind}/default/${name}`;
  let entity = await request(server).get(entityUrl);
  for (const begun = Date.now(); entity.status === 404 && Date.now() - begun < 60_000; ) {
    await new Promise(resolve => setTimeout(resolve, 250));
    entity = await request(server).get(entityUrl);
  }
  return entity;
}

describe('failing dpra steps as scaffolder tasks', () => {
  let server: Awaited<ReturnType<typeof startScaffolderTestBackend>>['server'];

  beforeAll(async () => {
    ({ server } = await startScaffolderTestBackend({
      // The catalog mock takes JSON entities; the inputs are JSON.
      entities: FAILING_TEMPLATES.map(t => failingTemplate(t.name, t.action, t.input)) as any[],
    }));
  });

  it.each(FAILING_TEMPLATES)(
    'a failing $action step shows the error named, without a stack, in the task log ($name)',
    async ({ name, error }) => {
      const { events } = await runTask(server, `template:default/${name}`, {});
      const failures = events.filter(e => e.body.status === 'failed').map(e => e.body.message ?? '');
      expect(failures).toEqual([expect.stringMatching(error)]);
      // No frames (`    at fn (/path/file.ts:1:2)`) and no server paths anywhere in the log.
      const log = events.map(e => e.body.message ?? '').join('\n');
      expect(log).not.toMatch(/\n\s+at /);
      expect(log).not.toContain(path.resolve(__dirname, '../../..'));
    },
  );
});

describe('software templates as scaffolder tasks, published on the local portal', () => {
  let backend: Awaited<ReturnType<typeof startScaffolderWithCatalogBackend>>;

  beforeAll(async () => {
    backend = await startScaffolderWithCatalogBackend();
    await waitForTemplates(backend.server);
  });

  afterAll(() => fs.rmSync(backend.dataDir, { recursive: true, force: true }));

  it.each(TEMPLATE_DIRS)('templates/%s completes, publishes locally and registers its entity', async dir => {
    const values = TEMPLATE_VALUES[dir]();
    const server = backend.server;
    const templateRef = `template:default/${readTemplate(dir).metadata.name}`;
    const { events, skipped } = await runCompletedTask(server, templateRef, values, `templates/${dir}`);
    expect(skipped).toEqual(expect.arrayContaining(['publish', 'register']));

    const completion = events.find(event => event.type === 'completion');
    expect(completion?.body.message).toBe('Run completed with status: completed');
    const output = completion!.body.output;
    const arn = `arn:aws:codepipeline:${values.toolchain.region}:${values.toolchain.account}:${values.name}`;
    const repoPage = `http://localhost:${(server.address() as AddressInfo).port}/api/scaffolder/dpra/local-git/${values.name}`;
    const entityRef = `component:default/${values.name}`;
    expect(output.links).toEqual([
      { title: 'Repository', url: repoPage },
      { title: 'Open in catalog', icon: 'catalog', entityRef },
      {
        title: 'Pipelines tab (its first execution)',
        icon: 'dashboard',
        url: `/catalog/default/component/${values.name}/pipelines`,
      },
      { title: 'Owner', icon: 'group', entityRef: values.owner },
      {
        title: 'Pipeline in the AWS console (after terraform apply)',
        url: `https://${values.toolchain.region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${values.name}/view?region=${values.toolchain.region}`,
      },
    ]);
    expect(output.text.map((t: { title: string }) => t.title)).toEqual([
      'Pipeline',
      'Pipeline spec (pipeline.yaml)',
    ]);
    expect(output.text[0].content).toContain(arn);
    // Every generated file is in the output with its text, Terraform JSON included, for the task
    // page to show one by one; each is the file the repository holds.
    const generatedFiles = output[GENERATED_FILES_OUTPUT] as Array<{ path: string; content: string }>;
    const stackFiles = generatedFiles.filter(file => /^pipeline\/cdktf\.out\/stacks\/[^/]+\/cdk\.tf\.json$/.test(file.path));
    expect(stackFiles.length).toBeGreaterThan(0);
    for (const stack of stackFiles) expect(JSON.parse(stack.content)).toHaveProperty('resource');
    expect(generatedFiles.map(file => file.path)).toContain('pipeline/pipeline.yaml');
    expect(output.text[1].content).toContain(`git clone ${repoPage}.git`);
    expect(output.text[1].content).toContain('its first\nexecution shows on the new entity');
    expect(output.text[1].content).toMatch(/```yaml\n[\s\S]*\napiVersion: dpra\/v1\n[\s\S]*\n```/);

    // The repository holds what the task generated; the local AWS scenario got the spec.
    const repositories = new LocalGitRepositories(path.join(backend.dataDir, 'git'));
    const files = await repositories.listFiles(values.name, values.source.branch);
    expect(files).toEqual(expect.arrayContaining(['catalog-info.yaml', 'README.md', 'pipeline/pipeline.yaml']));
    expect(fs.readFileSync(path.join(backend.dataDir, 'specs', `${values.name}.yaml`), 'utf8')).toBe(
      Buffer.from(await repositories.readFile(values.name, values.source.branch, 'pipeline/pipeline.yaml')).toString(),
    );
    expect(
      Buffer.from(await repositories.readFile(values.name, values.source.branch, stackFiles[0].path)).toString(),
    ).toBe(stackFiles[0].content);

    // The catalog holds the new entity, read from the repository, with its pipeline annotation.
    // The catalog processes a new location in the background: the entity appears within seconds.
    const entity = await waitForEntity(server, 'component', values.name);
    expect(entity.status).toBe(200);
    expect(entity.body.metadata.annotations).toMatchObject({
      'dpra.io/pipelines': arn,
      'backstage.io/managed-by-location': `url:${repoPage}/raw/${values.source.branch}/catalog-info.yaml`,
    });
  });
});

describe('software templates as scaffolder tasks, published to GitHub', () => {
  const ORG = 'dpra-example';
  let backend: Awaited<ReturnType<typeof startScaffolderWithCatalogBackend>>;
  let github: ReturnType<typeof startGithubApi>;

  beforeAll(async () => {
    github = startGithubApi({ organizations: [ORG] });
    backend = await startScaffolderWithCatalogBackend({
      features: [scaffolderModuleGithub],
      config: {
        integrations: { github: [{ host: 'github.com', token: GITHUB_TOKEN }] },
      },
    });
    await waitForTemplates(backend.server);
  });

  afterAll(() => {
    github?.close();
    if (backend) fs.rmSync(backend.dataDir, { recursive: true, force: true });
  });

  it.each(TEMPLATE_DIRS)(
    'templates/%s creates a GitHub repository, pushes to it and registers its entity',
    async dir => {
      const values: Record<string, any> = {
        ...TEMPLATE_VALUES[dir](),
        publish: 'github',
        repoUrl: `github.com?owner=${ORG}&repo=${TEMPLATE_VALUES[dir]().name}`,
      };
      const server = backend.server;
      const templateRef = `template:default/${readTemplate(dir).metadata.name}`;
      const { events, skipped } = await runCompletedTask(
        server,
        templateRef,
        values,
        `templates/${dir} to GitHub`,
      );
      expect(skipped).toEqual(
        expect.arrayContaining(['publishLocal', 'registerLocal']),
      );
      expect(skipped).not.toEqual(expect.arrayContaining(['publish']));

      // GitHub saw the documented calls: the owner, the new repository (as the template asks for
      // it), the git push, the branch protection, the catalog reading catalog-info.yaml.
      const repoPath = `${ORG}/${values.name}`;
      const created = github.calls.find(
        call =>
          call.path === `api.github.com/orgs/${ORG}/repos` &&
          call.body?.name === values.name,
      );
      expect(created?.body).toMatchObject({
        name: values.name,
        description: values.description,
        private: true,
        visibility: 'private',
      });
      expect(github.calls.map(call => `${call.method} ${call.path}`)).toEqual(
        expect.arrayContaining([
          `GET api.github.com/users/${ORG}`,
          `POST api.github.com/orgs/${ORG}/repos`,
          `GET github.com/${repoPath}.git/info/refs`,
          `POST github.com/${repoPath}.git/git-receive-pack`,
          `PUT api.github.com/repos/${repoPath}/branches/${values.source.branch}/protection`,
          `GET api.github.com/repos/${repoPath}/contents/catalog-info.yaml`,
        ]),
      );

      // The pushed repository holds what the task generated, on the branch the form chose.
      expect(github.listFiles(ORG, values.name, values.source.branch)).toEqual(
        expect.arrayContaining([
          'catalog-info.yaml',
          'README.md',
          'pipeline/pipeline.yaml',
        ]),
      );

      const output = events.find(event => event.type === 'completion')!.body
        .output;
      const entityRef = `component:default/${values.name}`;
      expect(output.links.slice(0, 2)).toEqual([
        { title: 'Repository', url: `https://github.com/${repoPath}.git` },
        { title: 'Open in catalog', icon: 'catalog', entityRef },
      ]);

      // The catalog holds the new entity, read from GitHub through the integration.
      const entity = await waitForEntity(server, 'component', values.name);
      expect(entity.status).toBe(200);
      expect(entity.body.metadata.annotations).toMatchObject({
        'dpra.io/pipelines': `arn:aws:codepipeline:${values.toolchain.region}:${values.toolchain.account}:${values.name}`,
        'backstage.io/managed-by-location': `url:https://github.com/${repoPath}/tree/${values.source.branch}/catalog-info.yaml`,
      });
    },
  );
});
