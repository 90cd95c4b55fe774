import type { ConfigPipelineSpec } from './schema';
import {
  checkSource,
  checkStagedEnvironments,
  type IssueSink,
} from './specRules';

/*
 * The rules of a ConfigPipeline that one field alone cannot say (validate.ts runs them after the
 * schema, with the other kinds' rules).
 */

const FLAGS_EXTENSIONS = ['.json'];
const OPERATIONAL_EXTENSIONS = ['.json', '.yaml', '.yml'];

/** The content type AppConfig stores a hosted version under, from the file's extension. */
export function configurationContentType(
  path: string,
): 'application/json' | 'application/x-yaml' {
  return path.endsWith('.json') ? 'application/json' : 'application/x-yaml';
}

/** Cross-field rules of `kind: ConfigPipeline`. */
export function checkConfig(spec: ConfigPipelineSpec, add: IssueSink) {
  const s = spec.spec;
  checkSource(s, add);
  checkStagedEnvironments(s, add);
  const { featureFlags, operational } = s.profiles;
  const extension = (
    path: string,
    at: string,
    allowed: string[],
    why: string,
  ) => {
    if (!allowed.some(e => path.endsWith(e)))
      add(
        at,
        `${JSON.stringify(path)} must end in ${allowed.join(', ')} (${why})`,
      );
  };
  if (featureFlags)
    extension(
      featureFlags.path,
      'spec.profiles.featureFlags.path',
      FLAGS_EXTENSIONS,
      'AWS.AppConfig.FeatureFlags documents are JSON',
    );
  if (operational)
    extension(
      operational.path,
      'spec.profiles.operational.path',
      OPERATIONAL_EXTENSIONS,
      'AppConfig stores freeform configuration as JSON or YAML',
    );
  if (featureFlags && operational) {
    if (featureFlags.name === operational.name)
      add(
        'spec.profiles.operational.name',
        `"${operational.name}" is the feature flags profile's name too`,
      );
    if (featureFlags.path === operational.path)
      add(
        'spec.profiles.operational.path',
        `${JSON.stringify(
          operational.path,
        )} is the feature flags profile's path too`,
      );
  }
  if (
    operational?.jsonSchema &&
    configurationContentType(operational.path) !== 'application/json'
  )
    add(
      'spec.profiles.operational.jsonSchema',
      'needs a .json operational configuration: AppConfig validates only JSON content against a JSON Schema',
    );
}
