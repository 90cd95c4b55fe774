// prettier 2 ships no type declarations; this is the one function used.
const { format } = require('prettier') as {
  format(text: string, options: Record<string, unknown>): string;
};

/** Formats generated Markdown exactly as the repository's `prettier --check` expects. */
export function formatMarkdown(text: string): string {
  return format(text, {
    ...require('@backstage/cli/config/prettier'),
    parser: 'markdown',
  });
}
