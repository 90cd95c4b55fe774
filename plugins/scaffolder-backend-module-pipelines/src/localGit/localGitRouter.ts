import { NotFoundError } from '@backstage/errors';
import express from 'express';
import { LocalGitRepositories } from './LocalGitRepositories';

/** Where the local repositories are served, under the scaffolder's base URL (`/api/scaffolder`). */
export const LOCAL_GIT_PATH = '/dpra/local-git';

/** The URLs of one local repository, from the scaffolder's external base URL. */
export function localRepositoryUrls(
  scaffolderBaseUrl: string,
  name: string,
  branch: string,
) {
  const base = `${scaffolderBaseUrl}${LOCAL_GIT_PATH}/${encodeURIComponent(
    name,
  )}`;
  return {
    /** A JSON page: branch, commit, clone URL and every file with its raw URL. */
    browseUrl: base,
    /** What `git clone` reads over git's dumb HTTP protocol. */
    cloneUrl: `${base}.git`,
    /** Prefix of the raw files of the branch: append a repository-relative path. */
    rawBaseUrl: `${base}/raw/${encodeURIComponent(branch)}/`,
  };
}

/**
 * Read-only HTTP access to the local repositories: a JSON listing, raw files (always served as
 * plain text, so a generated file can never run as a page of the portal's origin) and the bare
 * repository's files for `git clone` over the dumb protocol. The catalog reads `catalog-info.yaml`
 * through the raw route with its URL reader (`backend.reading.allow`), which sends no Backstage
 * token: the module registers these paths as unauthenticated, and only in the local scenario.
 */
export function createLocalGitRouter(options: {
  repositories: LocalGitRepositories;
  scaffolderBaseUrl: () => Promise<string>;
}) {
  const { repositories } = options;
  const router = express.Router();
  // Express 4 does not pass a rejected handler's error on by itself.
  const handle =
    (fn: (req: express.Request, res: express.Response) => Promise<void>) =>
    (req: express.Request, res: express.Response, next: express.NextFunction) =>
      fn(req, res).catch(next);

  router.get(
    `${LOCAL_GIT_PATH}/:repo/raw/:ref/*`,
    handle(async (req, res) => {
    const filepath = (req.params as Record<string, string>)[0];
    const content = await repositories.readFile(
      req.params.repo,
      req.params.ref,
      filepath,
    );
    res
      .type('text/plain; charset=utf-8')
      .set('X-Content-Type-Options', 'nosniff')
      .send(Buffer.from(content));
    }),
  );

  router.get(
    `${LOCAL_GIT_PATH}/:repo`,
    handle(async (req, res) => {
    const repo = req.params.repo;
    const branch = await repositories.defaultBranch(repo);
    const files = await repositories.listFiles(repo, branch);
    const urls = localRepositoryUrls(
      await options.scaffolderBaseUrl(),
      repo,
      branch,
    );
    res.json({
      repository: repo,
      branch,
      cloneUrl: urls.cloneUrl,
      files: files.map(file => ({
        path: file,
        url: `${urls.rawBaseUrl}${file.split('/').map(encodeURIComponent).join('/')}`,
      })),
    });
    }),
  );

  // git's dumb HTTP protocol: HEAD, info/refs and loose objects, straight from the bare repository.
  router.get(`${LOCAL_GIT_PATH}/:repoGit/*`, (req, res, next) => {
    const match = /^(.+)\.git$/.exec(req.params.repoGit);
    const file = (req.params as Record<string, string>)[0];
    if (!match || !/^(HEAD|info\/refs|objects\/[0-9a-f]{2}\/[0-9a-f]{38})$/.test(file)) {
      next(new NotFoundError(`No such file in a local repository: ${file}`));
      return;
    }
    res.sendFile(file, {
      root: repositories.gitdir(match[1]),
      dotfiles: 'deny',
      headers: { 'Content-Type': 'application/octet-stream' },
    });
  });

  return router;
}
