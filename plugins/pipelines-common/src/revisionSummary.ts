/**
 * The readable part of a CodePipeline source revision summary. Sources through CodeConnections
 * (GitHub, GitLab, Bitbucket) report `revisionSummary` as a JSON string such as
 * `{"ProviderType":"GitHub","CommitMessage":"Fix checkout"}`; CodeCommit and S3 report plain text.
 *
 * @public
 */
export function readableRevisionSummary(summary?: string): string | undefined {
  if (!summary) return undefined;
  const trimmed = summary.trim();
  if (!trimmed.startsWith('{')) return summary;
  try {
    const parsed = JSON.parse(trimmed) as { CommitMessage?: unknown };
    return typeof parsed.CommitMessage === 'string'
      ? parsed.CommitMessage
      : summary;
  } catch {
    return summary;
  }
}
