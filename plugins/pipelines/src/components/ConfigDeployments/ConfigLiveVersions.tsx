import type { PipelineView } from '@dpra/plugin-pipelines-common';
import Typography from '@material-ui/core/Typography';
import { useMemo } from 'react';
import { liveVersionLines } from './configDeploymentModel';

/** For the overview card: which configuration version of each profile is live where. */
export function ConfigLiveVersions(props: { pipeline: PipelineView }) {
  const { configDeployments } = props.pipeline;
  const lines = useMemo(
    () => liveVersionLines(configDeployments ?? []),
    [configDeployments],
  );
  const rolledBack = (configDeployments ?? []).filter(d => d.rolledBack);
  if (lines.length === 0 && rolledBack.length === 0) return null;
  return (
    <div data-testid={`config-live-${props.pipeline.name}`}>
      {lines.map(line => (
        <Typography key={line.profile} variant="body2">
          {line.profile} live: {line.text}
        </Typography>
      ))}
      {rolledBack.map(d => (
        <Typography
          key={`${d.environment}/${d.region}/${d.profile}`}
          variant="caption"
          color="error"
          display="block"
        >
          {d.profile} v{d.rolledBack!.version} rolled back in {d.environment}{' '}
          {d.region}
          {d.rolledBack!.alarmName
            ? ` by alarm ${d.rolledBack!.alarmName}`
            : ''}
        </Typography>
      ))}
    </div>
  );
}
