import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeCdktfProject } from './cdktfProject';
import { configDocumentIssues } from './spec/configDocuments';
import { pipelineSpecJsonSchema } from './spec/jsonSchema';
import { formatIssues, parseSpecYaml } from './spec/validate';
import type { PipelineSpec } from './spec/schema';
import { synthesize } from './synthesize';

/** Where the CLI writes. @public */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
};

class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

async function load(file: string, io: CliIo): Promise<PipelineSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.stderr(`${file}: cannot read: ${(error as Error).message}\n`);
    throw new ExitCode(2);
  }
  const result = parseSpecYaml(text);
  if (!result.ok) {
    io.stderr(
      `${file} is not a valid pipeline spec:\n${formatIssues(
        result.issues,
      ).replace(/^/gm, '  ')}\n`,
    );
    throw new ExitCode(1);
  }
  return result.spec;
}

/**
 * The `dpra` command line. Returns the exit code instead of exiting, so it can be tested and
 * embedded: 0 success, 1 invalid spec, 2 usage or I/O error.
 *
 * @public
 */
export async function runCli(
  argv: string[],
  io: CliIo = processIo,
): Promise<number> {
  const program = new Command('dpra')
    .description(
      'DPRA pipelines: validate a pipeline spec and synthesize its Terraform stacks',
    )
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  program
    .command('validate')
    .description(
      'Validate a pipeline spec; prints "path: reason" lines and exits 1 when invalid',
    )
    .argument('<file>', 'pipeline spec (YAML or JSON)')
    .action(async (file: string) => {
      const spec = await load(file, io);
      io.stdout(`${file}: OK (${spec.kind} ${spec.metadata.name})\n`);
    });

  program
    .command('synth')
    .description(
      'Synthesize Terraform JSON: <out>/stacks/<stack>/cdk.tf.json, in apply order',
    )
    .argument('<file>', 'pipeline spec (YAML or JSON)')
    .option('-o, --out <dir>', 'output directory', 'cdktf.out')
    .action(async (file: string, options: { out: string }) => {
      const spec = await load(file, io);
      const result = await synthesize(spec, { outdir: options.out });
      io.stdout(
        `Synthesized ${spec.kind} ${spec.metadata.name} into ${resolve(
          options.out,
        )}:\n`,
      );
      for (const stack of result.stacks)
        io.stdout(`  ${stack.name}  ${stack.file}\n`);
      io.stdout(
        'Apply each stack in order: cd <stack dir> && terraform init && terraform apply\n',
      );
    });

  program
    .command('project')
    .description(
      'Write a cdktf project (cdktf.json, main.ts, package.json, pipeline.yaml) for `cdktf deploy`',
    )
    .argument('<file>', 'pipeline spec (YAML or JSON)')
    .option('-d, --dir <dir>', 'project directory', '.')
    .action(async (file: string, options: { dir: string }) => {
      const spec = await load(file, io);
      const { files } = await writeCdktfProject(spec, { dir: options.dir });
      for (const f of files) io.stdout(`wrote ${f}\n`);
    });

  program
    .command('check-config')
    .description(
      'Check a ConfigPipeline\'s feature flags and operational configuration files as AppConfig would; prints "file: path: reason" lines and exits 1 when one would be refused',
    )
    .argument('<file>', 'pipeline spec (YAML or JSON) of kind ConfigPipeline')
    .option(
      '-r, --root <dir>',
      'repository root the profile paths are relative to',
      '.',
    )
    .action(async (file: string, options: { root: string }) => {
      const spec = await load(file, io);
      if (spec.kind !== 'ConfigPipeline') {
        io.stderr(
          `${file}: check-config checks ConfigPipeline specs, this one is ${spec.kind}\n`,
        );
        throw new ExitCode(2);
      }
      const issues = configDocumentIssues(spec, path => {
        try {
          return readFileSync(resolve(options.root, path), 'utf8');
        } catch {
          return undefined;
        }
      });
      if (issues.length > 0) {
        io.stderr(
          issues
            .map(i => `${i.file}: ${i.path ? `${i.path}: ` : ''}${i.message}\n`)
            .join(''),
        );
        throw new ExitCode(1);
      }
      io.stdout(
        `${file}: the configuration files of ${spec.metadata.name} are valid\n`,
      );
    });

  program
    .command('schema')
    .description('Print the JSON Schema of the pipeline spec')
    .action(() => {
      io.stdout(`${JSON.stringify(pipelineSpecJsonSchema, null, 2)}\n`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof ExitCode) return error.code;
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    io.stderr(`dpra: ${(error as Error).message}\n`);
    return 2;
  }
}
