import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { spec as generatedSpec } from '../schema/openapi/generated/router';

const spec: any = generatedSpec;

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
  // A shared response (`$ref: '#/components/responses/…'`) is resolved to its content.
  const content = described.$ref
    ? spec.components.responses[described.$ref.split('/').pop()].content
    : described.content;
  const ref: string | undefined = content?.['application/json']?.schema?.$ref;
  const schema = ref
    ? { $ref: `openapi${ref}` }
    : content['application/json'].schema;
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
