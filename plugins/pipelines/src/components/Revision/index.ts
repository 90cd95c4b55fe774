export { RevisionLabel, behindText } from './RevisionLabel';
export {
  mainRevision,
  shortRevision,
  stageRevisions,
  type StageRevision,
} from './stageRevisions';
export {
  PLACE_WORDS,
  whereIsExecution,
  ordinal,
  queuePosition,
  unplacedInLine,
  unplacedText,
  pipelineWhereabouts,
  recentRevisions,
  revisionPlaces,
  type PickableRevision,
  type RevisionPlace,
} from './revisionPlaces';
export {
  RevisionHighlightProvider,
  RevisionPicker,
  RevisionPlaceMarker,
  useRevisionPlace,
  type RevisionHighlight,
} from './RevisionPicker';
