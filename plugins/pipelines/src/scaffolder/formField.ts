import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  PIPELINE_SPEC_CHECK_FIELD,
  PipelineSpecCheckField,
  pipelineSpecCheckValidation,
} from './PipelineSpecCheckField';
import {
  PUBLISH_TARGET_FIELD,
  PublishTargetField,
  publishTargetValidation,
} from './PublishTargetField';

/** The pipeline spec check as a form field of the new frontend system (loaded lazily). */
export const pipelineSpecCheckFormField = createFormField({
  name: PIPELINE_SPEC_CHECK_FIELD,
  component: PipelineSpecCheckField as any,
  validation: pipelineSpecCheckValidation as any,
});

/** Where the generated repository goes, offering only what is configured (loaded lazily). */
export const publishTargetFormField = createFormField({
  name: PUBLISH_TARGET_FIELD,
  component: PublishTargetField as any,
  validation: publishTargetValidation as any,
});
