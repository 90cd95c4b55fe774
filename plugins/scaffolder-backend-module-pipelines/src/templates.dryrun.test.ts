import { TAG, waiverTagKey } from '@dpra/pipeline-contract';
import { GENERATED_FILES_OUTPUT } from '@dpra/plugin-pipelines-common';
import { parseSpecYaml } from '@dpra/stacks';
import { terraformDescribe, terraformValidate } from '@dpra/stacks/testing';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import {
  TEMPLATES_DIR,
  readTemplate,
  startScaffolderTestBackend,
} from './testing/scaffolderBackend';
import { TEMPLATE_VALUES } from './testing/templateValues';

/*
 * The three software templates, driven through the real scaffolder backend (in-process, with this
 * module and a mock catalog) via its dry-run API — the same call the portal's template editor
 * makes. Asserts the files a user would get, then runs `terraform validate` on every stack.
 */

jest.setTimeout(180_000);

// terraform validate needs the CLI and a provider mirror: skipped loudly without them, unless
// DPRA_REQUIRE_TERRAFORM=1, where the missing tool is a failure.
const describeTerraform = terraformDescribe();

const TEMPLATE_DIRS = Object.keys(TEMPLATE_VALUES) as Array<
  keyof typeof TEMPLATE_VALUES
>;
const KIND_BY_TEMPLATE = {
  'app-service': 'AppPipeline',
  'ami-build': 'ImagePipeline',
  'account-fleet': 'AccountFleetPipeline',
  'dynamic-config': 'ConfigPipeline',
} as const;

type DryRunFile = { path: string; base64Content: string; executable?: boolean };

/** The template directory as the dry-run API wants it: every file, base64, relative path. */
function directoryContents(dir: string): DryRunFile[] {
  return (
    fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]
  )
    .filter(entry => entry.isFile())
    .map(entry => {
      const full = path.join(entry.parentPath, entry.name);
      return {
        path: path.relative(dir, full).split(path.sep).join('/'),
        base64Content: fs.readFileSync(full).toString('base64'),
      };
    });
}

function fileText(files: DryRunFile[], filePath: string): string {
  const file = files.find(f => f.path === filePath);
  if (!file) {
    throw new Error(
      `${filePath} not produced; got:\n${files.map(f => f.path).join('\n')}`,
    );
  }
  return Buffer.from(file.base64Content, 'base64').toString('utf8');
}

describe('software templates through the scaffolder dry-run API', () => {
  let server: Awaited<ReturnType<typeof startScaffolderTestBackend>>['server'];
  let dataDir: string;

  beforeAll(async () => {
    ({ server, dataDir } = await startScaffolderTestBackend());
  });

  it('lists every action the templates use (except GitHub publishing, which is conditional)', async () => {
    const response = await request(server).get('/api/scaffolder/v2/actions');
    expect(response.status).toBe(200);
    const available = new Set(response.body.map((a: { id: string }) => a.id));
    expect(available.has('dpra:pipeline:generate')).toBe(true);
    expect(available.has('dpra:pipeline:validate')).toBe(true);
    for (const dir of TEMPLATE_DIRS) {
      const template = readTemplate(dir);
      const missing = template.spec.steps
        .filter((step: any) => !available.has(step.action))
        .map((step: any) => ({ action: step.action, if: step.if }));
      // Only the GitHub publisher may be missing from the local portal, and it must be guarded.
      expect(missing).toEqual([
        {
          action: 'publish:github',
          if: "${{ parameters.publish === 'github' }}",
        },
      ]);
    }
  });

  describe.each(TEMPLATE_DIRS)('templates/%s', dir => {
    let result: {
      directoryContents: DryRunFile[];
      output: { links?: any[]; text?: any[] };
      log: Array<{
        body: { message: string; status?: string; stepId?: string };
      }>;
    };
    const values = TEMPLATE_VALUES[dir]();
    if (dir === 'app-service') {
      // A required check off with its reason: the reason reaches the spec and the pipeline's tags.
      values.checks = { ...values.checks, sast: false };
      values.waivers = [
        {
          check: 'build.checks.sast',
          reason: "Semgrep runs in the monorepo's nightly job (SEC-142)",
        },
      ];
    }
    const name: string = values.name;
    const arn = `arn:aws:codepipeline:${values.toolchain.region}:${values.toolchain.account}:${name}`;

    beforeAll(async () => {
      const template = readTemplate(dir);
      const started = Date.now();
      const response = await request(server)
        .post('/api/scaffolder/v2/dry-run')
        .send({
          template,
          values,
          directoryContents: directoryContents(path.join(TEMPLATES_DIR, dir)),
        });
      if (response.status !== 200) {
        throw new Error(
          `dry run failed: ${response.status} ${JSON.stringify(response.body)}`,
        );
      }
      result = response.body;
      // eslint-disable-next-line no-console
      console.log(`dry run of templates/${dir}: ${Date.now() - started} ms`);
    });

    it('completes every step', () => {
      const failures = result.log.filter(
        entry =>
          entry.body.status === 'failed' ||
          /error/i.test(entry.body.status ?? ''),
      );
      expect(failures).toEqual([]);
      const completed = new Set(
        result.log
          .filter(e => e.body.status === 'completed')
          .map(e => e.body.stepId),
      );
      expect([...completed]).toEqual(
        expect.arrayContaining(['validate', 'generate', 'fetch', 'catalog']),
      );
    });

    it('produces the spec, valid and of the right kind', () => {
      const spec = parseSpecYaml(
        fileText(result.directoryContents, 'pipeline/pipeline.yaml'),
      );
      expect(spec.ok).toBe(true);
      if (!spec.ok) return;
      expect(spec.spec.kind).toBe(KIND_BY_TEMPLATE[dir]);
      expect(spec.spec.metadata.name).toBe(name);
      expect(spec.spec.metadata.owner).toBe(values.owner);
      // The form does not ask for the execution mode: the spec's default applies.
      expect(spec.spec.spec.toolchain).toEqual({
        ...values.toolchain,
        executionMode: 'QUEUED',
      });
      expect(spec.spec.spec.waivers).toEqual(values.waivers ?? []);
    });

    it('gives the CloudFormation execution role what the form chose, and no broad managed policy by default', () => {
      const environments = result.directoryContents
        .filter(f => f.path.endsWith('/cdk.tf.json'))
        .map(f => JSON.parse(fileText(result.directoryContents, f.path)))
        .filter(stack => stack.resource?.aws_iam_role?.['cfn-exec-role']);
      // Only the app template deploys into environment accounts.
      expect(
        environments.map(stack => ({
          attached: stack.resource.aws_iam_role_policy_attachment,
          policy:
            stack.resource.aws_iam_role_policy['cfn-exec-template-policy'].name,
        })),
      ).toEqual(
        dir === 'app-service'
          ? Array(3).fill({
              attached: undefined,
              policy: values.deploy.executionPolicy,
            })
          : [],
      );
    });

    it("writes each waiver's reason as a tag of the pipeline", () => {
      const pipelines = result.directoryContents
        .filter(f => f.path.endsWith('/cdk.tf.json'))
        .flatMap(f =>
          Object.values(
            JSON.parse(fileText(result.directoryContents, f.path)).resource
              ?.aws_codepipeline ?? {},
          ),
        ) as Array<{ tags?: Record<string, string> }>;
      expect(pipelines).toHaveLength(1);
      expect(pipelines[0].tags).toEqual(
        values.waivers
          ? Object.fromEntries(
              values.waivers.map((w: { check: string; reason: string }) => [
                waiverTagKey(w.check),
                w.reason,
              ]),
            )
          : undefined,
      );
    });

    it('produces Terraform JSON stacks and the cdktf project', () => {
      const stackFiles = result.directoryContents.filter(f =>
        /^pipeline\/cdktf\.out\/stacks\/[^/]+\/cdk\.tf\.json$/.test(f.path),
      );
      expect(stackFiles.length).toBeGreaterThan(0);
      for (const file of stackFiles) {
        const terraform = JSON.parse(
          fileText(result.directoryContents, file.path),
        );
        expect(terraform.provider.aws).toBeDefined();
      }
      expect(
        result.directoryContents.some(f => f.path === 'pipeline/cdktf.json'),
      ).toBe(true);
    });

    it('writes catalog-info.yaml linking the entity to its pipeline', () => {
      const entity = yaml.parse(
        fileText(result.directoryContents, 'catalog-info.yaml'),
      );
      expect(entity).toMatchObject({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          description: values.description,
          annotations: {
            'dpra.io/pipelines': arn,
            'dpra.io/pipeline-tags': `${TAG.pipeline}=${name}`,
          },
        },
        spec: { owner: values.owner, lifecycle: values.lifecycle },
      });
    });

    it('renders the skeleton README with the pipeline and its stacks', () => {
      const readme = fileText(result.directoryContents, 'README.md');
      expect(readme).toContain(`# ${name}`);
      expect(readme).toContain(arn);
      expect(readme).toContain('terraform init');
      expect(readme).toMatch(
        /- `[^`]+`: `pipeline\/cdktf\.out\/stacks\/[^`]+\/cdk\.tf\.json`/,
      );
      expect(readme).not.toContain('${{');
    });

    it('outputs links (owner, AWS console, the local repository it would create), text (ARN) and every generated file', () => {
      const links = result.output.links ?? [];
      expect(links).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ entityRef: values.owner }),
          expect.objectContaining({
            url: `https://${values.toolchain.region}.console.aws.amazon.com/codesuite/codepipeline/pipelines/${name}/view?region=${values.toolchain.region}`,
          }),
        ]),
      );
      // A dry run of the local publisher names the repository it would create, and writes none.
      expect(links.filter(link => link.title === 'Repository')).toEqual([
        {
          title: 'Repository',
          url: expect.stringMatching(
            new RegExp(`/api/scaffolder/dpra/local-git/${name}$`),
          ),
        },
      ]);
      expect(fs.readdirSync(dataDir)).toEqual([]);
      const text = (result.output.text ?? []).map(t => t.content).join('\n');
      expect(text).toContain(arn);
      // Every generated file, with the text the workspace holds, for the task page to show.
      const generated = (result.output as Record<string, unknown>)[
        GENERATED_FILES_OUTPUT
      ] as Array<{
        path: string;
        content: string;
      }>;
      const written = result.directoryContents.filter(f =>
        f.path.startsWith('pipeline/'),
      );
      expect(generated.map(file => file.path).sort()).toEqual(
        written.map(file => file.path).sort(),
      );
      for (const file of generated) {
        expect(file.content).toBe(
          fileText(result.directoryContents, file.path),
        );
      }
    });

    describeTerraform('terraform validate', () => {
      it('accepts every produced stack', async () => {
        const stackFiles = result.directoryContents.filter(f =>
          /^pipeline\/cdktf\.out\/stacks\/[^/]+\/cdk\.tf\.json$/.test(f.path),
        );
        expect(stackFiles.length).toBeGreaterThan(0);
        const outcome = await terraformValidate(
          stackFiles.map(file => ({
            name: file.path.split('/').slice(-2)[0],
            json: fileText(result.directoryContents, file.path),
          })),
        );
        expect(outcome).toEqual({ valid: true, diagnostics: [] });
      });
    });
  });
});
