export { FindingsCard, FindingsView } from './FindingsTable';
