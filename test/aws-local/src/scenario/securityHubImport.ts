import { AwsServiceError, type AsffFinding } from './types';

/**
 * BatchImportFindings as the Security Hub API reference describes it: at most 100 findings a
 * call; each must carry the required ASFF attributes and a product of the call's region, or it
 * is refused (listed in FailedFindings, the others imported); a finding with the Id and
 * ProductArn of one already imported replaces it. Security Hub fills in what the importer does
 * not set: the Region, the normalized severity from the label, the record and workflow state.
 */

const REQUIRED = [
  'AwsAccountId',
  'CreatedAt',
  'Description',
  'GeneratorId',
  'Id',
  'ProductArn',
  'Resources',
  'SchemaVersion',
  'Severity',
  'Title',
  'Types',
  'UpdatedAt',
] as const;

/** The normalized score Security Hub gives a label when only the label is set. */
const NORMALIZED: Record<string, number> = {
  INFORMATIONAL: 0,
  LOW: 1,
  MEDIUM: 40,
  HIGH: 70,
  CRITICAL: 90,
};

/** BatchImportFindings' answer. @public */
export interface BatchImportFindingsResult {
  FailedCount: number;
  SuccessCount: number;
  FailedFindings: Array<{
    Id: string;
    ErrorCode: string;
    ErrorMessage: string;
  }>;
}

/**
 * Why BatchImportFindings refuses a finding in `region`, or undefined when it takes it: a required
 * attribute missing, a product of another region, an unknown severity label, or `ProductFields`
 * over their documented limits (50 entries, keys 1-128 and values 1-2048 characters).
 *
 * @public
 */
export function findingImportRefusal(
  finding: Record<string, any>,
  region: string,
): string | undefined {
  const missing = REQUIRED.filter(
    key =>
      finding[key] === undefined ||
      finding[key] === '' ||
      (Array.isArray(finding[key]) && finding[key].length === 0),
  );
  if (missing.length > 0) return `missing ${missing.join(', ')}`;
  const productRegion = String(finding.ProductArn).split(':')[3];
  if (productRegion !== region) {
    return `ProductArn ${finding.ProductArn} is not a product of ${region}`;
  }
  const label = finding.Severity?.Label;
  if (label === undefined && finding.Severity?.Normalized === undefined) {
    return 'Severity needs a Label';
  }
  if (label !== undefined && NORMALIZED[label] === undefined) {
    return `Severity.Label ${label} is not one of ${Object.keys(
      NORMALIZED,
    ).join(', ')}`;
  }
  const fields = Object.entries(finding.ProductFields ?? {});
  if (fields.length > 50) return 'ProductFields has more than 50 entries';
  for (const [key, value] of fields) {
    if (typeof value !== 'string')
      return `ProductFields.${key} is not a string`;
    if (key.length < 1 || key.length > 128) {
      return `ProductFields key ${key} is not 1-128 characters`;
    }
    if (value.length < 1 || value.length > 2048) {
      return `ProductFields.${key} is not 1-2048 characters`;
    }
  }
  return undefined;
}

/** Imports `findings` into `store` (the findings of every region), as BatchImportFindings does. */
export function batchImportFindings(
  store: AsffFinding[],
  region: string,
  findings: unknown,
): BatchImportFindingsResult {
  if (
    !Array.isArray(findings) ||
    findings.length < 1 ||
    findings.length > 100
  ) {
    throw new AwsServiceError(
      'InvalidInputException',
      'Findings must hold between 1 and 100 findings',
    );
  }
  const result: BatchImportFindingsResult = {
    FailedCount: 0,
    SuccessCount: 0,
    FailedFindings: [],
  };
  for (const raw of findings as Array<Record<string, any>>) {
    const problem = findingImportRefusal(raw ?? {}, region);
    if (problem) {
      result.FailedCount++;
      result.FailedFindings.push({
        Id: String(raw?.Id ?? ''),
        ErrorCode: 'InvalidInput',
        ErrorMessage: problem,
      });
      continue;
    }
    const index = store.findIndex(
      f => f.Id === raw.Id && f.ProductArn === raw.ProductArn,
    );
    // A later import updates the finding; its workflow status stays what users set.
    const imported = {
      RecordState: 'ACTIVE',
      WorkflowState: 'NEW',
      ...raw,
      Workflow: store[index]?.Workflow ?? { Status: 'NEW' },
      Region: region,
      Severity: {
        ...raw.Severity,
        Normalized: raw.Severity.Normalized ?? NORMALIZED[raw.Severity.Label],
      },
    } as unknown as AsffFinding;
    if (index >= 0) store.splice(index, 1);
    store.push(imported);
    result.SuccessCount++;
  }
  // Security Hub lists the most recently updated first unless told otherwise.
  store.sort(
    (a, b) =>
      b.UpdatedAt.localeCompare(a.UpdatedAt) || a.Id.localeCompare(b.Id),
  );
  return result;
}
