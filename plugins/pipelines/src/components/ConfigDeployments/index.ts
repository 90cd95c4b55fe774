export { ConfigDeploymentBoard } from './ConfigDeploymentBoard';
export { ConfigLiveVersions } from './ConfigLiveVersions';
