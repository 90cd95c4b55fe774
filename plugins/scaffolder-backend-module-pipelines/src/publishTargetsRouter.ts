import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  PUBLISH_TARGETS_PATH,
  type PublishTargetsResponse,
} from '@dpra/plugin-pipelines-common';
import express from 'express';

/**
 * Where a template can publish, from the configuration: this portal's local repositories when
 * `pipelines.localPublish` is on, and GitHub when an integration with credentials (a token or a
 * GitHub App) is configured. Backstage always knows github.com, but without credentials
 * `publish:github` cannot create a repository, so that is "not available", with the reason.
 */
export function describePublishTargets(
  config: Config,
  localPublishEnabled: boolean,
): PublishTargetsResponse {
  const github = ScmIntegrations.fromConfig(config)
    .github.list()
    .filter(i => !!i.config.token || (i.config.apps?.length ?? 0) > 0)
    .map(i => i.config.host);
  return {
    targets: [
      localPublishEnabled
        ? { id: 'local', available: true }
        : {
            id: 'local',
            available: false,
            reason:
              'This portal does not host repositories: publishing to it is for the local portal (pipelines.localPublish.enabled).',
          },
      github.length > 0
        ? { id: 'github', available: true, hosts: github }
        : {
            id: 'github',
            available: false,
            reason:
              'No GitHub integration is configured: an administrator adds integrations.github with a token or a GitHub App to app-config (see the DPRA scaffolder module README).',
          },
    ],
  };
}

/** `GET PUBLISH_TARGETS_PATH` (under `/api/scaffolder`): {@link describePublishTargets}. */
export function createPublishTargetsRouter(options: {
  httpAuth: HttpAuthService;
  config: Config;
  localPublishEnabled: boolean;
}) {
  const router = express.Router();
  router.get(PUBLISH_TARGETS_PATH, async (req, res, next) => {
    try {
      await options.httpAuth.credentials(req, { allow: ['user', 'service'] });
      res.json(
        describePublishTargets(options.config, options.localPublishEnabled),
      );
    } catch (error) {
      next(error);
    }
  });
  return router;
}
