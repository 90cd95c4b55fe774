import { TAG } from '@dpra/pipeline-contract';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  synthesize,
  validateSpec,
  writeCdktfProject,
  type PipelineSpec,
} from '@dpra/stacks';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { examples } from './generate.examples';
import { describePipeline } from './pipelineIdentity';
import { invalidSpecError } from './specIssues';
import {
  assertNoEscapingSymlinks,
  resolveOutputFile,
  resolveTargetDirectory,
  toWorkspaceRelative,
} from './workspaceGuard';

/** File name of the spec written next to the generated project. */
export const SPEC_FILE_NAME = 'pipeline.yaml';

/** Directory (under the target path) that receives the synthesized Terraform JSON. */
export const SYNTH_DIR_NAME = 'cdktf.out';

/**
 * What one generation produced, with paths relative to the workspace. This is also the value that
 * is stored in the task's checkpoint, so it must stay JSON.
 */
type GenerationManifest = {
  specPath: string;
  stacks: Array<{ name: string; path: string }>;
  files: string[];
};

/**
 * Creates the `dpra:pipeline:generate` scaffolder action: DPRA pipeline spec → `pipeline.yaml`,
 * a cdktf project and synthesized Terraform JSON stacks, all inside the task workspace.
 *
 * @public
 */
export function createGeneratePipelineAction() {
  return createTemplateAction({
    id: 'dpra:pipeline:generate',
    description:
      'Validates a DPRA pipeline spec (dpra/v1: AppPipeline, ImagePipeline or AccountFleetPipeline) and generates, inside the workspace, pipeline.yaml, a cdktf project and the synthesized Terraform JSON stacks. Outputs the catalog annotations that link the new entity to its pipeline.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        spec: z =>
          z
            .record(z.unknown())
            .describe(
              'The pipeline spec document (apiVersion dpra/v1; kind AppPipeline, ImagePipeline or AccountFleetPipeline), usually assembled from template parameters. Validated before anything is written.',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Directory inside the workspace that receives pipeline.yaml, the cdktf project and cdktf.out/. Relative; must stay inside the workspace. Default: "."',
            ),
        writeCdktfProject: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Write the cdktf project (so that the stacks can be re-synthesized and deployed with `cdktf deploy`). Default: true',
            ),
        synth: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Synthesize the Terraform JSON stacks into <targetPath>/cdktf.out (in-process). Default: true',
            ),
      },
      output: {
        specPath: z =>
          z
            .string()
            .describe('Workspace-relative path of the written pipeline.yaml'),
        pipelineName: z =>
          z.string().describe('Name of the generated CodePipeline pipeline'),
        pipelineArn: z =>
          z
            .string()
            .describe(
              'ARN the pipeline will have once applied: arn:aws:codepipeline:<toolchain region>:<toolchain account>:<name>',
            ),
        stacks: z =>
          z
            .array(
              z.object({
                name: z.string().describe('Stack name'),
                path: z
                  .string()
                  .describe(
                    'Workspace-relative path of the stack Terraform JSON',
                  ),
              }),
            )
            .describe('Synthesized stacks (empty when synth is false)'),
        annotations: z =>
          z
            .record(z.string())
            .describe(
              `Catalog annotations for catalog-info.yaml: dpra.io/pipelines (the pipeline ARN) and dpra.io/pipeline-tags (${TAG.pipeline}=<name>)`,
            ),
        files: z =>
          z
            .array(z.string())
            .describe('Every file written, workspace-relative, sorted'),
        contents: z =>
          z
            .array(
              z.object({
                path: z
                  .string()
                  .describe('Workspace-relative path, as in files'),
                content: z.string().describe('The file as UTF-8 text'),
              }),
            )
            .describe(
              'Every written file with its text (the spec, the cdktf project and the Terraform JSON of each stack), so the task output can show them, e.g. in a text output looping over them',
            ),
        specYaml: z =>
          z
            .string()
            .describe(
              'The validated spec as YAML (what pipeline.yaml holds), e.g. to show in the task output when nothing is published',
            ),
      },
    },
    async handler(ctx) {
      const targetPath = ctx.input.targetPath ?? '.';
      const shouldWriteProject = ctx.input.writeCdktfProject ?? true;
      const shouldSynth = ctx.input.synth ?? true;

      const validation = validateSpec(ctx.input.spec);
      if (!validation.ok) {
        throw invalidSpecError(validation.issues);
      }
      const spec = validation.spec;
      const identity = describePipeline(spec);

      const targetDir = resolveTargetDirectory(ctx.workspacePath, targetPath);
      await assertNoEscapingSymlinks(ctx.workspacePath, targetDir);

      const generate = () =>
        generateIntoWorkspace({
          workspacePath: ctx.workspacePath,
          targetDir,
          spec,
          writeProject: shouldWriteProject,
          synth: shouldSynth,
        });

      // Generation is deterministic, but synthesis is the slow part of the task. The checkpoint
      // (keyed by everything that influences the output) lets a resumed task skip it, and the
      // scaffolder serializes the workspace right after a checkpoint completes. If the workspace
      // was not restored (no workspace serialization configured), the files are simply rebuilt.
      const checkpointKey = `dpra-generate-${fingerprint({
        spec,
        targetPath,
        shouldWriteProject,
        shouldSynth,
      })}`;
      let manifest = await ctx.checkpoint<GenerationManifest>({
        key: checkpointKey,
        fn: generate,
      });
      if (!(await allFilesExist(ctx.workspacePath, manifest.files))) {
        ctx.logger.info(
          'Generated files from a previous attempt are missing from the workspace; generating again',
        );
        manifest = await generate();
      }

      ctx.logger.info(
        `Generated ${identity.kind} "${identity.pipelineName}": ${
          manifest.files.length
        } files, ${manifest.stacks.length} stacks${
          ctx.isDryRun ? ' (dry run)' : ''
        }`,
      );
      // Where each stack's Terraform JSON is (the portal's task log shows these paths as text).
      for (const stack of manifest.stacks) {
        ctx.logger.info(`Terraform stack ${stack.name}: ${stack.path}`);
      }

      ctx.output('specPath', manifest.specPath);
      ctx.output('pipelineName', identity.pipelineName);
      ctx.output('pipelineArn', identity.pipelineArn);
      ctx.output('stacks', manifest.stacks);
      ctx.output('annotations', identity.annotations);
      ctx.output('files', manifest.files);
      ctx.output(
        'contents',
        await readContents(ctx.workspacePath, manifest.files),
      );
      ctx.output('specYaml', serializeSpec(spec));
    },
  });
}

async function generateIntoWorkspace(options: {
  workspacePath: string;
  targetDir: string;
  spec: PipelineSpec;
  writeProject: boolean;
  synth: boolean;
}): Promise<GenerationManifest> {
  const { workspacePath, targetDir, spec } = options;
  const written = new Set<string>();
  const record = (absolutePath: string) =>
    written.add(toWorkspaceRelative(workspacePath, absolutePath));

  await fs.mkdir(targetDir, { recursive: true });

  const specFile = resolveOutputFile(workspacePath, targetDir, SPEC_FILE_NAME);
  await fs.writeFile(specFile, serializeSpec(spec), 'utf8');
  record(specFile);

  if (options.writeProject) {
    const project = await writeCdktfProject(spec, { dir: targetDir });
    for (const file of project.files) {
      record(resolveOutputFile(workspacePath, targetDir, file));
    }
  }

  const stacks: GenerationManifest['stacks'] = [];
  if (options.synth) {
    const outdir = resolveOutputFile(workspacePath, targetDir, SYNTH_DIR_NAME);
    // Stale stacks of an earlier spec must not survive a re-run with a different spec.
    await fs.rm(outdir, { recursive: true, force: true });
    const result = await synthesize(spec, { outdir });
    for (const stack of result.stacks) {
      const stackFile = resolveOutputFile(workspacePath, outdir, stack.file);
      stacks.push({
        name: stack.name,
        path: toWorkspaceRelative(workspacePath, stackFile),
      });
    }
    for (const file of await listFiles(outdir)) {
      record(file);
    }
  }

  return {
    specPath: toWorkspaceRelative(workspacePath, specFile),
    stacks,
    files: [...written].sort(),
  };
}

/** The spec as YAML, from data: values can never become YAML structure or code. */
function serializeSpec(spec: PipelineSpec): string {
  const header = [
    '# DPRA pipeline spec (dpra/v1), generated by the dpra:pipeline:generate scaffolder action.',
    '# It is the single input of the generated stacks: edit it, then re-synthesize with',
    '#   npx dpra synth pipeline.yaml',
    '',
  ].join('\n');
  return header + stringifyYaml(spec, { lineWidth: 0 });
}

function fingerprint(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value))
    .digest('hex')
    .slice(0, 16);
}

async function allFilesExist(
  workspacePath: string,
  files: readonly string[],
): Promise<boolean> {
  for (const file of files) {
    try {
      await fs.access(path.resolve(workspacePath, file));
    } catch {
      return false;
    }
  }
  return true;
}

/** The generated files' text: every one of them is text (YAML, JSON, TypeScript). */
async function readContents(
  workspacePath: string,
  files: readonly string[],
): Promise<Array<{ path: string; content: string }>> {
  return Promise.all(
    files.map(async file => ({
      path: file,
      content: await fs.readFile(path.resolve(workspacePath, file), 'utf8'),
    })),
  );
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await fs.readdir(directory, {
    withFileTypes: true,
    recursive: true,
  });
  return entries
    .filter(entry => entry.isFile())
    .map(entry => path.join(entry.parentPath, entry.name));
}
