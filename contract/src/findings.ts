import { ACTION } from './actions';

/*
 * How findings the generated build imports into Security Hub name where they come from: keys of
 * the ASFF `ProductFields` map, written by the build's import step and selected by the portal.
 */

/**
 * `ProductFields` keys of the findings the generated build steps import.
 *
 * @public
 */
export const PRODUCT_FIELD = {
  /** The pipeline's name. */
  pipeline: 'dpra:pipeline',
  /** The name of the action that reported the finding (`SCA`, `IaCScan`, …). */
  action: 'dpra:action',
  /**
   * The pipeline execution (run) whose action imported the finding. Security Hub keeps one
   * finding per `Id`, so a later run that reports it again takes it over: a run's findings are
   * those its scans reported last.
   */
  executionId: 'dpra:execution-id',
} as const;

/**
 * Environment variables of a CodeBuild action that imports findings: the import step stamps their
 * values into the {@link PRODUCT_FIELD} keys of every finding.
 *
 * @public
 */
export const FINDINGS_STAMP_VARIABLE = {
  /** Value of {@link PRODUCT_FIELD}`.pipeline`. */
  pipeline: 'DPRA_PIPELINE',
  /** Value of {@link PRODUCT_FIELD}`.action`. */
  action: 'DPRA_ACTION',
  /** Value of {@link PRODUCT_FIELD}`.executionId`. */
  executionId: 'DPRA_PIPELINE_EXECUTION_ID',
} as const;

/**
 * CodePipeline's variable of the current pipeline execution's id. CodePipeline resolves it in an
 * action's configuration, so a CodeBuild action's environment variable valued with it carries the
 * run's id into the build.
 *
 * @public
 */
export const PIPELINE_EXECUTION_ID_VARIABLE =
  '#{codepipeline.PipelineExecutionId}';

/**
 * Which {@link PRODUCT_FIELD} key each {@link FINDINGS_STAMP_VARIABLE} fills, in stamp order.
 *
 * @public
 */
export const FINDINGS_STAMP: ReadonlyArray<{
  readonly productField: string;
  readonly variable: string;
}> = (['pipeline', 'action', 'executionId'] as const).map(key => ({
  productField: PRODUCT_FIELD[key],
  variable: FINDINGS_STAMP_VARIABLE[key],
}));

/**
 * The environment variables of a CodeBuild action that imports findings for `pipeline`'s action
 * `action`: the names and the execution id come from the pipeline, the id at run time.
 *
 * @public
 */
export function findingsStampVariables(
  pipeline: string,
  action: string,
): Record<string, string> {
  return {
    [FINDINGS_STAMP_VARIABLE.pipeline]: pipeline,
    [FINDINGS_STAMP_VARIABLE.action]: action,
    [FINDINGS_STAMP_VARIABLE.executionId]: PIPELINE_EXECUTION_ID_VARIABLE,
  };
}

/**
 * The category the portal shows for a finding reported by a generated build action.
 *
 * @public
 */
export const FINDINGS_CATEGORY_BY_ACTION: Readonly<Record<string, string>> = {
  [ACTION.sca]: 'SCA',
  [ACTION.sast]: 'SAST',
  [ACTION.secretsScan]: 'Secrets',
  [ACTION.iacScan]: 'IaC',
  [ACTION.codeQuality]: 'CodeQuality',
  [ACTION.sbom]: 'SBOM',
  [ACTION.unitTests]: 'UnitTest',
  [ACTION.dast]: 'DAST',
  // Amazon Inspector's package vulnerabilities of the AMI, as Image Builder saved them.
  [ACTION.imageScan]: 'Vulnerability',
};

/**
 * The variables an image pipeline's Build action exports (namespace `BuildVariables`), as later
 * actions refer to them: the AMI the Image Builder build made, and the build's image build
 * version ARN, under which Image Builder keeps the build's Inspector scan findings.
 *
 * @public
 */
export const IMAGE_BUILD_VARIABLE = {
  namespace: 'BuildVariables',
  amiId: '#{BuildVariables.AMI_ID}',
  imageBuildArn: '#{BuildVariables.IMAGE_BUILD_ARN}',
} as const;
