import {
  PIPELINES_ANNOTATION,
  PIPELINE_TAGS_ANNOTATION,
} from '@dpra/plugin-pipelines-common';
import type { PipelineSpec } from '@dpra/stacks';

/**
 * Tag the action adds to `metadata.tags` (the tags of every generated resource), so that the
 * entity's tag-based lookup finds exactly this pipeline. The generator's own `dpra:managed-by`
 * tag is shared by every generated pipeline and cannot identify one.
 */
export const PIPELINE_NAME_TAG = 'dpra:pipeline';

/** How the generated pipeline will be known to AWS and to the catalog. */
export interface PipelineIdentity {
  kind: PipelineSpec['kind'];
  pipelineName: string;
  pipelineArn: string;
  /** Annotations for the new entity's catalog-info.yaml. */
  annotations: Record<string, string>;
}

/**
 * Returns the spec input with `metadata.tags['dpra:pipeline']` set to the pipeline name, unless the
 * author set it. Input that is not shaped like a spec is returned unchanged for validation to
 * report.
 */
export function withPipelineNameTag(input: unknown): unknown {
  if (!isRecord(input) || !isRecord(input.metadata)) {
    return input;
  }
  const { metadata } = input;
  const tags = metadata.tags ?? {};
  if (!isRecord(tags) || PIPELINE_NAME_TAG in tags) {
    return input;
  }
  return {
    ...input,
    metadata: { ...metadata, tags: { ...tags, [PIPELINE_NAME_TAG]: metadata.name } },
  };
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
  const nameTag = spec.metadata.tags?.[PIPELINE_NAME_TAG];
  // The annotation's syntax is `key=value,...`, so a value with either separator cannot be looked up.
  if (nameTag && !/[=,]/.test(nameTag)) {
    annotations[PIPELINE_TAGS_ANNOTATION] = `${PIPELINE_NAME_TAG}=${nameTag}`;
  }
  return { kind: spec.kind, pipelineName, pipelineArn, annotations };
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
