export { WaveBoard } from './WaveBoard';
