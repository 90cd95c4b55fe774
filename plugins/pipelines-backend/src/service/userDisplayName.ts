import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** The name people know an entity by: a user's profile display name, else its title. */
export function entityDisplayName(entity: Entity): string | undefined {
  const profile = (entity.spec as { profile?: { displayName?: unknown } })
    ?.profile;
  const name =
    typeof profile?.displayName === 'string'
      ? profile.displayName
      : entity.metadata.title;
  return name?.trim() || undefined;
}

/**
 * The display name of the deciding user, read from the catalog with their own credentials. A
 * decision does not wait on it: when the catalog cannot answer, the decision is recorded under
 * the user's entity ref alone and the reason goes to the log.
 */
export async function userDisplayName(
  catalog: Pick<CatalogService, 'getEntityByRef'>,
  userEntityRef: string,
  credentials: BackstageCredentials,
  logger: Pick<LoggerService, 'warn'>,
): Promise<string | undefined> {
  try {
    const user = await catalog.getEntityByRef(userEntityRef, { credentials });
    return user ? entityDisplayName(user) : undefined;
  } catch (error) {
    logger.warn(
      `Could not read ${userEntityRef} from the catalog for its display name: ${
        (error as Error)?.message ?? error
      }`,
    );
    return undefined;
  }
}
