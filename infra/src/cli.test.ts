import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from './cli';
import { exampleSpecFile } from './testing/exampleSpecs';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => err.push(t),
    },
    out,
    err,
  };
}

describe('dpra CLI', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'dpra-cli-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('GIVEN a ConfigPipeline whose flags file AppConfig would refuse WHEN `dpra check-config` THEN it names the file, the path and the reason, and exits 1', async () => {
    const skeleton = resolve(
      __dirname,
      '../../templates/dynamic-config/skeleton',
    );
    const spec = join(work, 'pipeline.yaml');
    writeFileSync(
      spec,
      readFileSync(exampleSpecFile('dynamic-config'), 'utf8'),
    );
    const good = capture();
    expect(
      await runCli(['check-config', spec, '--root', skeleton], good.io),
    ).toBe(0);
    expect(good.out.join('')).toContain(
      'the configuration files of orders-config are valid',
    );
    for (const env of ['beta', 'gamma', 'prod']) {
      const dir = join(work, 'config', env);
      mkdirSync(dir, { recursive: true });
      for (const name of ['feature-flags.json', 'operational.json']) {
        writeFileSync(
          join(dir, name),
          readFileSync(join(skeleton, 'config', env, name), 'utf8'),
        );
      }
    }
    const flags = JSON.parse(
      readFileSync(join(work, 'config/prod/feature-flags.json'), 'utf8'),
    );
    flags.values.checkoutV2.share = 'half';
    writeFileSync(
      join(work, 'config/prod/feature-flags.json'),
      JSON.stringify(flags),
    );
    writeFileSync(join(work, 'config/gamma/operational.json'), '{ nope');
    const bad = capture();
    expect(await runCli(['check-config', spec, '--root', work], bad.io)).toBe(
      1,
    );
    const text = bad.err.join('');
    expect(text).toMatch(
      /^config\/prod\/feature-flags\.json: values\.checkoutV2\.share: /m,
    );
    expect(text).toMatch(
      /^config\/gamma\/operational\.json: does not parse: /m,
    );
    expect(text.trim().split('\n')).toHaveLength(2);
  });

  it('GIVEN a valid spec WHEN `dpra validate` THEN it prints OK and exits 0', async () => {
    const c = capture();
    const code = await runCli(
      ['validate', exampleSpecFile('app-service')],
      c.io,
    );
    expect(code).toBe(0);
    expect(c.out.join('')).toContain('OK (AppPipeline orders-service)');
  });

  it('GIVEN an invalid spec WHEN `dpra validate` THEN it prints path: reason lines and exits 1', async () => {
    const file = join(work, 'bad.yaml');
    writeFileSync(
      file,
      'apiVersion: dpra/v1\nkind: ImagePipeline\nmetadata: {name: base-ami}\nspec:\n  toolchain: {account: "1", region: us-east-9}\n',
    );
    const c = capture();
    const code = await runCli(['validate', file], c.io);
    expect(code).toBe(1);
    const text = c.err.join('');
    expect(text).toContain(
      'spec.toolchain.account: "1" is not an AWS account id (12 digits)',
    );
    expect(text).toContain(
      'spec.toolchain.region: "us-east-9" is not an AWS region',
    );
  });

  it('GIVEN a missing file WHEN `dpra validate` THEN it exits 2', async () => {
    const c = capture();
    expect(await runCli(['validate', join(work, 'nope.yaml')], c.io)).toBe(2);
    expect(c.err.join('')).toContain('cannot read');
  });

  it('GIVEN a spec WHEN `dpra synth --out` THEN one cdk.tf.json per stack is written', async () => {
    const c = capture();
    const out = join(work, 'cdktf.out');
    const code = await runCli(
      ['synth', exampleSpecFile('account-fleet'), '--out', out],
      c.io,
    );
    expect(code).toBe(0);
    expect(
      existsSync(join(out, 'stacks', 'org-fleet-toolchain', 'cdk.tf.json')),
    ).toBe(true);
    expect(c.out.join('')).toContain('terraform init && terraform apply');
  });

  it('WHEN `dpra schema` THEN the JSON Schema is printed', async () => {
    const c = capture();
    expect(await runCli(['schema'], c.io)).toBe(0);
    expect(JSON.parse(c.out.join('')).title).toBe(
      'DPRA pipeline spec (dpra/v1)',
    );
  });

  it('GIVEN no build WHEN the bin script runs from source THEN validate works and exits 1 on a bad spec', () => {
    const bin = resolve(__dirname, '../bin/dpra.js');
    const ok = spawnSync(
      process.execPath,
      [bin, 'validate', exampleSpecFile('ami-build')],
      { encoding: 'utf8' },
    );
    expect(ok.stdout).toContain('OK (ImagePipeline base-ami)');
    expect(ok.status).toBe(0);
    const file = join(work, 'bad.yaml');
    writeFileSync(
      file,
      readFileSync(exampleSpecFile('ami-build'), 'utf8').replace(
        'us-west-2',
        'us-west-9',
      ),
    );
    const bad = spawnSync(process.execPath, [bin, 'validate', file], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(
      'spec.distribution.waves[1].regions[1]: "us-west-9" is not an AWS region',
    );
  }, 60_000);
});
