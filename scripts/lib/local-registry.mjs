// A read-only npm registry for one scope, serving packed tarballs the way the public registry
// serves a published version: the packument (GET /@scope%2fname) with each version's manifest —
// the package.json inside the tarball, so prepack's rewrites are what clients see — and its
// `dist` (tarball URL, sha1 shasum, sha512 integrity), then the tarball itself. The pack check
// points the fresh app's package manager at it for our scope only, so the README's install
// commands run word for word, with package names instead of file paths. Built-ins only.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/** The package.json a tarball carries (npm packs every file under `package/`). */
export function packedManifest(tarball) {
  return JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  );
}

/**
 * Serves `tarballs` (paths of `npm pack` outputs) on 127.0.0.1 as a registry; resolves with its
 * URL and a close function. Any other request is a 404, as the registry answers for a name it
 * does not have.
 * @param {string[]} tarballs
 */
export async function startLocalRegistry(tarballs) {
  const packages = new Map();
  const files = new Map();
  for (const tarball of tarballs) {
    const manifest = packedManifest(tarball);
    const bytes = readFileSync(tarball);
    const file = `${manifest.name.replace('/', '-').replace(/^@/, '')}-${manifest.version}.tgz`;
    files.set(file, tarball);
    const published = statSync(tarball).mtime.toISOString();
    const entry = packages.get(manifest.name) ?? {
      name: manifest.name,
      'dist-tags': {},
      versions: {},
      time: { created: published },
    };
    entry['dist-tags'].latest = manifest.version;
    entry.versions[manifest.version] = {
      ...manifest,
      _id: `${manifest.name}@${manifest.version}`,
      dist: {
        tarball: file, // completed with the server's URL per request
        shasum: createHash('sha1').update(bytes).digest('hex'),
        integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
      },
    };
    entry.time[manifest.version] = published;
    entry.time.modified = published;
    packages.set(manifest.name, entry);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://registry');
    const base = `http://${req.headers.host}`;
    const name = decodeURIComponent(url.pathname.slice(1));
    const send = (status, body, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, '{"error":"read-only"}');
    const packument = packages.get(name);
    if (packument) {
      const versions = Object.fromEntries(
        Object.entries(packument.versions).map(([v, m]) => [
          v,
          { ...m, dist: { ...m.dist, tarball: `${base}/-/${m.dist.tarball}` } },
        ]),
      );
      return send(200, JSON.stringify({ ...packument, versions }));
    }
    const file = url.pathname.startsWith('/-/') && files.get(path.basename(url.pathname));
    if (file) return send(200, readFileSync(file), 'application/octet-stream');
    return send(404, '{"error":"Not found"}');
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    names: [...packages.keys()],
    close: () => new Promise(resolve => server.close(resolve)),
  };
}
