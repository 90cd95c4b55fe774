import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { LocalGitRepositories } from './LocalGitRepositories';
import { createLocalGitRouter } from './localGitRouter';

const BASE = 'http://localhost:7007/api/scaffolder';

describe('local git router', () => {
  let root: string;
  let app: express.Express;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dpra-git-router-'));
    const source = fs.mkdtempSync(path.join(os.tmpdir(), 'dpra-git-router-src-'));
    fs.mkdirSync(path.join(source, 'docs'));
    fs.writeFileSync(path.join(source, 'catalog-info.yaml'), 'kind: Component\n');
    fs.writeFileSync(path.join(source, 'docs', 'page one.html'), '<script>alert(1)</script>');
    const repositories = new LocalGitRepositories(root);
    await repositories.create({
      name: 'orders-service',
      sourceDir: source,
      branch: 'main',
      message: 'Initial commit',
      author: { name: 'a', email: 'a@example.com' },
    });
    const middleware = MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    });
    app = express()
      .use(createLocalGitRouter({ repositories, scaffolderBaseUrl: async () => BASE }))
      .use(middleware.error());
  });

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('serves a file of a branch as plain text, whatever it contains', async () => {
    const yamlFile = await request(app).get('/dpra/local-git/orders-service/raw/main/catalog-info.yaml');
    expect(yamlFile.status).toBe(200);
    expect(yamlFile.text).toBe('kind: Component\n');

    const html = await request(app).get('/dpra/local-git/orders-service/raw/main/docs/page%20one.html');
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(html.headers['x-content-type-options']).toBe('nosniff');
  });

  it('lists the repository with its clone URL and the raw URL of every file', async () => {
    const res = await request(app).get('/dpra/local-git/orders-service');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      repository: 'orders-service',
      branch: 'main',
      cloneUrl: `${BASE}/dpra/local-git/orders-service.git`,
      files: [
        {
          path: 'catalog-info.yaml',
          url: `${BASE}/dpra/local-git/orders-service/raw/main/catalog-info.yaml`,
        },
        {
          path: 'docs/page one.html',
          url: `${BASE}/dpra/local-git/orders-service/raw/main/docs/page%20one.html`,
        },
      ],
    });
  });

  it.each([
    ['/dpra/local-git/orders-service/raw/main/missing.yaml', 404],
    ['/dpra/local-git/orders-service/raw/nobranch/catalog-info.yaml', 404],
    ['/dpra/local-git/other', 404],
    ['/dpra/local-git/..%2F..%2Fetc/raw/main/passwd', 400],
    ['/dpra/local-git/orders-service.git/config', 404],
    ['/dpra/local-git/orders-service.git/..%2F..%2Fetc%2Fpasswd', 404],
  ])('GET %s answers %d', async (url, status) => {
    const res = await request(app).get(url);
    expect(res.status).toBe(status);
    expect(res.body.error?.name).toEqual(status === 404 ? 'NotFoundError' : 'InputError');
  });

  it('only reads: writes are not routes', async () => {
    const res = await request(app).post('/dpra/local-git/orders-service.git/info/refs');
    expect(res.status).toBe(404);
  });

  it('is cloneable with git over its dumb HTTP protocol', async () => {
    const server = app.listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const clone = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dpra-git-http-')), 'c');
      // execFile would block the event loop that serves the clone: run git asynchronously.
      await new Promise<void>((resolve, reject) => {
        require('node:child_process').execFile(
          'git',
          ['clone', '--quiet', `http://127.0.0.1:${port}/dpra/local-git/orders-service.git`, clone],
          { env: { ...process.env, HOME: os.tmpdir(), GIT_CONFIG_NOSYSTEM: '1' } },
          (error: Error | null) => (error ? reject(error) : resolve()),
        );
      });
      expect(execFileSync('git', ['ls-files'], { cwd: clone, encoding: 'utf8' })).toBe(
        'catalog-info.yaml\ndocs/page one.html\n',
      );
    } finally {
      server.close();
    }
  });
});
