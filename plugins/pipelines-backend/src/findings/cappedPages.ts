/** Page size and page cap of a paginated findings query, from reader options. */
export interface PagingLimits {
  /** Items per page, 1–100 (the most GetFindings and ListFindings accept). */
  pageSize: number;
  /** Pages read at most per query, at least 1. */
  maxPages: number;
}

/** Clamps the optional `pageSize` (default 100) and `maxPages` (default 10) of a reader. */
export function pagingLimits(options: {
  pageSize?: number;
  maxPages?: number;
}): PagingLimits {
  return {
    pageSize: Math.min(Math.max(options.pageSize ?? 100, 1), 100),
    maxPages: Math.max(options.maxPages ?? 10, 1),
  };
}

/**
 * Reads a token-paginated query until it has no next token or `maxPages` pages were read, so one
 * noisy account cannot make a refresh unbounded.
 */
export async function readCappedPages<T>(
  maxPages: number,
  readPage: (
    nextToken: string | undefined,
  ) => Promise<{ items?: T[]; nextToken?: string }>,
): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const response = await readPage(nextToken);
    items.push(...(response.items ?? []));
    nextToken = response.nextToken;
    if (!nextToken) {
      break;
    }
  }
  return items;
}
