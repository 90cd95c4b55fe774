import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  PIPELINE_SPEC_CHECK_FIELD,
  PipelineSpecCheckField,
  pipelineSpecCheckValidation,
} from './PipelineSpecCheckField';

/** The pipeline spec check as a form field of the new frontend system (loaded lazily). */
export const pipelineSpecCheckFormField = createFormField({
  name: PIPELINE_SPEC_CHECK_FIELD,
  component: PipelineSpecCheckField as any,
  validation: pipelineSpecCheckValidation as any,
});
