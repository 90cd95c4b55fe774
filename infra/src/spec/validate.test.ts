import {
  minimalAppSpec,
  minimalFleetSpec,
  minimalImageSpec,
} from '../testing/specs';
import {
  SpecValidationError,
  type SpecIssue,
  type SpecValidationResult,
  assertValidSpec,
  parseSpecYaml,
  validateSpec,
} from './validate';

type Mutation = (spec: any) => void;

/** The issues of a failed validation; fails the test when validation passed. */
function issuesOf(result: SpecValidationResult): SpecIssue[] {
  if (result.ok) throw new Error('expected the spec to be rejected');
  return result.issues;
}

const app = (mutate: Mutation) => {
  const s = minimalAppSpec();
  mutate(s);
  return s;
};
const image = (mutate: Mutation) => {
  const s = minimalImageSpec();
  mutate(s);
  return s;
};
const fleet = (mutate: Mutation) => {
  const s = minimalFleetSpec();
  mutate(s);
  return s;
};

describe('validateSpec', () => {
  describe('GIVEN a valid minimal spec of each kind', () => {
    it.each([
      ['AppPipeline', minimalAppSpec()],
      ['ImagePipeline', minimalImageSpec()],
      ['AccountFleetPipeline', minimalFleetSpec()],
    ])('WHEN %s is validated THEN it is accepted', (_kind, spec) => {
      const result = validateSpec(spec);
      expect(result).toMatchObject({ ok: true });
    });
  });

  it('counts the approval comment in characters: 500 emoji are within the limit', () => {
    const spec = minimalAppSpec() as any;
    spec.spec.approval = { comment: '😀'.repeat(500) };
    expect(validateSpec(spec)).toMatchObject({ ok: true });
    spec.metadata.owner = 'group:default/team-orders';
    expect(validateSpec(spec)).toMatchObject({ ok: true });
  });

  describe('GIVEN a deployment window time zone in a format the DeploymentWindow rule accepts', () => {
    it.each([
      'PST',
      'UTC',
      'UTC+05:30',
      'UTC-08:00',
      'America/New_York',
      'Europe/Berlin',
    ])('WHEN %p is validated THEN it is accepted', timeZone => {
      const spec = minimalAppSpec() as any;
      spec.spec.production = {
        ...spec.spec.production,
        deploymentWindow: { timeZone },
      };
      expect(validateSpec(spec)).toMatchObject({ ok: true });
    });

    it.each(['pst', 'UTC+5', 'Europe/Atlantis', 'P'])(
      'WHEN %p is validated THEN it is refused',
      timeZone => {
        const spec = minimalAppSpec() as any;
        spec.spec.production = {
          ...spec.spec.production,
          deploymentWindow: { timeZone },
        };
        expect(validateSpec(spec)).toMatchObject({ ok: false });
      },
    );
  });

  describe('GIVEN an AppPipeline that leaves safety settings out', () => {
    it("WHEN validated THEN the Builders' Library defaults are applied", () => {
      const result = validateSpec(minimalAppSpec());
      if (!result.ok || result.spec.kind !== 'AppPipeline')
        throw new Error('expected a valid app spec');
      const prod = result.spec.spec.production;
      expect(prod.bake).toEqual({
        oneBox: '1h',
        firstWave: '12h',
        laterWaves: '3h',
      });
      expect(prod.deploymentWindow).toEqual({
        enabled: true,
        cron: '* * 9-16 ? * MON-THU *',
        timeZone: 'UTC',
      });
      expect(prod.rollbackOnAlarm).toBe(true);
      expect(result.spec.spec.approval.enabled).toBe(true);
      expect(result.spec.spec.source).toMatchObject({
        provider: 'CodeConnections',
        branch: 'main',
      });
      expect(result.spec.spec.build.computeType).toBe('BUILD_GENERAL1_SMALL');
      expect(
        Object.values(result.spec.spec.environments.gamma.tests),
      ).toContain(true);
      expect(prod.waves.every(w => w.oneBox)).toBe(true);
    });
  });

  describe('GIVEN an execution mode', () => {
    it('WHEN it is left out THEN executions queue (QUEUED)', () => {
      const result = validateSpec(minimalAppSpec());
      expect(result.ok && result.spec.spec.toolchain.executionMode).toBe(
        'QUEUED',
      );
    });

    it.each([
      ['AppPipeline', app, 'spec.production.rollbackOnAlarm'],
      ['ImagePipeline', image, 'spec.distribution.rollbackOnAlarm'],
      ['AccountFleetPipeline', fleet, 'spec.rollbackOnAlarm'],
    ])(
      'WHEN a %s is PARALLEL with rollback on alarm THEN it is refused (CodePipeline has no stage rollback in PARALLEL mode), and accepted without',
      (_kind, kind, path) => {
        const parallel = kind(
          s => (s.spec.toolchain.executionMode = 'PARALLEL'),
        );
        expect(issuesOf(validateSpec(parallel))).toEqual([
          {
            path,
            message:
              'must be false when spec.toolchain.executionMode is PARALLEL: CodePipeline has no stage rollback for PARALLEL pipelines',
          },
        ]);
        const withoutRollback = kind(s => {
          s.spec.toolchain.executionMode = 'PARALLEL';
          const [, ...keys] = path.split('.');
          const holder = keys
            .slice(0, -1)
            .reduce((o: any, k: string) => (o[k] ??= {}), s.spec);
          holder.rollbackOnAlarm = false;
        });
        expect(validateSpec(withoutRollback).ok).toBe(true);
      },
    );
  });

  // The table: each row is one invalid spec, the exact path and the exact message.
  const badSpecs: Array<[string, unknown, string, string]> = [
    [
      'unknown execution mode',
      app(s => (s.spec.toolchain.executionMode = 'SERIAL')),
      'spec.toolchain.executionMode',
      '"SERIAL" is not an execution mode (QUEUED, SUPERSEDED, PARALLEL)',
    ],
    [
      'not a mapping',
      'hello',
      '',
      'a pipeline spec must be a mapping, got string "hello"',
    ],
    [
      'wrong apiVersion',
      app(s => (s.apiVersion = 'dpra/v2')),
      'apiVersion',
      '"dpra/v2" is not supported; use dpra/v1',
    ],
    [
      'missing kind',
      app(s => delete s.kind),
      'kind',
      'is required; use one of AppPipeline, ImagePipeline, AccountFleetPipeline, ConfigPipeline',
    ],
    [
      'unknown kind',
      app(s => (s.kind = 'LambdaPipeline')),
      'kind',
      '"LambdaPipeline" is not a pipeline kind; use one of AppPipeline, ImagePipeline, AccountFleetPipeline, ConfigPipeline',
    ],
    [
      'missing name',
      app(s => delete s.metadata.name),
      'metadata.name',
      'is required',
    ],
    [
      'upper-case name',
      app(s => (s.metadata.name = 'Orders')),
      'metadata.name',
      '"Orders" is not a valid name (3-28 characters: lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen)',
    ],
    [
      'name too long',
      app(s => (s.metadata.name = 'a'.repeat(29))),
      'metadata.name',
      `"${'a'.repeat(
        29,
      )}" is not a valid name (3-28 characters: lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen)`,
    ],
    [
      'double hyphen',
      app(s => (s.metadata.name = 'orders--svc')),
      'metadata.name',
      '"orders--svc" must not contain "--"',
    ],
    [
      'unknown top-level key',
      app(s => (s.spec.toolchain.profile = 'x')),
      'spec.toolchain.profile',
      'unknown key "profile"',
    ],
    [
      'account as a number',
      app(s => (s.spec.toolchain.account = 111111111111)),
      'spec.toolchain.account',
      '111111111111 is not an AWS account id: write the 12 digits as a quoted string',
    ],
    [
      'account too short',
      app(s => (s.spec.environments.beta.account = '12345')),
      'spec.environments.beta.account',
      '"12345" is not an AWS account id (12 digits)',
    ],
    [
      'unknown region',
      app(s => (s.spec.production.waves[1].regions[0] = 'us-east-9')),
      'spec.production.waves[1].regions[0]',
      '"us-east-9" is not an AWS region',
    ],
    [
      'gamma with one region',
      app(s => (s.spec.environments.gamma.regions = ['us-east-1'])),
      'spec.environments.gamma.regions',
      'gamma must have at least 2 regions (same regions as production)',
    ],
    [
      'no waves',
      app(s => (s.spec.production.waves = [])),
      'spec.production.waves',
      'production needs at least 1 wave',
    ],
    [
      'too many regions in a wave',
      app(
        s =>
          (s.spec.production.waves[1].regions = [
            'us-west-2',
            'eu-west-1',
            'eu-west-2',
            'eu-west-3',
            'eu-north-1',
          ]),
      ),
      'spec.production.waves[1].regions',
      'a wave deploys to at most 4 regions: CodePipeline allows 5 rules per stage condition (one DeploymentWindow rule plus one CloudWatchAlarm rule per region)',
    ],
    [
      'region in two waves',
      app(
        s => (s.spec.production.waves[1].regions = ['us-west-2', 'us-east-1']),
      ),
      'spec.production.waves[1].regions[1]',
      'deploys to us-east-1, which wave 1 already deploys to',
    ],
    [
      'bad bake duration',
      app(s => (s.spec.production.waves[0].bake = '90x')),
      'spec.production.waves[0].bake',
      '"90x" is not a duration (use e.g. 90m, 12h, 2d)',
    ],
    [
      'zero bake duration',
      app(s => (s.spec.production.bake = { oneBox: '0m' })),
      'spec.production.bake.oneBox',
      '"0m" is not a duration (use e.g. 90m, 12h, 2d)',
    ],
    [
      'cron with 5 fields',
      app(s => (s.spec.production.deploymentWindow = { cron: '0 9 * * 1-5' })),
      'spec.production.deploymentWindow.cron',
      '"0 9 * * 1-5" is not a deployment-window cron: has 5 fields; a DeploymentWindow cron has 6 (seconds minutes hours day-of-month month day-of-week) plus an optional year',
    ],
    [
      'cron with seconds',
      app(
        s =>
          (s.spec.production.deploymentWindow = {
            cron: '0 * 9-16 ? * MON-THU',
          }),
      ),
      'spec.production.deploymentWindow.cron',
      '"0 * 9-16 ? * MON-THU" is not a deployment-window cron: seconds field must be "*" (CodePipeline windows have minute granularity)',
    ],
    [
      'cron hour out of range',
      app(
        s =>
          (s.spec.production.deploymentWindow = {
            cron: '* * 9-25 ? * MON-THU',
          }),
      ),
      'spec.production.deploymentWindow.cron',
      '"* * 9-25 ? * MON-THU" is not a deployment-window cron: hours field value 25 is out of range (max 23)',
    ],
    [
      'cron without ?',
      app(
        s =>
          (s.spec.production.deploymentWindow = {
            cron: '* * 9-16 * * MON-THU',
          }),
      ),
      'spec.production.deploymentWindow.cron',
      '"* * 9-16 * * MON-THU" is not a deployment-window cron: one of day-of-month and day-of-week must be "?"',
    ],
    [
      'owner not an entity reference',
      app(s => (s.metadata.owner = 'team orders!')),
      'metadata.owner',
      '"team orders!" is not a catalog entity reference ([kind:][namespace/]name, e.g. group:default/team-orders)',
    ],
    [
      'approval comment over 500 characters',
      app(s => (s.spec.approval = { comment: 'é'.repeat(501) })),
      'spec.approval.comment',
      'is 501 characters long; at most 500',
    ],
    [
      'bad time zone',
      app(
        s =>
          (s.spec.production.deploymentWindow = { timeZone: 'Mars/Olympus' }),
      ),
      'spec.production.deploymentWindow.timeZone',
      '"Mars/Olympus" is not a time zone the DeploymentWindow rule accepts (Region/City such as Europe/Paris, UTC or UTC+05:30, or an abbreviation such as PST)',
    ],
    [
      'blocker alarm with comma',
      app(s => (s.spec.production.blockerAlarms = ['a,b'])),
      'spec.production.blockerAlarms[0]',
      '"a,b" is not a usable CloudWatch alarm name (letters, digits and . _ / # : + = @ -, no commas or spaces, at most 255 characters)',
    ],
    [
      'bad approval e-mail',
      app(s => (s.spec.approval = { notify: ['not-an-email'] })),
      'spec.approval.notify[0]',
      '"not-an-email" is not an e-mail address',
    ],
    [
      'unknown source provider',
      app(s => (s.spec.source.provider = 'SVN')),
      'spec.source.provider',
      '"SVN" is not a source provider (CodeConnections, CodeCommit, S3)',
    ],
    [
      'S3 source without bucket',
      app(s => (s.spec.source = { provider: 'S3', objectKey: 'src.zip' })),
      'spec.source.bucket',
      'is required when provider is S3',
    ],
    [
      'CodeConnections repo without owner',
      app(s => (s.spec.source.repository = 'orders')),
      'spec.source.repository',
      '"orders" must be owner/name for CodeConnections',
    ],
    [
      'environment in toolchain account',
      app(s => (s.spec.production.account = '111111111111')),
      'spec.production.account',
      'must differ from the toolchain account 111111111111 (DPRA: each environment in its own account)',
    ],
    [
      'empty build command',
      app(s => (s.spec.build = { commands: [''] })),
      'spec.build.commands[0]',
      'must not be empty',
    ],
    [
      'test switch not a boolean',
      app(s => (s.spec.environments.gamma.tests = { dast: 'yes' })),
      'spec.environments.gamma.tests.dast',
      'must be a boolean, got string "yes"',
    ],
    [
      'waves not a list',
      app(s => (s.spec.production.waves = { regions: ['us-east-1'] })),
      'spec.production.waves',
      'must be a list, got a mapping',
    ],
    [
      'image: bad parent image',
      image(s => (s.spec.image.parentImage = 'ubuntu:latest')),
      'spec.image.parentImage',
      '"ubuntu:latest" is not a parent image (ami-…, an Image Builder image ARN, or ssm:/parameter)',
    ],
    [
      'image: bad version',
      image(s => (s.spec.image.version = 'v1')),
      'spec.image.version',
      '"v1" is not a semantic version (x.y.z)',
    ],
    [
      'image: duplicate component',
      image(
        s =>
          (s.spec.image.components = [
            { name: 'cis', commands: ['a'] },
            { name: 'cis', commands: ['b'] },
          ]),
      ),
      'spec.image.components[1].name',
      '"cis" is used twice',
    ],
    [
      'image: bad SSM parameter',
      image(s => (s.spec.distribution.ssmParameterName = 'ami-id')),
      'spec.distribution.ssmParameterName',
      '"ami-id" is not an SSM parameter name',
    ],
    [
      'fleet: bad root id',
      fleet(s => (s.spec.organization.rootId = 'root')),
      'spec.organization.rootId',
      '"root" is not an Organizations root id (r-…)',
    ],
    [
      'fleet: unknown parent OU',
      fleet(s => (s.spec.organization.organizationalUnits[2].parent = 'Nope')),
      'spec.organization.organizationalUnits[2].parent',
      '"Nope" is not a defined OU',
    ],
    [
      'fleet: OU cycle',
      fleet(
        s =>
          (s.spec.organization.organizationalUnits = [
            { name: 'A', parent: 'B' },
            { name: 'B', parent: 'A' },
            { name: 'Sandbox' },
            { name: 'Workloads' },
            { name: 'Prod' },
          ]),
      ),
      'spec.organization.organizationalUnits[0].parent',
      '"A" is its own ancestor',
    ],
    [
      'fleet: wave OU already in sandbox',
      fleet(s => (s.spec.waves[0].ous = ['Sandbox'])),
      'spec.waves[0].ous[0]',
      '"Sandbox" is already rolled out by the sandbox',
    ],
    [
      'fleet: policy with preset and document',
      fleet(
        s =>
          (s.spec.organization.policies = [
            {
              name: 'x',
              preset: 'deny-root-user',
              document: {},
              targets: ['Prod'],
            },
          ]),
      ),
      'spec.organization.policies[0]',
      'needs exactly one of preset and document',
    ],
    [
      'fleet: account in unknown OU',
      fleet(
        s =>
          (s.spec.organization.accounts = [
            { name: 'dev', email: 'dev@example.com', ou: 'Dev' },
          ]),
      ),
      'spec.organization.accounts[0].ou',
      '"Dev" is not an OU in spec.organization.organizationalUnits',
    ],
  ];

  it('has at least 30 rows', () => {
    expect(badSpecs.length).toBeGreaterThanOrEqual(30);
  });

  it.each(badSpecs)(
    'GIVEN %s WHEN validated THEN it reports the path and reason',
    (_title, input, path, message) => {
      expect(issuesOf(validateSpec(input))).toContainEqual({ path, message });
    },
  );

  describe('GIVEN several mistakes at once', () => {
    it('WHEN validated THEN every one of them is reported', () => {
      const issues = issuesOf(
        validateSpec(
          app(s => {
            s.metadata.name = 'X';
            s.spec.toolchain.region = 'mars-1';
            s.spec.extra = true;
          }),
        ),
      );
      expect(issues.map(i => i.path)).toEqual(
        expect.arrayContaining([
          'metadata.name',
          'spec.toolchain.region',
          'spec.extra',
        ]),
      );
    });
  });
});

describe('parseSpecYaml', () => {
  it('GIVEN broken YAML WHEN parsed THEN the syntax error names the line', () => {
    const issues = issuesOf(
      parseSpecYaml('apiVersion: dpra/v1\nkind: [AppPipeline\n'),
    );
    expect(issues[0].path).toMatch(/^line \d+, column \d+$/);
    expect(issues[0].message).toMatch(/^YAML syntax error: /);
  });

  it('GIVEN a repeated key WHEN parsed THEN it is an error, not a silent overwrite', () => {
    const result = parseSpecYaml('apiVersion: dpra/v1\napiVersion: dpra/v1\n');
    expect(result).toMatchObject({
      ok: false,
      issues: [
        {
          path: 'line 2, column 1',
          message: 'YAML syntax error: Map keys must be unique',
        },
      ],
    });
  });

  it('GIVEN an unquoted account id WHEN parsed THEN the message says to quote it', () => {
    const text = `apiVersion: dpra/v1\nkind: AppPipeline\nmetadata: {name: orders}\nspec:\n  toolchain: {account: 111111111111, region: us-east-1}\n`;
    expect(issuesOf(parseSpecYaml(text))).toContainEqual({
      path: 'spec.toolchain.account',
      message:
        '111111111111 is not an AWS account id: write the 12 digits as a quoted string',
    });
  });
});

describe('assertValidSpec', () => {
  it('GIVEN an invalid spec WHEN asserted THEN it throws an InputError-named SpecValidationError listing path: reason lines', () => {
    const bad = app(s => (s.spec.production.waves[0].regions[0] = 'us-east-9'));
    expect(() => assertValidSpec(bad)).toThrow(SpecValidationError);
    const error = (() => {
      try {
        assertValidSpec(bad);
        return undefined;
      } catch (e) {
        return e as SpecValidationError;
      }
    })();
    expect(error?.name).toBe('InputError');
    expect(error?.message).toContain(
      'spec.production.waves[0].regions[0]: "us-east-9" is not an AWS region',
    );
    expect(error?.issues).toHaveLength(1);
  });
});
