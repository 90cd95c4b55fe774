export {
  createPipelineSignals,
  type PipelineSignals,
  type PipelineSignalsOptions,
} from './PipelineSignals';
