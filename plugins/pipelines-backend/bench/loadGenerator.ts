import http from 'node:http';

/** What one load phase measured. */
export interface LoadResult {
  /** Requests answered with 200. */
  ok: number;
  /** Requests answered otherwise, or failed. */
  errors: number;
  /**
   * Requests still unanswered when the phase ended (cut off, not counted in the latencies);
   * undefined when the load tool does not tell.
   */
  unfinished?: number;
  /** Median latency of the answered requests (ok or not), in milliseconds. */
  p50Ms: number;
  /** 99th percentile of the same. */
  p99Ms: number;
  /** Wall-clock length of the phase, in seconds. */
  seconds: number;
  /** The first failure, for the report: HTTP status and the start of the body, or the error. */
  firstError?: string;
}

/** A GET's outcome; `status` -1 when the phase ended before the answer came. */
interface Answer {
  status: number;
  ms: number;
  bytes: number;
  /** Start of the body of a non-200 answer, or the request error. */
  detail?: string;
}

/** One GET on a kept-alive connection; resolves with the status, latency and body size. */
function timedGet(
  url: URL,
  agent: http.Agent,
  inFlight: Set<http.ClientRequest>,
): Promise<Answer> {
  return new Promise(resolve => {
    const started = process.hrtime.bigint();
    let cutOff = false;
    let request: http.ClientRequest | undefined = undefined;
    const done = (status: number, bytes: number, detail?: string) => {
      if (request) inFlight.delete(request);
      resolve({
        status: cutOff ? -1 : status,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        bytes,
        detail,
      });
    };
    // Like a browser: every page load and poll of the entity tab accepts gzip.
    request = http.get(
      url,
      { agent, headers: { 'Accept-Encoding': 'gzip' } },
      response => {
        let bytes = 0;
        let head = '';
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (response.statusCode !== 200 && head.length < 300) {
            head += chunk.toString('utf8', 0, 300);
          }
        });
        response.on('end', () =>
          done(response.statusCode ?? 0, bytes, head.slice(0, 300)),
        );
        response.on('error', error => done(0, bytes, String(error)));
      },
    );
    const sent = request;
    sent.on('close', () => {
      if (inFlight.has(sent)) done(0, 0);
    });
    sent.on('error', error => done(0, 0, String(error)));
    (sent as http.ClientRequest & { cutOff?: () => void }).cutOff = () => {
      cutOff = true;
      sent.destroy();
    };
    inFlight.add(sent);
  });
}

/**
 * `clients` concurrent clients, each sending the next GET as soon as the previous one is answered
 * (or `thinkMs` later), for `seconds`. Only 127.0.0.1 URLs are accepted: the benchmark never leaves the machine.
 */
export async function runLoad(options: {
  url: string;
  clients: number;
  seconds: number;
  /** Pause of each client between an answer and its next request (a page polling); 0 by default. */
  thinkMs?: number;
  /** Receives every answered request's latency too (the soak's percentiles over a whole run). */
  latenciesMs?: number[];
}): Promise<LoadResult> {
  const url = localUrl(options.url);
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: options.clients,
  });
  const inFlight = new Set<http.ClientRequest>();
  const latenciesMs: number[] = [];
  const result = {
    ok: 0,
    errors: 0,
    unfinished: 0,
    seconds: 0,
    firstError: undefined as string | undefined,
  };
  const started = Date.now();
  const deadline = started + options.seconds * 1000;
  // The phase ends on time: answers that have not come by then are cut off.
  const stop = setTimeout(() => {
    for (const request of [...inFlight]) {
      (request as http.ClientRequest & { cutOff: () => void }).cutOff();
    }
  }, options.seconds * 1000);
  const client = async () => {
    while (Date.now() < deadline) {
      const answer = await timedGet(url, agent, inFlight);
      if (answer.status === -1) {
        result.unfinished += 1;
        continue;
      }
      latenciesMs.push(answer.ms);
      options.latenciesMs?.push(answer.ms);
      if (answer.status === 200) {
        result.ok += 1;
      } else {
        result.errors += 1;
        result.firstError ??= `${answer.status} ${answer.detail ?? ''}`.trim();
      }
      if (options.thinkMs) {
        await new Promise(resolve => setTimeout(resolve, options.thinkMs));
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  clearTimeout(stop);
  result.seconds = (Date.now() - started) / 1000;
  agent.destroy();
  return {
    ...result,
    p50Ms: percentile(latenciesMs, 50),
    p99Ms: percentile(latenciesMs, 99),
  };
}

/** Size of one answer of `url` to a client that accepts gzip, in bytes (one GET). */
export async function responseBytes(url: string): Promise<number> {
  const agent = new http.Agent({ keepAlive: false });
  try {
    const answer = await timedGet(new URL(url), agent, new Set());
    return answer.bytes;
  } finally {
    agent.destroy();
  }
}

/** The URL, if it is on 127.0.0.1: the benchmark never sends load anywhere else. */
export function localUrl(text: string): URL {
  const url = new URL(text);
  if (url.hostname !== '127.0.0.1') {
    throw new Error(
      `The benchmark only talks to 127.0.0.1, not ${url.hostname}`,
    );
  }
  return url;
}

/** The p-th percentile (nearest rank) of the values, p in (0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1];
}
