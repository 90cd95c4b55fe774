import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { LocalGitRepositories } from '../localGit/LocalGitRepositories';
import { localRepositoryUrls } from '../localGit/localGitRouter';
import { examples } from './publishLocal.examples';
import {
  assertNoEscapingSymlinks,
  resolveTargetDirectory,
} from './workspaceGuard';

/** What `publish:dpra-local` needs from the module. */
export interface PublishLocalOptions {
  repositories: LocalGitRepositories;
  /** The scaffolder's external base URL (`…/api/scaffolder`), for the URLs the action outputs. */
  scaffolderBaseUrl: () => Promise<string>;
  /** Commit author when the template names none (`scaffolder.defaultAuthor`). */
  defaultAuthor: { name: string; email: string };
  /**
   * The directory the local AWS scenario endpoint watches for pipeline specs. When set, the
   * action's `pipelineSpecPath` is copied there after publishing: the local stand-in for applying
   * the generated stacks, so the new pipeline appears and runs its first execution.
   */
  specsDirectory?: string;
}

/**
 * Creates `publish:dpra-local`: publishes the workspace as a new bare git repository on the
 * portal's machine (the local scenario's git host) and outputs the URLs `catalog:register` and
 * the task output links need. Registered only when `pipelines.localPublish.enabled` is set.
 *
 * @public
 */
export function createPublishLocalAction(options: PublishLocalOptions) {
  return createTemplateAction({
    id: 'publish:dpra-local',
    description:
      'Publishes the workspace as a new git repository on this machine (the local portal stands in for a git host) and, when the local AWS scenario is configured, hands it the pipeline spec so the new pipeline runs. Outputs the URLs for catalog:register and the task output. Enabled only in the local scenario.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .describe(
              'Name of the new repository: 1-100 lowercase letters, digits, "-" or "_". An existing name is refused.',
            ),
        description: z =>
          z
            .string()
            .optional()
            .describe('Repository description (one line)'),
        defaultBranch: z =>
          z
            .string()
            .regex(/^[A-Za-z0-9._/-]{1,255}$/)
            .refine(b => !b.includes('..') && !b.startsWith('/'))
            .optional()
            .describe('Branch of the initial commit. Default: main'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace-relative directory to publish; must stay inside the workspace. Default: the whole workspace',
            ),
        gitCommitMessage: z =>
          z
            .string()
            .optional()
            .describe('Message of the initial commit. Default: "Initial commit"'),
        gitAuthorName: z =>
          z
            .string()
            .optional()
            .describe('Commit author name. Default: scaffolder.defaultAuthor.name'),
        gitAuthorEmail: z =>
          z
            .string()
            .optional()
            .describe(
              'Commit author e-mail. Default: scaffolder.defaultAuthor.email',
            ),
        pipelineSpecPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace-relative path of the pipeline spec (pipeline.yaml) to hand to the local AWS scenario after publishing. Ignored when the scenario watches no specs directory.',
            ),
      },
      output: {
        remoteUrl: z =>
          z
            .string()
            .describe(
              'Page of the new repository: branch, clone URL and each file with its raw URL',
            ),
        cloneUrl: z =>
          z
            .string()
            .describe('URL for git clone (git dumb HTTP protocol, read-only)'),
        repoContentsUrl: z =>
          z
            .string()
            .describe(
              'Prefix of the raw files of the default branch; append a repository-relative path',
            ),
        catalogInfoUrl: z =>
          z
            .string()
            .describe(
              'Raw URL of catalog-info.yaml, for catalog:register (catalogInfoUrl)',
            ),
        commitHash: z =>
          z
            .string()
            .describe('The initial commit (empty in a dry run: nothing is written)'),
        pipelineSpecApplied: z =>
          z
            .boolean()
            .describe(
              'Whether the pipeline spec was handed to the local AWS scenario',
            ),
      },
    },
    async handler(ctx) {
      const name = ctx.input.repoName;
      LocalGitRepositories.assertName(name);
      const branch = ctx.input.defaultBranch ?? 'main';
      const sourceDir = resolveTargetDirectory(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
        'sourcePath',
      );
      await assertNoEscapingSymlinks(ctx.workspacePath, sourceDir);
      const specFile =
        ctx.input.pipelineSpecPath === undefined
          ? undefined
          : resolveTargetDirectory(
              ctx.workspacePath,
              ctx.input.pipelineSpecPath,
              'pipelineSpecPath',
            );

      const urls = localRepositoryUrls(
        await options.scaffolderBaseUrl(),
        name,
        branch,
      );
      ctx.output('remoteUrl', urls.browseUrl);
      ctx.output('cloneUrl', urls.cloneUrl);
      ctx.output('repoContentsUrl', urls.rawBaseUrl);
      ctx.output('catalogInfoUrl', `${urls.rawBaseUrl}catalog-info.yaml`);

      const applySpec = specFile !== undefined && !!options.specsDirectory;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would publish the workspace as local repository ${name} (branch ${branch})${
            applySpec ? ' and hand its pipeline spec to the local AWS scenario' : ''
          }; nothing was written`,
        );
        ctx.output('commitHash', '');
        ctx.output('pipelineSpecApplied', false);
        return;
      }

      // A resumed task must not trip over the repository its first attempt created.
      const published = await ctx.checkpoint({
        key: `publish-dpra-local-${name}`,
        fn: async () =>
          options.repositories.create({
            name,
            sourceDir,
            branch,
            message: ctx.input.gitCommitMessage ?? 'Initial commit',
            description: ctx.input.description,
            author: {
              name: ctx.input.gitAuthorName ?? options.defaultAuthor.name,
              email: ctx.input.gitAuthorEmail ?? options.defaultAuthor.email,
            },
          }),
      });
      ctx.logger.info(
        `Published ${published.files.length} files to local repository ${name} (commit ${published.commit.slice(
          0,
          7,
        )} on ${branch})`,
      );
      ctx.output('commitHash', published.commit);

      if (applySpec) {
        const target = path.join(options.specsDirectory!, `${name}.yaml`);
        await fs.mkdir(options.specsDirectory!, { recursive: true });
        // Written aside and renamed, so the watcher never reads half a spec.
        const partial = `${target}.${process.pid}.partial`;
        await fs.copyFile(specFile!, partial);
        await fs.rename(partial, target);
        ctx.logger.info(
          `Handed the pipeline spec to the local AWS scenario; the pipeline appears there within seconds`,
        );
      }
      ctx.output('pipelineSpecApplied', applySpec);
    },
  });
}
