import type { ExecutionView } from '@dpra/plugin-pipelines-common';
import {
  FIXTURE_NOW,
  makeDemoPipeline,
  makeExecutionsResponse,
} from './fixtures';

/** The demo pipeline waiting at approval, its prod waves still on the run before. */
export function pipelineWithPreviousProd() {
  const pipeline = makeDemoPipeline({ scenario: 'awaitingApproval' });
  const { executions } = makeExecutionsResponse({
    pipelineArns: [pipeline.arn],
    executions: 5,
    now: FIXTURE_NOW,
  });
  // The newest run is the pipeline's latest execution; executions[1] is 6 h older.
  const newest: ExecutionView = pipeline.latestExecution!;
  const all = [newest, ...executions.slice(1)];
  const previous = executions[1];
  const waveStages = new Set(pipeline.layout.waves.map(w => w.stageName));
  return {
    pipeline: {
      ...pipeline,
      stages: pipeline.stages.map(s =>
        waveStages.has(s.name)
          ? {
              ...s,
              status: 'Succeeded' as const,
              pipelineExecutionId: previous.id,
            }
          : s,
      ),
    },
    executions: all,
    previous,
    newest,
  };
}
