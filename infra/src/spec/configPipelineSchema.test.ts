import fc from 'fast-check';
import { AWS_REGIONS } from './awsRegions';
import { featureFlagsDocumentIssues } from './appConfigFeatureFlags';
import { validateSpec, type SpecIssue } from './validate';
import { minimalConfigSpec } from '../testing/specs';

const config = (change: (s: any) => void) => {
  const s = minimalConfigSpec();
  change(s);
  return s;
};

const issuesOf = (result: ReturnType<typeof validateSpec>): SpecIssue[] =>
  result.ok ? [] : result.issues;

describe('kind: ConfigPipeline', () => {
  it("GIVEN the smallest spec WHEN validated THEN both profiles, per-environment strategies and the Builders' Library production defaults are filled in", () => {
    const result = validateSpec(minimalConfigSpec());
    expect(issuesOf(result)).toEqual([]);
    if (!result.ok || result.spec.kind !== 'ConfigPipeline') throw new Error();
    const s = result.spec.spec;
    expect(s.profiles).toEqual({
      featureFlags: {
        name: 'feature-flags',
        path: 'config/{environment}/feature-flags.json',
      },
      operational: {
        name: 'operational',
        path: 'config/{environment}/operational.yaml',
      },
    });
    expect(s.environments.beta.strategy).toEqual({
      growthType: 'LINEAR',
      growthFactor: 100,
      deploymentDuration: '0m',
      finalBake: '10m',
    });
    expect(s.production.strategy).toEqual({
      growthType: 'LINEAR',
      growthFactor: 20,
      deploymentDuration: '30m',
      finalBake: '1h',
    });
    expect(s.production.bake).toEqual({
      oneBox: '1h',
      firstWave: '12h',
      laterWaves: '3h',
    });
    expect(s.production.rollbackOnAlarm).toBe(true);
    expect(s.production.deploymentWindow.enabled).toBe(true);
    expect(s.approval.enabled).toBe(true);
    expect(s.build.checks.secretsScan).toBe(true);
  });

  it('GIVEN a JSON operational configuration with a JSON Schema WHEN validated THEN it is accepted', () => {
    const spec = config(s => {
      s.spec.profiles = {
        operational: {
          path: 'ops/{environment}.json',
          jsonSchema: {
            type: 'object',
            properties: { logLevel: { enum: ['DEBUG', 'INFO', 'ERROR'] } },
          },
        },
      };
    });
    expect(issuesOf(validateSpec(spec))).toEqual([]);
  });

  const bad: Array<[string, unknown, string, string]> = [
    [
      'no profile',
      config(s => (s.spec.profiles = {})),
      'spec.profiles',
      'needs featureFlags, operational or both',
    ],
    [
      'unknown profile key',
      config(s => (s.spec.profiles.featureFlags.format = 'yaml')),
      'spec.profiles.featureFlags.format',
      'unknown key "format"',
    ],
    [
      'one file for every environment',
      config(s => (s.spec.profiles.featureFlags.path = 'flags.json')),
      'spec.profiles.featureFlags.path',
      '"flags.json" must contain {environment}: flags and operational configuration are kept per environment (DPRA)',
    ],
    [
      'YAML feature flags',
      config(
        s => (s.spec.profiles.featureFlags.path = 'config/{environment}.yaml'),
      ),
      'spec.profiles.featureFlags.path',
      '"config/{environment}.yaml" must end in .json (AWS.AppConfig.FeatureFlags documents are JSON)',
    ],
    [
      'operational configuration in another format',
      config(
        s => (s.spec.profiles.operational.path = 'config/{environment}.toml'),
      ),
      'spec.profiles.operational.path',
      '"config/{environment}.toml" must end in .json, .yaml, .yml (AppConfig stores freeform configuration as JSON or YAML)',
    ],
    [
      'two profiles of one name',
      config(s => (s.spec.profiles.operational.name = 'feature-flags')),
      'spec.profiles.operational.name',
      '"feature-flags" is the feature flags profile\'s name too',
    ],
    [
      'two profiles of one file',
      config(
        s =>
          (s.spec.profiles.operational.path =
            'config/{environment}/feature-flags.json'),
      ),
      'spec.profiles.operational.path',
      '"config/{environment}/feature-flags.json" is the feature flags profile\'s path too',
    ],
    [
      'JSON Schema of a YAML document',
      config(
        s => (s.spec.profiles.operational.jsonSchema = { type: 'object' }),
      ),
      'spec.profiles.operational.jsonSchema',
      'needs a .json operational configuration: AppConfig validates only JSON content against a JSON Schema',
    ],
    [
      'unknown growth type',
      config(s => (s.spec.production.strategy = { growthType: 'STEP' })),
      'spec.production.strategy.growthType',
      '"STEP" is not one of: LINEAR, EXPONENTIAL',
    ],
    [
      'growth factor over 100',
      config(s => (s.spec.production.strategy = { growthFactor: 150 })),
      'spec.production.strategy.growthFactor',
      'must be at most 100',
    ],
    [
      'final bake over AppConfig limit',
      config(s => (s.spec.environments.gamma.strategy = { finalBake: '2d' })),
      'spec.environments.gamma.strategy.finalBake',
      'must be at most 24h (AppConfig limit)',
    ],
    [
      'deployment duration not a duration',
      config(
        s => (s.spec.environments.beta.strategy = { deploymentDuration: '0' }),
      ),
      'spec.environments.beta.strategy.deploymentDuration',
      '"0" is not a duration (use e.g. 0m, 30m, 1h)',
    ],
    [
      'too many alarms',
      config(s => (s.spec.production.alarms = ['a', 'b', 'c', 'd', 'e'])),
      'spec.production.alarms',
      'at most 4 alarms: AppConfig watches 5 per environment, one of them the generated high-severity alarm',
    ],
    [
      'environment in the toolchain account',
      config(s => (s.spec.environments.beta.account = '111111111111')),
      'spec.environments.beta.account',
      'must differ from the toolchain account 111111111111 (DPRA: each environment in its own account)',
    ],
    [
      'a region in two waves',
      config(s => s.spec.production.waves[1].regions.push('us-east-1')),
      'spec.production.waves[1].regions[2]',
      'deploys to us-east-1, which wave 1 already deploys to',
    ],
    [
      'one-box in a wave (AppConfig grows the share itself)',
      config(s => (s.spec.production.waves[0].oneBox = true)),
      'spec.production.waves[0].oneBox',
      'unknown key "oneBox"',
    ],
  ];

  it.each(bad)(
    'GIVEN %s WHEN validated THEN the one issue names the path and the reason',
    (_what, spec, path, message) => {
      expect(issuesOf(validateSpec(spec))).toEqual([{ path, message }]);
    },
  );

  it('GIVEN several mistakes at once WHEN validated THEN every one is reported', () => {
    const spec = config(s => {
      s.spec.profiles.featureFlags.path = 'flags.json';
      s.spec.production.strategy = { growthFactor: 0 };
      s.spec.environments.gamma.regions = ['us-east-1'];
      s.spec.surprise = true;
    });
    expect(
      issuesOf(validateSpec(spec))
        .map(i => i.path)
        .sort(),
    ).toEqual([
      'spec.environments.gamma.regions',
      'spec.production.strategy.growthFactor',
      'spec.profiles.featureFlags.path',
      'spec.surprise',
    ]);
  });

  it('GIVEN random changes to a valid spec WHEN validated THEN it never throws, and every refusal names a path and a reason', () => {
    const junk = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.anything({ maxDepth: 2 }),
    );
    const field = fc.constantFrom(
      ['profiles', 'featureFlags', 'path'],
      ['profiles', 'operational', 'jsonSchema'],
      ['profiles', 'operational', 'name'],
      ['environments', 'beta', 'strategy', 'growthType'],
      ['environments', 'gamma', 'strategy', 'finalBake'],
      ['environments', 'gamma', 'alarms'],
      ['production', 'strategy', 'deploymentDuration'],
      ['production', 'strategy', 'growthFactor'],
      ['production', 'alarms'],
      ['production', 'waves'],
    );
    const valid = fc.record({
      gamma: fc.shuffledSubarray([...AWS_REGIONS], {
        minLength: 2,
        maxLength: 4,
      }),
      growthFactor: fc.double({ min: 1, max: 100, noNaN: true }),
      finalBake: fc.constantFrom('0m', '30m', '1h', '24h', '1d'),
      growthType: fc.constantFrom('LINEAR', 'EXPONENTIAL'),
    });
    let accepted = 0;
    fc.assert(
      fc.property(
        valid,
        fc.array(fc.tuple(field, junk), { maxLength: 3 }),
        (v, changes) => {
          const spec = config(s => {
            s.spec.environments.gamma.regions = v.gamma;
            s.spec.production.strategy = {
              growthFactor: v.growthFactor,
              finalBake: v.finalBake,
              growthType: v.growthType,
            };
            for (const [path, value] of changes) {
              const holder = path
                .slice(0, -1)
                .reduce((o: any, k) => (o[k] ??= {}), s.spec);
              holder[path[path.length - 1]] = value;
            }
          });
          const result = validateSpec(spec);
          if (result.ok) {
            accepted += 1;
            return;
          }
          for (const issue of result.issues) {
            expect(issue.path).toMatch(/^spec\./);
            expect(issue.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
    // The valid part of the generator must pass, or only the rejection path was exercised.
    expect(accepted).toBeGreaterThan(20);
  });
});

describe('featureFlagsDocumentSchema (AWS.AppConfig.FeatureFlags)', () => {
  const doc = () => ({
    version: '1',
    flags: {
      checkoutV2: {
        name: 'Checkout v2',
        attributes: {
          share: { constraints: { type: 'number', minimum: 0, maximum: 100 } },
          tier: {
            constraints: { type: 'string', enum: ['gold', 'silver'] },
          },
          regions: {
            constraints: { type: 'string[]', required: true },
          },
        },
      },
      darkMode: { name: 'Dark mode', _deprecation: { status: 'planned' } },
    },
    values: {
      checkoutV2: {
        enabled: true,
        share: 10,
        tier: 'gold',
        regions: ['eu-west-1'],
      },
      darkMode: { enabled: false },
    },
  });
  const problems = (value: unknown) =>
    featureFlagsDocumentIssues(value).map(i => `${i.path}: ${i.message}`);

  it('GIVEN a document of the documented format THEN it is accepted', () => {
    expect(problems(doc())).toEqual([]);
  });

  it('GIVEN values that break the definitions THEN each is named by its path', () => {
    const d: any = doc();
    d.version = '2';
    d.flags.BadKey = { name: 'x' };
    d.values.checkoutV2.share = 150;
    d.values.checkoutV2.tier = 'bronze';
    delete d.values.checkoutV2.regions;
    d.values.checkoutV2.colour = 'red';
    d.values.ghost = { enabled: true };
    d.values.darkMode = { enabled: 'yes' };
    expect(problems(d).sort()).toEqual(
      [
        'version: must be "1"',
        'flags.BadKey: "BadKey" is not a flag key (1-64 letters, digits, "_" or "-", starting with a lower-case letter)',
        'values.darkMode.enabled: Invalid input: expected boolean, received string',
      ].sort(),
    );
    // The cross-checks run once the shapes are right.
    const shapes: any = doc();
    shapes.values.checkoutV2.share = 150;
    shapes.values.checkoutV2.tier = 'bronze';
    delete shapes.values.checkoutV2.regions;
    shapes.values.checkoutV2.colour = 'red';
    shapes.values.ghost = { enabled: true };
    expect(problems(shapes).sort()).toEqual(
      [
        'values.checkoutV2.share: must be at most 100',
        'values.checkoutV2.tier: "bronze" is not one of: gold, silver',
        'values.checkoutV2.colour: is not an attribute of flag "checkoutV2"',
        'values.checkoutV2.regions: is required by its constraints',
        'values.ghost: "ghost" is not a flag defined in flags',
      ].sort(),
    );
  });
});
