export { ApprovalBanner, NOT_ALLOWED_TO_DECIDE } from './ApprovalBanner';
export { ApprovalDialog } from './ApprovalDialog';
export type { ApprovalDialogProps } from './ApprovalDialog';
export { DecisionNote, decisionText, deciderName } from './DecisionNote';
export type { DecisionFacts } from './DecisionNote';
export { stageDecisions } from './stageDecisions';
