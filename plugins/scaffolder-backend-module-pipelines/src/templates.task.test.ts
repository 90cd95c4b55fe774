import { minimalSpec } from '@dpra/stacks';
import path from 'node:path';
import request from 'supertest';
import { TEMPLATES_DIR, readTemplate, startScaffolderTestBackend } from './testing/scaffolderBackend';
import { TEMPLATE_VALUES } from './testing/templateValues';

/*
 * The three templates as real scaffolder tasks (not dry runs), the way the portal's Create page
 * starts them: the templates are catalog entities registered from their files, the task is created
 * with POST /v2/tasks and runs in the scaffolder's task worker. Asserts that each task completes
 * with its links and prints its run time.
 */

jest.setTimeout(180_000);

const TEMPLATE_DIRS = Object.keys(TEMPLATE_VALUES) as Array<keyof typeof TEMPLATE_VALUES>;

/** The template entity as the catalog holds it after reading it from a `file` location. */
function templateEntity(dir: string) {
  const file = path.join(TEMPLATES_DIR, dir, 'template.yaml');
  const entity = readTemplate(dir);
  entity.metadata.namespace = 'default';
  entity.metadata.annotations = {
    'backstage.io/managed-by-location': `file:${file}`,
    'backstage.io/managed-by-origin-location': `file:${path.join(TEMPLATES_DIR, 'all.yaml')}`,
  };
  return entity;
}

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

describe('software templates as scaffolder tasks', () => {
  let server: Awaited<ReturnType<typeof startScaffolderTestBackend>>['server'];

  beforeAll(async () => {
    ({ server } = await startScaffolderTestBackend({
      entities: [
        ...TEMPLATE_DIRS.map(templateEntity),
        ...FAILING_TEMPLATES.map(t => failingTemplate(t.name, t.action, t.input)),
      ],
    }));
  });

  /** Runs a template's task to its end; its events, as the task page reads them. */
  async function runTask(templateRef: string, values: object) {
    const created = await request(server).post('/api/scaffolder/v2/tasks').send({ templateRef, values });
    expect(created.status).toBe(201);
    const started = Date.now();
    let events: TaskEvent[] = [];
    while (!events.some(e => e.type === 'completion') && Date.now() - started < 170_000) {
      await new Promise(resolve => setTimeout(resolve, 250));
      events = (await request(server).get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)).body;
    }
    return events;
  }

  it.each(FAILING_TEMPLATES)(
    'a failing $action step shows the error named, without a stack, in the task log ($name)',
    async ({ name, error }) => {
      const events = await runTask(`template:default/${name}`, {});
      const failures = events.filter(e => e.body.status === 'failed').map(e => e.body.message ?? '');
      expect(failures).toEqual([expect.stringMatching(error)]);
      // No frames (`    at fn (/path/file.ts:1:2)`) and no server paths anywhere in the log.
      const log = events.map(e => e.body.message ?? '').join('\n');
      expect(log).not.toMatch(/\n\s+at /);
      expect(log).not.toContain(path.resolve(__dirname, '../../..'));
    },
  );

  it.each(TEMPLATE_DIRS)('templates/%s completes with its links', async dir => {
    const values = TEMPLATE_VALUES[dir]();
    const templateRef = `template:default/${templateEntity(dir).metadata.name}`;
    const started = Date.now();

    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .send({ templateRef, values });
    expect(created.status).toBe(201);

    let completion: TaskEvent | undefined;
    let events: TaskEvent[] = [];
    while (!completion && Date.now() - started < 170_000) {
      await new Promise(resolve => setTimeout(resolve, 250));
      events = (await request(server).get(`/api/scaffolder/v2/tasks/${created.body.id}/events`))
        .body;
      completion = events.find(event => event.type === 'completion');
    }
    const runTime = Date.now() - started;
    const task = await request(server).get(`/api/scaffolder/v2/tasks/${created.body.id}`);
    // eslint-disable-next-line no-console
    console.log(`task of templates/${dir}: ${task.body.status} in ${runTime} ms`);

    expect({
      status: task.body.status,
      failures: events
        .filter(event => event.body.status === 'failed')
        .map(event => `${event.body.stepId}: ${event.body.message}`),
    }).toEqual({ status: 'completed', failures: [] });

    const skipped = events
      .filter(event => event.body.status === 'skipped')
      .map(event => event.body.stepId);
    expect(skipped).toEqual(expect.arrayContaining(['publish', 'register']));

    expect(completion?.body.message).toBe('Run completed with status: completed');
    const output = completion!.body.output;
    const arn = `arn:aws:codepipeline:${values.toolchain.region}:${values.toolchain.account}:${values.name}`;
    expect(output.links).toEqual([
      { title: 'Owner', icon: 'group', entityRef: values.owner },
      {
        title: 'Pipeline in the AWS console (after terraform apply)',
        url: `https://${values.toolchain.region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${values.name}/view?region=${values.toolchain.region}`,
      },
    ]);
    expect(output.text.map((t: { title: string }) => t.title)).toEqual([
      'Pipeline',
      'Generated files',
      'Pipeline spec (pipeline.yaml)',
    ]);
    expect(output.text[0].content).toContain(arn);
    // Every generated file is readable in the output, Terraform JSON included, under its name.
    const generatedFiles = output.text[1].content as string;
    const stackFiles = generatedFiles.match(/#### `[^`]+\/cdk\.tf\.json`/g) ?? [];
    expect(stackFiles.length).toBeGreaterThan(0);
    expect(generatedFiles).toMatch(/````json\n\{\n\s+"\/\/": \{/);
    expect(generatedFiles).toContain('#### `pipeline/pipeline.yaml`');
    expect(output.text[2].content).toMatch(/```yaml\n[\s\S]*\napiVersion: dpra\/v1\n[\s\S]*\n```/);
  });
});
