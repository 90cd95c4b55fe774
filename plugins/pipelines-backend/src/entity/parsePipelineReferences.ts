import type { Entity } from '@backstage/catalog-model';
import type { PipelineProblem } from '@dpra/plugin-pipelines-common';
import {
  AWS_CODEPIPELINE_ARN_ANNOTATION,
  AWS_CODEPIPELINE_TAGS_ANNOTATION,
  PIPELINE_TAGS_ANNOTATION,
  PIPELINES_ANNOTATION,
  PIPELINES_ROLE_ANNOTATION,
} from '@dpra/plugin-pipelines-common';
import { createHash } from 'node:crypto';
import type { AwsTargetPolicy } from '../aws/AwsTarget';
import { pipelineArn } from '../aws/CodePipelineReader';
import type { EntityPipelineLink } from '../store';

/** A tag-based lookup requested by an annotation. */
export interface PipelineTagQuery {
  reference: string;
  tags: Record<string, string>;
}

/** What an entity's annotations ask for, before any AWS call. */
export interface ParsedPipelineReferences {
  /** Pipelines named explicitly (ARN or account/region/name) and allowed by config. */
  explicit: EntityPipelineLink[];
  /** Tag lookups, to run in every configured target. */
  tagQueries: PipelineTagQuery[];
  /** References that are malformed or refused by config. */
  problems: PipelineProblem[];
  /** The allow-listed role of the entity, if it names one and config allows it. */
  roleArn?: string;
  /** Hash of the annotations, to recognise an unchanged entity. */
  hash: string;
}

const ARN =
  /^arn:(aws|aws-cn|aws-us-gov):codepipeline:([a-z0-9-]+):(\d{12}):([A-Za-z0-9.@_-]+)$/;
const TRIPLE = /^(\d{12})\/([a-z0-9-]+)\/([A-Za-z0-9.@_-]+)$/;

const splitItems = (value: string | undefined) =>
  (value ?? '')
    .split(/[\n,]/)
    .map(item => item.trim())
    .filter(Boolean);

function parseTags(value: string): Record<string, string> | undefined {
  const tags: Record<string, string> = {};
  for (const pair of value
    .split(',')
    .map(p => p.trim())
    .filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      return undefined;
    }
    tags[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return Object.keys(tags).length > 0 ? tags : undefined;
}

/**
 * Reads the pipeline annotations of an entity (ours and those of AWS's own CodePipeline plugin)
 * and checks every named account/region against config. No AWS call is made here; tag lookups
 * are returned for the refresher to run.
 */
export function parsePipelineReferences(
  entity: Entity,
  policy: AwsTargetPolicy,
): ParsedPipelineReferences {
  const annotations = entity.metadata.annotations ?? {};
  const problems: PipelineProblem[] = [];
  const explicit: EntityPipelineLink[] = [];
  const tagQueries: PipelineTagQuery[] = [];

  let roleArn: string | undefined =
    annotations[PIPELINES_ROLE_ANNOTATION]?.trim() || undefined;
  if (
    roleArn &&
    !/^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/.+$/.test(roleArn)
  ) {
    problems.push({
      reference: roleArn,
      message: `${PIPELINES_ROLE_ANNOTATION} is not an IAM role ARN`,
    });
    roleArn = undefined;
  }

  const named = [
    ...splitItems(annotations[PIPELINES_ANNOTATION]),
    ...splitItems(annotations[AWS_CODEPIPELINE_ARN_ANNOTATION]),
  ];
  for (const reference of named) {
    const arn = ARN.exec(reference);
    const triple = TRIPLE.exec(reference);
    let location:
      | { accountId: string; region: string; name: string }
      | undefined;
    if (arn) {
      location = { region: arn[2], accountId: arn[3], name: arn[4] };
    } else if (triple) {
      location = { accountId: triple[1], region: triple[2], name: triple[3] };
    }
    if (!location) {
      problems.push({
        reference,
        message:
          'Not a CodePipeline ARN (arn:aws:codepipeline:<region>:<account>:<name>) or <account>/<region>/<name>',
      });
      continue;
    }
    const roleForTarget =
      roleArn && roleArn.split(':')[4] === location.accountId
        ? roleArn
        : undefined;
    const refusal = policy.refusalReason({
      ...location,
      roleArn: roleForTarget,
    });
    if (refusal) {
      problems.push({ reference, message: `Refused: ${refusal}` });
      continue;
    }
    explicit.push({
      ...location,
      arn: pipelineArn(location, location.name),
      roleArn: roleForTarget,
      reference,
    });
  }

  for (const key of [
    PIPELINE_TAGS_ANNOTATION,
    AWS_CODEPIPELINE_TAGS_ANNOTATION,
  ]) {
    const value = annotations[key]?.trim();
    if (!value) {
      continue;
    }
    const tags = parseTags(value);
    if (!tags) {
      problems.push({
        reference: value,
        message: `${key} must be key=value pairs separated by commas`,
      });
      continue;
    }
    tagQueries.push({ reference: value, tags });
  }

  const hash = createHash('sha256')
    .update(
      JSON.stringify(
        [
          PIPELINES_ANNOTATION,
          AWS_CODEPIPELINE_ARN_ANNOTATION,
          PIPELINE_TAGS_ANNOTATION,
          AWS_CODEPIPELINE_TAGS_ANNOTATION,
          PIPELINES_ROLE_ANNOTATION,
        ].map(k => annotations[k] ?? null),
      ),
    )
    .digest('hex');
  return { explicit, tagQueries, problems, roleArn, hash };
}
