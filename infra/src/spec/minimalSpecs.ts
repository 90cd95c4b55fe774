import type { PipelineSpecInput } from './schema';

/*
 * The least a spec of each kind must say; every other field takes its default. Used where a small
 * valid spec is the point: the scaffolder action's documented examples, and the tests that change
 * one field of a valid spec.
 */

/** The smallest valid spec of a kind (input form). @public */
export type MinimalSpec<K extends PipelineSpecInput['kind']> = Extract<
  PipelineSpecInput,
  { kind: K }
>;

/** Beta, gamma and production waves, as the app and the configuration kinds both take them. */
const STAGED_ENVIRONMENTS: Pick<
  MinimalSpec<'AppPipeline'>['spec'],
  'environments' | 'production'
> = {
  environments: {
    beta: { account: '222222222222', region: 'us-east-1' },
    gamma: { account: '333333333333', regions: ['us-east-1', 'us-west-2'] },
  },
  production: {
    account: '444444444444',
    waves: [
      { regions: ['us-east-1'] },
      { regions: ['us-west-2', 'eu-west-1'] },
    ],
  },
};

const MINIMAL_SPECS: { [K in PipelineSpecInput['kind']]: MinimalSpec<K> } = {
  AppPipeline: {
    apiVersion: 'dpra/v1',
    kind: 'AppPipeline',
    metadata: { name: 'orders-service' },
    spec: {
      toolchain: { account: '111111111111', region: 'us-east-1' },
      source: { repository: 'example-org/orders-service' },
      ...STAGED_ENVIRONMENTS,
    },
  },
  ImagePipeline: {
    apiVersion: 'dpra/v1',
    kind: 'ImagePipeline',
    metadata: { name: 'base-ami' },
    spec: {
      toolchain: { account: '111111111111', region: 'us-east-1' },
      source: { repository: 'example-org/base-ami' },
      image: { parentImage: 'ami-0123456789abcdef0' },
      distribution: {
        waves: [
          { accounts: ['222222222222'], regions: ['us-east-1'] },
          { accounts: ['444444444444'], regions: ['us-east-1', 'eu-west-1'] },
        ],
      },
    },
  },
  AccountFleetPipeline: {
    apiVersion: 'dpra/v1',
    kind: 'AccountFleetPipeline',
    metadata: { name: 'org-fleet' },
    spec: {
      toolchain: { account: '111111111111', region: 'us-east-1' },
      source: { repository: 'example-org/org-fleet' },
      organization: {
        rootId: 'r-ab12',
        organizationalUnits: [
          { name: 'Sandbox' },
          { name: 'Workloads' },
          { name: 'Prod', parent: 'Workloads' },
        ],
      },
      sandbox: { ous: ['Sandbox'] },
      waves: [{ ous: ['Workloads'] }, { ous: ['Prod'] }],
    },
  },
  ConfigPipeline: {
    apiVersion: 'dpra/v1',
    kind: 'ConfigPipeline',
    metadata: { name: 'orders-config' },
    spec: {
      toolchain: { account: '111111111111', region: 'us-east-1' },
      source: { repository: 'example-org/orders-config' },
      profiles: { featureFlags: {}, operational: {} },
      ...STAGED_ENVIRONMENTS,
    },
  },
};

/**
 * The smallest valid spec of a kind (input form): a fresh copy on every call, so the caller may
 * change it.
 *
 * @public
 */
export function minimalSpec<K extends PipelineSpecInput['kind']>(
  kind: K,
): MinimalSpec<K> {
  return structuredClone(MINIMAL_SPECS[kind]);
}
