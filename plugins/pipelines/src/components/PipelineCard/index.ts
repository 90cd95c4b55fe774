export { PipelineCard } from './PipelineCard';
