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
import type { PublishTarget } from '@dpra/plugin-pipelines-common';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import { useEffect } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { fetchPublishTargets } from './fetchPublishTargets';

/** Name templates use as `ui:field` on their `publish` parameter. */
export const PUBLISH_TARGET_FIELD = 'DpraPublishTarget';

/** The destinations of the template's `enum`, with their `ui:enumNames`. */
function choicesOf(props: FieldExtensionComponentProps<string>) {
  const ids = (props.schema.enum ?? []) as string[];
  const names = (props.uiSchema?.['ui:enumNames'] ?? []) as string[];
  return ids.map((id, i) => ({ id, label: names[i] ?? id }));
}

/**
 * Where the generated repository goes: the template's destinations, each offered only when the
 * backend says it is available now (a GitHub integration is configured; the portal hosts local
 * repositories), and otherwise shown disabled with the reason.
 */
export function PublishTargetField(props: FieldExtensionComponentProps<string>) {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const state = useAsync(() => fetchPublishTargets({ discoveryApi, fetchApi }), []);
  const choices = choicesOf(props);
  const targets = new Map<string, PublishTarget>(
    (state.value?.targets ?? []).map(t => [t.id, t]),
  );
  const availability = (id: string) => targets.get(id)?.available ?? !state.value;
  const { formData, onChange } = props;
  const firstAvailable = choices.find(c => targets.get(c.id)?.available)?.id;

  // A default that is not available here moves to the first destination that is.
  useEffect(() => {
    if (!state.value || !firstAvailable) return;
    if (!formData || targets.get(formData)?.available === false) {
      onChange(firstAvailable);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.value, formData, firstAvailable]);

  return (
    <FormControl
      component="fieldset"
      required={props.required}
      error={(props.rawErrors?.length ?? 0) > 0}
      data-testid="dpra-publish-target"
    >
      <FormLabel component="legend">{props.schema.title ?? 'Publish to'}</FormLabel>
      {state.loading && <Progress />}
      {state.error && (
        <Alert severity="warning">
          Which destinations this portal offers could not be checked now ({state.error.message}).
          The task fails with a clear message if the one you pick is not set up.
        </Alert>
      )}
      <RadioGroup
        aria-label={props.schema.title ?? 'Publish to'}
        value={formData ?? ''}
        onChange={event => onChange(event.target.value)}
      >
        {choices.map(choice => {
          const target = targets.get(choice.id);
          return (
            <div key={choice.id}>
              <FormControlLabel
                value={choice.id}
                control={<Radio />}
                label={choice.label}
                disabled={!availability(choice.id)}
              />
              {target && !target.available && (
                <Typography
                  variant="body2"
                  color="textSecondary"
                  data-testid={`dpra-publish-target-${choice.id}-reason`}
                  style={{ marginLeft: 32, marginTop: -8 }}
                >
                  Not available: {target.reason}
                </Typography>
              )}
            </div>
          );
        })}
      </RadioGroup>
      {props.schema.description && (
        <FormHelperText>{props.schema.description}</FormHelperText>
      )}
    </FormControl>
  );
}

/** Blocks "Review" when the chosen destination is not available, with the reason. */
export const publishTargetValidation: CustomFieldValidator<string> = async (
  value,
  validation,
  context,
) => {
  const apiHolder: ApiHolder = context.apiHolder;
  const discoveryApi = apiHolder.get(discoveryApiRef);
  const fetchApi = apiHolder.get(fetchApiRef);
  if (!discoveryApi || !fetchApi || !value) return;
  const { targets } = await fetchPublishTargets({ discoveryApi, fetchApi });
  const target = targets.find(t => t.id === value);
  if (target && !target.available) {
    validation.addError(`This destination is not available: ${target.reason}`);
  }
};
