// The testing helpers serve this repository's tests only (not published): a devDependency is right.
// eslint-disable-next-line @backstage/no-undeclared-imports
import fc from 'fast-check';
import { AWS_REGIONS } from '../spec/awsRegions';
import { validateSpec } from '../spec/validate';
import { minimalSpec } from '../spec/minimalSpecs';

/*
 * fast-check arbitraries of VALID specs of every kind (input form), for property tests that run
 * what the generator makes through a reader: every value they produce passes validation, and
 * they vary what the picture depends on (waves, regions, accounts, OUs, one-box, bakes,
 * approval, deployment window, blocker alarms).
 */

const chunkTo = <T>(items: T[], max: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / max) }, (_, i) =>
    items.slice(i * max, i * max + max),
  );

const chunk = <T>(items: T[], sizes: number[]): T[][] => {
  const out: T[][] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= items.length) break;
    out.push(items.slice(at, at + size));
    at += size;
  }
  if (at < items.length) out.push(items.slice(at));
  return out.filter(c => c.length > 0).flatMap(c => chunkTo(c, 4));
};
const pipelineName = fc.stringMatching(
  /^[a-z][a-z0-9]{2,12}(-[a-z0-9]{2,8})?$/,
);
const regions = (min: number, max: number) =>
  fc.shuffledSubarray([...AWS_REGIONS], { minLength: min, maxLength: max });
const waveSizes = fc.array(fc.integer({ min: 1, max: 4 }), {
  minLength: 1,
  maxLength: 6,
});
const bake = fc.option(fc.constantFrom('1h', '90m', '3h', '12h'), {
  nil: undefined,
});
const safety = fc.record({
  approval: fc.boolean(),
  window: fc.option(
    fc.record({
      enabled: fc.boolean(),
      cron: fc.constantFrom(
        '* * 9-16 ? * MON-THU *',
        '* 0-59 8-17 ? * MON-FRI *',
      ),
    }),
    { nil: undefined },
  ),
  blockerAlarms: fc.subarray(['org-high-severity', 'org-change-freeze']),
});
const account = fc.stringMatching(/^[1-9]\d{11}$/);

function applySafety(
  spec: any,
  holder: any,
  s: {
    approval: boolean;
    window?: { enabled: boolean; cron: string };
    blockerAlarms: string[];
  },
) {
  spec.spec.approval = { enabled: s.approval };
  if (s.window) holder.deploymentWindow = s.window;
  if (s.blockerAlarms.length > 0) holder.blockerAlarms = s.blockerAlarms;
}

/** Valid AppPipeline specs. @public */
export const validAppSpecArbitrary: fc.Arbitrary<any> = fc
  .record({
    name: pipelineName,
    toolchainRegion: fc.constantFrom(...AWS_REGIONS),
    betaRegion: fc.constantFrom(...AWS_REGIONS),
    gammaRegions: regions(2, 4),
    gammaOneBox: fc.boolean(),
    prodRegions: regions(1, 10),
    waveSizes,
    oneBox: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
    bakes: fc.array(bake, { minLength: 20, maxLength: 20 }),
    safety,
  })
  .map(r => {
    const s: any = minimalSpec('AppPipeline');
    s.metadata.name = r.name;
    s.spec.toolchain.region = r.toolchainRegion;
    s.spec.environments.beta.region = r.betaRegion;
    s.spec.environments.gamma = {
      ...s.spec.environments.gamma,
      regions: r.gammaRegions,
      oneBox: r.gammaOneBox,
    };
    s.spec.production.waves = chunk(r.prodRegions, r.waveSizes).map(
      (waveRegions, i) => ({
        regions: waveRegions,
        oneBox: r.oneBox[i],
        ...(r.bakes[i] ? { bake: r.bakes[i] } : {}),
      }),
    );
    applySafety(s, s.spec.production, r.safety);
    return s;
  })
  .filter(s => validateSpec(s).ok);

/** Valid ImagePipeline specs. @public */
export const validImageSpecArbitrary: fc.Arbitrary<any> = fc
  .record({
    name: pipelineName,
    waves: fc.array(
      fc.record({
        accounts: fc.uniqueArray(account, { minLength: 1, maxLength: 3 }),
        regions: regions(1, 4),
        bake,
      }),
      { minLength: 1, maxLength: 5 },
    ),
    safety,
  })
  .map(r => {
    const s: any = minimalSpec('ImagePipeline');
    s.metadata.name = r.name;
    s.spec.distribution.waves = r.waves.map(w => ({
      accounts: w.accounts,
      regions: w.regions,
      ...(w.bake ? { bake: w.bake } : {}),
    }));
    applySafety(s, s.spec.distribution, r.safety);
    return s;
  })
  .filter(s => validateSpec(s).ok);

/** Valid AccountFleetPipeline specs. @public */
export const validFleetSpecArbitrary: fc.Arbitrary<any> = fc
  .record({
    name: pipelineName,
    ous: fc.uniqueArray(fc.stringMatching(/^[A-Z][a-z]{2,10}$/), {
      minLength: 2,
      maxLength: 8,
    }),
    waveSizes,
    bakes: fc.array(bake, { minLength: 20, maxLength: 20 }),
    safety,
  })
  .map(r => {
    const s: any = minimalSpec('AccountFleetPipeline');
    s.metadata.name = r.name;
    const [sandbox, ...rest] = r.ous;
    s.spec.organization.organizationalUnits = r.ous.map(name => ({ name }));
    s.spec.sandbox = { ous: [sandbox] };
    s.spec.waves = chunk(rest, r.waveSizes).map((ous, i) => ({
      ous,
      ...(r.bakes[i] ? { bake: r.bakes[i] } : {}),
    }));
    applySafety(s, s.spec, r.safety);
    return s;
  })
  .filter(s => validateSpec(s).ok);

/** Valid ConfigPipeline specs: profiles, strategies, regions, waves and safety vary. @public */
export const validConfigSpecArbitrary: fc.Arbitrary<any> = fc
  .record({
    name: pipelineName,
    betaRegion: fc.constantFrom(...AWS_REGIONS),
    gammaRegions: regions(2, 4),
    prodRegions: regions(1, 10),
    waveSizes,
    bakes: fc.array(bake, { minLength: 20, maxLength: 20 }),
    profiles: fc.constantFrom(
      { featureFlags: {}, operational: {} },
      { featureFlags: {} },
      { operational: { path: 'ops/{environment}.json' } },
    ),
    growthType: fc.constantFrom('LINEAR', 'EXPONENTIAL'),
    finalBake: fc.constantFrom('0m', '30m', '1h', '24h'),
    alarms: fc.subarray(['checkout-errors', 'payment-latency']),
    safety,
  })
  .map(r => {
    const s: any = minimalSpec('ConfigPipeline');
    s.metadata.name = r.name;
    s.spec.profiles = r.profiles;
    s.spec.environments.beta.region = r.betaRegion;
    s.spec.environments.gamma.regions = r.gammaRegions;
    s.spec.production.strategy = {
      growthType: r.growthType,
      finalBake: r.finalBake,
    };
    s.spec.production.alarms = r.alarms;
    s.spec.production.waves = chunk(r.prodRegions, r.waveSizes).map(
      (waveRegions, i) => ({
        regions: waveRegions,
        ...(r.bakes[i] ? { bake: r.bakes[i] } : {}),
      }),
    );
    applySafety(s, s.spec.production, r.safety);
    return s;
  })
  .filter(s => validateSpec(s).ok);

/**
 * Valid specs of the kinds the portal shows (ConfigPipeline joins when the portal reads AppConfig
 * deployments, issue 16). @public
 */
export const validSpecArbitrary: fc.Arbitrary<any> = fc.oneof(
  validAppSpecArbitrary,
  validImageSpecArbitrary,
  validFleetSpecArbitrary,
);
