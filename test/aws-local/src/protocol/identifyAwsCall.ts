import { AwsServiceError, AwsServiceName } from '../scenario/types';
import { APPCONFIG_ROUTES } from '../services/appConfigService';

/** The wire protocols the endpoint speaks (those of the installed AWS SDK v3 clients). */
export type AwsProtocol =
  | 'awsJson1_1'
  | 'awsJson1_0'
  | 'restJson1'
  | 'awsQuery';

/** One AWS API call, decoded from HTTP. */
export interface AwsCall {
  service: AwsServiceName;
  operation: string;
  region: string;
  protocol: AwsProtocol;
  /** The decoded input: the JSON body, or the query parameters for awsQuery. */
  input: Record<string, any>;
  /** CloudWatch's JSON protocol is "awsQuery compatible": errors also carry `x-amzn-query-error`. */
  queryCompatible: boolean;
  /** Access key id of the SigV4 signature (tells which credentials the caller used). */
  accessKeyId?: string;
}

/** `X-Amz-Target` prefixes of the JSON RPC services. */
const TARGET_PREFIXES: Record<
  string,
  { service: AwsServiceName; protocol: AwsProtocol }
> = {
  CodePipeline_20150709: { service: 'codepipeline', protocol: 'awsJson1_1' },
  CodeBuild_20161006: { service: 'codebuild', protocol: 'awsJson1_1' },
  GraniteServiceVersion20100801: {
    service: 'cloudwatch',
    protocol: 'awsJson1_0',
  },
};

/** SigV4 signing names → our service names (CloudWatch signs as `monitoring`). */
const SIGNING_NAMES: Record<string, AwsServiceName> = {
  codepipeline: 'codepipeline',
  codebuild: 'codebuild',
  monitoring: 'cloudwatch',
  securityhub: 'securityhub',
  inspector2: 'inspector2',
  appconfig: 'appconfig',
  sts: 'sts',
};

/** REST routes of the restJson1 services (method + path → operation). */
const REST_ROUTES: Array<{
  service: AwsServiceName;
  method: string;
  path: string;
  operation: string;
}> = [
  {
    service: 'securityhub',
    method: 'POST',
    path: '/findings',
    operation: 'GetFindings',
  },
  {
    service: 'securityhub',
    method: 'POST',
    path: '/findings/import',
    operation: 'BatchImportFindings',
  },
  {
    service: 'inspector2',
    method: 'POST',
    path: '/findings/list',
    operation: 'ListFindings',
  },
];

function header(
  headers: Record<string, string>,
  name: string,
): string | undefined {
  const key = Object.keys(headers).find(k => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/**
 * Reads the SigV4 credential scope: `Credential=AKID/20261123/us-west-2/monitoring/aws4_request`.
 * The region of a call comes from here: the scenario is multi-region and every client signs for
 * the region it calls, even when all of them share one endpoint URL.
 */
export function parseCredentialScope(authorization: string | undefined) {
  const match =
    /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/.exec(
      authorization ?? '',
    );
  if (!match) return undefined;
  return { accessKeyId: match[1], region: match[3], signingName: match[4] };
}

/** `codepipeline.us-east-1.amazonaws.com` → service and region, when the call was not signed. */
function fromHost(url: URL): { signingName?: string; region?: string } {
  const match = /^([a-z0-9-]+)\.([a-z0-9-]+)\.amazonaws\.com$/.exec(
    url.hostname,
  );
  if (!match) return {};
  return { signingName: match[1], region: match[2] };
}

function bodyText(body: Uint8Array | string): string {
  return typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
}

function parseJson(text: string): Record<string, any> {
  if (!text.trim()) return {};
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' ? value : {};
  } catch {
    throw new AwsServiceError(
      'SerializationException',
      'The request body is not valid JSON',
    );
  }
}

/**
 * Decodes which AWS operation an HTTP request calls: the `X-Amz-Target` header (JSON RPC), the
 * `Action` form parameter (awsQuery), or the REST route; service and region from the SigV4 scope,
 * falling back to the host name (msw intercepts the SDK's default endpoints).
 */
export function identifyAwsCall(req: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array | string;
}): AwsCall {
  const url = new URL(req.url, 'http://localhost');
  const scope = parseCredentialScope(header(req.headers, 'authorization'));
  const host = fromHost(url);
  const signingService =
    SIGNING_NAMES[scope?.signingName ?? host.signingName ?? ''];
  const region = scope?.region ?? host.region ?? 'us-east-1';
  const accessKeyId = scope?.accessKeyId;
  const text = bodyText(req.body);

  const target = header(req.headers, 'x-amz-target');
  if (target) {
    const [prefix, operation] = target.split('.');
    const known = TARGET_PREFIXES[prefix];
    if (!known || !operation) {
      throw new AwsServiceError(
        'UnknownOperationException',
        `Unknown target ${target}`,
      );
    }
    return {
      service: known.service,
      operation,
      region,
      protocol: known.protocol,
      input: parseJson(text),
      queryCompatible: known.service === 'cloudwatch',
      accessKeyId,
    };
  }

  const contentType = header(req.headers, 'content-type') ?? '';
  if (
    req.method === 'POST' &&
    contentType.includes('application/x-www-form-urlencoded')
  ) {
    const params = Object.fromEntries(new URLSearchParams(text));
    const operation = params.Action;
    if (!operation)
      throw new AwsServiceError(
        'MissingAction',
        'The request must contain the parameter Action',
      );
    return {
      service: signingService ?? 'sts',
      operation,
      region,
      protocol: 'awsQuery',
      input: params,
      queryCompatible: false,
      accessKeyId,
    };
  }

  if (!signingService || signingService === 'appconfig') {
    const path = url.pathname.replace(/\/+$/, '');
    for (const route of req.method === 'GET' ? APPCONFIG_ROUTES : []) {
      const match = route.path.exec(path);
      if (!match) continue;
      return {
        service: 'appconfig',
        operation: route.operation,
        region,
        protocol: 'restJson1',
        input: {
          ...Object.fromEntries(url.searchParams),
          ...Object.fromEntries(
            Object.entries(match.groups ?? {}).map(([k, v]) => [
              k,
              decodeURIComponent(v),
            ]),
          ),
        },
        queryCompatible: false,
        accessKeyId,
      };
    }
  }
  const routes = REST_ROUTES.filter(
    r =>
      r.method === req.method &&
      r.path === url.pathname.replace(/\/+$/, '') &&
      (!signingService || r.service === signingService),
  );
  if (routes.length > 0) {
    return {
      service: routes[0].service,
      operation: routes[0].operation,
      region,
      protocol: 'restJson1',
      input: parseJson(text),
      queryCompatible: false,
      accessKeyId,
    };
  }
  throw new AwsServiceError(
    'UnknownOperationException',
    `No AWS operation at ${req.method} ${url.pathname}`,
    404,
  );
}
