import { parse as parseYaml } from 'yaml';
import type { EnvironmentName } from '@dpra/pipeline-contract';
import { configProfiles, profileFile } from '../stacks/config/configNames';
import { featureFlagsDocumentIssues } from './appConfigFeatureFlags';
import type { ConfigPipelineSpec } from './schema';

/** A problem of one configuration file of a ConfigPipeline's repository. @public */
export interface ConfigDocumentIssue {
  /** The repository file (the profile's path with its environment filled in). */
  file: string;
  /** Where in the document (`values.checkoutV2.share`), empty for the whole file. */
  path: string;
  message: string;
}

const ENVIRONMENTS: readonly EnvironmentName[] = ['beta', 'gamma', 'prod'];

/**
 * Every problem AppConfig would refuse a ConfigPipeline's files for, before any of them is
 * deployed: a missing file, a document that does not parse, and feature flags that do not follow
 * the AWS.AppConfig.FeatureFlags format (see {@link featureFlagsDocumentIssues}). The pipeline's
 * build runs it (`dpra check-config`), so a bad file fails the build with its reason instead of a
 * deployment.
 *
 * @param read - the text of a repository file, undefined when it does not exist
 * @public
 */
export function configDocumentIssues(
  spec: ConfigPipelineSpec,
  read: (file: string) => string | undefined,
): ConfigDocumentIssue[] {
  const issues: ConfigDocumentIssue[] = [];
  for (const profile of configProfiles(spec)) {
    for (const env of ENVIRONMENTS) {
      const file = profileFile(profile, env);
      const text = read(file);
      if (text === undefined) {
        issues.push({
          file,
          path: '',
          message: `missing: profile ${profile.name} deploys this file to ${env}`,
        });
        continue;
      }
      let document: unknown;
      try {
        document = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
      } catch (error) {
        issues.push({
          file,
          path: '',
          message: `does not parse: ${(error as Error).message}`,
        });
        continue;
      }
      if (profile.type === 'AWS.AppConfig.FeatureFlags') {
        issues.push(
          ...featureFlagsDocumentIssues(document).map(i => ({
            file,
            path: i.path,
            message: i.message,
          })),
        );
      }
    }
  }
  return issues;
}
