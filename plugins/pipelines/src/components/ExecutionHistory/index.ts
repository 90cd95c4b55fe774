export {
  ExecutionHistoryCard,
  ExecutionHistoryTable,
  executionDuration,
} from './ExecutionHistory';
