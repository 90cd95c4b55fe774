export { StageControls } from './StageControls';
