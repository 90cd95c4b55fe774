import { randomUUID } from 'node:crypto';
import { AwsCall, identifyAwsCall } from './protocol/identifyAwsCall';
import {
  errorResponse,
  jsonResponse,
  queryResponse,
} from './protocol/wireFormat';
import {
  AwsScenario,
  AwsServiceError,
  AwsServiceName,
  FaultKind,
} from './scenario/types';
import { handleAppConfig } from './services/appConfigService';
import { handleCloudWatch } from './services/cloudWatchService';
import { handleCodeBuild } from './services/codeBuildService';
import { handleCodePipeline } from './services/codePipelineService';
import { CODEPIPELINE_CONTROL_OPERATIONS } from './services/codePipelineControls';
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
  /** Close the connection without answering (an injected `connection-reset`). */
  reset?: boolean;
}

const HANDLERS: Record<
  AwsServiceName,
  (scenario: AwsScenario, call: AwsCall) => unknown
> = {
  codepipeline: handleCodePipeline,
  cloudwatch: handleCloudWatch,
  securityhub: handleSecurityHub,
  codebuild: handleCodeBuild,
  inspector2: handleInspector2,
  appconfig: handleAppConfig,
  sts: handleSts,
};

/** Operations whose answers may be reused while the world has not changed (reads only). */
function isCacheable(call: AwsCall) {
  return (
    call.service !== 'sts' &&
    // AppConfig deployments grow and bake with the clock, between the world's changes.
    call.service !== 'appconfig' &&
    call.operation !== 'PutApprovalResult' &&
    !CODEPIPELINE_CONTROL_OPERATIONS.has(call.operation)
  );
}

/**
 * Cached answers per scenario: the benchmark's naive proxy sends thousands of identical reads, and
 * the endpoint must not be the bottleneck it measures. Keyed by the world's state version.
 */
const answerCache = new WeakMap<
  AwsScenario,
  { version: string; answers: Map<string, AwsHttpResponse> }
>();

function cachedAnswer(
  scenario: AwsScenario,
  call: AwsCall,
  compute: () => AwsHttpResponse,
): AwsHttpResponse {
  if (!isCacheable(call)) return compute();
  const version = scenario.stateVersion();
  let entry = answerCache.get(scenario);
  if (!entry || entry.version !== version) {
    entry = { version, answers: new Map() };
    answerCache.set(scenario, entry);
  }
  const key = `${call.service}|${call.operation}|${
    call.region
  }|${JSON.stringify(call.input)}`;
  const hit = entry.answers.get(key);
  if (hit) {
    return {
      ...hit,
      headers: { ...hit.headers, 'x-amzn-requestid': randomUUID() },
    };
  }
  const answer = compute();
  if (answer.status === 200 && entry.answers.size < 5000)
    entry.answers.set(key, answer);
  return answer;
}

/** How long a `timeout` fault holds the request when the client never gives up. */
const TIMEOUT_FAULT_MS = 120_000;

/** How long a `slow` fault delays the answer by default. */
const SLOW_FAULT_MS = 5_000;

/** The AWS error an error-answering fault is served as (as AWS words them). */
const FAULT_ERRORS: Partial<Record<FaultKind, () => AwsServiceError>> = {
  throttle: () =>
    new AwsServiceError('ThrottlingException', 'Rate exceeded', 400),
  'server-error': () =>
    new AwsServiceError(
      'InternalFailure',
      'The request processing has failed because of an unknown error, exception or failure.',
      500,
    ),
  'expired-credentials': () =>
    new AwsServiceError(
      'ExpiredTokenException',
      'The security token included in the request is expired',
      400,
    ),
  'access-denied': () =>
    new AwsServiceError(
      'AccessDeniedException',
      'User is not authorized to perform this operation',
      400,
    ),
};

function waitFor(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
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
    if (error instanceof AwsServiceError)
      return errorResponse(undefined, error);
    throw error;
  }
  const taken = scenario.takeFault(call.service, call.operation);
  const fault = taken?.kind;
  scenario.recordCall({
    service: call.service,
    operation: call.operation,
    region: call.region,
    at: Date.now(),
    ...(fault ? { fault } : {}),
  });
  const xmlNamespace = STS_XML_NAMESPACE;
  if (fault === 'connection-reset') {
    return { status: 0, headers: {}, body: '', reset: true };
  }
  if (fault === 'slow') {
    await waitFor(taken?.latencyMs ?? SLOW_FAULT_MS, req.signal);
    if (req.signal?.aborted) {
      return { status: 0, headers: {}, body: '', reset: true };
    }
  }
  if (fault === 'timeout') {
    await waitFor(TIMEOUT_FAULT_MS, req.signal);
    return errorResponse(
      call,
      new AwsServiceError(
        'RequestTimeout',
        'The local endpoint simulated a timeout',
        504,
      ),
      xmlNamespace,
    );
  }
  const faultError = fault ? FAULT_ERRORS[fault] : undefined;
  if (faultError) return errorResponse(call, faultError(), xmlNamespace);
  const decoded = call;
  try {
    return cachedAnswer(scenario, decoded, () => {
      const output = HANDLERS[decoded.service](scenario, decoded);
      return decoded.protocol === 'awsQuery'
        ? queryResponse(decoded.operation, xmlNamespace, output)
        : jsonResponse(decoded.protocol, output);
    });
  } catch (error) {
    if (error instanceof AwsServiceError)
      return errorResponse(call, error, xmlNamespace);
    return errorResponse(
      call,
      new AwsServiceError(
        'InternalFailure',
        `aws-local: ${error instanceof Error ? error.message : String(error)}`,
        500,
      ),
      xmlNamespace,
    );
  }
}
