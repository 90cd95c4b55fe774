import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

/** The token the test's `integrations.github` config carries; every GitHub call must send it. */
export const GITHUB_TOKEN = 'ghp_dpraTestToken0000000000000000000000';

/** A request GitHub received: method, path and the JSON body when there is one. */
export type GithubCall = { method: string; path: string; body?: any };

/**
 * GitHub as the `publish:github` action and the catalog's GitHub URL reader see it, answered with
 * msw at the HTTP layer as GitHub documents it:
 * - REST (api.github.com): `GET /users/{username}`, `POST /orgs/{org}/repos`,
 *   `PUT /repos/{owner}/{repo}/branches/{branch}/protection`, and
 *   `GET /repos/{owner}/{repo}/contents/{path}?ref=` (raw or JSON media type);
 * - git smart HTTP (github.com/{owner}/{repo}.git), which isomorphic-git pushes to: served by
 *   git's own `git http-backend` over a bare repository, so the pushed commit is a real one and
 *   the contents API reads what was pushed.
 * Calls without the token are refused with 401 like GitHub does.
 */
export function startGithubApi(options: { organizations: string[] }) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dpra-github-'));
  const calls: GithubCall[] = [];
  const gitdir = (owner: string, repo: string) =>
    path.join(root, owner, `${repo}.git`);

  const authorized = (request: Request) => {
    const header = request.headers.get('authorization') ?? '';
    if (
      header === `token ${GITHUB_TOKEN}` ||
      header === `Bearer ${GITHUB_TOKEN}`
    )
      return true;
    const basic = header.match(/^Basic (.+)$/);
    return (
      !!basic &&
      Buffer.from(basic[1], 'base64').toString().split(':')[1] === GITHUB_TOKEN
    );
  };
  const unauthorized = () =>
    HttpResponse.json(
      {
        message: 'Requires authentication',
        documentation_url: 'https://docs.github.com/rest',
      },
      { status: 401 },
    );
  const notFound = () =>
    HttpResponse.json(
      {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest',
      },
      { status: 404 },
    );

  const record = async (request: Request) => {
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.clone().text();
    calls.push({
      method: request.method,
      path: `${url.host}${url.pathname}`,
      ...(text && request.headers.get('content-type')?.includes('json')
        ? { body: JSON.parse(text) }
        : {}),
    });
  };

  const repository = (owner: string, name: string, body: any) => ({
    id: 1296269,
    node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5',
    name,
    full_name: `${owner}/${name}`,
    owner: { login: owner, id: 1, type: 'Organization' },
    private: body.private ?? body.visibility === 'private',
    visibility: body.visibility ?? (body.private ? 'private' : 'public'),
    description: body.description ?? null,
    html_url: `https://github.com/${owner}/${name}`,
    url: `https://api.github.com/repos/${owner}/${name}`,
    clone_url: `https://github.com/${owner}/${name}.git`,
    git_url: `git://github.com/${owner}/${name}.git`,
    ssh_url: `git@github.com:${owner}/${name}.git`,
    default_branch: 'main',
  });

  /** Runs `git http-backend` as GitHub's smart HTTP endpoint (CGI: headers, blank line, body). */
  const gitHttpBackend = async (
    request: Request,
    owner: string,
    repo: string,
    service: string,
  ) => {
    if (!fs.existsSync(gitdir(owner, repo))) return notFound();
    const url = new URL(request.url);
    const input = Buffer.from(await request.arrayBuffer());
    const child = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        REMOTE_USER: 'x-access-token',
        REQUEST_METHOD: request.method,
        PATH_INFO: `/${owner}/${repo}.git/${service}`,
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: request.headers.get('content-type') ?? '',
        CONTENT_LENGTH: String(input.length),
      },
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', chunk => chunks.push(chunk));
    child.stdin.end(input);
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', () => resolve());
    });
    const output = Buffer.concat(chunks);
    const split = output.indexOf('\r\n\r\n');
    const headers = new Headers();
    let status = 200;
    for (const line of output.subarray(0, split).toString().split('\r\n')) {
      const [name, ...value] = line.split(': ');
      if (name.toLowerCase() === 'status')
        status = Number(value.join(': ').split(' ')[0]);
      else headers.set(name, value.join(': '));
    }
    return new HttpResponse(output.subarray(split + 4), { status, headers });
  };

  const handlers = [
    http.all('https://*github.com/*', async ({ request }) => {
      await record(request);
      return undefined;
    }),
    http.get(
      'https://api.github.com/users/:username',
      ({ request, params }) => {
        if (!authorized(request)) return unauthorized();
        const login = String(params.username);
        if (!options.organizations.includes(login)) return notFound();
        return HttpResponse.json({
          login,
          id: 1,
          node_id: 'MDEyOk9yZ2FuaXphdGlvbjE=',
          type: 'Organization',
        });
      },
    ),
    http.post(
      'https://api.github.com/orgs/:org/repos',
      async ({ request, params }) => {
        if (!authorized(request)) return unauthorized();
        const org = String(params.org);
        const body = (await request.json()) as any;
        if (!options.organizations.includes(org)) return notFound();
        if (typeof body?.name !== 'string' || !body.name) {
          return HttpResponse.json(
            {
              message: 'Repository creation failed.',
              errors: [{ field: 'name', code: 'missing_field' }],
            },
            { status: 422 },
          );
        }
        if (fs.existsSync(gitdir(org, body.name))) {
          return HttpResponse.json(
            {
              message: 'Repository creation failed.',
              errors: [
                {
                  resource: 'Repository',
                  code: 'custom',
                  field: 'name',
                  message: 'name already exists on this account',
                },
              ],
            },
            { status: 422 },
          );
        }
        execFileSync('git', [
          'init',
          '--quiet',
          '--bare',
          gitdir(org, body.name),
        ]);
        return HttpResponse.json(repository(org, body.name, body), {
          status: 201,
        });
      },
    ),
    http.put(
      'https://api.github.com/repos/:owner/:repo/branches/:branch/protection',
      ({ request, params }) => {
        if (!authorized(request)) return unauthorized();
        const { owner, repo, branch } = params as Record<string, string>;
        if (!fs.existsSync(gitdir(owner, repo))) return notFound();
        return HttpResponse.json({
          url: `https://api.github.com/repos/${owner}/${repo}/branches/${branch}/protection`,
        });
      },
    ),
    http.get(
      'https://api.github.com/repos/:owner/:repo/contents/*',
      ({ request, params }) => {
        if (!authorized(request)) return unauthorized();
        const { owner, repo } = params as Record<string, string>;
        const url = new URL(request.url);
        const filePath = decodeURIComponent(
          url.pathname.split('/contents/')[1],
        );
        const ref = url.searchParams.get('ref') ?? 'main';
        let content: Buffer;
        try {
          content = execFileSync(
            'git',
            ['--git-dir', gitdir(owner, repo), 'show', `${ref}:${filePath}`],
            {
              stdio: ['ignore', 'pipe', 'ignore'],
            },
          );
        } catch {
          return notFound();
        }
        if (
          request.headers
            .get('accept')
            ?.includes('application/vnd.github.v3.raw')
        ) {
          return new HttpResponse(content, {
            headers: { 'content-type': 'application/vnd.github.v3.raw' },
          });
        }
        return HttpResponse.json({
          type: 'file',
          encoding: 'base64',
          size: content.length,
          name: path.posix.basename(filePath),
          path: filePath,
          content: content.toString('base64'),
        });
      },
    ),
    // git smart HTTP: the ref advertisement and the push.
    ...['info/refs', 'git-receive-pack'].map(service =>
      http.all(`https://github.com/:owner/:repo/${service}`, ({ request, params }) => {
        if (!authorized(request))
          return new HttpResponse('', {
            status: 401,
            headers: { 'www-authenticate': 'Basic realm="GitHub"' },
          });
        return gitHttpBackend(request, String(params.owner), String(params.repo).replace(/\.git$/, ''), service);
      }),
    ),
  ];

  const server = setupServer(...handlers);
  server.listen({
    // Everything else (the test backend on localhost) passes; an unanswered GitHub call fails.
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname.endsWith('github.com')) print.error();
    },
  });

  return {
    calls,
    /** Files on `ref` of a repository pushed to this GitHub. */
    listFiles: (owner: string, repo: string, ref: string) =>
      execFileSync('git', [
        '--git-dir',
        gitdir(owner, repo),
        'ls-tree',
        '-r',
        '--name-only',
        ref,
      ])
        .toString()
        .trim()
        .split('\n'),
    close: () => {
      server.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
