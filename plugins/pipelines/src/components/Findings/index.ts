export {
  FindingsCard,
  FindingsResourceCard,
  FindingsView,
} from './FindingsTable';
