/**
 * CodeBuild report payloads shaped as the AWS JSON 1.1 API returns them (ListReportGroups,
 * BatchGetReportGroups, ListReportsForReportGroup, BatchGetReports, DescribeTestCases); times are
 * epoch seconds as the protocol sends them.
 */
import { TAG } from '@dpra/pipeline-contract';
import { ACCOUNT, PIPELINE_NAME, REGION } from './securityHubFindings';

const groupArn = (name: string) =>
  `arn:aws:codebuild:${REGION}:${ACCOUNT}:report-group/${name}`;

export const UNIT_GROUP = `${PIPELINE_NAME}-UnitTests-junit`;
export const COVERAGE_GROUP = `${PIPELINE_NAME}-UnitTests-coverage`;
/** Created by the stack with its own name, found by the service tag. */
export const TAGGED_GROUP = 'orders-integration-tests';
/** Another pipeline's groups, and an untagged one. */
export const OTHER_GROUP = 'payments-service-pipeline-UnitTests-junit';
export const PREFIX_LOOKALIKE_GROUP = `${PIPELINE_NAME}2-UnitTests-junit`;
export const UNTAGGED_GROUP = 'shared-smoke-tests';
/** Created by the generated stack, which tags everything with `dpra:pipeline`; no report yet. */
export const PIPELINE_TAGGED_GROUP = 'orders-acceptance';

export const UNIT_GROUP_ARN = groupArn(UNIT_GROUP);
export const COVERAGE_GROUP_ARN = groupArn(COVERAGE_GROUP);
export const TAGGED_GROUP_ARN = groupArn(TAGGED_GROUP);
export const OTHER_GROUP_ARN = groupArn(OTHER_GROUP);
export const PREFIX_LOOKALIKE_GROUP_ARN = groupArn(PREFIX_LOOKALIKE_GROUP);
export const UNTAGGED_GROUP_ARN = groupArn(UNTAGGED_GROUP);
export const PIPELINE_TAGGED_GROUP_ARN = groupArn(PIPELINE_TAGGED_GROUP);

export const BUILD_ARN = `arn:aws:codebuild:${REGION}:${ACCOUNT}:build/${PIPELINE_NAME}-UnitTests:5c4e2ed4-21d6-4c3e-a8a3-e6e84fa3ac0c`;

export const UNIT_REPORT_ARN = `arn:aws:codebuild:${REGION}:${ACCOUNT}:report/${UNIT_GROUP}:73e4ae6d-1f2c-4c31-98d6-12cda1af6e3f`;
export const COVERAGE_REPORT_ARN = `arn:aws:codebuild:${REGION}:${ACCOUNT}:report/${COVERAGE_GROUP}:0f5c2f3a-9b1d-4d5e-8a7b-6c5d4e3f2a1b`;
export const TAGGED_REPORT_ARN = `arn:aws:codebuild:${REGION}:${ACCOUNT}:report/${TAGGED_GROUP}:a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d`;

/** 2026-03-09T10:00:00Z and one minute later, in epoch seconds. */
export const CREATED_UNIT = 1773050400;
export const CREATED_COVERAGE = 1773050460;
export const CREATED_TAGGED = 1772964000;

export const reportGroupsWithTags = [
  {
    arn: PIPELINE_TAGGED_GROUP_ARN,
    name: PIPELINE_TAGGED_GROUP,
    type: 'TEST',
    exportConfig: { exportConfigType: 'NO_EXPORT' },
    created: 1767225600,
    lastModified: 1767225600,
    tags: [{ key: TAG.pipeline, value: PIPELINE_NAME }],
    status: 'ACTIVE',
  },
  {
    arn: TAGGED_GROUP_ARN,
    name: TAGGED_GROUP,
    type: 'TEST',
    exportConfig: { exportConfigType: 'NO_EXPORT' },
    created: 1767225600,
    lastModified: 1767225600,
    tags: [
      { key: TAG.service, value: 'orders-service' },
      { key: 'team', value: 'orders' },
    ],
    status: 'ACTIVE',
  },
  {
    arn: OTHER_GROUP_ARN,
    name: OTHER_GROUP,
    type: 'TEST',
    exportConfig: { exportConfigType: 'NO_EXPORT' },
    created: 1767225600,
    lastModified: 1767225600,
    tags: [{ key: TAG.service, value: 'payments-service' }],
    status: 'ACTIVE',
  },
  {
    arn: PREFIX_LOOKALIKE_GROUP_ARN,
    name: PREFIX_LOOKALIKE_GROUP,
    type: 'TEST',
    exportConfig: { exportConfigType: 'NO_EXPORT' },
    created: 1767225600,
    lastModified: 1767225600,
    tags: [],
    status: 'ACTIVE',
  },
  {
    arn: UNTAGGED_GROUP_ARN,
    name: UNTAGGED_GROUP,
    type: 'TEST',
    exportConfig: { exportConfigType: 'NO_EXPORT' },
    created: 1767225600,
    lastModified: 1767225600,
    // Same team, not the same service: not the pipeline's.
    tags: [{ key: 'team', value: 'orders' }],
    status: 'ACTIVE',
  },
];

/** A failed unit test report: 412 tests, 3 failed, 1 error. */
export const unitReport = {
  arn: UNIT_REPORT_ARN,
  type: 'TEST',
  name: `${PIPELINE_NAME}-UnitTests-junit`,
  reportGroupArn: UNIT_GROUP_ARN,
  executionId: BUILD_ARN,
  status: 'FAILED',
  created: CREATED_UNIT,
  exportConfig: { exportConfigType: 'NO_EXPORT' },
  truncated: false,
  testSummary: {
    total: 412,
    statusCounts: {
      ERROR: 1,
      FAILED: 3,
      SKIPPED: 6,
      SUCCEEDED: 402,
      UNKNOWN: 0,
    },
    durationInNanoSeconds: 48213000000,
  },
};

export const coverageReport = {
  arn: COVERAGE_REPORT_ARN,
  type: 'CODE_COVERAGE',
  name: `${PIPELINE_NAME}-UnitTests-coverage`,
  reportGroupArn: COVERAGE_GROUP_ARN,
  executionId: BUILD_ARN,
  status: 'SUCCEEDED',
  created: CREATED_COVERAGE,
  exportConfig: { exportConfigType: 'NO_EXPORT' },
  truncated: false,
  codeCoverageSummary: {
    lineCoveragePercentage: 81.4,
    linesCovered: 4070,
    linesMissed: 930,
    branchCoveragePercentage: 67.25,
    branchesCovered: 538,
    branchesMissed: 262,
  },
};

export const taggedReport = {
  arn: TAGGED_REPORT_ARN,
  type: 'TEST',
  name: TAGGED_GROUP,
  reportGroupArn: TAGGED_GROUP_ARN,
  executionId: `arn:aws:codebuild:${REGION}:${ACCOUNT}:build/orders-integration:9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b`,
  status: 'SUCCEEDED',
  created: CREATED_TAGGED,
  exportConfig: { exportConfigType: 'NO_EXPORT' },
  truncated: false,
  testSummary: {
    total: 57,
    statusCounts: {
      ERROR: 0,
      FAILED: 0,
      SKIPPED: 0,
      SUCCEEDED: 57,
      UNKNOWN: 0,
    },
    durationInNanoSeconds: 91000000000,
  },
};

export const failedTestCases = [
  {
    reportArn: UNIT_REPORT_ARN,
    testRawDataPath: 'build/test-results/junit.xml',
    prefix: 'com.example.orders.',
    name: 'OrderServiceTest.rejectsNegativeQuantity',
    status: 'FAILED',
    durationInNanoSeconds: 12000000,
    message: 'expected: <400> but was: <500>',
    expired: 1775642400,
    testSuiteName: 'OrderServiceTest',
  },
  {
    reportArn: UNIT_REPORT_ARN,
    testRawDataPath: 'build/test-results/junit.xml',
    prefix: 'com.example.orders.',
    name: 'PricingTest.appliesDiscount',
    status: 'FAILED',
    durationInNanoSeconds: 3000000,
    message: 'expected: <90.0> but was: <100.0>',
    expired: 1775642400,
    testSuiteName: 'PricingTest',
  },
  {
    reportArn: UNIT_REPORT_ARN,
    testRawDataPath: 'build/test-results/junit.xml',
    prefix: 'com.example.orders.',
    name: 'PricingTest.roundsHalfUp',
    status: 'FAILED',
    durationInNanoSeconds: 2000000,
    message: 'expected: <1.01> but was: <1.0>',
    expired: 1775642400,
    testSuiteName: 'PricingTest',
  },
];

export const erroredTestCases = [
  {
    reportArn: UNIT_REPORT_ARN,
    testRawDataPath: 'build/test-results/junit.xml',
    prefix: 'com.example.orders.',
    name: 'InventoryClientTest.timesOut',
    status: 'ERROR',
    durationInNanoSeconds: 30000000000,
    expired: 1775642400,
    testSuiteName: 'InventoryClientTest',
  },
];
