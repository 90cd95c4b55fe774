import {
  PIPELINES_ANNOTATION,
  PIPELINE_TAGS_ANNOTATION,
} from '@dpra/plugin-pipelines-common';
import { TAG } from '@dpra/pipeline-contract';
import type { PipelineSpec } from '@dpra/stacks';

/** How the generated pipeline will be known to AWS and to the catalog. */
export interface PipelineIdentity {
  kind: PipelineSpec['kind'];
  pipelineName: string;
  pipelineArn: string;
  /** Annotations for the new entity's catalog-info.yaml. */
  annotations: Record<string, string>;
}

/**
 * The generated CodePipeline is named after `metadata.name` and lives in the toolchain account and
 * region, so its ARN is known before anything is applied; the entity can be linked up front.
 */
export function describePipeline(spec: PipelineSpec): PipelineIdentity {
  const pipelineName = spec.metadata.name;
  const { account, region } = spec.spec.toolchain;
  const pipelineArn = `arn:aws:codepipeline:${region}:${account}:${pipelineName}`;
  const annotations: Record<string, string> = {
    [PIPELINES_ANNOTATION]: pipelineArn,
  };
  // The generator tags every resource with the pipeline name unless `metadata.tags` overrides it;
  // the entity's tag-based lookup uses that tag to find exactly this pipeline.
  const nameTag = spec.metadata.tags?.[TAG.pipeline] ?? pipelineName;
  // The annotation's syntax is `key=value,...`, so a value with either separator cannot be looked up.
  if (nameTag && !/[=,]/.test(nameTag)) {
    annotations[PIPELINE_TAGS_ANNOTATION] = `${TAG.pipeline}=${nameTag}`;
  }
  return { kind: spec.kind, pipelineName, pipelineArn, annotations };
}
