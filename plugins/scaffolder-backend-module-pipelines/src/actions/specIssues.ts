import type { SpecIssue } from '@dpra/stacks';

/**
 * One line per issue, `path: reason`, with paths relative to the pipeline spec document (the
 * action's `spec` input), so a template author sees exactly which form field to fix.
 */
export function formatSpecIssues(issues: readonly SpecIssue[]): string {
  return issues
    .map(issue => `  ${issue.path === '' ? '(spec)' : issue.path}: ${issue.message}`)
    .join('\n');
}
