export { ApprovalBanner, NOT_ALLOWED_TO_DECIDE } from './ApprovalBanner';
export { ApprovalDialog } from './ApprovalDialog';
export type { ApprovalDialogProps } from './ApprovalDialog';
