import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
  type ApiHolder,
} from '@backstage/core-plugin-api';
import { Progress } from '@backstage/core-components';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import type { JsonObject, JsonValue } from '@backstage/types';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Alert, AlertTitle } from '@material-ui/lab';
import { useEffect, useRef } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { checkPipelineSpec } from './checkPipelineSpec';
import { resolveSpecTemplate } from './resolveSpecTemplate';

/** Name templates use as `ui:field`. */
export const PIPELINE_SPEC_CHECK_FIELD = 'DpraPipelineSpecCheck';

/** `ui:options` of the field: the template's spec mapping (the validate step's `spec` input). */
export interface PipelineSpecCheckUiOptions {
  spec?: JsonValue;
}

function problemsOf(
  result: Awaited<ReturnType<typeof checkPipelineSpec>>,
  unresolved: string[],
): string[] {
  return [
    ...result.issues.map(issue => issue.text),
    ...unresolved.map(
      text => `${text} is computed when the task runs, so it is checked then`,
    ),
  ];
}

/**
 * The pipeline spec check shown on the template's last page: the spec the task will generate,
 * checked by the same validation as dpra:pipeline:validate, with every problem listed in words.
 */
export function PipelineSpecCheckField(
  props: FieldExtensionComponentProps<JsonObject, PipelineSpecCheckUiOptions>,
) {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const values = (props.formContext?.formData ?? {}) as JsonObject;
  const { spec, unresolved } = resolveSpecTemplate(
    props.uiSchema?.['ui:options']?.spec,
    values,
  );
  const key = JSON.stringify(spec);
  const state = useAsync(
    () => checkPipelineSpec({ discoveryApi, fetchApi }, spec),
    [key],
  );
  // The field writes its value (the number of problems it last showed): the scaffolder runs a
  // field's validation on Review only for the fields present in the form data, and a field that
  // never wrote one was skipped, so Review and Create went through with problems listed here.
  const problems = state.value?.issues.length;
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  useEffect(() => {
    onChange.current(problems === undefined ? {} : { problems });
  }, [problems]);
  // The errors of this field's validation, set when Review was pressed with problems in the spec.
  const refusals = props.rawErrors ?? [];
  return (
    <Box mt={2} mb={1} data-testid="dpra-pipeline-spec-check">
      <Typography variant="h6">
        {props.schema.title ?? 'Pipeline spec check'}
      </Typography>
      {state.loading && <Progress />}
      {state.error && (
        <Alert severity="warning">
          <AlertTitle>The spec could not be checked now</AlertTitle>
          {state.error.message}. Review checks it again, and lets you on to
          Create once it is checked and has no problems.
        </Alert>
      )}
      {refusals.length > 0 && (
        <Box mb={1}>
          <Alert severity="error" data-testid="dpra-spec-check-refusal">
            <AlertTitle>Review and Create are blocked</AlertTitle>
            The spec this form produces has{' '}
            {refusals.length === 1
              ? 'a problem'
              : `${refusals.length} problems`}
            , listed below and at the top of the page: fix{' '}
            {refusals.length === 1 ? 'it' : 'them'} on this page or the earlier
            ones (Back), then press Review again.
          </Alert>
        </Box>
      )}
      {state.value && state.value.valid && unresolved.length === 0 && (
        <Alert severity="success">
          The pipeline spec is valid: nothing to fix before Create.
        </Alert>
      )}
      {state.value && !state.value.valid && (
        <Alert severity="error">
          <AlertTitle>
            The pipeline spec has {state.value.issues.length}{' '}
            {state.value.issues.length === 1 ? 'problem' : 'problems'}
          </AlertTitle>
          <ul>
            {problemsOf(state.value, unresolved).map(text => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </Alert>
      )}
    </Box>
  );
}

/**
 * Blocks "Review" (and so "Create") while the spec has problems: each one becomes an error of the
 * field, all at once.
 */
export const pipelineSpecCheckValidation: CustomFieldValidator<
  JsonObject,
  PipelineSpecCheckUiOptions
> = async (_value, validation, context) => {
  const apiHolder: ApiHolder = context.apiHolder;
  const discoveryApi = apiHolder.get(discoveryApiRef);
  const fetchApi = apiHolder.get(fetchApiRef);
  if (!discoveryApi || !fetchApi) {
    // Never let an unchecked spec through to Create.
    validation.addError(
      'The spec cannot be checked in this app (no discovery or fetch API)',
    );
    return;
  }
  const { spec } = resolveSpecTemplate(
    context.uiSchema?.['ui:options']?.spec,
    context.formData,
  );
  const result = await checkPipelineSpec({ discoveryApi, fetchApi }, spec);
  for (const issue of result.issues) validation.addError(issue.text);
};
