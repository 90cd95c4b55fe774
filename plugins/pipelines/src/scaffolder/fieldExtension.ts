import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { pipelinesPlugin } from '../plugin';
import {
  PIPELINE_SPEC_CHECK_FIELD,
  PipelineSpecCheckField,
  pipelineSpecCheckValidation,
} from './PipelineSpecCheckField';

/**
 * The pipeline spec check as a scaffolder field extension of the legacy frontend system: place it
 * inside `<ScaffolderFieldExtensions>` of the scaffolder route. Templates use it as
 * `ui:field: DpraPipelineSpecCheck` with their spec mapping in `ui:options.spec`.
 *
 * @public
 */
export const PipelineSpecCheckFieldExtension = pipelinesPlugin.provide(
  createScaffolderFieldExtension({
    name: PIPELINE_SPEC_CHECK_FIELD,
    component: PipelineSpecCheckField,
    validation: pipelineSpecCheckValidation,
  }),
);
