import type { FindingView } from '@dpra/plugin-pipelines-common';
import { oneRowPerFinding } from './entityFindings';

const A = 'arn:aws:codepipeline:us-east-1:111111111111:orders-service';
const B = 'arn:aws:codepipeline:us-east-1:111111111111:orders-service-infra';

function finding(id: string, extra: Partial<FindingView> = {}): FindingView {
  return {
    id,
    severity: 'HIGH',
    title: `Finding ${id}`,
    tool: 'Amazon Inspector',
    ...extra,
  };
}

describe('oneRowPerFinding', () => {
  it("lists a finding both pipelines selected by the service's tag once, for the entity", () => {
    const rows = oneRowPerFinding([
      finding('tagged', { pipelineArn: A, resource: 'ecr/orders' }),
      finding('run-a', { pipelineArn: A, executionId: 'e-1', action: 'SCA' }),
      finding('tagged', { pipelineArn: B, resource: 'ecr/orders' }),
      finding('run-b', { pipelineArn: B, executionId: 'e-9', action: 'SAST' }),
    ]);
    expect(rows).toEqual([
      finding('tagged', { resource: 'ecr/orders' }),
      finding('run-a', { pipelineArn: A, executionId: 'e-1', action: 'SCA' }),
      finding('run-b', { pipelineArn: B, executionId: 'e-9', action: 'SAST' }),
    ]);
  });

  it('keeps the pipeline of a finding only one pipeline selected, and an entity with one pipeline unchanged', () => {
    const rows = [
      finding('x', { pipelineArn: A }),
      finding('y', { pipelineArn: A, executionId: 'e-1' }),
    ];
    expect(oneRowPerFinding(rows)).toEqual(rows);
    expect(oneRowPerFinding([])).toEqual([]);
  });
});
