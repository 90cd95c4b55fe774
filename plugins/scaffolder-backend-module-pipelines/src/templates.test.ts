import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import {
  AWS_REGIONS,
  CDKTF_PROJECT_VERSIONS,
  DEPLOYMENT_WINDOW_TIME_ZONE_PATTERN,
  EXECUTION_POLICIES,
} from '@dpra/stacks';
import {
  REQUIRED_CHECKS,
  WAIVER_REASON_MAX_LENGTH,
  type PipelineKind,
} from '@dpra/pipeline-contract';
import { DPRA_TEMPLATE_REFS, GENERATED_FILES_OUTPUT } from '@dpra/plugin-pipelines-common';
import { customizeValidator } from '@rjsf/validator-ajv8';
import ajvErrors from 'ajv-errors';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { TEMPLATES_DIR } from './testing/scaffolderBackend';
import { TEMPLATE_VALUES } from './testing/templateValues';

/*
 * Static checks of the software templates in /templates. The dry-run integration test
 * (templates.dryrun.test.ts) runs them through the real scaffolder.
 */

const TEMPLATE_DIRS = Object.keys(TEMPLATE_VALUES) as Array<keyof typeof TEMPLATE_VALUES>;

/** The form validator the portal's scaffolder frontend uses (RJSF ajv8 + ajv-errors). */
function createFormValidator() {
  const validator = customizeValidator();
  ajvErrors(validator.ajv);
  return validator;
}

function loadTemplate(dir: string): any {
  const text = fs.readFileSync(path.join(TEMPLATES_DIR, dir, 'template.yaml'), 'utf8');
  const documents = yaml.parseAllDocuments(text);
  expect(documents).toHaveLength(1);
  expect(documents[0].errors).toEqual([]);
  return documents[0].toJS({ maxAliasCount: 100 });
}

/** Every sub-schema of a parameter page, with its JSON pointer-ish location. */
function* schemaNodes(node: unknown, at = ''): Generator<[string, any]> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* schemaNodes(item, `${at}[${i}]`);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  yield [at, node];
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'default' && key !== 'enum' && key !== 'ui:options') {
      yield* schemaNodes(value, `${at}.${key}`);
    }
  }
}

describe('templates/all.yaml', () => {
  it('is a Location that lists exactly the templates, which exist', () => {
    const location = yaml.parse(fs.readFileSync(path.join(TEMPLATES_DIR, 'all.yaml'), 'utf8'));
    expect(location.kind).toBe('Location');
    expect(location.spec.targets).toEqual(
      TEMPLATE_DIRS.map(dir => `./${dir}/template.yaml`),
    );
    for (const target of location.spec.targets) {
      expect(fs.existsSync(path.join(TEMPLATES_DIR, target))).toBe(true);
    }
  });
});

describe.each(TEMPLATE_DIRS)('templates/%s', dir => {
  const template = loadTemplate(dir);
  const pages: any[] = template.spec.parameters;
  const steps: any[] = template.spec.steps;
  const validator = createFormValidator();

  it('is a valid scaffolder.backstage.io/v1beta3 Template', async () => {
    expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
    await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(true);
  });

  it("is one of the templates whose task page shows every generated file, and hands them over", () => {
    expect(DPRA_TEMPLATE_REFS).toContain(`template:default/${template.metadata.name}`);
    expect(template.spec.output[GENERATED_FILES_OUTPUT]).toBe('${{ steps.generate.output.contents }}');
  });

  it('every parameter page compiles under the portal form validator', () => {
    for (const page of pages) {
      expect(() => validator.ajv.compile(page)).not.toThrow();
    }
  });

  it('every default satisfies its own schema', () => {
    const failures: string[] = [];
    let defaults = 0;
    pages.forEach((page, p) => {
      for (const [at, node] of schemaNodes(page, `parameters[${p}]`)) {
        if (!('default' in node)) continue;
        defaults += 1;
        const { default: value, ...schema } = node;
        const validate = validator.ajv.compile(schema);
        if (!validate(value)) {
          failures.push(`${at}: ${JSON.stringify(validate.errors)}`);
        }
      }
    });
    expect(failures).toEqual([]);
    expect(defaults).toBeGreaterThan(5);
  });

  it('offers exactly the AWS regions of @dpra/stacks wherever it asks for a region', () => {
    const regionLists = [...schemaNodes(pages)]
      .filter(([, node]) => Array.isArray(node.enum) && node.enum.includes('us-east-1'))
      .map(([at, node]) => ({ at, regions: node.enum }));
    expect(regionLists.length).toBeGreaterThanOrEqual(2);
    expect(regionLists).toEqual(
      regionLists.map(({ at }) => ({ at, regions: [...AWS_REGIONS] })),
    );
  });

  it("offers a waiver for exactly the kind's DPRA-required checks, with a reason the tag can hold", () => {
    const page = pages.find(p => p.properties?.waivers);
    const waivers = page.properties.waivers;
    const kind = steps.find(s => s.id === 'generate').input.spec.kind as PipelineKind;
    expect(waivers.items.properties.check.enum).toEqual(
      REQUIRED_CHECKS[kind].map(c => c.check),
    );
    expect(waivers.items.properties.reason.maxLength).toBe(WAIVER_REASON_MAX_LENGTH);
    expect(steps.find(s => s.id === 'generate').input.spec.spec.waivers).toBe(
      '${{ parameters.waivers }}',
    );
    const values = { ...TEMPLATE_VALUES[dir](), waivers: [{ check: 'approval.enabled', reason: 'short' }] };
    expect(
      validator.validateFormData(values, page).errors.map(e => `${e.property} ${e.message}`),
    ).toEqual(['.waivers.0.reason Say why the check is off, in at least 10 characters']);
  });

  it('offers the execution-role policies of @dpra/stacks, the narrow one by default', () => {
    // Only the app template deploys a CloudFormation stack into environment accounts.
    const deploy = pages.find(p => p.properties?.deploy)?.properties.deploy;
    expect(
      deploy && {
        policies: deploy.properties.executionPolicy.enum,
        policy: deploy.properties.executionPolicy.default,
        managed: deploy.properties.executionPolicyArns.default,
      },
    ).toEqual(
      dir === 'app-service'
        ? { policies: [...EXECUTION_POLICIES], policy: 'lambda-function-url', managed: [] }
        : undefined,
    );
  });

  it('asks for the deployment window time zone with the pattern of @dpra/stacks', () => {
    const timeZones = [...schemaNodes(pages)]
      .filter(([at, node]) => at.endsWith('.timeZone') && node.type === 'string')
      .map(([at, node]) => ({ at, pattern: node.pattern }));
    expect(timeZones.length).toBeGreaterThanOrEqual(1);
    expect(timeZones).toEqual(
      timeZones.map(({ at }) => ({ at, pattern: DEPLOYMENT_WINDOW_TIME_ZONE_PATTERN })),
    );
  });

  it('accepts the sample form values on every page', () => {
    const values = TEMPLATE_VALUES[dir]();
    for (const page of pages) {
      const { errors } = validator.validateFormData(values, page);
      expect(errors).toEqual([]);
    }
  });

  it('explains a malformed account id, name and region in words', () => {
    const values = TEMPLATE_VALUES[dir]();
    values.name = 'Orders_Service';
    values.toolchain = { account: '1234', region: 'us-east-9' };
    const messages = pages.flatMap(page =>
      validator.validateFormData(values, page).errors.map(e => `${e.property} ${e.message}`),
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\.name 3-28 characters: lowercase letters/),
        expect.stringMatching(/^\.toolchain\.account An AWS account id is exactly 12 digits/),
        expect.stringMatching(/^\.toolchain\.region must be equal to one of the allowed values/),
      ]),
    );
  });

  it('asks for a repository only when publishing to GitHub', () => {
    const sourcePage = pages.find(page => page.properties?.publish);
    const local = TEMPLATE_VALUES[dir]();
    expect(validator.validateFormData(local, sourcePage).errors).toEqual([]);
    const github = { ...local, publish: 'github' };
    expect(validator.validateFormData(github, sourcePage).errors).not.toEqual([]);
    const withRepo = { ...github, repoUrl: 'github.com?owner=example-org&repo=x' };
    expect(validator.validateFormData(withRepo, sourcePage).errors).toEqual([]);
  });

  it('has unique step ids, validates before generating, and publishes only on request', () => {
    const ids = steps.map(step => step.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.indexOf('validate')).toBeLessThan(ids.indexOf('generate'));
    expect(steps.find(s => s.id === 'validate').input.spec).toEqual(
      steps.find(s => s.id === 'generate').input.spec,
    );
    // Each destination publishes, then registers what it published; nothing else publishes.
    const publishing = steps
      .filter(s => /^(publish:|catalog:register)/.test(s.action))
      .map(s => ({ id: s.id, action: s.action, if: s.if }));
    expect(publishing).toEqual([
      { id: 'publish', action: 'publish:github', if: "${{ parameters.publish === 'github' }}" },
      { id: 'register', action: 'catalog:register', if: "${{ parameters.publish === 'github' }}" },
      { id: 'publishLocal', action: 'publish:dpra-local', if: "${{ parameters.publish === 'local' }}" },
      { id: 'registerLocal', action: 'catalog:register', if: "${{ parameters.publish === 'local' }}" },
    ]);
    expect(steps.find(s => s.id === 'publishLocal').input.pipelineSpecPath).toBe(
      '${{ steps.generate.output.specPath }}',
    );
  });

  it('fetches a skeleton that exists and has a README', () => {
    const fetch = steps.find(step => step.action === 'fetch:template');
    const skeleton = path.join(TEMPLATES_DIR, dir, fetch.input.url);
    expect(fs.existsSync(path.join(skeleton, 'README.md'))).toBe(true);
    // catalog-info.yaml is written from data by catalog:write, never templated as text.
    expect(fs.existsSync(path.join(skeleton, 'catalog-info.yaml'))).toBe(false);
    expect(steps.some(step => step.action === 'catalog:write')).toBe(true);
  });
});

describe('template skeletons and the supported Node.js', () => {
  // The repository's .nvmrc names the Node.js major this project supports; what a template hands
  // a service team must not target an older one.
  const major = fs
    .readFileSync(path.join(TEMPLATES_DIR, '..', '.nvmrc'), 'utf8')
    .trim()
    .split('.')[0];

  function* skeletonFiles(dir: string): Generator<string> {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) yield* skeletonFiles(file);
      else yield file;
    }
  }
  const files = TEMPLATE_DIRS.flatMap(dir => [
    ...skeletonFiles(path.join(TEMPLATES_DIR, dir, 'skeleton')),
  ]);

  it(`pins Node.js ${major} wherever a skeleton names a Node.js version`, () => {
    const problems: string[] = [];
    for (const file of files) {
      const where = path.relative(TEMPLATES_DIR, file);
      const text = fs.readFileSync(file, 'utf8');
      if (path.basename(file) === 'package.json') {
        const engines = JSON.parse(text).engines?.node;
        if (
          engines !== undefined &&
          !new RegExp(`(^|\\|\\|)\\s*\\^?${major}\\b`).test(engines)
        ) {
          problems.push(`${where}: engines.node ${engines}`);
        }
        if (!fs.existsSync(path.join(path.dirname(file), '.nvmrc'))) {
          problems.push(`${where}: no .nvmrc next to it`);
        }
      }
      if (
        path.basename(file) === '.nvmrc' &&
        text.trim().split('.')[0] !== major
      ) {
        problems.push(`${where}: ${text.trim()}`);
      }
      for (const [, version] of text.matchAll(/Runtime:\s*nodejs(\d+)\.x/g)) {
        if (version !== major)
          problems.push(`${where}: Lambda runtime nodejs${version}.x`);
      }
      for (const [, version] of text.matchAll(/^FROM\s+node:(\d+)/gm)) {
        if (version !== major) problems.push(`${where}: FROM node:${version}`);
      }
    }
    expect(problems).toEqual([]);
    expect(CDKTF_PROJECT_VERSIONS['@types/node']).toMatch(
      new RegExp(`^\\^${major}\\.`),
    );
  });
});
