export { KeptStyles, styleKeepingJss } from './KeptStyles';
