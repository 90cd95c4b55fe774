import type { GetPipelineStateOutput } from '@aws-sdk/client-codepipeline';
import {
  isApprovalTokenPending,
  pendingApprovalsFromState,
  toStageStateViews,
} from './pipelineStateViews';

const ARN = 'arn:aws:codepipeline:us-east-1:111111111111:legacy';

/**
 * Answers shaped as AWS documents GetPipelineState, with what it marks optional left out: an old
 * V1 pipeline whose stages carry no latestExecution, actions without a status.
 */
const sparseState: GetPipelineStateOutput = {
  pipelineName: 'legacy',
  stageStates: [
    {
      stageName: 'Source',
      actionStates: [
        { actionName: 'Checkout', latestExecution: { status: 'Succeeded' } },
      ],
    },
    {
      stageName: 'Approve',
      actionStates: [
        // No status, no lastStatusChange: only the token says it waits.
        { actionName: 'Sign-off', latestExecution: { token: 'tok-1' } },
      ],
    },
    {
      stageName: 'Deploy',
      actionStates: [
        { actionName: 'A', latestExecution: { status: 'Succeeded' } },
        { actionName: 'B', latestExecution: { status: 'Failed' } },
      ],
    },
    { stageName: 'Later', actionStates: [{ actionName: 'C' }] },
    {},
  ],
};

describe('pipeline state views of sparse AWS answers', () => {
  it('derives a stage status from its actions where AWS omits the stage execution', () => {
    expect(
      toStageStateViews(sparseState, undefined).map(s => [s.name, s.status]),
    ).toEqual([
      ['Source', 'Succeeded'],
      ['Approve', 'NotStarted'],
      ['Deploy', 'Failed'],
      ['Later', 'NotStarted'],
      ['', 'NotStarted'],
    ]);
  });

  it('counts a token as pending unless a terminal status says otherwise', () => {
    expect(
      pendingApprovalsFromState(ARN, sparseState, undefined, () => undefined),
    ).toEqual([
      expect.objectContaining({
        stageName: 'Approve',
        actionName: 'Sign-off',
        token: 'tok-1',
        requestedAt: undefined,
        expiresAt: undefined,
      }),
    ]);
    expect(isApprovalTokenPending({ token: 't', status: 'InProgress' })).toBe(
      true,
    );
    expect(isApprovalTokenPending({ token: 't' }, 't')).toBe(true);
    expect(isApprovalTokenPending({ token: 't' }, 'other')).toBe(false);
    for (const status of ['Succeeded', 'Failed', 'Abandoned'] as const) {
      expect(isApprovalTokenPending({ token: 't', status })).toBe(false);
    }
    expect(isApprovalTokenPending({ status: 'InProgress' })).toBe(false);
    expect(isApprovalTokenPending(undefined)).toBe(false);
  });
});
