import type { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';

/**
 * The error as a task log should show it: its name and message, then the name and message of
 * each cause, and no stack. The scaffolder prints a failed step's `error.stack` into the task log
 * in every mode, development included, and the portal shows that log to the person who ran the
 * template: frames of our source files tell them nothing and expose the server's paths.
 */
export function withoutStack<E extends Error>(error: E): E {
  const lines = [`${error.name}: ${error.message}`];
  for (
    let cause: unknown = error.cause, depth = 0;
    isError(cause) && depth < 5;
    cause = cause.cause, depth++
  ) {
    lines.push(`caused by ${cause.name}: ${cause.message}`);
  }
  error.stack = lines.join('\n');
  return error;
}

/**
 * The action, failing as it did but with an error the task log can show ({@link withoutStack});
 * the full error, stack included, goes to the server's log for whoever operates the portal.
 */
export function withTaskLogErrors<A extends TemplateAction<any, any, any>>(
  action: A,
  logger: LoggerService,
): A {
  return {
    ...action,
    async handler(ctx) {
      try {
        return await action.handler(ctx);
      } catch (thrown) {
        const error = isError(thrown) ? thrown : new Error(String(thrown));
        logger.warn(
          `Scaffolder action ${action.id} failed in task ${ctx.task.id}`,
          error,
        );
        throw withoutStack(error);
      }
    },
  };
}
