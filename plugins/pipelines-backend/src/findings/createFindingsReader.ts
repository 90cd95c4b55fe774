import type { FindingView, ReportView } from '@dpra/plugin-pipelines-common';
import {
  CodeBuildReportsReader,
  type CodeBuildReportsReaderOptions,
} from './CodeBuildReportsReader';
import {
  InspectorFindingsReader,
  type InspectorFindingsReaderOptions,
} from './InspectorFindingsReader';
import {
  SecurityHubFindingsReader,
  type SecurityHubFindingsReaderOptions,
} from './SecurityHubFindingsReader';
import { sortFindingsBySeverity } from './severity';
import type {
  FindingsClientFactory,
  FindingsReadOptions,
  FindingsReadResult,
  FindingsReader,
  FindingsScope,
  FindingsSource,
  FindingsSourceError,
  FindingsSourceReader,
  FindingsTarget,
  ReportsReader,
} from './types';

/**
 * Options of {@link createFindingsReader}. Each source can be tuned, or turned off with `false`
 * (e.g. where Inspector is not enabled, to save the calls).
 *
 * @public
 */
export interface CreateFindingsReaderOptions<TTarget extends FindingsTarget> {
  /** Builds the SDK clients for a target. */
  clientFactory: FindingsClientFactory<TTarget>;
  /** Tag keys that identify a service, for every source. */
  serviceTagKeys?: readonly string[];
  /** Security Hub options, or `false` to skip Security Hub. */
  securityHub?:
    | Omit<
        SecurityHubFindingsReaderOptions<TTarget>,
        'client' | 'serviceTagKeys'
      >
    | false;
  /** CodeBuild reports options, or `false` to skip CodeBuild reports. */
  codeBuild?:
    | Omit<CodeBuildReportsReaderOptions<TTarget>, 'client' | 'serviceTagKeys'>
    | false;
  /** Inspector options, or `false` to skip Inspector. */
  inspector2?:
    | Omit<InspectorFindingsReaderOptions<TTarget>, 'client' | 'serviceTagKeys'>
    | false;
}

type SourceOutcome = {
  source: FindingsSource;
  findings: FindingView[];
  reports: ReportView[];
};

/** Keeps errors as thrown; `DOMException`s (abort reasons) count, whatever realm made them. */
function asError(reason: unknown): Error {
  if (
    reason instanceof Error ||
    (typeof reason === 'object' &&
      reason !== null &&
      typeof (reason as Error).name === 'string' &&
      typeof (reason as Error).message === 'string')
  ) {
    return reason as Error;
  }
  return new Error(String(reason));
}

/**
 * Reads Security Hub, CodeBuild reports and Inspector concurrently and merges them.
 *
 * The same Inspector finding arrives from Security Hub and from Inspector (same id, the finding
 * ARN); the Security Hub copy is kept because it carries the workflow status the team set there.
 * A source that fails is reported in `errors` and does not hide the others.
 *
 * @public
 */
export class AggregatedFindingsReader<
  TTarget extends FindingsTarget = FindingsTarget,
> implements FindingsReader<TTarget>
{
  constructor(
    private readonly sources: {
      securityHub?: FindingsSourceReader<TTarget>;
      codeBuild?: ReportsReader<TTarget>;
      inspector2?: FindingsSourceReader<TTarget>;
    },
  ) {}

  async read(
    target: TTarget,
    scope: FindingsScope,
    options?: FindingsReadOptions,
  ): Promise<FindingsReadResult> {
    const { securityHub, codeBuild, inspector2 } = this.sources;
    // Order matters: on duplicate ids the earlier source wins.
    const work: Array<{
      source: FindingsSource;
      run: () => Promise<SourceOutcome>;
    }> = [];
    if (securityHub) {
      work.push({
        source: 'securityhub',
        run: async () => ({
          source: 'securityhub',
          findings: await securityHub.readFindings(target, scope, options),
          reports: [],
        }),
      });
    }
    if (inspector2) {
      work.push({
        source: 'inspector2',
        run: async () => ({
          source: 'inspector2',
          findings: await inspector2.readFindings(target, scope, options),
          reports: [],
        }),
      });
    }
    if (codeBuild) {
      work.push({
        source: 'codebuild',
        run: async () => ({
          source: 'codebuild',
          ...(await codeBuild.readReports(target, scope, options)),
        }),
      });
    }

    const settled = await Promise.allSettled(work.map(w => w.run()));
    // An abort is the caller giving up on the whole read, not one source failing.
    if (options?.abortSignal?.aborted) {
      throw asError(options.abortSignal.reason);
    }

    const byId = new Map<string, FindingView>();
    const reports: ReportView[] = [];
    const errors: FindingsSourceError[] = [];
    settled.forEach((outcome, index) => {
      if (outcome.status === 'rejected') {
        errors.push({
          source: work[index].source,
          error: asError(outcome.reason),
        });
        return;
      }
      for (const finding of outcome.value.findings) {
        if (!byId.has(finding.id)) {
          byId.set(finding.id, finding);
        }
      }
      reports.push(...outcome.value.reports);
    });
    return {
      findings: sortFindingsBySeverity([...byId.values()]),
      reports,
      errors,
    };
  }
}

/**
 * Creates the findings reader the backend uses: Security Hub, CodeBuild reports and Inspector,
 * each with a client from the factory.
 *
 * @public
 */
export function createFindingsReader<
  TTarget extends FindingsTarget = FindingsTarget,
>(options: CreateFindingsReaderOptions<TTarget>): FindingsReader<TTarget> {
  const { clientFactory, serviceTagKeys } = options;
  return new AggregatedFindingsReader<TTarget>({
    securityHub:
      options.securityHub === false
        ? undefined
        : new SecurityHubFindingsReader<TTarget>({
            ...options.securityHub,
            serviceTagKeys,
            client: target => clientFactory.securityHub(target),
          }),
    codeBuild:
      options.codeBuild === false
        ? undefined
        : new CodeBuildReportsReader<TTarget>({
            ...options.codeBuild,
            serviceTagKeys,
            client: target => clientFactory.codeBuild(target),
          }),
    inspector2:
      options.inspector2 === false
        ? undefined
        : new InspectorFindingsReader<TTarget>({
            ...options.inspector2,
            serviceTagKeys,
            client: target => clientFactory.inspector2(target),
          }),
  });
}
