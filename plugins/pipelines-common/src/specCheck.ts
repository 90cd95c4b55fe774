/*
 * The pipeline spec check that the software templates' form runs before "Create". The route is
 * served by @dpra/plugin-scaffolder-backend-module-pipelines (under the scaffolder's base URL) and
 * called by the form field of @dpra/plugin-pipelines; both name it from here.
 */

/**
 * Path of the spec check under the scaffolder plugin's base URL: `POST { spec }`.
 *
 * @public
 */
export const PIPELINE_SPEC_CHECK_PATH = '/dpra/pipeline-spec/validate';

/**
 * One problem the spec check found.
 *
 * @public
 */
export interface PipelineSpecCheckIssue {
  /** Zero-based path into the spec, e.g. `spec.production.waves[1].regions[0]`. */
  path: string;
  /** Why, without the path. */
  message: string;
  /** The problem as a sentence numbered from 1, as the form shows it. */
  text: string;
}

/**
 * Answer of the spec check: `valid`, and every problem at once.
 *
 * @public
 */
export interface PipelineSpecCheckResponse {
  valid: boolean;
  issues: PipelineSpecCheckIssue[];
}
