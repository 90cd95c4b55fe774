import {
  ALARM,
  PIPELINE_KIND_LAYOUT,
  SERVICE_TAG_KEYS,
  parseWaiverTags,
  parseWaveActionName,
} from '@dpra/pipeline-contract';
import {
  SynthesizedDeclarations,
  declarationsFromTerraform,
  synthesizeCached,
} from '@dpra/aws-local';
import {
  EXAMPLE_SPEC_NAMES,
  exampleSpecInput,
  validAppSpecArbitrary,
  validFleetSpecArbitrary,
  validConfigSpecArbitrary,
  validImageSpecArbitrary,
} from '@dpra/stacks/testing';
import {
  amiParameterName,
  assertValidSpec,
  durationMinutes,
  type PipelineSpec,
} from '@dpra/stacks';
import type { PipelineLayout } from '@dpra/plugin-pipelines-common';
import fc from 'fast-check';
import { pipelineScopeTags } from '../findings/pipelineScope';
import { deriveLayout } from './deriveLayout';

/*
 * The generator<->portal contract, end to end: a spec is synthesized by @dpra/stacks, the
 * Terraform JSON is turned into what GetPipeline / DescribeAlarms / ListTagsForResource answer
 * once applied (aws-local's converter), and the backend derives its picture from that answer.
 * What the picture says must be what the spec says — phases, waves and their targets, bakes,
 * watched alarms, the approval step, deployment windows and the findings scope. The expectations
 * are computed from the spec, never from the synthesized output, so a name changed on one side
 * only (a stage, an action, a rule, an alarm) fails here.
 */

interface WaveExpectation {
  /** Regions the wave's actions deploy to. */
  regions: string[];
  /** Targets named by the wave's actions (regions, or OUs for a fleet). */
  targets: string[];
  bakeMinutes: number;
  oneBox: boolean;
  /** Alarms watched before entry and during the bake. */
  alarms: string[];
}

interface PictureExpectation {
  name: string;
  phases: string[];
  waves: WaveExpectation[];
  approval: boolean;
  window?: { cron: string; timeZone: string };
}

/** Where a kind's spec holds its production safety settings. */
function safetyOf(spec: PipelineSpec) {
  if (spec.kind === 'AppPipeline' || spec.kind === 'ConfigPipeline')
    return spec.spec.production;
  if (spec.kind === 'ImagePipeline') return spec.spec.distribution;
  return spec.spec;
}

function waveBakeMinutes(
  spec: PipelineSpec,
  bake: string | undefined,
  i: number,
) {
  const safety = safetyOf(spec);
  return durationMinutes(
    bake ?? (i === 0 ? safety.bake.firstWave : safety.bake.laterWaves),
  );
}

/** What the portal must show for a spec, read from the spec alone. */
function expectedPicture(spec: PipelineSpec): PictureExpectation {
  const name = spec.metadata.name;
  const safety = safetyOf(spec);
  const blockers = safety.blockerAlarms.length > 0;
  const alarmsOf = (regions: string[], oneBox: boolean) =>
    regions.flatMap(region => [
      blockers
        ? ALARM.entryBlockers(name, 'prod', region)
        : ALARM.highSeverity(name, 'prod', region),
      oneBox
        ? ALARM.oneBoxHighSeverity(name, 'prod', region)
        : ALARM.highSeverity(name, 'prod', region),
    ]);
  let waves: WaveExpectation[];
  if (spec.kind === 'AppPipeline') {
    waves = spec.spec.production.waves.map((w, i) => ({
      regions: w.regions,
      targets: w.regions,
      bakeMinutes: waveBakeMinutes(spec, w.bake, i),
      oneBox: w.oneBox,
      alarms: alarmsOf(w.regions, w.oneBox),
    }));
  } else if (spec.kind === 'ImagePipeline') {
    waves = spec.spec.distribution.waves.map((w, i) => ({
      regions: w.regions,
      targets: w.regions,
      bakeMinutes: waveBakeMinutes(spec, w.bake, i),
      oneBox: false,
      alarms: alarmsOf(w.regions, false),
    }));
  } else if (spec.kind === 'ConfigPipeline') {
    // AppConfig rolls a region out gradually itself: no one-box step.
    waves = spec.spec.production.waves.map((w, i) => ({
      regions: w.regions,
      targets: w.regions,
      bakeMinutes: waveBakeMinutes(spec, w.bake, i),
      oneBox: false,
      alarms: alarmsOf(w.regions, false),
    }));
  } else {
    // An account fleet's baseline is applied from the toolchain region, OU by OU.
    const home = spec.spec.toolchain.region;
    waves = spec.spec.waves.map((w, i) => ({
      regions: [home],
      targets: w.ous,
      bakeMinutes: waveBakeMinutes(spec, w.bake, i),
      oneBox: false,
      alarms: alarmsOf([home], false),
    }));
  }
  const approval = spec.spec.approval.enabled;
  return {
    name,
    phases: PIPELINE_KIND_LAYOUT[spec.kind].phases.filter(
      p => approval || p !== 'approval',
    ),
    waves,
    approval,
    window: safety.deploymentWindow.enabled
      ? {
          cron: safety.deploymentWindow.cron,
          timeZone: safety.deploymentWindow.timeZone,
        }
      : undefined,
  };
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** The picture the backend derives from what AWS answers for the synthesized pipeline. */
function derivedPicture(declarations: SynthesizedDeclarations) {
  expect(declarations.pipelines).toHaveLength(1);
  const [pipeline] = declarations.pipelines;
  const layout = deriveLayout(pipeline.declaration, pipeline.region);
  const approvalStages = layout.stages.filter(s => s.phase === 'approval');
  return {
    layout,
    picture: {
      name: pipeline.declaration.name,
      phases: [...new Set(layout.stages.map(s => s.phase))],
      waves: layout.waves.map(wave => {
        const stage = layout.stages.find(s => s.name === wave.stageName)!;
        return {
          // In order: a wave deploys to its regions in the order the spec lists them.
          regions: wave.regions.map(r => r.region),
          targets: sorted(
            stage.actions.map(
              a => parseWaveActionName(a.name)?.target ?? `?${a.name}`,
            ),
          ),
          bakeMinutes: wave.bakeMinutes,
          oneBox: wave.regions.every(r => r.hasOneBox),
          alarms: sorted(stage.safety.alarmNames),
        };
      }),
      approval:
        approvalStages.length === 1 &&
        approvalStages[0].actions.length === 1 &&
        approvalStages[0].actions[0].category === 'Approval',
      windows: layout.stages
        .filter(s => s.phase === 'prod')
        .map(s => s.safety.windows),
    },
  };
}

/**
 * The kind and what each wave deploys to, as the spec says: an application's regions, an
 * image's accounts × regions and the SSM parameter that receives the AMI, a fleet's
 * organisational units with the accounts the spec places in each and the SCPs it attaches.
 */
function expectWaveTargets(spec: PipelineSpec, layout: PipelineLayout) {
  expect(layout.kind).toBe(spec.kind);
  expect(layout.waveTargets).toBe(PIPELINE_KIND_LAYOUT[spec.kind].waveTargets);
  if (spec.kind === 'ImagePipeline') {
    const ssmParameter = amiParameterName(spec);
    expect(
      layout.waves.map(w => ({
        accounts: sorted(w.accounts ?? []),
        cells: sorted(
          w.regions.map(
            r => `${r.region}: ${sorted(r.accounts ?? [])} → ${r.ssmParameter}`,
          ),
        ),
      })),
    ).toEqual(
      spec.spec.distribution.waves.map(w => ({
        accounts: sorted(w.accounts),
        cells: sorted(
          w.regions.map(
            region => `${region}: ${sorted(w.accounts)} → ${ssmParameter}`,
          ),
        ),
      })),
    );
  } else if (spec.kind === 'AccountFleetPipeline') {
    const organization = spec.spec.organization;
    expect(
      layout.waves.map(w =>
        (w.organizationalUnits ?? []).map(unit => ({
          name: unit.name,
          accounts: sorted(unit.accounts ?? ['?not declared']),
          serviceControlPolicies: sorted(
            unit.serviceControlPolicies ?? ['?not declared'],
          ),
          // The OU id is the one Organizations gives the unit (the world resolves the reference).
          hasId: /^ou-/.test(unit.id ?? ''),
        })),
      ),
    ).toEqual(
      spec.spec.waves.map(w =>
        w.ous.map(ou => ({
          name: ou,
          accounts: sorted(
            organization.accounts.filter(a => a.ou === ou).map(a => a.name),
          ),
          serviceControlPolicies: sorted(
            organization.policies
              .filter(p => p.targets.includes(ou))
              .map(p => p.name),
          ),
          hasId: true,
        })),
      ),
    );
  } else {
    for (const wave of layout.waves) {
      expect(wave.accounts).toBeUndefined();
      expect(wave.organizationalUnits).toBeUndefined();
    }
  }
}

function expectContract(input: unknown, declarations: SynthesizedDeclarations) {
  const spec = assertValidSpec(input);
  const expected = expectedPicture(spec);
  const { layout, picture } = derivedPicture(declarations);

  // Every stage is read by the naming convention, none by the fallback heuristics.
  expect(layout.conventional).toBe(true);
  expect(picture).toEqual({
    name: expected.name,
    phases: expected.phases,
    waves: expected.waves.map(w => ({
      ...w,
      targets: sorted(w.targets),
      alarms: sorted(w.alarms),
    })),
    approval: expected.approval,
    windows: expected.waves.map(() =>
      expected.window ? [expected.window] : [],
    ),
  });

  // Every alarm a stage condition watches is one the stacks create, in the rule's region.
  const declared = new Set(
    declarations.alarms.map(a => `${a.region}/${a.alarm.AlarmName}`),
  );
  const watched = layout.stages.flatMap(s =>
    [...s.safety.beforeEntry, ...s.safety.onSuccess].flatMap(c =>
      c.rules
        .filter(r => r.alarmNames)
        .flatMap(r => r.alarmNames!.map(n => `${r.region}/${n}`)),
    ),
  );
  expect(watched.filter(w => !declared.has(w))).toEqual([]);
  // The organisation's blocker alarms gate every production region's entry.
  const safety = safetyOf(spec);
  for (const wave of expected.waves) {
    for (const region of wave.regions) {
      const entry = declarations.alarms.find(
        a =>
          a.region === region &&
          a.alarm.AlarmName ===
            ALARM.entryBlockers(spec.metadata.name, 'prod', region),
      );
      if (safety.blockerAlarms.length === 0) {
        expect(entry).toBeUndefined();
      } else {
        expect(entry?.kind).toBe('CompositeAlarm');
        for (const blocker of safety.blockerAlarms) {
          expect(
            entry?.kind === 'CompositeAlarm' && entry.alarm.AlarmRule,
          ).toContain(`ALARM("${blocker}")`);
        }
      }
    }
  }

  // Findings scope: the tags the backend selects findings and report groups by are on the
  // pipeline and on every report group the stacks create for it.
  const [pipeline] = declarations.pipelines;
  const scope = pipelineScopeTags(
    {
      pipelineArn: pipeline.arn,
      pipelineName: pipeline.declaration.name,
      tags: Object.fromEntries(pipeline.tags.map(t => [t.key, t.value])),
    },
    SERVICE_TAG_KEYS,
  );
  expect(scope[0]).toEqual(['dpra:pipeline', spec.metadata.name]);
  const tagged = (tags: Array<{ key?: string; value?: string }>) =>
    scope.every(([key, value]) =>
      tags.some(t => t.key === key && t.value === value),
    );
  expect(tagged(pipeline.tags)).toBe(true);
  for (const group of declarations.reportGroups) {
    expect(tagged(group.reportGroup.tags ?? [])).toBe(true);
  }
  expectWaveTargets(spec, layout);

  // Waived checks: each reason in the spec comes back, with its check, from the pipeline's tags.
  const byCheck = (a: { check: string }, b: { check: string }) =>
    a.check.localeCompare(b.check);
  expect(
    parseWaiverTags(
      Object.fromEntries(pipeline.tags.map(t => [t.key, t.value])),
    )
      .map(({ check, reason }) => ({ check, reason }))
      .sort(byCheck),
  ).toEqual([...spec.spec.waivers].sort(byCheck));
}

describe('the generator<->portal contract', () => {
  it.each(EXAMPLE_SPEC_NAMES)(
    'example %s: the portal shows what the spec says',
    async name => {
      expect.hasAssertions();
      const input = exampleSpecInput(name);
      expectContract(
        input,
        declarationsFromTerraform(await synthesizeCached(input)),
      );
    },
    60_000,
  );

  it('an app spec with waived checks: the portal reads each reason back', async () => {
    const input: any = exampleSpecInput('app-service');
    input.spec.build = {
      ...input.spec.build,
      checks: { ...input.spec.build?.checks, sast: false },
    };
    input.spec.approval = { ...input.spec.approval, enabled: false };
    input.spec.waivers = [
      {
        check: 'build.checks.sast',
        reason:
          "SAST runs in the monorepo's nightly job (SEC-142), not per commit",
      },
      {
        check: 'approval.enabled',
        reason: 'continuous deployment: every change ships behind a flag',
      },
    ];
    const declarations = declarationsFromTerraform(
      await synthesizeCached(input),
    );
    expectContract(input, declarations);
    expect(
      parseWaiverTags(
        Object.fromEntries(
          declarations.pipelines[0].tags.map(t => [t.key, t.value]),
        ),
      ).map(w => w.label),
    ).toEqual([
      'SAST (static application security testing)',
      'Manual approval',
    ]);
  }, 60_000);

  // One property per kind: a mixed arbitrary with a fixed seed and few runs drew no fleet at all.
  it.each([
    ['AppPipeline', validAppSpecArbitrary],
    ['ImagePipeline', validImageSpecArbitrary],
    ['AccountFleetPipeline', validFleetSpecArbitrary],
    ['ConfigPipeline', validConfigSpecArbitrary],
  ] as const)(
    'generated %s specs: the portal shows what the spec says',
    async (_, arbitrary) => {
      expect.hasAssertions();
      await fc.assert(
        fc.asyncProperty(arbitrary, async input => {
          expectContract(
            input,
            declarationsFromTerraform(await synthesizeCached(input)),
          );
        }),
        // Synthesis dominates: a fixed seed keeps the cache warm between runs, and the number of
        // runs stays small enough for the unit suite.
        { numRuns: 4, seed: 20261202 },
      );
    },
    180_000,
  );
});
