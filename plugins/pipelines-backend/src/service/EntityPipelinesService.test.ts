import { freshnessOf } from './EntityPipelinesService';

const t0 = new Date('2026-11-23T10:00:00.000Z');

describe('freshnessOf', () => {
  it('is stale before the first success, after a failure, and when overdue', () => {
    expect(freshnessOf(undefined, t0, 300)).toEqual({
      stale: true,
      staleReason: 'Not refreshed from AWS yet',
    });
    expect(
      freshnessOf(
        { lastError: 'AWS throttled the request (ThrottlingException)' },
        t0,
        300,
      ),
    ).toEqual({
      stale: true,
      staleReason:
        'Never refreshed successfully: AWS throttled the request (ThrottlingException)',
    });
    const last = new Date(t0.getTime() - 60_000);
    expect(freshnessOf({ lastSuccessAt: last }, t0, 300)).toEqual({
      stale: false,
      lastRefreshedAt: last.toISOString(),
    });
    expect(
      freshnessOf(
        {
          lastSuccessAt: last,
          lastError: 'AWS returned a server error 503 (ServiceUnavailable)',
        },
        t0,
        300,
      ),
    ).toEqual({
      stale: true,
      lastRefreshedAt: last.toISOString(),
      staleReason:
        'Last refresh failed: AWS returned a server error 503 (ServiceUnavailable)',
    });
    expect(freshnessOf({ lastSuccessAt: last }, t0, 30)).toMatchObject({
      stale: true,
      staleReason: 'Not refreshed for 60 s (stale after 30 s)',
    });
  });
});
