import type { ImagePipelineSpec } from '../../spec/schema';

/** Role in each consumer account that lets the pipeline publish the AMI id to SSM. @public */
export function amiPublisherRoleName(pipeline: string): string {
  return `${pipeline}-ami-publisher`;
}

/** Default SSM parameter of the latest approved AMI. @public */
export function amiParameterName(spec: ImagePipelineSpec): string {
  return (
    spec.spec.distribution.ssmParameterName ??
    `/dpra/${spec.metadata.name}/ami-id`
  );
}
