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
} as const;

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
};
