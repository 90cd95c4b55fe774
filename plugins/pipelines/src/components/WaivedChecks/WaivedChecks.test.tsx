import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { makeDemoPipeline } from '../../testing';
import { WaivedChecks } from './WaivedChecks';

describe('WaivedChecks', () => {
  it('GIVEN a pipeline whose spec waives required checks THEN each is named with its reason', async () => {
    const pipeline = {
      ...makeDemoPipeline(),
      waivers: [
        {
          check: 'build.checks.sast',
          label: 'SAST (static application security testing)',
          reason: "Semgrep runs in the monorepo's nightly job (SEC-142)",
        },
        {
          check: 'approval.enabled',
          label: 'Manual approval',
          reason: 'continuous deployment behind feature flags',
        },
      ],
    };
    await renderInTestApp(<WaivedChecks pipeline={pipeline} />);
    const note = screen.getByTestId(`waived-checks-${pipeline.name}`);
    expect(note).toHaveTextContent(
      "2 required checks are waived in this pipeline's spec",
    );
    expect(note).toHaveTextContent(
      "SAST (static application security testing) is off (spec.build.checks.sast): Semgrep runs in the monorepo's nightly job (SEC-142)",
    );
    expect(note).toHaveTextContent(
      'Manual approval is off (spec.approval.enabled): continuous deployment behind feature flags',
    );
  });

  it('GIVEN no waivers (or tags not read yet) THEN nothing is shown', async () => {
    const pipeline = makeDemoPipeline();
    await renderInTestApp(
      <>
        <WaivedChecks pipeline={pipeline} />
        <WaivedChecks pipeline={{ ...pipeline, waivers: [] }} />
      </>,
    );
    expect(screen.queryByTestId(`waived-checks-${pipeline.name}`)).toBeNull();
  });
});
