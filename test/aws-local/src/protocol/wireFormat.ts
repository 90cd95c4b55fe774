import { randomUUID } from 'node:crypto';
import { AwsServiceError } from '../scenario/types';
import type { AwsCall, AwsProtocol } from './identifyAwsCall';

/** What a service handler returns before it is put on the wire. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Converts an output object to the JSON protocols' wire form: timestamps become epoch seconds
 * (numbers, with millisecond fractions), as awsJson1_0/1_1 and restJson1 send them by default;
 * undefined members are dropped.
 */
export function toJsonWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toJsonWire);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = toJsonWire(v);
    }
    return out;
  }
  return value;
}

const CONTENT_TYPES: Record<AwsProtocol, string> = {
  awsJson1_1: 'application/x-amz-json-1.1',
  awsJson1_0: 'application/x-amz-json-1.0',
  restJson1: 'application/json',
  awsQuery: 'text/xml',
};

/** A successful JSON answer. */
export function jsonResponse(
  protocol: AwsProtocol,
  output: unknown,
): WireResponse {
  return {
    status: 200,
    headers: {
      'content-type': CONTENT_TYPES[protocol],
      'x-amzn-requestid': randomUUID(),
    },
    body: JSON.stringify(toJsonWire(output)),
  };
}

/** Escapes text for XML. */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Serialises a plain object as awsQuery XML elements (dates as ISO 8601, as awsQuery sends them). */
export function toXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value))
    return value.map(v => `<member>${toXml(v)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  }
  return xmlEscape(String(value));
}

/** A successful awsQuery answer: `<OpResponse><OpResult>…</OpResult><ResponseMetadata/></OpResponse>`. */
export function queryResponse(
  operation: string,
  xmlNamespace: string,
  result: unknown,
): WireResponse {
  const requestId = randomUUID();
  return {
    status: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body:
      `<${operation}Response xmlns="${xmlNamespace}">` +
      `<${operation}Result>${toXml(result)}</${operation}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
      `</${operation}Response>`,
  };
}

/** Error codes as the query protocol names them (CloudWatch/STS send `Throttling`, not `ThrottlingException`). */
const QUERY_ERROR_CODES: Record<string, string> = {
  ThrottlingException: 'Throttling',
};

/**
 * An error in the call's protocol: JSON protocols send `{"__type": code, "message": …}` (restJson1 also
 * the `x-amzn-ErrorType` header; CloudWatch's query-compatible JSON also `x-amzn-query-error`);
 * awsQuery sends the XML `ErrorResponse`.
 */
export function errorResponse(
  call: Pick<AwsCall, 'protocol' | 'queryCompatible'> | undefined,
  error: AwsServiceError,
  xmlNamespace = 'https://sts.amazonaws.com/doc/2011-06-15/',
): WireResponse {
  const requestId = randomUUID();
  const protocol = call?.protocol ?? 'awsJson1_1';
  if (protocol === 'awsQuery') {
    const code = QUERY_ERROR_CODES[error.code] ?? error.code;
    return {
      status: error.statusCode,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body:
        `<ErrorResponse xmlns="${xmlNamespace}"><Error><Type>${error.fault}</Type>` +
        `<Code>${xmlEscape(code)}</Code><Message>${xmlEscape(
          error.message,
        )}</Message></Error>` +
        `<RequestId>${requestId}</RequestId></ErrorResponse>`,
    };
  }
  const headers: Record<string, string> = {
    'content-type': CONTENT_TYPES[protocol],
    'x-amzn-requestid': requestId,
  };
  if (protocol === 'restJson1') headers['x-amzn-errortype'] = error.code;
  // Modelled CloudWatch errors carry their query-protocol code; throttling comes from the service
  // front end as a plain ThrottlingException (no query code), which the SDK surfaces by that name.
  if (call?.queryCompatible && error.code !== 'ThrottlingException') {
    headers['x-amzn-query-error'] = `${error.code};${error.fault}`;
  }
  return {
    status: error.statusCode,
    headers,
    body: JSON.stringify(
      protocol === 'restJson1'
        ? { message: error.message, Message: error.message, Code: error.code }
        : { __type: error.code, message: error.message },
    ),
  };
}
