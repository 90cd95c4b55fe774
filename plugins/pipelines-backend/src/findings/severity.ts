import { SEVERITY_ORDER, type Severity } from '@dpra/plugin-pipelines-common';

/**
 * What a findings source says about severity. Sources differ: Security Hub (ASFF) carries a
 * `Label` and the deprecated 0–100 `Normalized` score; Inspector carries a label (possibly
 * `UNTRIAGED`) and a 0–10 CVSS-based `inspectorScore`.
 *
 * @public
 */
export interface SeverityEvidence {
  /** A severity label, e.g. ASFF `Severity.Label` or Inspector `severity` (case-insensitive). */
  label?: string;
  /** ASFF `Severity.Normalized`, 0–100. */
  normalized?: number;
  /** A CVSS-style score, 0–10 (Inspector `inspectorScore`). */
  score?: number;
}

const LABELS: Readonly<Record<string, Severity>> = {
  CRITICAL: 'CRITICAL',
  HIGH: 'HIGH',
  MEDIUM: 'MEDIUM',
  // Some scanners (npm audit, GitHub advisories) say MODERATE for the middle band.
  MODERATE: 'MEDIUM',
  LOW: 'LOW',
  INFORMATIONAL: 'INFORMATIONAL',
  INFO: 'INFORMATIONAL',
};

/**
 * The label Security Hub derives from `Normalized` when a finding has no `Label`
 * (ASFF `Severity` reference): 0 INFORMATIONAL, 1–39 LOW, 40–69 MEDIUM, 70–89 HIGH, 90–100 CRITICAL.
 */
function labelFromNormalized(normalized: number): Severity {
  if (normalized < 1) return 'INFORMATIONAL';
  if (normalized < 40) return 'LOW';
  if (normalized < 70) return 'MEDIUM';
  if (normalized < 90) return 'HIGH';
  return 'CRITICAL';
}

/**
 * CVSS v3 qualitative rating: 0 none, 0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9 high, 9.0–10 critical.
 */
function labelFromScore(score: number): Severity {
  if (score <= 0) return 'INFORMATIONAL';
  if (score < 4) return 'LOW';
  if (score < 7) return 'MEDIUM';
  if (score < 9) return 'HIGH';
  return 'CRITICAL';
}

/**
 * Maps whatever a source says about severity onto the one scale the portal shows. A recognised
 * label wins; then the ASFF normalized score; then a CVSS-style score; a finding with no usable
 * evidence (e.g. Inspector `UNTRIAGED` without a score) is `INFORMATIONAL` rather than dropped.
 *
 * @public
 */
export function normalizeSeverity(evidence: SeverityEvidence): Severity {
  const label = evidence.label?.trim().toUpperCase();
  if (label && LABELS[label]) {
    return LABELS[label];
  }
  if (
    typeof evidence.normalized === 'number' &&
    Number.isFinite(evidence.normalized)
  ) {
    return labelFromNormalized(evidence.normalized);
  }
  if (typeof evidence.score === 'number' && Number.isFinite(evidence.score)) {
    return labelFromScore(evidence.score);
  }
  return 'INFORMATIONAL';
}

/**
 * Counts findings per severity; every severity is present (zero when there is none).
 *
 * @public
 */
export function countBySeverity(
  findings: ReadonlyArray<{ severity: Severity }>,
): Record<Severity, number> {
  const counts = Object.fromEntries(
    SEVERITY_ORDER.map(severity => [severity, 0]),
  ) as Record<Severity, number>;
  for (const finding of findings) {
    counts[finding.severity] += 1;
  }
  return counts;
}

/**
 * Sorts findings most severe first, then most recently seen first, then by id so the order is
 * stable between refreshes.
 *
 * @public
 */
export function sortFindingsBySeverity<
  T extends { severity: Severity; id: string; lastSeenAt?: string },
>(findings: readonly T[]): T[] {
  const rank = (s: Severity) => SEVERITY_ORDER.indexOf(s);
  return [...findings].sort(
    (a, b) =>
      rank(a.severity) - rank(b.severity) ||
      (b.lastSeenAt ?? '').localeCompare(a.lastSeenAt ?? '') ||
      a.id.localeCompare(b.id),
  );
}
