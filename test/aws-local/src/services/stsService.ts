import { createHash } from 'node:crypto';
import { AwsCall } from '../protocol/identifyAwsCall';
import { AwsScenario, AwsServiceError } from '../scenario/types';

/** XML namespace of STS answers. */
export const STS_XML_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** Deterministic pseudo-credentials: the same role and session always get the same key id. */
function digest(text: string, length: number) {
  return createHash('sha256')
    .update(text)
    .digest('hex')
    .toUpperCase()
    .slice(0, length);
}

/**
 * STS (awsQuery: form-encoded `Action=…`, XML answers): AssumeRole and GetCallerIdentity, so
 * `@backstage/integration-aws-node` role assumption works against the local endpoint.
 */
export function handleSts(scenario: AwsScenario, call: AwsCall): unknown {
  const input = call.input;
  switch (call.operation) {
    case 'AssumeRole': {
      const roleArn: string | undefined = input.RoleArn;
      const session: string | undefined = input.RoleSessionName;
      const match =
        /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(
          roleArn ?? '',
        );
      if (!match || !session) {
        throw new AwsServiceError(
          'ValidationError',
          "1 validation error detected: Value at 'roleArn' failed to satisfy constraint",
        );
      }
      const seconds = Number(input.DurationSeconds ?? 3600);
      const expiration = new Date(Date.now() + seconds * 1000);
      return {
        AssumedRoleUser: {
          AssumedRoleId: `AROA${digest(roleArn!, 17)}:${session}`,
          Arn: `arn:aws:sts::${match[1]}:assumed-role/${match[2]}/${session}`,
        },
        Credentials: {
          AccessKeyId: `ASIA${digest(`${roleArn}/${session}`, 16)}`,
          SecretAccessKey: digest(`secret/${roleArn}/${session}`, 40),
          SessionToken: Buffer.from(`aws-local/${roleArn}/${session}`).toString(
            'base64',
          ),
          Expiration: expiration,
        },
        ...(input.SourceIdentity
          ? { SourceIdentity: input.SourceIdentity }
          : {}),
        PackedPolicySize: 6,
      };
    }
    case 'GetCallerIdentity':
      return {
        UserId: call.accessKeyId ?? 'AIDAAWSLOCALUSER',
        Account: scenario.accountId,
        Arn: call.accessKeyId?.startsWith('ASIA')
          ? `arn:aws:sts::${scenario.accountId}:assumed-role/backstage-dpra/${call.accessKeyId}`
          : `arn:aws:iam::${scenario.accountId}:user/backstage`,
      };
    default:
      throw new AwsServiceError(
        'InvalidAction',
        `Could not find operation ${call.operation} for version 2011-06-15`,
      );
  }
}
