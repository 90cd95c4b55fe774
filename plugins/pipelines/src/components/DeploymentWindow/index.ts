export { DeploymentWindowText } from './DeploymentWindowText';
export { parseWindow, windowStatus, describeWindow } from './windowSchedule';
