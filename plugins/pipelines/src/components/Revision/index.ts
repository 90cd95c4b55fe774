export { RevisionLabel, behindText } from './RevisionLabel';
export {
  mainRevision,
  shortRevision,
  stageRevisions,
  type StageRevision,
} from './stageRevisions';
