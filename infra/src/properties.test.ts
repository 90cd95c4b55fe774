import fc from 'fast-check';
import { parse } from 'yaml';
import { AWS_REGIONS } from './spec/awsRegions';
import { SpecValidationError, validateSpec } from './spec/validate';
import { HOSTILE_STRINGS, hostileAppSpec } from './testing/hostile';
import {
  minimalAppSpec,
  minimalConfigSpec,
  minimalFleetSpec,
  minimalImageSpec,
} from './testing/specs';
import { resources, synthJson } from './testing/synthJson';
import { terraformEvaluatedLiteral } from './stacks/terraformText';

/*
 * Random specs either synthesize or fail validation with path: reason issues (an InputError from
 * synthesize); nothing else may happen. Generators mix valid values with junk so both paths run.
 */

/** Mostly valid, sometimes junk: so that both synthesis and rejection are exercised. */
const mostly = <T>(valid: fc.Arbitrary<T>, junk: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: junk, weight: 1 });
const anything = fc.anything({ maxDepth: 2 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const region = mostly(fc.constantFrom(...AWS_REGIONS), fc.string());
const account = (valid: string) =>
  mostly(
    fc.constant(valid),
    fc.oneof(fc.string(), fc.integer(), fc.stringMatching(/^\d{12}$/)),
  );
const duration = mostly(fc.constantFrom('1h', '90m', '12h', '2d'), fc.string());
const chunk = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, i * size + size),
  );

const appSpec = fc
  .record({
    name: mostly(
      fc.stringMatching(/^[a-z][a-z0-9]{1,20}[a-z0-9]$/),
      fc.string(),
    ),
    toolchainRegion: region,
    betaRegion: region,
    gammaRegions: mostly(
      fc.shuffledSubarray([...AWS_REGIONS], { minLength: 2, maxLength: 4 }),
      fc.array(region, { maxLength: 3 }),
    ),
    prodRegions: fc.shuffledSubarray([...AWS_REGIONS], {
      minLength: 1,
      maxLength: 12,
    }),
    waveSize: fc.integer({ min: 1, max: 4 }),
    bake: maybe(duration),
    oneBox: maybe(fc.boolean()),
    accounts: fc.tuple(
      account('111111111111'),
      account('222222222222'),
      account('333333333333'),
      account('444444444444'),
    ),
    cron: maybe(
      mostly(
        fc.constantFrom('* * 9-16 ? * MON-THU *', '* 0-59 8-17 ? * MON-FRI *'),
        fc.string(),
      ),
    ),
    commands: maybe(
      fc.array(
        fc.oneof(
          fc.string({ minLength: 1 }),
          fc.constantFrom(...HOSTILE_STRINGS),
        ),
        { minLength: 1, maxLength: 3 },
      ),
    ),
    extra: maybe(
      mostly(
        fc.constant({}),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), anything, {
          maxKeys: 1,
        }),
      ),
    ),
  })
  .map(r => {
    const s = minimalAppSpec();
    s.metadata.name = r.name;
    s.spec.toolchain = { account: r.accounts[0], region: r.toolchainRegion };
    s.spec.environments.beta = { account: r.accounts[1], region: r.betaRegion };
    s.spec.environments.gamma = {
      account: r.accounts[2],
      regions: r.gammaRegions,
    };
    s.spec.production.account = r.accounts[3];
    s.spec.production.waves = chunk(r.prodRegions, r.waveSize).map(regions => ({
      regions,
      bake: r.bake,
      oneBox: r.oneBox,
    }));
    if (r.cron !== undefined)
      s.spec.production.deploymentWindow = { cron: r.cron };
    if (r.commands) s.spec.build = { commands: r.commands };
    if (r.extra) Object.assign(s.spec, r.extra);
    return s;
  });

describe('property: random specs synthesize or fail with path: reason issues', () => {
  it('GIVEN arbitrary input WHEN validated THEN it never throws and issues always have a path and a reason', () => {
    fc.assert(
      fc.property(fc.oneof(appSpec, anything), (input: unknown) => {
        const result = validateSpec(input);
        const issues = result.ok ? [] : result.issues;
        expect(result.ok || issues.length > 0).toBe(true);
        expect(
          issues.every(i => typeof i.path === 'string' && i.message.length > 0),
        ).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('GIVEN random AppPipeline specs WHEN synthesized THEN they produce stacks or an InputError, never a crash', async () => {
    let synthesized = 0;
    await fc.assert(
      fc.asyncProperty(appSpec, async (input: unknown) => {
        const valid = validateSpec(input).ok;
        const outcome = await synthJson(input).then(
          stacks => ({ stacks: Object.keys(stacks).length }),
          (e: Error) => ({
            error: e.name,
            specError: e instanceof SpecValidationError,
          }),
        );
        expect(outcome).toEqual(
          valid ? { stacks: 4 } : { error: 'InputError', specError: true },
        );
        if (valid) synthesized += 1;
      }),
      { numRuns: 24 },
    );
    // The generators must exercise the synthesis path too, not only rejection.
    expect(synthesized).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it('GIVEN valid variations of every kind WHEN synthesized THEN all succeed', async () => {
    const variants = [
      minimalAppSpec(),
      minimalImageSpec(),
      minimalFleetSpec(),
      minimalConfigSpec(),
      (() => {
        const s = minimalAppSpec();
        s.spec.production.waves = [
          { regions: ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'] },
        ];
        return s;
      })(),
    ];
    for (const v of variants) {
      const stacks = await synthJson(v);
      expect(Object.keys(stacks).length).toBeGreaterThan(0);
    }
  }, 60_000);
});

describe('hostile strings', () => {
  let hostile: Record<string, any>;
  let benign: Record<string, any>;
  beforeAll(async () => {
    hostile = await synthJson(hostileAppSpec());
    const plain = hostileAppSpec();
    plain.metadata.description = 'plain';
    plain.spec.build = {
      commands: ['make'],
      unitTestCommands: ['make test'],
      codeQualityCommands: ['make lint'],
    };
    plain.spec.environments.beta.testCommands = ['make it'];
    plain.spec.approval = { comment: 'plain' };
    plain.spec.monitoring = {
      namespace: 'Hostile/Ns',
      requestMetric: 'Requests',
      dimensions: { Service: 'a', Other: 'b' },
    };
    benign = await synthJson(plain);
  }, 60_000);

  const shape = (stacks: Record<string, any>) =>
    Object.fromEntries(
      Object.entries(stacks).map(([name, stack]) => [
        name,
        Object.fromEntries(
          Object.entries(stack.resource).map(([type, byId]) => [
            type,
            Object.keys(byId as object).sort(),
          ]),
        ),
      ]),
    );

  it('GIVEN quotes, ${}, %{}, newlines, HCL/JSON/JS in commands and names WHEN synthesized THEN the resource structure is identical to a benign spec', () => {
    expect(shape(hostile)).toEqual(shape(benign));
  });

  it('THEN the commands come out of the buildspec exactly as written, once Terraform has evaluated its escapes', () => {
    const build = resources(
      hostile['hostile-app-toolchain'],
      'aws_codebuild_project',
    ).find(p => p.name === 'hostile-app-build');
    const buildspec = parse(terraformEvaluatedLiteral(build.source.buildspec));
    expect(buildspec.phases.build.commands).toEqual(HOSTILE_STRINGS);
    expect(Object.keys(buildspec)).toEqual(['version', 'phases', 'artifacts']);
  });

  it('THEN no unescaped Terraform template sequence from user text is left in the JSON', () => {
    const text = JSON.stringify(hostile);
    // Every `${` left must be a cdktf reference (resource/data/var), never user text.
    const interpolations = text.match(/(?<!\$)\$\{[^}]*\}/g) ?? [];
    for (const i of interpolations) {
      expect(i).toMatch(/^\$\{(aws_|data\.|TfToken)/);
    }
    expect(text).not.toMatch(/(?<!%)%\{/);
  });
});
