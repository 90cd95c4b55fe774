import { format } from 'prettier';

/** Formats generated Markdown exactly as the repository's `prettier --check` expects. */
export function formatMarkdown(text: string): string {
  return format(text, {
    ...require('@backstage/cli/config/prettier'),
    parser: 'markdown',
  });
}
