/** One IAM policy statement. @public */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Principal?: Record<string, string | string[]> | '*';
  readonly Condition?: Record<
    string,
    Record<string, string | string[] | boolean>
  >;
}

/** An IAM policy document as JSON text (cdktf tokens inside strings are resolved at synth). @public */
export function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Trust policy for an AWS service principal. @public */
export function serviceTrust(service: string): string {
  return policyDocument([
    {
      Effect: 'Allow',
      Principal: { Service: service },
      Action: 'sts:AssumeRole',
    },
  ]);
}

/** An `Allow` statement. @public */
export function allow(
  sid: string,
  action: string | string[],
  resource: string | string[],
): PolicyStatement {
  return { Sid: sid, Effect: 'Allow', Action: action, Resource: resource };
}
