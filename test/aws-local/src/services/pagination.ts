import { AwsServiceError } from '../scenario/types';

/**
 * Pages a list the way AWS list operations do: an opaque `NextToken` (here the base64 of the
 * offset), `MaxResults` bounded by the operation's limit, a token only when more items remain.
 */
export function paginate<T>(
  items: readonly T[],
  token: unknown,
  maxResults: unknown,
  defaultSize: number,
  maxSize: number,
  invalidTokenCode = 'InvalidNextTokenException',
): { items: T[]; nextToken?: string } {
  let offset = 0;
  if (token !== undefined && token !== null && token !== '') {
    const decoded = /^offset:(\d+)$/.exec(
      Buffer.from(String(token), 'base64').toString('utf8'),
    );
    if (!decoded)
      throw new AwsServiceError(
        invalidTokenCode,
        'The next token is not valid.',
      );
    offset = Number(decoded[1]);
  }
  const size =
    typeof maxResults === 'number' && maxResults > 0
      ? Math.min(maxResults, maxSize)
      : defaultSize;
  const page = items.slice(offset, offset + size);
  const next = offset + size;
  return {
    items: page,
    nextToken:
      next < items.length
        ? Buffer.from(`offset:${next}`).toString('base64')
        : undefined,
  };
}
