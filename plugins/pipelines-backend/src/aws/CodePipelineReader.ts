import {
  ActionExecutionDetail,
  GetPipelineCommand,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  GetPipelineStateOutput,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  ListTagsForResourceCommand,
  PipelineDeclaration,
  PipelineExecution,
  PipelineExecutionSummary,
  PipelineMetadata,
  PutApprovalResultCommand,
} from '@aws-sdk/client-codepipeline';
import type { AwsClientFactory } from './AwsClientFactory';
import type { AwsTarget } from './AwsTarget';

/** A pipeline found in an account/region. */
export interface PipelineSummaryRef {
  name: string;
  arn: string;
}

/**
 * Reads (and, for approvals, writes) AWS CodePipeline. One method per API operation the plugin
 * uses; pagination is followed where the plugin needs the whole list.
 */
export interface CodePipelineReader {
  getPipeline(
    target: AwsTarget,
    name: string,
  ): Promise<{ pipeline: PipelineDeclaration; metadata?: PipelineMetadata }>;
  getPipelineState(
    target: AwsTarget,
    name: string,
  ): Promise<GetPipelineStateOutput>;
  listPipelineExecutions(
    target: AwsTarget,
    name: string,
    options: { maxResults: number },
  ): Promise<PipelineExecutionSummary[]>;
  getPipelineExecution(
    target: AwsTarget,
    name: string,
    executionId: string,
  ): Promise<PipelineExecution | undefined>;
  /**
   * Action executions, newest first (as AWS lists them), paged 100 at a time up to `maxResults`
   * (default 100). With `backTo`, paging stops after the page that reaches an action execution
   * started before that time: what follows belongs to executions started earlier.
   */
  listActionExecutions(
    target: AwsTarget,
    name: string,
    filter: {
      pipelineExecutionId?: string;
      maxResults?: number;
      backTo?: Date;
    },
  ): Promise<ActionExecutionDetail[]>;
  listTagsForResource(
    target: AwsTarget,
    arn: string,
  ): Promise<Record<string, string>>;
  listPipelines(target: AwsTarget): Promise<PipelineSummaryRef[]>;
  /** Pipelines of the target carrying every given tag (ListPipelines + ListTagsForResource). */
  findPipelinesByTags(
    target: AwsTarget,
    tags: Record<string, string>,
  ): Promise<PipelineSummaryRef[]>;
  putApprovalResult(
    target: AwsTarget,
    input: {
      pipelineName: string;
      stageName: string;
      actionName: string;
      token: string;
      status: 'Approved' | 'Rejected';
      summary: string;
    },
  ): Promise<{ approvedAt?: Date }>;
}

/** The ARN of a pipeline (CodePipeline ARNs carry no resource type segment). */
export function pipelineArn(target: AwsTarget, name: string): string {
  return `arn:aws:codepipeline:${target.region}:${target.accountId}:${name}`;
}

/** Maximum pages followed for any list call: a guard against a misbehaving endpoint. */
const MAX_PAGES = 50;

/** {@link CodePipelineReader} over the AWS SDK v3 CodePipeline client. */
export class SdkCodePipelineReader implements CodePipelineReader {
  constructor(private readonly clients: AwsClientFactory) {}

  private async send<T>(
    target: AwsTarget,
    fn: (client: ReturnType<AwsClientFactory['codePipeline']>) => Promise<T>,
  ): Promise<T> {
    // Creating the client checks the target against config, so a refused target fails first.
    return fn(this.clients.codePipeline(target));
  }

  async getPipeline(target: AwsTarget, name: string) {
    const out = await this.send(target, c =>
      c.send(new GetPipelineCommand({ name })),
    );
    if (!out.pipeline) {
      throw new Error(`GetPipeline returned no pipeline for ${name}`);
    }
    return { pipeline: out.pipeline, metadata: out.metadata };
  }

  getPipelineState(target: AwsTarget, name: string) {
    return this.send(target, c =>
      c.send(new GetPipelineStateCommand({ name })),
    );
  }

  async listPipelineExecutions(
    target: AwsTarget,
    name: string,
    options: { maxResults: number },
  ) {
    const executions: PipelineExecutionSummary[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const pageToken = nextToken;
      const out = await this.send(target, c =>
        c.send(
          new ListPipelineExecutionsCommand({
            pipelineName: name,
            maxResults: Math.min(100, options.maxResults - executions.length),
            nextToken: pageToken,
          }),
        ),
      );
      executions.push(...(out.pipelineExecutionSummaries ?? []));
      nextToken = out.nextToken;
      if (!nextToken || executions.length >= options.maxResults) {
        break;
      }
    }
    return executions.slice(0, options.maxResults);
  }

  async getPipelineExecution(
    target: AwsTarget,
    name: string,
    executionId: string,
  ) {
    const out = await this.send(target, c =>
      c.send(
        new GetPipelineExecutionCommand({
          pipelineName: name,
          pipelineExecutionId: executionId,
        }),
      ),
    );
    return out.pipelineExecution;
  }

  async listActionExecutions(
    target: AwsTarget,
    name: string,
    filter: {
      pipelineExecutionId?: string;
      maxResults?: number;
      backTo?: Date;
    },
  ) {
    const details: ActionExecutionDetail[] = [];
    const max = filter.maxResults ?? 100;
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const pageToken = nextToken;
      const out = await this.send(target, c =>
        c.send(
          new ListActionExecutionsCommand({
            pipelineName: name,
            filter: filter.pipelineExecutionId
              ? { pipelineExecutionId: filter.pipelineExecutionId }
              : undefined,
            maxResults: Math.min(100, max - details.length),
            nextToken: pageToken,
          }),
        ),
      );
      const listed = out.actionExecutionDetails ?? [];
      details.push(...listed);
      nextToken = out.nextToken;
      const { backTo } = filter;
      if (
        !nextToken ||
        details.length >= max ||
        (backTo && listed.some(d => d.startTime && d.startTime < backTo))
      ) {
        break;
      }
    }
    return details;
  }

  async listTagsForResource(target: AwsTarget, arn: string) {
    const tags: Record<string, string> = {};
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const pageToken = nextToken;
      const out = await this.send(target, c =>
        c.send(
          new ListTagsForResourceCommand({
            resourceArn: arn,
            nextToken: pageToken,
          }),
        ),
      );
      for (const tag of out.tags ?? []) {
        if (tag.key) {
          tags[tag.key] = tag.value ?? '';
        }
      }
      nextToken = out.nextToken;
      if (!nextToken) {
        break;
      }
    }
    return tags;
  }

  async listPipelines(target: AwsTarget) {
    const pipelines: PipelineSummaryRef[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const pageToken = nextToken;
      const out = await this.send(target, c =>
        c.send(new ListPipelinesCommand({ nextToken: pageToken })),
      );
      for (const p of out.pipelines ?? []) {
        if (p.name) {
          pipelines.push({ name: p.name, arn: pipelineArn(target, p.name) });
        }
      }
      nextToken = out.nextToken;
      if (!nextToken) {
        break;
      }
    }
    return pipelines;
  }

  async findPipelinesByTags(target: AwsTarget, tags: Record<string, string>) {
    const wanted = Object.entries(tags);
    const pipelines = await this.listPipelines(target);
    const matches = await Promise.all(
      pipelines.map(async p => {
        const actual = await this.listTagsForResource(target, p.arn);
        return wanted.every(([k, v]) => actual[k] === v) ? p : undefined;
      }),
    );
    return matches.filter((p): p is PipelineSummaryRef => Boolean(p));
  }

  async putApprovalResult(
    target: AwsTarget,
    input: {
      pipelineName: string;
      stageName: string;
      actionName: string;
      token: string;
      status: 'Approved' | 'Rejected';
      summary: string;
    },
  ) {
    const out = await this.send(target, c =>
      c.send(
        new PutApprovalResultCommand({
          pipelineName: input.pipelineName,
          stageName: input.stageName,
          actionName: input.actionName,
          token: input.token,
          result: { status: input.status, summary: input.summary },
        }),
      ),
    );
    return { approvedAt: out.approvedAt };
  }
}
