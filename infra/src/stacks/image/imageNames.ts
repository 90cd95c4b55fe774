import type { ImagePipelineSpec } from '../../spec/schema';

/** Default SSM parameter of the latest approved AMI. @public */
export function amiParameterName(spec: ImagePipelineSpec): string {
  return (
    spec.spec.distribution.ssmParameterName ??
    `/dpra/${spec.metadata.name}/ami-id`
  );
}
