export {
  createOwnerNotifier,
  INBOX_PATH,
  NOTIFICATION_TOPICS,
  type OwnerNotifier,
  type OwnerNotifierOptions,
} from './OwnerNotifier';
