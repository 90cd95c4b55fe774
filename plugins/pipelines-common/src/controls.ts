/**
 * The constraints CodePipeline puts on what a user types into a stage control, so that the
 * dialog, the backend and the error messages agree (CodePipeline API reference).
 */

/**
 * A transition's disabled reason (DisableStageTransition `reason`): 1-300 characters of letters,
 * digits, spaces and `! @ ( ) . * ? -`.
 *
 * @public
 */
export const TRANSITION_REASON_PATTERN = /^[a-zA-Z0-9!@ ().*?-]{1,300}$/;

/**
 * What {@link TRANSITION_REASON_PATTERN} allows, for people.
 *
 * @public
 */
export const TRANSITION_REASON_RULE =
  'letters, digits, spaces and ! @ ( ) . * ? - only, at most 300 characters';

/**
 * The longest reason StopPipelineExecution takes.
 *
 * @public
 */
export const STOP_REASON_MAX_LENGTH = 200;
