export { WaivedChecks } from './WaivedChecks';
