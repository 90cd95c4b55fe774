import { stringify } from 'yaml';
import { terraformLiteral } from './terraformText';

/** A CodeBuild buildspec (version 0.2) as data. @public */
export interface Buildspec {
  readonly env?: {
    variables?: Record<string, string>;
    'exported-variables'?: string[];
  };
  readonly phases: {
    readonly install?: { commands: string[] };
    readonly pre_build?: { commands: string[] };
    readonly build: { commands: string[] };
    readonly post_build?: { commands: string[] };
  };
  readonly reports?: Record<
    string,
    { files: string[]; 'file-format': string; 'base-directory'?: string }
  >;
  readonly artifacts?: { files: string[]; 'base-directory'?: string };
}

/**
 * Renders a buildspec from data: YAML serialisation quotes every command, so no user text can
 * change the document's structure; {@link terraformLiteral} then keeps Terraform from reading
 * `${…}` inside it. `tokens` are cdktf tokens (e.g. a report group ARN) that must stay live.
 *
 * @public
 */
export function renderBuildspec(
  spec: Buildspec,
  tokens: Record<string, string> = {},
): string {
  let text = terraformLiteral(
    stringify({ version: 0.2, ...spec }, { lineWidth: 0 }),
  );
  for (const [key, token] of Object.entries(tokens)) {
    text = text.split(tokenPlaceholder(key)).join(token);
  }
  return text;
}

/** Placeholder written into buildspec data where {@link renderBuildspec} puts a cdktf token. @public */
export function tokenPlaceholder(key: string): string {
  return `__DPRA_TOKEN_${key}__`;
}

/**
 * The `reports` block of a buildspec that sends JUnit XML `files` to the report group whose ARN
 * is the token `REPORT_GROUP`.
 *
 * @public
 */
export function junitReport(files: string): NonNullable<Buildspec['reports']> {
  return {
    [tokenPlaceholder('REPORT_GROUP')]: {
      files: [files],
      'file-format': 'JUNITXML',
    },
  };
}
