import { AwsCall, identifyAwsCall } from './protocol/identifyAwsCall';
import { errorResponse, jsonResponse, queryResponse } from './protocol/wireFormat';
import { AwsScenario, AwsServiceError, AwsServiceName, FaultKind } from './scenario/types';
import { handleCloudWatch } from './services/cloudWatchService';
import { handleCodeBuild } from './services/codeBuildService';
import { handleCodePipeline } from './services/codePipelineService';
import { handleInspector2 } from './services/inspector2Service';
import { handleSecurityHub } from './services/securityHubService';
import { STS_XML_NAMESPACE, handleSts } from './services/stsService';

/** An HTTP request as the endpoint sees it. @public */
export interface AwsHttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array | string;
  /** Aborted when the client gives up; ends a `timeout` fault early. */
  signal?: AbortSignal;
}

/** The endpoint's HTTP answer. @public */
export interface AwsHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

const HANDLERS: Record<AwsServiceName, (scenario: AwsScenario, call: AwsCall) => unknown> = {
  codepipeline: handleCodePipeline,
  cloudwatch: handleCloudWatch,
  securityhub: handleSecurityHub,
  codebuild: handleCodeBuild,
  inspector2: handleInspector2,
  sts: handleSts,
};

/** How long a `timeout` fault holds the request when the client never gives up. */
const TIMEOUT_FAULT_MS = 120_000;

function faultError(kind: Exclude<FaultKind, 'timeout'>): AwsServiceError {
  return kind === 'throttle'
    ? new AwsServiceError('ThrottlingException', 'Rate exceeded', 400)
    : new AwsServiceError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);
}

function waitForTimeout(signal: AbortSignal | undefined): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, TIMEOUT_FAULT_MS);
    // Never keep a test process or the server alive just for a simulated hang.
    timer.unref?.();
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Answers one AWS API request from the scenario, speaking the protocol of the target service
 * (awsJson1_1 for CodePipeline/CodeBuild, awsJson1_0 for CloudWatch, restJson1 for Security Hub and
 * Inspector2, awsQuery for STS). Every call is counted; injected faults are served instead of an
 * answer.
 *
 * @public
 */
export async function handleAwsRequest(
  scenario: AwsScenario,
  req: AwsHttpRequest,
): Promise<AwsHttpResponse> {
  let call: AwsCall | undefined;
  try {
    call = identifyAwsCall(req);
  } catch (error) {
    if (error instanceof AwsServiceError) return errorResponse(undefined, error);
    throw error;
  }
  const fault = scenario.takeFault(call.service, call.operation);
  scenario.recordCall({
    service: call.service,
    operation: call.operation,
    region: call.region,
    at: Date.now(),
    ...(fault ? { fault } : {}),
  });
  const xmlNamespace = STS_XML_NAMESPACE;
  if (fault === 'timeout') {
    await waitForTimeout(req.signal);
    return errorResponse(call, new AwsServiceError('RequestTimeout', 'The local endpoint simulated a timeout', 504), xmlNamespace);
  }
  if (fault) return errorResponse(call, faultError(fault), xmlNamespace);
  try {
    const output = HANDLERS[call.service](scenario, call);
    if (call.protocol === 'awsQuery') {
      return queryResponse(call.operation, xmlNamespace, output);
    }
    return jsonResponse(call.protocol, output);
  } catch (error) {
    if (error instanceof AwsServiceError) return errorResponse(call, error, xmlNamespace);
    return errorResponse(
      call,
      new AwsServiceError('InternalFailure', `aws-local: ${error instanceof Error ? error.message : String(error)}`, 500),
      xmlNamespace,
    );
  }
}
