import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalGitRepositories } from './LocalGitRepositories';

/*
 * The repositories are checked with the real git CLI: what it clones and `git fsck` accepts is
 * what a developer gets.
 */

const author = { name: 'DPRA Scaffolder', email: 'scaffolder@dpra.local' };

function tempDir(prefix: string) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function writeFiles(dir: string, files: Record<string, string>) {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
}

function gitCli(args: string[], cwd?: string) {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: os.tmpdir() },
  });
}

describe('LocalGitRepositories', () => {
  let root: string;
  let source: string;
  let repositories: LocalGitRepositories;

  beforeEach(() => {
    root = tempDir('dpra-git-root-');
    source = tempDir('dpra-git-source-');
    repositories = new LocalGitRepositories(root);
    writeFiles(source, {
      'catalog-info.yaml': 'kind: Component\n',
      'pipeline/pipeline.yaml': 'apiVersion: dpra/v1\n',
      'pipeline/cdktf.out/stacks/a/cdk.tf.json': '{}\n',
      'pipeline/main.ts': 'export {};\n',
      'src/handler.js': 'module.exports = {};\n',
      '.git/config': 'not published\n',
    });
    fs.writeFileSync(path.join(source, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(source, { recursive: true, force: true });
  });

  it('GIVEN a workspace WHEN created THEN git clones exactly its files, executable bits included', async () => {
    const created = await repositories.create({
      name: 'orders-service',
      sourceDir: source,
      branch: 'main',
      message: 'Initial commit',
      author,
    });

    const expected = [
      'catalog-info.yaml',
      'pipeline/cdktf.out/stacks/a/cdk.tf.json',
      'pipeline/main.ts',
      'pipeline/pipeline.yaml',
      'run.sh',
      'src/handler.js',
    ];
    expect(created.files).toEqual(expected);
    const gitdir = path.join(root, 'orders-service.git');
    expect(gitCli(['--git-dir', gitdir, 'fsck', '--strict'])).toBe('');
    expect(gitCli(['--git-dir', gitdir, 'rev-parse', 'main']).trim()).toBe(created.commit);
    expect(gitCli(['--git-dir', gitdir, 'log', '--format=%an <%ae> %s']).trim()).toBe(
      'DPRA Scaffolder <scaffolder@dpra.local> Initial commit',
    );

    const clone = path.join(tempDir('dpra-git-clone-'), 'work');
    gitCli(['clone', '--quiet', gitdir, clone]);
    expect(gitCli(['ls-files'], clone).trim().split('\n')).toEqual(expected);
    expect(fs.readFileSync(path.join(clone, 'pipeline/pipeline.yaml'), 'utf8')).toBe(
      'apiVersion: dpra/v1\n',
    );
    // eslint-disable-next-line no-bitwise
    expect(fs.statSync(path.join(clone, 'run.sh')).mode & 0o111).not.toBe(0);
    expect(gitCli(['symbolic-ref', 'HEAD'], clone).trim()).toBe('refs/heads/main');
  });

  it('reads files and lists them by branch or commit', async () => {
    const { commit } = await repositories.create({
      name: 'orders-service',
      sourceDir: source,
      branch: 'trunk',
      message: 'Initial commit',
      author,
    });
    expect(await repositories.defaultBranch('orders-service')).toBe('trunk');
    expect(await repositories.listFiles('orders-service', commit)).toContain('src/handler.js');
    expect(
      Buffer.from(await repositories.readFile('orders-service', 'trunk', 'catalog-info.yaml')).toString(),
    ).toBe('kind: Component\n');
    await expect(repositories.readFile('orders-service', 'trunk', 'nope.txt')).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'nope.txt does not exist in orders-service at trunk',
    });
    await expect(repositories.listFiles('orders-service', 'main')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(repositories.listFiles('other', 'main')).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'There is no local repository named "other"',
    });
  });

  it('refuses an existing name and keeps the first repository as it was', async () => {
    const first = await repositories.create({
      name: 'orders-service',
      sourceDir: source,
      branch: 'main',
      message: 'first',
      author,
    });
    await expect(
      repositories.create({
        name: 'orders-service',
        sourceDir: source,
        branch: 'main',
        message: 'second',
        author,
      }),
    ).rejects.toMatchObject({ name: 'ConflictError' });
    const gitdir = path.join(root, 'orders-service.git');
    expect(gitCli(['--git-dir', gitdir, 'rev-parse', 'main']).trim()).toBe(first.commit);
  });

  it.each(['../escape', 'a/b', '.hidden', 'x.git', 'Upper', ''])(
    'refuses the repository name %j',
    async name => {
      await expect(
        repositories.create({ name, sourceDir: source, branch: 'main', message: 'm', author }),
      ).rejects.toMatchObject({ name: 'InputError' });
      expect(fs.readdirSync(root)).toEqual([]);
    },
  );

  it('refuses an empty workspace and leaves no repository behind', async () => {
    const empty = tempDir('dpra-git-empty-');
    await expect(
      repositories.create({ name: 'empty', sourceDir: empty, branch: 'main', message: 'm', author }),
    ).rejects.toMatchObject({ name: 'InputError' });
    expect(await repositories.exists('empty')).toBe(false);
  });
});
