#!/usr/bin/env node
/* eslint-disable no-console */
// Synthesis benchmark (not a test): `npm run bench -w @dpra/stacks`.
// In-process synth of a large AppPipeline — cold (fresh process: module load + first synth) and
// warm (repeated in one process) — with peak memory, then the same spec through `cdktf synth`
// (cdktf-cli 0.21.0 via npx) when it can be installed. Prints the figures side by side.
//
// A wave holds at most 4 regions (CodePipeline allows 5 rules per stage condition: one
// DeploymentWindow plus one CloudWatchAlarm rule per region), so "3 waves x 6 regions" is measured
// as 18 regional deployments in two valid shapes: 3 waves x 4 regions (the largest waves) and
// 6 waves x 3 regions (18 regions).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const PKG = path.resolve(__dirname, '..');
const HOOK = require.resolve('@backstage/cli/config/nodeTransform.cjs');
const REGIONS = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'us-east-2',
  'eu-west-2',
  'ap-south-1',
  'ca-central-1',
  'sa-east-1',
  'eu-north-1',
  'ap-northeast-2',
  'eu-west-3',
  'us-west-1',
  'ap-southeast-1',
  'eu-south-1',
  'ap-east-1',
];

/** The smallest valid AppPipeline (from @dpra/stacks), with `waves` waves of `perWave` regions. */
function benchSpec(waves, perWave) {
  const { minimalSpec } = require(path.join(PKG, 'src', 'index.ts'));
  const spec = minimalSpec('AppPipeline');
  spec.metadata.name = 'bench-service';
  spec.spec.source.repository = 'example-org/bench-service';
  spec.spec.production.waves = Array.from({ length: waves }, (_, w) => ({
    regions: REGIONS.slice(w * perWave, (w + 1) * perWave),
  }));
  return spec;
}

const SHAPES = [
  { label: '3 waves x 4 regions', waves: 3, perWave: 4 },
  { label: '6 waves x 3 regions', waves: 6, perWave: 3 },
];

// ---- child mode: one measurement in a fresh process ----------------------------------------
if (process.argv[2] === '--child') {
  const [, , , waves, perWave, repeats, outdir] = process.argv;
  const t0 = performance.now();
  require(HOOK);
  const { synthesize } = require(path.join(PKG, 'src', 'index.ts'));
  const loaded = performance.now();
  (async () => {
    const spec = benchSpec(Number(waves), Number(perWave));
    const times = [];
    for (let i = 0; i < Number(repeats); i++) {
      const s = performance.now();
      const result = await synthesize(spec, {
        outdir: path.join(outdir, `run-${i}`),
      });
      times.push(performance.now() - s);
      if (i === 0) {
        const file = result.stacks[0].file;
        const json = JSON.parse(fs.readFileSync(file, 'utf8'));
        const resources = Object.values(json.resource).reduce(
          (n, byId) => n + Object.keys(byId).length,
          0,
        );
        process.stderr.write(`resources in toolchain stack: ${resources}\n`);
      }
    }
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(
      JSON.stringify({ loadMs: loaded - t0, times, maxRssMb }),
    );
  })();
  return;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function child(shape, repeats, outdir) {
  const r = spawnSync(
    process.execPath,
    [__filename, '--child', shape.waves, shape.perWave, repeats, outdir],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return { ...JSON.parse(r.stdout), note: r.stderr.trim() };
}

async function cdktfSynth(shape) {
  const dir = fs.mkdtempSync(path.join(PKG, '.bench-cdktf-'));
  try {
    require(HOOK);
    const { writeCdktfProject, validateSpec } = require(path.join(
      PKG,
      'src',
      'index.ts',
    ));
    const valid = validateSpec(benchSpec(shape.waves, shape.perWave));
    if (!valid.ok) throw new Error(JSON.stringify(valid.issues));
    await writeCdktfProject(valid.spec, { dir });
    // Same project, but main.ts runs with the repo's transform hook instead of ts-node (not installed here).
    const cdktfJson = JSON.parse(
      fs.readFileSync(path.join(dir, 'cdktf.json'), 'utf8'),
    );
    cdktfJson.app = `node --require ${HOOK} main.ts`;
    fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify(cdktfJson));
    const env = {
      ...process.env,
      CHECKPOINT_DISABLE: '1',
      DISABLE_VERSION_CHECK: 'true',
    };
    const npx = args =>
      spawnSync('npx', ['--yes', 'cdktf-cli@0.21.0', ...args], {
        cwd: dir,
        env,
        encoding: 'utf8',
        timeout: 600_000,
      });
    const probe = npx(['--version']);
    if (probe.status !== 0) {
      const why = `${probe.stderr || ''}${probe.error || ''}`
        .trim()
        .split('\n')
        .slice(-3)
        .join(' ');
      return { error: `npx cdktf-cli@0.21.0 could not run: ${why}` };
    }
    const times = [];
    for (let i = 0; i < 2; i++) {
      const s = performance.now();
      const run = npx(['synth']);
      if (run.status !== 0)
        return {
          error: `cdktf synth failed: ${(run.stderr || run.stdout)
            .trim()
            .split('\n')
            .slice(-5)
            .join(' ')}`,
        };
      times.push(performance.now() - s);
    }
    return { times };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

(async () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dpra-bench-'));
  const rows = [];
  console.log(
    `node ${process.version}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}`,
  );
  for (const shape of SHAPES) {
    const cold = child(
      shape,
      1,
      path.join(work, `${shape.waves}x${shape.perWave}-cold`),
    );
    const warm = child(
      shape,
      10,
      path.join(work, `${shape.waves}x${shape.perWave}-warm`),
    );
    const warmTimes = warm.times.slice(1);
    const cdktf = process.env.DPRA_BENCH_SKIP_CDKTF
      ? { error: 'skipped (DPRA_BENCH_SKIP_CDKTF)' }
      : await cdktfSynth(shape);
    rows.push({
      shape: shape.label,
      'cold: module load (ms)': cold.loadMs.toFixed(0),
      'cold: first synth (ms)': cold.times[0].toFixed(0),
      'cold: total (ms)': (cold.loadMs + cold.times[0]).toFixed(0),
      'warm synth median (ms)': median(warmTimes).toFixed(0),
      'warm synth min (ms)': Math.min(...warmTimes).toFixed(0),
      'peak RSS (MB)': Math.max(cold.maxRssMb, warm.maxRssMb).toFixed(0),
      'cdktf synth (ms)': cdktf.times
        ? cdktf.times.map(t => t.toFixed(0)).join(' / ')
        : cdktf.error,
    });
    console.log(`${shape.label}: ${cold.note}`);
  }
  fs.rmSync(work, { recursive: true, force: true });
  console.table(rows);
})();
