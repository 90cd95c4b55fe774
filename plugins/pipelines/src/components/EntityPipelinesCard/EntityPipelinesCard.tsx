import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { useEntityPipelines } from '../../hooks/useEntityPipelines';

/**
 * Overview card of the entity's pipelines.
 *
 * @public
 */
export function EntityPipelinesCard() {
  const { entity } = useEntity();
  const { value, error, loading } = useEntityPipelines(
    getCompoundEntityRef(entity),
  );
  return (
    <InfoCard title="Pipelines">
      {loading && <Progress />}
      {error && !value && <ResponseErrorPanel error={error} />}
      {value?.pipelines.map(p => (
        <Typography key={p.arn}>
          {p.name}: {p.latestExecution?.status ?? 'no executions'}
        </Typography>
      ))}
    </InfoCard>
  );
}
