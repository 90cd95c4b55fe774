export { ApprovalInboxPage } from './ApprovalInboxPage';
export {
  ApprovalInboxContent,
  ApprovalInboxCard,
} from './ApprovalInboxContent';
export { ApprovalInboxList, promotionText } from './ApprovalInboxList';
