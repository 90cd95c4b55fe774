export { PipelineRunView, PHASE_TITLES } from './PipelineRunView';
