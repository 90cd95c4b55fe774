/*
 * Where the software templates can publish a new service. The answer is served by
 * @dpra/plugin-scaffolder-backend-module-pipelines (under the scaffolder's base URL), which knows
 * the configuration, and read by the templates' publish field in @dpra/plugin-pipelines, which
 * offers only what is available and says why the rest is not.
 */

/**
 * Path of the publish targets under the scaffolder plugin's base URL: `GET`.
 *
 * @public
 */
export const PUBLISH_TARGETS_PATH = '/dpra/publish-targets';

/**
 * Ids of the destinations, as the templates' `publish` parameter names them.
 *
 * @public
 */
export type PublishTargetId = 'local' | 'github';

/**
 * One destination and whether it can be used now.
 *
 * @public
 */
export interface PublishTarget {
  id: PublishTargetId;
  available: boolean;
  /** Why it is not available, and what to configure; absent when available. */
  reason?: string;
  /** Hosts a repository can be created on (GitHub: the configured integrations' hosts). */
  hosts?: string[];
}

/**
 * Answer of the publish targets route.
 *
 * @public
 */
export interface PublishTargetsResponse {
  targets: PublishTarget[];
}
