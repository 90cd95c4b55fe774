import { CodeSnippet, EmptyState, Progress } from '@backstage/core-components';
import type { PipelineProblem } from '@dpra/plugin-pipelines-common';
import { useBackendStatus } from '../../hooks/useBackendStatus';
import { ProblemsList } from './ProblemsList';

const ACCOUNTS_CONFIG_EXAMPLE = `pipelines:
  aws:
    targets:
      - accountId: '111122223333'
        regions: [eu-west-1, us-east-1]
aws:
  accounts:
    - accountId: '111122223333'
      roleName: BackstagePipelinesReader`;

/**
 * Nothing to show: either the backend has no AWS account configured, or the annotated references
 * could not be served (each with its reason), or they were not read yet.
 */
export function NoPipelinesState(props: { problems: PipelineProblem[] }) {
  const status = useBackendStatus(true);
  if (status.loading) return <Progress />;
  if (status.value && status.value.targets === 0) {
    return (
      <EmptyState
        missing="info"
        title="No AWS accounts are configured for the pipelines backend"
        description="The backend can only read pipelines in the accounts and regions its configuration allows. Add them to app-config.yaml:"
        action={
          <CodeSnippet
            language="yaml"
            text={ACCOUNTS_CONFIG_EXAMPLE}
            showCopyCodeButton
          />
        }
      />
    );
  }
  if (props.problems.length > 0) {
    return (
      <EmptyState
        missing="data"
        title="None of the annotated pipelines can be shown"
        description="Check the references in the entity's annotations:"
        action={<ProblemsList problems={props.problems} />}
      />
    );
  }
  return (
    <EmptyState
      missing="data"
      title="No pipelines to show yet"
      description="The annotated pipelines have not been read from AWS yet. The backend refreshes them in the background; this page updates by itself."
    />
  );
}
