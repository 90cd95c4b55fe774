import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

const spec = parse(
  readFileSync(resolve(__dirname, '../schema/openapi.yaml'), 'utf8'),
);

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema({ $id: 'openapi', components: spec.components });

/** Turns an API path (`/api/pipelines/entities/component/default/x/pipelines?limit=1`) into the spec's template. */
function templateOf(method: string, url: string): string {
  const path = url.replace(/^\/api\/pipelines/, '').split('?')[0];
  const candidates = Object.keys(spec.paths).filter(p => spec.paths[p][method]);
  const match = candidates.find(p =>
    new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
  );
  if (!match) {
    throw new Error(
      `${method.toUpperCase()} ${path} is not described in openapi.yaml`,
    );
  }
  return match;
}

/**
 * Asserts that a response of the running plugin is what `src/schema/openapi.yaml` describes for
 * its path, method and status. Throws with the schema errors otherwise.
 */
export function expectResponseMatchesSpec(
  method: 'get' | 'post',
  url: string,
  response: { status: number; body: unknown },
): void {
  const operation = spec.paths[templateOf(method, url)][method];
  const described =
    operation.responses[String(response.status)] ?? operation.responses.default;
  const ref: string | undefined =
    described.$ref ?? described.content?.['application/json']?.schema?.$ref;
  const schema = ref
    ? {
        $ref: `openapi${
          ref.startsWith('#/components/responses/')
            ? '#/components/schemas/Error'
            : ref
        }`,
      }
    : described.content['application/json'].schema;
  const validate = ajv.compile(schema);
  if (!validate(response.body)) {
    throw new Error(
      `${method.toUpperCase()} ${url} → ${
        response.status
      } does not match openapi.yaml: ${ajv.errorsText(validate.errors)}`,
    );
  }
}

/** The parsed spec (for tests that check it covers the router). */
export const openApiSpec = spec;
