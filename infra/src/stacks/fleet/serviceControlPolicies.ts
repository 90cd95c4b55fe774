import type { AccountFleetPipelineSpec } from '../../spec/schema';
import { terraformLiteral } from '../terraformText';

type PolicySpec =
  AccountFleetPipelineSpec['spec']['organization']['policies'][number];

/** Services that must keep working outside the allowed regions (global or us-east-1 only). */
const GLOBAL_SERVICES = [
  'iam:*',
  'organizations:*',
  'sts:*',
  'account:*',
  'route53:*',
  'route53domains:*',
  'cloudfront:*',
  'globalaccelerator:*',
  'support:*',
  'budgets:*',
  'ce:*',
  'health:*',
  'waf:*',
  'shield:*',
  'trustedadvisor:*',
];

/** The policy document of a preset or user-supplied SCP, as JSON text. @public */
export function serviceControlPolicyDocument(policy: PolicySpec): string {
  switch (policy.preset) {
    case 'deny-leave-organization':
      return JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyLeaveOrganization',
            Effect: 'Deny',
            Action: 'organizations:LeaveOrganization',
            Resource: '*',
          },
        ],
      });
    case 'deny-root-user':
      return JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyRootUser',
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: {
              ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' },
            },
          },
        ],
      });
    case 'region-allowlist':
      return JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyOutsideAllowedRegions',
            Effect: 'Deny',
            NotAction: GLOBAL_SERVICES,
            Resource: '*',
            Condition: {
              StringNotEquals: {
                'aws:RequestedRegion': policy.allowedRegions ?? [],
              },
            },
          },
        ],
      });
    case 'protect-security-services':
      return JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ProtectSecurityServices',
            Effect: 'Deny',
            Action: [
              'guardduty:DeleteDetector',
              'guardduty:DisassociateFromMasterAccount',
              'securityhub:DisableSecurityHub',
              'cloudtrail:StopLogging',
              'cloudtrail:DeleteTrail',
              'config:StopConfigurationRecorder',
              'config:DeleteConfigurationRecorder',
            ],
            Resource: '*',
          },
        ],
      });
    default:
      // User documents may use IAM policy variables (`${aws:username}`): keep them literal.
      return terraformLiteral(JSON.stringify(policy.document));
  }
}
