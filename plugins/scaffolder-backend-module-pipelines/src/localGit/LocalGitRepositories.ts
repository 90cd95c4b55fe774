import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import git from 'isomorphic-git';
import fs from 'node:fs';
import path from 'node:path';

/** What one publication wrote: the commit and the files it holds (JSON: checkpoints store it). */
export type LocalGitCommit = {
  /** Full SHA-1 of the commit. */
  commit: string;
  /** Branch the commit is on. */
  branch: string;
  /** Every committed file, repository-relative with forward slashes, sorted. */
  files: string[];
};

/** A file of the workspace as it goes into the repository. */
interface StagedFile {
  /** Repository-relative path with forward slashes. */
  path: string;
  mode: '100644' | '100755' | '120000';
  content: Uint8Array;
}

type TreeEntry = {
  mode: string;
  path: string;
  oid: string;
  type: 'blob' | 'tree';
};

/**
 * Repository names: one path segment, so a name can never address a directory other than its own
 * (`..`, `a/b`, hidden names and a trailing `.git` are all refused).
 */
const REPOSITORY_NAME = /^[a-z0-9][a-z0-9_-]{0,99}$/;

/**
 * Bare git repositories in one directory of this machine: the local portal's stand-in for a git
 * host. Publishing writes git objects directly into a new bare repository (isomorphic-git, no git
 * binary and no working copy), so the result is a real repository that `git clone` reads through
 * the file protocol or, since `info/refs` is kept up to date, git's "dumb" HTTP protocol.
 */
export class LocalGitRepositories {
  constructor(private readonly root: string) {}

  /** Refuses names that are not a single plain path segment. */
  static assertName(name: string): void {
    if (!REPOSITORY_NAME.test(name)) {
      throw new InputError(
        `repoName: "${name}" is not a repository name: 1-100 lowercase letters, digits, "-" or "_", starting with a letter or digit`,
      );
    }
  }

  /** The bare repository's directory (`<root>/<name>.git`). */
  gitdir(name: string): string {
    LocalGitRepositories.assertName(name);
    return path.join(this.root, `${name}.git`);
  }

  async exists(name: string): Promise<boolean> {
    const gitdir = this.gitdir(name);
    try {
      await fs.promises.access(path.join(gitdir, 'HEAD'));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Creates the bare repository `name` holding the files of `sourceDir` as one commit on `branch`.
   * A repository of that name that already exists is a conflict: publishing never rewrites
   * someone's history. Symlinks are committed as links (their target text), never followed.
   */
  async create(options: {
    name: string;
    sourceDir: string;
    branch: string;
    message: string;
    description?: string;
    author: { name: string; email: string };
  }): Promise<LocalGitCommit> {
    const gitdir = this.gitdir(options.name);
    const files = await stageDirectory(options.sourceDir);
    if (files.length === 0) {
      throw new InputError(
        `sourcePath: there are no files to publish in ${path.basename(
          options.sourceDir,
        )}`,
      );
    }
    await fs.promises.mkdir(this.root, { recursive: true });
    try {
      // Not recursive: the directory is the lock that keeps two tasks from publishing one name.
      await fs.promises.mkdir(gitdir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new ConflictError(
          `A local repository named "${options.name}" already exists; choose another name`,
        );
      }
      throw error;
    }
    try {
      await git.init({
        fs,
        gitdir,
        bare: true,
        defaultBranch: options.branch,
      });
      const tree = await writeTree(gitdir, files);
      const now = Math.floor(Date.now() / 1000);
      const person = { ...options.author, timestamp: now, timezoneOffset: 0 };
      const commit = await git.writeCommit({
        fs,
        gitdir,
        commit: {
          message: options.message.endsWith('\n')
            ? options.message
            : `${options.message}\n`,
          tree,
          parent: [],
          author: person,
          committer: person,
        },
      });
      await git.writeRef({
        fs,
        gitdir,
        ref: `refs/heads/${options.branch}`,
        value: commit,
        force: true,
      });
      await this.writeServerInfo(gitdir, options.branch, commit);
      await fs.promises.writeFile(
        path.join(gitdir, 'description'),
        `${(options.description ?? options.name).replace(/\s+/g, ' ')}\n`,
      );
      return {
        commit,
        branch: options.branch,
        files: files.map(f => f.path),
      };
    } catch (error) {
      // Half a repository is worse than none: the name stays free for the retry.
      await fs.promises.rm(gitdir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The files at `ref` (a branch or a commit), sorted. */
  async listFiles(name: string, ref: string): Promise<string[]> {
    const gitdir = await this.existingGitdir(name);
    const oid = await this.resolve(gitdir, name, ref);
    return (await git.listFiles({ fs, gitdir, ref: oid })).sort();
  }

  /** A file's content at `ref` (a branch or a commit). */
  async readFile(
    name: string,
    ref: string,
    filepath: string,
  ): Promise<Uint8Array> {
    const gitdir = await this.existingGitdir(name);
    const oid = await this.resolve(gitdir, name, ref);
    try {
      const { blob } = await git.readBlob({ fs, gitdir, oid, filepath });
      return blob;
    } catch (error) {
      if ((error as { code?: string }).code === 'NotFoundError') {
        throw new NotFoundError(
          `${filepath} does not exist in ${name} at ${ref}`,
        );
      }
      throw error;
    }
  }

  /** The branch HEAD points at. */
  async defaultBranch(name: string): Promise<string> {
    const gitdir = await this.existingGitdir(name);
    const branch = await git.currentBranch({ fs, gitdir });
    if (!branch) {
      throw new NotFoundError(`${name} has no default branch`);
    }
    return branch;
  }

  private async existingGitdir(name: string): Promise<string> {
    if (!(await this.exists(name))) {
      throw new NotFoundError(`There is no local repository named "${name}"`);
    }
    return this.gitdir(name);
  }

  private async resolve(
    gitdir: string,
    name: string,
    ref: string,
  ): Promise<string> {
    try {
      return await git.resolveRef({ fs, gitdir, ref });
    } catch {
      throw new NotFoundError(`${name} has no branch or commit "${ref}"`);
    }
  }

  /**
   * What `git update-server-info` writes: the refs list a "dumb" HTTP client reads first (HEAD is
   * read from the file git init wrote).
   */
  private async writeServerInfo(gitdir: string, branch: string, oid: string) {
    await fs.promises.mkdir(path.join(gitdir, 'info'), { recursive: true });
    await fs.promises.writeFile(
      path.join(gitdir, 'info', 'refs'),
      `${oid}\trefs/heads/${branch}\n`,
    );
  }
}

/** Every file below `dir` (without `.git`), as it is committed. */
async function stageDirectory(dir: string): Promise<StagedFile[]> {
  const entries = await fs.promises.readdir(dir, {
    recursive: true,
    withFileTypes: true,
  });
  const staged: StagedFile[] = [];
  for (const entry of entries) {
    const absolute = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, absolute).split(path.sep);
    if (relative.includes('.git')) continue;
    if (entry.isSymbolicLink()) {
      staged.push({
        path: relative.join('/'),
        mode: '120000',
        content: Buffer.from(await fs.promises.readlink(absolute)),
      });
    } else if (entry.isFile()) {
      const stat = await fs.promises.stat(absolute);
      staged.push({
        path: relative.join('/'),
        // eslint-disable-next-line no-bitwise
        mode: stat.mode & 0o111 ? '100755' : '100644',
        content: await fs.promises.readFile(absolute),
      });
    }
  }
  return staged.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Writes blobs and trees for `files`; returns the root tree's id. */
async function writeTree(gitdir: string, files: StagedFile[]): Promise<string> {
  type Dir = { files: Map<string, StagedFile>; dirs: Map<string, Dir> };
  const root: Dir = { files: new Map(), dirs: new Map() };
  for (const file of files) {
    const parts = file.path.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      let next = dir.dirs.get(part);
      if (!next) {
        next = { files: new Map(), dirs: new Map() };
        dir.dirs.set(part, next);
      }
      dir = next;
    }
    dir.files.set(parts[parts.length - 1], file);
  }
  const write = async (dir: Dir): Promise<string> => {
    const tree: TreeEntry[] = [];
    for (const [name, file] of dir.files) {
      const oid = await git.writeBlob({ fs, gitdir, blob: file.content });
      tree.push({ mode: file.mode, path: name, oid, type: 'blob' });
    }
    for (const [name, sub] of dir.dirs) {
      tree.push({ mode: '040000', path: name, oid: await write(sub), type: 'tree' });
    }
    return git.writeTree({ fs, gitdir, tree });
  };
  return write(root);
}
