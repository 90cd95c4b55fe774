import { renderInTestApp } from '@backstage/test-utils';
import type { ConfigDeploymentView } from '@dpra/plugin-pipelines-common';
import { screen, within } from '@testing-library/react';
import { makeDemoPipeline } from '../../testing';
import { ConfigDeploymentBoard } from './ConfigDeploymentBoard';
import { ConfigLiveVersions } from './ConfigLiveVersions';
import { liveVersionLines, strategyText } from './configDeploymentModel';

const base = {
  accountId: '444444444444',
  growthType: 'LINEAR',
  growthFactor: 20,
  deploymentDurationMinutes: 30,
  finalBakeMinutes: 60,
  strategy: 'orders-config-prod',
};

const deployments: ConfigDeploymentView[] = [
  {
    ...base,
    environment: 'prod',
    region: 'us-east-1',
    profile: 'feature-flags',
    deploymentNumber: 68,
    version: '111',
    revision: '0123456789abcdef0123456789abcdef01234567',
    state: 'COMPLETE',
    percentageComplete: 100,
    startedAt: '2026-12-01T13:13:06.000Z',
    completedAt: '2026-12-01T13:24:00.000Z',
    liveVersion: '111',
    liveRevision: '0123456789abcdef0123456789abcdef01234567',
    rolledBack: {
      deploymentNumber: 67,
      version: '110',
      revision: 'fedcba9876543210fedcba9876543210fedcba98',
      at: '2026-12-01T13:11:42.000Z',
      triggeredBy: 'CLOUDWATCH_ALARM',
      alarmName: 'orders-checkout-errors',
      alarmArn:
        'arn:aws:cloudwatch:us-east-1:444444444444:alarm:orders-checkout-errors',
    },
  },
  {
    ...base,
    environment: 'prod',
    region: 'us-west-2',
    profile: 'feature-flags',
    deploymentNumber: 70,
    version: '112',
    state: 'DEPLOYING',
    percentageComplete: 40,
    startedAt: '2026-12-02T13:00:00.000Z',
    liveVersion: '111',
    liveRevision: '0123456789abcdef0123456789abcdef01234567',
  },
  {
    ...base,
    environment: 'beta',
    accountId: '222222222222',
    region: 'us-east-1',
    profile: 'feature-flags',
    deploymentNumber: 85,
    version: '112',
    state: 'BAKING',
    percentageComplete: 100,
    startedAt: '2026-12-02T12:00:00.000Z',
    bakeEndsAt: new Date(Date.now() + 5 * 60_000).toISOString(),
    finalBakeMinutes: 10,
    liveVersion: '111',
    liveRevision: '0123456789abcdef0123456789abcdef01234567',
  },
  {
    ...base,
    environment: 'gamma',
    accountId: '333333333333',
    region: 'us-east-1',
    profile: 'feature-flags',
    deploymentNumber: 9,
    version: '7',
    state: 'COMPLETE',
    percentageComplete: 100,
    startedAt: '2026-12-02T12:30:00.000Z',
    completedAt: '2026-12-02T12:50:00.000Z',
    liveVersion: '7',
  },
];

describe('ConfigDeploymentBoard', () => {
  it('GIVEN AppConfig deployments THEN each environment and region shows profile, version, strategy, progress, bake and the alarm that rolled one back', async () => {
    const pipeline = { ...makeDemoPipeline(), configDeployments: deployments };
    await renderInTestApp(<ConfigDeploymentBoard pipeline={pipeline} />);
    const rows = within(screen.getByTestId('config-board')).getAllByRole('row');
    // Header, then beta before production (delivery order), production in deploy order.
    expect(rows.slice(1).map(r => r.textContent?.slice(0, 40))).toEqual([
      expect.stringMatching(/^beta · us-east-1Account 222222222222/),
      expect.stringMatching(/^gamma · us-east-1Account 333333333333/),
      expect.stringMatching(/^prod · us-east-1Account 444444444444/),
      expect.stringMatching(/^prod · us-west-2Account 444444444444/),
    ]);
    const east = screen.getByTestId('config-prod-us-east-1-feature-flags');
    expect(east).toHaveTextContent('feature-flags v111 · revision 0123456');
    expect(east).toHaveTextContent(
      'orders-config-prod: linear, 20% steps over 30 min, 60 min bake',
    );
    expect(
      screen.getByTestId('config-prod-us-east-1-feature-flags-rollback'),
    ).toHaveTextContent(
      /v110 \(revision fedcba9\) rolled back .* by alarm orders-checkout-errors/,
    );
    const west = screen.getByTestId('config-prod-us-west-2-feature-flags');
    expect(
      within(west).getByRole('progressbar', {
        name: 'feature-flags deployed to 40% of targets',
      }),
    ).toHaveAttribute('aria-valuenow', '40');
    expect(west).toHaveTextContent('Live: v111 (revision 0123456)');
    expect(
      within(
        screen.getByTestId('config-beta-us-east-1-feature-flags'),
      ).getByRole('timer'),
    ).toHaveTextContent(/Baking: \d+m \d+s left|Baking: .* left/);
  });

  it('GIVEN a pipeline without AppConfig deployments THEN nothing is drawn', async () => {
    await renderInTestApp(
      <>
        <ConfigDeploymentBoard pipeline={makeDemoPipeline()} />
        <span>end</span>
      </>,
    );
    expect(screen.queryByTestId('config-board')).toBeNull();
  });
});

describe('ConfigLiveVersions', () => {
  it('says a strategy in words, all at once when it does not grow', () => {
    expect(strategyText(deployments[0])).toBe(
      'linear, 20% steps over 30 min, 60 min bake',
    );
    expect(
      strategyText({
        ...deployments[0],
        growthType: 'EXPONENTIAL',
        growthFactor: 10,
      }),
    ).toBe('exponential from 10% over 30 min, 60 min bake');
    expect(
      strategyText({
        ...deployments[0],
        growthFactor: 100,
        deploymentDurationMinutes: 0,
        finalBakeMinutes: 10,
      }),
    ).toBe('all at once, 10 min bake');
  });

  it('says which version is live where, newest first, and names the rollback', async () => {
    expect(liveVersionLines(deployments)).toEqual([
      {
        profile: 'feature-flags',
        text: '0123456 in beta us-east-1 (v111), prod us-east-1 (v111), prod us-west-2 (v111) · no revision named in gamma us-east-1 (v7)',
      },
    ]);
    const pipeline = { ...makeDemoPipeline(), configDeployments: deployments };
    await renderInTestApp(<ConfigLiveVersions pipeline={pipeline} />);
    expect(
      screen.getByTestId(`config-live-${pipeline.name}`),
    ).toHaveTextContent(
      'feature-flags v110 rolled back in prod us-east-1 by alarm orders-checkout-errors',
    );
  });
});
