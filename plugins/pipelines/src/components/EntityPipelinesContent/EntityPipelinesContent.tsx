import {
  Content,
  EmptyState,
  InfoCard,
  MissingAnnotationEmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  PIPELINES_ANNOTATION,
  hasPipelineAnnotations,
} from '@dpra/plugin-pipelines-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useEntityPipelines } from '../../hooks/useEntityPipelines';
import { useMarkEntityViewed } from '../../hooks/useMarkEntityViewed';

/** The entity's Pipelines tab, once the entity is known to carry a pipelines annotation. */
function PipelinesForEntity() {
  const { entity } = useEntity();
  const entityRef = getCompoundEntityRef(entity);
  useMarkEntityViewed(entityRef);
  const { value, error, loading } = useEntityPipelines(entityRef);

  if (loading) return <Progress />;
  if (error && !value) return <ResponseErrorPanel error={error} />;
  if (!value) return null;

  if (value.pipelines.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No pipelines to show yet"
        description={
          value.problems.length
            ? value.problems.map(p => `${p.reference}: ${p.message}`).join('; ')
            : 'The annotated pipelines have not been read from AWS yet.'
        }
      />
    );
  }

  return (
    <Grid container spacing={3}>
      {value.pipelines.map(pipeline => (
        <Grid item xs={12} key={pipeline.arn}>
          <InfoCard title={pipeline.name} subheader={pipeline.arn}>
            <Typography>
              Latest execution: {pipeline.latestExecution?.status ?? 'none'}
            </Typography>
          </InfoCard>
        </Grid>
      ))}
    </Grid>
  );
}

/**
 * The entity Pipelines tab: phases, production wave board, approvals, findings and delivery metrics.
 *
 * @public
 */
export function EntityPipelinesContent() {
  const { entity } = useEntity();
  if (!hasPipelineAnnotations(entity)) {
    return (
      <Content>
        <MissingAnnotationEmptyState annotation={PIPELINES_ANNOTATION} />
      </Content>
    );
  }
  return <PipelinesForEntity />;
}
