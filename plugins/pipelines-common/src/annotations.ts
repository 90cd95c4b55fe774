/**
 * Catalog annotations read by the DPRA pipelines plugins.
 *
 * @packageDocumentation
 */

/**
 * Pipelines of an entity, one per line or comma-separated. Each item is either a CodePipeline ARN
 * (`arn:aws:codepipeline:eu-west-1:111122223333:orders-service`) or `account/region/name`
 * (`111122223333/eu-west-1/orders-service`). Only accounts and regions allowed by config are read.
 *
 * @public
 */
export const PIPELINES_ANNOTATION = 'dpra.io/pipelines';

/**
 * Tag-based lookup: `key=value` pairs separated by commas; a pipeline matches when it carries all of
 * them. The lookup runs in the accounts and regions allowed by config only.
 *
 * @public
 */
export const PIPELINE_TAGS_ANNOTATION = 'dpra.io/pipeline-tags';

/**
 * Optional IAM role ARN to assume for this entity's pipelines instead of the account's configured
 * role. The backend honours it only when config allow-lists the role.
 *
 * @public
 */
export const PIPELINES_ROLE_ANNOTATION = 'dpra.io/aws-role-arn';

/**
 * Annotation of AWS's own Backstage CodePipeline plugin (a single pipeline ARN), accepted for drop-in
 * migration.
 *
 * @public
 */
export const AWS_CODEPIPELINE_ARN_ANNOTATION = 'aws.amazon.com/aws-codepipeline-arn';

/**
 * Annotation of AWS's own Backstage CodePipeline plugin (tag lookup, `key=value,...`), accepted for
 * drop-in migration.
 *
 * @public
 */
export const AWS_CODEPIPELINE_TAGS_ANNOTATION = 'aws.amazon.com/aws-codepipeline-tags';

/**
 * Every annotation that makes an entity "have pipelines".
 *
 * @public
 */
export const ALL_PIPELINE_ANNOTATIONS: readonly string[] = [
  PIPELINES_ANNOTATION,
  PIPELINE_TAGS_ANNOTATION,
  AWS_CODEPIPELINE_ARN_ANNOTATION,
  AWS_CODEPIPELINE_TAGS_ANNOTATION,
];
