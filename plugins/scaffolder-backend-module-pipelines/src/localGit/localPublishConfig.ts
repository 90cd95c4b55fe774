import type { Config } from '@backstage/config';
import path from 'node:path';

/** `pipelines.localPublish`, resolved; undefined when local publishing is off. */
export interface LocalPublishConfig {
  repositoriesDirectory: string;
  specsDirectory?: string;
  defaultAuthor: { name: string; email: string };
}

/**
 * Reads `pipelines.localPublish` (see config.d.ts). Directories are resolved against the
 * backend's working directory, as the rest of the local portal's paths are.
 */
export function readLocalPublishConfig(
  config: Config,
): LocalPublishConfig | undefined {
  const local = config.getOptionalConfig('pipelines.localPublish');
  if (!local?.getOptionalBoolean('enabled')) {
    return undefined;
  }
  const specsDirectory = local.getOptionalString('specsDirectory');
  return {
    repositoriesDirectory: path.resolve(
      local.getOptionalString('repositoriesDirectory') ?? '.data/git',
    ),
    specsDirectory: specsDirectory ? path.resolve(specsDirectory) : undefined,
    defaultAuthor: {
      name:
        config.getOptionalString('scaffolder.defaultAuthor.name') ??
        'Scaffolder',
      email:
        config.getOptionalString('scaffolder.defaultAuthor.email') ??
        'scaffolder@backstage.io',
    },
  };
}
