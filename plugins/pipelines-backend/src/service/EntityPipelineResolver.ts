import type {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ALL_PIPELINE_ANNOTATIONS,
  PipelineProblem,
} from '@dpra/plugin-pipelines-common';
import { withAwsDeadline } from '../aws/awsDeadline';
import type { AwsTargetPolicy } from '../aws/AwsTarget';
import type {
  CodePipelineReader,
  PipelineSummaryRef,
} from '../aws/CodePipelineReader';
import { describeAwsError } from '../aws/describeAwsError';
import { parsePipelineReferences } from '../entity/parsePipelineReferences';
import type { PipelinesConfig } from '../config';
import type {
  EntityPipelineLink,
  EntityResolution,
  EntityStore,
} from '../store';
import type { EntityPipelineResolver } from './types';

/** Options of {@link createEntityPipelineResolver}. */
export interface EntityPipelineResolverOptions {
  catalog: CatalogService;
  auth: AuthService;
  entities: EntityStore;
  policy: AwsTargetPolicy;
  codePipeline: CodePipelineReader;
  logger: LoggerService;
  scheduler: SchedulerService;
  /** `refresh.intervalSeconds` is also how often the catalog is synced. */
  config: Pick<PipelinesConfig, 'refresh'>;
  now?: () => Date;
}

/** Creates the resolver. */
export function createEntityPipelineResolver(
  options: EntityPipelineResolverOptions,
): EntityPipelineResolver {
  const { catalog, auth, entities, policy, codePipeline, logger } = options;
  const now = options.now ?? (() => new Date());

  /**
   * One sync run lists each target's pipelines and their tags at most once, however many
   * entities ask for tag lookups.
   */
  function createTagIndex() {
    const perTarget = new Map<
      string,
      Promise<Array<PipelineSummaryRef & { tags: Record<string, string> }>>
    >();
    return async (accountId: string, region: string, roleArn?: string) => {
      const key = `${accountId}/${region}/${roleArn ?? ''}`;
      let entry = perTarget.get(key);
      if (!entry) {
        const target = { accountId, region, roleArn };
        // Bounded like a pipeline's refresh: a hung endpoint fails this target's lookup only.
        entry = withAwsDeadline(
          options.config.refresh.deadlineSeconds * 1000,
          `The tag lookup in ${accountId}/${region}`,
          () =>
            codePipeline.listPipelines(target).then(pipelines =>
              Promise.all(
                pipelines.map(async p => ({
                  ...p,
                  tags: await codePipeline.listTagsForResource(target, p.arn),
                })),
              ),
            ),
        );
        perTarget.set(key, entry);
      }
      return entry;
    };
  }

  /**
   * Resolves what an entity references. Where a tag lookup cannot be made (not yet, or AWS
   * failed), the pipelines the `previous` resolution found for the same reference there are kept:
   * a pipeline leaves an entity only when a successful lookup no longer finds it.
   */
  async function resolve(
    entity: Entity,
    tagIndex: ReturnType<typeof createTagIndex> | undefined,
    previous: EntityResolution | undefined,
  ) {
    const entityRef = stringifyEntityRef(entity);
    const parsed = parsePipelineReferences(entity, policy);
    const pipelines: EntityPipelineLink[] = [...parsed.explicit];
    const problems: PipelineProblem[] = [...parsed.problems];
    for (const query of parsed.tagQueries) {
      const foundBefore = (accountId?: string, region?: string) =>
        (previous?.pipelines ?? []).filter(
          p =>
            p.reference === query.reference &&
            (accountId === undefined ||
              (p.accountId === accountId && p.region === region)),
        );
      if (!tagIndex) {
        const kept = foundBefore();
        pipelines.push(...kept);
        if (kept.length === 0) {
          problems.push({
            reference: query.reference,
            message:
              'Tag lookup pending: pipelines appear after the next refresh',
          });
        }
        continue;
      }
      let matched = 0;
      let failed = 0;
      const targets = policy.listTargets().map(({ accountId, region }) => {
        const roleArn =
          parsed.roleArn?.split(':')[4] === accountId
            ? parsed.roleArn
            : undefined;
        // All targets are looked up at once: a hung region costs one deadline, not one each.
        const lookup = tagIndex(accountId, region, roleArn);
        lookup.catch(() => {});
        return { accountId, region, roleArn, lookup };
      });
      for (const { accountId, region, roleArn, lookup } of targets) {
        try {
          const found = await lookup;
          for (const p of found) {
            if (Object.entries(query.tags).every(([k, v]) => p.tags[k] === v)) {
              matched++;
              pipelines.push({
                arn: p.arn,
                accountId,
                region,
                name: p.name,
                roleArn,
                reference: query.reference,
              });
            }
          }
        } catch (error) {
          failed++;
          const kept = foundBefore(accountId, region);
          matched += kept.length;
          pipelines.push(...kept);
          problems.push({
            reference: query.reference,
            message: `Tag lookup in ${accountId}/${region} failed: ${
              describeAwsError(error).message
            }${
              kept.length > 0
                ? `; showing the ${kept.length} pipeline(s) it found before`
                : ''
            }`,
          });
        }
      }
      if (matched === 0 && failed === 0) {
        problems.push({
          reference: query.reference,
          message:
            'No pipeline in the configured accounts and regions carries these tags',
        });
      }
    }
    return {
      entityRef,
      parsed,
      resolution: { referencesHash: parsed.hash, pipelines, problems },
    };
  }

  const resolver: EntityPipelineResolver = {
    async syncAll() {
      const credentials = await auth.getOwnServiceCredentials();
      const { items } = await catalog.getEntities(
        {
          filter: ALL_PIPELINE_ANNOTATIONS.map(key => ({
            [`metadata.annotations.${key}`]: CATALOG_FILTER_EXISTS,
          })),
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'metadata.annotations',
          ],
        },
        { credentials },
      );
      const tagIndex = createTagIndex();
      const seen = new Set<string>();
      for (const entity of items) {
        const ref = stringifyEntityRef(entity);
        seen.add(ref);
        const parsed = parsePipelineReferences(entity, policy);
        const existing = await entities.getEntityResolution(ref);
        if (
          existing &&
          existing.referencesHash === parsed.hash &&
          parsed.tagQueries.length === 0
        ) {
          continue;
        }
        const { resolution } = await resolve(entity, tagIndex, existing);
        await entities.saveEntityResolution(ref, resolution, now());
      }
      const gone = (await entities.listEntityRefs()).filter(
        ref => !seen.has(ref),
      );
      if (gone.length > 0) {
        await entities.removeEntities(gone);
      }
      const removed = await entities.removeUnreferencedPipelines();
      if (removed > 0) {
        logger.info(
          `Forgot ${removed} pipelines no entity references any more`,
        );
      }
      return { entities: items.length };
    },

    async ensureEntity(entity: Entity) {
      const ref = stringifyEntityRef(entity);
      const parsed = parsePipelineReferences(entity, policy);
      if ((await entities.getEntityReferencesHash(ref)) === parsed.hash) {
        return;
      }
      const { resolution } = await resolve(
        entity,
        undefined,
        await entities.getEntityResolution(ref),
      );
      await entities.saveEntityResolution(ref, resolution, now());
    },

    async start() {
      // Global scope: with several replicas, each run happens on one of them only.
      await options.scheduler.scheduleTask({
        id: 'dpra-pipelines-entity-sync',
        frequency: { seconds: options.config.refresh.intervalSeconds },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 5 },
        scope: 'global',
        fn: async () => {
          const { entities: count } = await resolver.syncAll();
          logger.debug(`Synced ${count} entities with pipeline annotations`);
        },
      });
    },
  };
  return resolver;
}
