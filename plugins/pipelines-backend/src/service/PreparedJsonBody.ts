import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

const gzip = promisify(gzipCallback);

/**
 * A JSON response serialised once and served many times: the UTF-8 bytes, an entity tag derived
 * from them, and the gzip encoding, compressed on first demand (off the event loop) and kept.
 */
export interface PreparedJsonBody {
  /** Weak entity tag (`W/"…"`): equal for the identity and gzip encodings of the same JSON. */
  readonly etag: string;
  readonly json: Buffer;
  gzip(): Promise<Buffer>;
}

/** Serialises nothing: wraps JSON text that is already serialised. */
export function prepareJsonBody(text: string): PreparedJsonBody {
  const json = Buffer.from(text, 'utf8');
  const etag = `W/"${createHash('sha1').update(json).digest('base64url')}"`;
  let compressed: Promise<Buffer> | undefined;
  return {
    etag,
    json,
    gzip() {
      if (!compressed) {
        compressed = gzip(json);
        // A failed compression is retried by the next request rather than remembered.
        compressed.catch(() => {
          compressed = undefined;
        });
      }
      return compressed;
    },
  };
}

/**
 * True when an `If-None-Match` header names `etag` (weak comparison, as RFC 9110 prescribes for
 * If-None-Match) or is `*`.
 */
export function ifNoneMatchIncludes(
  header: string | undefined,
  etag: string,
): boolean {
  if (!header) {
    return false;
  }
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return header.split(',').some(tag => {
    const candidate = tag.trim();
    return candidate === '*' || opaque(candidate) === wanted;
  });
}

/**
 * Answers with a prepared body: 304 when the client already holds it, gzip bytes when the client
 * accepts them (precompressed: the `Content-Encoding` header makes Backstage's root compression
 * middleware leave the body alone), the JSON bytes otherwise. `Cache-Control: private, no-cache`
 * lets a browser keep the body and revalidate it on every poll; `private` because the body varies
 * with the caller's permissions.
 */
export async function sendPreparedJson(
  req: Request,
  res: Response,
  body: PreparedJsonBody,
): Promise<void> {
  res.setHeader('ETag', body.etag);
  res.setHeader('Cache-Control', 'private, no-cache');
  res.vary('Accept-Encoding');
  if (ifNoneMatchIncludes(req.get('If-None-Match'), body.etag)) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
    const compressed = await body.gzip();
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', compressed.length);
    res.end(compressed);
    return;
  }
  res.setHeader('Content-Length', body.json.length);
  res.end(body.json);
}
