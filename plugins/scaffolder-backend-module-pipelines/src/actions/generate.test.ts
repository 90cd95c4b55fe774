import { TAG } from '@dpra/pipeline-contract';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseSpecYaml, validateSpec } from '@dpra/stacks';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { createGeneratePipelineAction } from './generate';
import { EXAMPLE_SPEC_BY_KIND, exampleSpecInput } from '@dpra/stacks/testing';

/** A valid spec of every kind: the canonical examples (examples/specs), fresh on every call. */
const SPECS_BY_KIND = Object.entries(EXAMPLE_SPEC_BY_KIND).map(
  ([kind, example]) => [kind, () => exampleSpecInput(example)] as const,
);
const appServiceSpec = () => exampleSpecInput('app-service');

/** Every file under `dir`, relative, sorted (symlinks listed, not followed). */
function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (
    fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]
  )
    .filter(entry => !entry.isDirectory())
    .map(entry => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * The source with every string literal blanked out: what remains is code. Text that reaches a
 * generated source file safely appears only inside literals.
 */
function codeOutsideStringLiterals(fileName: string, source: string): string {
  const file = ts.createSourceFile(
    fileName,
    source,
    ts.ScriptTarget.ES2022,
    true,
  );
  const literals: Array<[number, number]> = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      literals.push([node.getStart(file), node.getEnd()]);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let code = source;
  for (const [start, end] of literals) {
    code = code.slice(0, start) + ' '.repeat(end - start) + code.slice(end);
  }
  return code;
}

/** The value passed to ctx.output(name) by the last handler run. */
function outputOf(ctx: { output: unknown }, name: string): any {
  const calls = (ctx.output as jest.Mock).mock.calls.filter(
    ([n]) => n === name,
  );
  expect(calls).toHaveLength(1);
  return calls[0][1];
}

// Each generation synthesizes real cdktf stacks: seconds on a quiet machine, more than jest's 5 s
// default on a loaded 2-core one.
jest.setTimeout(60_000);

describe('dpra:pipeline:generate', () => {
  const mockDir = createMockDirectory();
  const workspacePath = mockDir.resolve('workspace');
  const outsidePath = mockDir.resolve('outside');
  const action = createGeneratePipelineAction();

  beforeEach(() => {
    mockDir.setContent({
      workspace: {},
      outside: { 'keep.txt': 'untouched' },
    });
  });

  function contextFor(input: Record<string, unknown>, extra: object = {}) {
    return Object.assign(
      createMockActionContext({ input: input as any, workspacePath }),
      extra,
    );
  }

  describe.each(SPECS_BY_KIND)('GIVEN a valid %s spec', (kind, makeSpec) => {
    it('WHEN generated THEN the spec, the cdktf project and the stacks are in the workspace and outputs describe them', async () => {
      const input = makeSpec();
      const ctx = contextFor({ spec: input, targetPath: 'pipeline' });

      await action.handler(ctx);

      const name = input.metadata.name;
      const { account, region } = input.spec.toolchain;
      const arn = `arn:aws:codepipeline:${region}:${account}:${name}`;
      expect(outputOf(ctx, 'pipelineName')).toBe(name);
      expect(outputOf(ctx, 'pipelineArn')).toBe(arn);
      expect(outputOf(ctx, 'annotations')).toEqual({
        'dpra.io/pipelines': arn,
        'dpra.io/pipeline-tags': `${TAG.pipeline}=${name}`,
      });

      // pipeline.yaml: the validated spec (defaults applied), re-readable by the generator.
      expect(outputOf(ctx, 'specPath')).toBe('pipeline/pipeline.yaml');
      const written = parseSpecYaml(
        fs.readFileSync(
          path.join(workspacePath, 'pipeline/pipeline.yaml'),
          'utf8',
        ),
      );
      expect(written.ok).toBe(true);
      const expected = validateSpec(input);
      expect(written).toEqual(expected);
      expect(parseSpecYaml(outputOf(ctx, 'specYaml'))).toEqual(expected);
      expect((written as any).spec.kind).toBe(kind);

      // Stacks: Terraform JSON files that exist and declare an AWS provider.
      const stacks: Array<{ name: string; path: string }> = outputOf(
        ctx,
        'stacks',
      );
      expect(stacks.length).toBeGreaterThan(0);
      for (const stack of stacks) {
        expect(stack.path).toMatch(/^pipeline\/cdktf\.out\//);
        const terraform = JSON.parse(
          fs.readFileSync(path.join(workspacePath, stack.path), 'utf8'),
        );
        // The tag the dpra.io/pipeline-tags annotation looks up is on every resource.
        expect(
          terraform.provider.aws.map(
            (p: any) => p.default_tags?.[0]?.tags?.[TAG.pipeline],
          ),
        ).toEqual(terraform.provider.aws.map(() => name));
      }

      // files: exactly what is on disk, all inside the target path.
      const files: string[] = outputOf(ctx, 'files');
      expect(files).toEqual(listTree(workspacePath));
      expect(files).toEqual(expect.arrayContaining(['pipeline/pipeline.yaml']));
      expect(files.some(f => f.startsWith('pipeline/cdktf.out/'))).toBe(true);
      expect(
        files.some(
          f =>
            !f.startsWith('pipeline/cdktf.out/') &&
            f !== 'pipeline/pipeline.yaml',
        ),
      ).toBe(true);
      expect(listTree(outsidePath)).toEqual(['keep.txt']);
    });
  });

  it('GIVEN synth and writeCdktfProject off THEN only pipeline.yaml is written and there are no stacks', async () => {
    const ctx = contextFor({
      spec: appServiceSpec(),
      synth: false,
      writeCdktfProject: false,
    });
    await action.handler(ctx);
    expect(listTree(workspacePath)).toEqual(['pipeline.yaml']);
    expect(outputOf(ctx, 'stacks')).toEqual([]);
    expect(outputOf(ctx, 'files')).toEqual(['pipeline.yaml']);
  });

  it('GIVEN an author-set dpra:pipeline tag THEN it is kept and used for the lookup annotation', async () => {
    const spec = appServiceSpec();
    spec.metadata.tags = { [TAG.pipeline]: 'orders' };
    const ctx = contextFor({ spec, synth: false, writeCdktfProject: false });
    await action.handler(ctx);
    expect(outputOf(ctx, 'annotations')['dpra.io/pipeline-tags']).toBe(
      `${TAG.pipeline}=orders`,
    );
  });

  describe('invalid input', () => {
    // The field is named in words, numbered from 1 as the form shows it (the path stays zero-based).
    it.each([
      [
        'spec.toolchain.account',
        'Toolchain account',
        (s: any) => {
          s.spec.toolchain.account = '12345';
        },
        /"12345" is not an AWS account id/,
      ],
      [
        'spec.production.waves[0].regions[0]',
        'Production wave 1, region 1',
        (s: any) => {
          s.spec.production.waves[0].regions = ['us-east-9'];
        },
        /"us-east-9" is not an AWS region/,
      ],
      [
        'metadata.name',
        'Name',
        (s: any) => {
          s.metadata.name = 'Orders Service';
        },
        /is not a valid name/,
      ],
      [
        'spec.environments.gamma.regions',
        'Environments gamma regions',
        (s: any) => {
          s.spec.environments.gamma.regions = ['us-east-1'];
        },
        /at least 2 regions/,
      ],
      [
        'kind',
        'Kind',
        (s: any) => {
          s.kind = 'Pipeline';
        },
        /is not a pipeline kind/,
      ],
    ])(
      'GIVEN a bad %s THEN the step fails naming the field and writes nothing',
      async (_path, field, mutate, reason) => {
        const spec = appServiceSpec();
        mutate(spec);
        const ctx = contextFor({ spec });

        const failure = action.handler(ctx);

        await expect(failure).rejects.toMatchObject({ name: 'InputError' });
        await expect(failure).rejects.toThrow(`\n- ${field}: `);
        await expect(failure).rejects.toThrow(reason);
        expect(listTree(workspacePath)).toEqual([]);
      },
    );
  });

  describe('dry run', () => {
    it('GIVEN isDryRun THEN everything is generated inside the workspace and nothing outside it', async () => {
      const before = listTree(mockDir.path);
      const ctx = contextFor(
        { spec: appServiceSpec(), targetPath: 'pipeline' },
        { isDryRun: true },
      );

      await action.handler(ctx);

      const after = listTree(mockDir.path);
      const added = after.filter(file => !before.includes(file));
      expect(added.length).toBeGreaterThan(0);
      expect(added.every(file => file.startsWith(`workspace${path.sep}`))).toBe(
        true,
      );
      expect(outputOf(ctx, 'stacks').length).toBeGreaterThan(0);
    });
  });

  describe('hostile input', () => {
    it.each(['../../etc', '..', 'pipeline/../../outside', '/etc', '/tmp/pwn'])(
      'GIVEN targetPath %p THEN it is refused before anything is written',
      async targetPath => {
        const ctx = contextFor({ spec: appServiceSpec(), targetPath });
        await expect(action.handler(ctx)).rejects.toThrow(/targetPath/);
        expect(listTree(workspacePath)).toEqual([]);
        expect(listTree(outsidePath)).toEqual(['keep.txt']);
      },
    );

    it('GIVEN a target directory that is a symlink out of the workspace THEN it is refused', async () => {
      fs.symlinkSync(outsidePath, path.join(workspacePath, 'pipeline'));
      const ctx = contextFor({
        spec: appServiceSpec(),
        targetPath: 'pipeline',
      });
      await expect(action.handler(ctx)).rejects.toThrow(
        /outside the workspace/,
      );
      expect(listTree(outsidePath)).toEqual(['keep.txt']);
    });

    it('GIVEN a planted pipeline.yaml symlink to a file outside THEN the outside file is not overwritten', async () => {
      fs.symlinkSync(
        path.join(outsidePath, 'keep.txt'),
        path.join(workspacePath, 'pipeline.yaml'),
      );
      const ctx = contextFor({ spec: appServiceSpec() });
      await expect(action.handler(ctx)).rejects.toThrow(
        /pipeline\.yaml is a symlink/,
      );
      expect(fs.readFileSync(path.join(outsidePath, 'keep.txt'), 'utf8')).toBe(
        'untouched',
      );
    });

    it.each([
      'orders"; rm -rf / #',
      'orders${process.exit(1)}',
      'orders\nservice',
      "orders'); require('child_process').execSync('id'); ('",
    ])(
      'GIVEN the name %p THEN it is rejected as a name, not executed',
      async name => {
        const spec = appServiceSpec();
        spec.metadata.name = name;
        const ctx = contextFor({ spec });
        await expect(action.handler(ctx)).rejects.toThrow(
          /- Name: .* is not a valid name/,
        );
        expect(listTree(workspacePath)).toEqual([]);
      },
    );

    it('GIVEN free text with quotes, ${{ }}, ${}, backticks and newlines THEN it is carried as data only', async () => {
      const hostile =
        'Orders "API" \'); process.exit(1); //\n${{ secrets.token }} ${process.env.HOME} `id` </script>';
      const spec = appServiceSpec();
      spec.metadata.description = hostile;
      spec.spec.approval.comment = hostile;
      const ctx = contextFor({ spec, targetPath: 'pipeline' });

      await action.handler(ctx);

      const written = parseSpecYaml(
        fs.readFileSync(
          path.join(workspacePath, 'pipeline/pipeline.yaml'),
          'utf8',
        ),
      );
      expect(written.ok && written.spec.metadata.description).toBe(hostile);
      expect(
        written.ok &&
          written.spec.kind === 'AppPipeline' &&
          written.spec.spec.approval.comment,
      ).toBe(hostile);
      // Wherever the text reaches a generated file, it is inside a JSON or YAML value: every JSON
      // file parses, and no source file contains the text outside a string literal.
      const files: string[] = outputOf(ctx, 'files');
      const read = (file: string) =>
        fs.readFileSync(path.join(workspacePath, file), 'utf8');
      const unparsableJson = files
        .filter(file => file.endsWith('.json'))
        .filter(file => {
          try {
            JSON.parse(read(file));
            return false;
          } catch {
            return true;
          }
        });
      expect(unparsableJson).toEqual([]);
      const sources = files.filter(file => /\.(ts|js|mjs|cjs)$/.test(file));
      // The text does reach a source file (main.ts embeds the spec) — as a string literal only.
      expect(
        sources.filter(file => read(file).includes('process.exit')),
      ).not.toEqual([]);
      const sourcesWithInjectedCode = sources.filter(file => {
        const code = codeOutsideStringLiterals(file, read(file));
        return (
          code.includes('process.exit') ||
          code.includes('process.env.HOME') ||
          code.includes('`id`')
        );
      });
      expect(sourcesWithInjectedCode).toEqual([]);
    });
  });

  describe('idempotence', () => {
    /** A checkpoint store like the scaffolder's: a key that succeeded returns its stored value. */
    function checkpointStore() {
      const values = new Map<string, unknown>();
      const runs: string[] = [];
      return {
        runs,
        async checkpoint(opts: { key: string; fn: () => Promise<any> | any }) {
          if (values.has(opts.key)) return values.get(opts.key);
          runs.push(opts.key);
          const value = JSON.parse(JSON.stringify(await opts.fn()));
          values.set(opts.key, value);
          return value;
        },
      };
    }

    it('GIVEN a retried step with its files in place THEN it does not generate again and outputs the same', async () => {
      const store = checkpointStore();
      const first = contextFor(
        { spec: appServiceSpec(), targetPath: 'pipeline' },
        { checkpoint: store.checkpoint },
      );
      await action.handler(first);
      const firstFiles = listTree(workspacePath);
      const marker = path.join(
        workspacePath,
        outputOf(first, 'stacks')[0].path,
      );
      const mtime = fs.statSync(marker).mtimeMs;

      const retry = contextFor(
        { spec: appServiceSpec(), targetPath: 'pipeline' },
        { checkpoint: store.checkpoint },
      );
      await action.handler(retry);

      expect(store.runs).toHaveLength(1);
      expect(fs.statSync(marker).mtimeMs).toBe(mtime);
      expect(listTree(workspacePath)).toEqual(firstFiles);
      for (const name of [
        'files',
        'stacks',
        'annotations',
        'specPath',
        'pipelineArn',
      ]) {
        expect(outputOf(retry, name)).toEqual(outputOf(first, name));
      }
    });

    it('GIVEN a retried step whose workspace was lost THEN the files are generated again', async () => {
      const store = checkpointStore();
      const first = contextFor(
        { spec: appServiceSpec() },
        { checkpoint: store.checkpoint },
      );
      await action.handler(first);
      const files = listTree(workspacePath);
      fs.rmSync(workspacePath, { recursive: true });

      const retry = contextFor(
        { spec: appServiceSpec() },
        { checkpoint: store.checkpoint },
      );
      await action.handler(retry);

      expect(listTree(workspacePath)).toEqual(files);
    });

    it('GIVEN a second run with a different spec THEN stale stacks of the first are gone', async () => {
      await action.handler(contextFor({ spec: appServiceSpec() }));
      const spec = appServiceSpec();
      spec.metadata.name = 'billing-service';
      const second = contextFor({ spec });
      await action.handler(second);

      // Stacks are named after the pipeline: none of the first run's may remain.
      const stackDirs = listTree(
        path.join(workspacePath, 'cdktf.out', 'stacks'),
      );
      expect(stackDirs.some(file => file.startsWith('billing-service'))).toBe(
        true,
      );
      expect(stackDirs.filter(file => file.includes('orders-service'))).toEqual(
        [],
      );
      expect(
        outputOf(second, 'stacks').map((s: { name: string }) => s.name),
      ).toEqual(
        expect.arrayContaining([expect.stringMatching(/^billing-service/)]),
      );
      expect(outputOf(second, 'files')).toEqual(listTree(workspacePath));
    });
  });
});
