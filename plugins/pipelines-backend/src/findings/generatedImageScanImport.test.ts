import {
  ACTION,
  IMAGE_BUILD_VARIABLE,
  PIPELINE_EXECUTION_ID_VARIABLE,
  PRODUCT_FIELD,
  STAGE,
} from '@dpra/pipeline-contract';
import {
  type GeneratedStep,
  generatedStep,
  localSecurityHub,
  runGeneratedStep,
  useGeneratedSteps,
} from './testing/generatedSteps';
import {
  AMI_ID,
  IMAGE_BUILD_ARN,
  imageScanFindings,
} from './testing/imageScanFindings';

/*
 * The AMI pipeline's Inspector findings, from the generated image scan to the portal's reader:
 * the ImageScan step of the synthesized ami-build example RUNS (Debian's jq, an `aws` shim that
 * answers ListImageScanFindings with Image Builder's saved findings and records the
 * BatchImportFindings batches); the batches go through the SDK into Security Hub at the HTTP
 * layer, and the backend's reader must find them for that pipeline, the ImageScan action and the
 * run.
 */

const RUN = '0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f';

describe('the generated image scan, run on the Inspector findings Image Builder saved', () => {
  const context = useGeneratedSteps('ami-build');
  let jq: string;
  let step: GeneratedStep;
  beforeAll(() => {
    jq = context.jq;
    step = generatedStep(context.stacks, {
      stage: STAGE.test,
      action: ACTION.imageScan,
    });
  });
  const server = context.server;

  /** The run's values of what the Build action exported, as CodePipeline resolves them. */
  const pipelineVariables = {
    [PIPELINE_EXECUTION_ID_VARIABLE]: RUN,
    [IMAGE_BUILD_VARIABLE.amiId]: AMI_ID,
    [IMAGE_BUILD_VARIABLE.imageBuildArn]: IMAGE_BUILD_ARN,
  };

  it('GIVEN a critical finding THEN every finding is imported for that pipeline, action and run, and then the scan fails', async () => {
    const run = runGeneratedStep(step, {
      jq,
      pipelineVariables,
      imageScanFindings: imageScanFindings(),
    });
    expect(run.status).not.toBe(0);
    expect(run.output).toContain(
      `1 critical Amazon Inspector findings on ${AMI_ID}`,
    );
    expect(run.imageScanFilters).toEqual([
      [{ name: 'imageBuildVersionArn', values: [IMAGE_BUILD_ARN] }],
    ]);

    const hub = localSecurityHub(server, step.region);
    await hub.importBatches(step, run.batches);
    const findings = await hub.read(step);
    expect(
      findings
        .map(f => ({
          id: f.id,
          severity: f.severity,
          tool: f.tool,
          category: f.category,
          resource: f.resource,
          action: f.action,
          executionId: f.executionId,
        }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    ).toEqual(
      [
        ['CVE-2024-6387', 'CRITICAL'],
        ['CVE-2024-2398', 'MEDIUM'],
        ['CVE-2023-0001 - untriaged', 'INFORMATIONAL'],
      ]
        .map(([vulnerability, severity]) => ({
          id: `${IMAGE_BUILD_ARN}/${vulnerability}`,
          severity,
          tool: 'Amazon Inspector',
          category: 'Vulnerability',
          resource: `arn:aws:ec2:${step.region}::image/${AMI_ID}`,
          action: ACTION.imageScan,
          executionId: RUN,
        }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(hub.kept[0].ProductFields).toEqual({
      'Product Name': 'Amazon Inspector',
      [PRODUCT_FIELD.pipeline]: step.pipelineName,
      [PRODUCT_FIELD.action]: ACTION.imageScan,
      [PRODUCT_FIELD.executionId]: RUN,
    });
  });

  it('GIVEN no critical finding THEN the scan passes, its findings imported', async () => {
    const run = runGeneratedStep(step, {
      jq,
      pipelineVariables,
      imageScanFindings: imageScanFindings({ critical: false }),
    });
    expect({ status: run.status, output: run.output }).toEqual({
      status: 0,
      output: '',
    });
    expect(run.batches.flat()).toHaveLength(2);
  });

  it('GIVEN no finding at all THEN the scan passes and sends nothing', async () => {
    const run = runGeneratedStep(step, {
      jq,
      pipelineVariables,
      imageScanFindings: { findings: [] },
    });
    expect({ status: run.status, batches: run.batches }).toEqual({
      status: 0,
      batches: [],
    });
  });
});
