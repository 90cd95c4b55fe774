import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { pipelinesPlugin } from '../plugin';
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

/**
 * The templates' publish destination as a scaffolder field extension of the legacy frontend
 * system: `ui:field: DpraPublishTarget` on the `publish` parameter offers a destination only when
 * the backend has it configured, and says why not otherwise.
 *
 * @public
 */
export const PublishTargetFieldExtension = pipelinesPlugin.provide(
  createScaffolderFieldExtension({
    name: PUBLISH_TARGET_FIELD,
    component: PublishTargetField,
    validation: publishTargetValidation,
  }),
);
