/*
 * What the DPRA software templates (templates/) hand the portal's task page: the templates name
 * themselves here, and the output key of their generated files, for the task page's outputs
 * (@dpra/plugin-pipelines) and the template tests (@dpra/plugin-scaffolder-backend-module-pipelines).
 */

/**
 * Entity refs of the DPRA software templates, whose task page shows every generated file.
 *
 * @public
 */
export const DPRA_TEMPLATE_REFS: readonly string[] = [
  'template:default/dpra-app-service',
  'template:default/dpra-ami-build',
  'template:default/dpra-account-fleet',
  'template:default/dpra-dynamic-config',
];

/**
 * Task output key of every generated file (`{ path, content }[]`, dpra:pipeline:generate's
 * `contents`), which the task page lists and shows one at a time.
 *
 * @public
 */
export const GENERATED_FILES_OUTPUT = 'generatedFiles';
