import type { PipelineView } from '@dpra/plugin-pipelines-common';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';

/**
 * The DPRA-required checks this pipeline's spec turns off, each with the reason written in the
 * spec: a team that drops a safety net says why, and everyone who opens the tab reads it.
 */
export function WaivedChecks(props: { pipeline: PipelineView }) {
  const waivers = props.pipeline.waivers ?? [];
  if (waivers.length === 0) return null;
  const count =
    waivers.length === 1
      ? '1 required check is waived'
      : `${waivers.length} required checks are waived`;
  return (
    <Alert
      severity="warning"
      variant="outlined"
      data-testid={`waived-checks-${props.pipeline.name}`}
      style={{ marginTop: 8, marginBottom: 8 }}
    >
      <AlertTitle>{count} in this pipeline's spec</AlertTitle>
      <ul style={{ margin: 0, paddingLeft: 20 }}>
        {waivers.map(w => (
          <li key={w.check}>
            <strong>{w.label}</strong> is off (<code>spec.{w.check}</code>):{' '}
            {w.reason}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
