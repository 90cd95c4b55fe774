import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { describeSpecIssue, validateSpec } from '@dpra/stacks';
import {
  PIPELINE_SPEC_CHECK_PATH,
  type PipelineSpecCheckResponse,
} from '@dpra/plugin-pipelines-common';
import express from 'express';

/**
 * The router behind PIPELINE_SPEC_CHECK_PATH (under `/api/scaffolder`): `POST { spec }` answers
 * `{ valid, issues }` with the issues of `validateSpec` — the code dpra:pipeline:validate runs —
 * each with its sentence, so the form lists every problem at once in the words the task would
 * fail with. It reads and writes nothing, so it needs no permission beyond a signed-in caller.
 */
export function createSpecCheckRouter(options: { httpAuth: HttpAuthService }) {
  const router = express.Router();
  router.use(PIPELINE_SPEC_CHECK_PATH, express.json({ limit: '256kb' }));
  router.post(PIPELINE_SPEC_CHECK_PATH, async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['user', 'service'] });
    const spec = (req.body as { spec?: unknown } | undefined)?.spec;
    const result = validateSpec(spec);
    const body: PipelineSpecCheckResponse = result.ok
      ? { valid: true, issues: [] }
      : {
          valid: false,
          issues: result.issues.map(issue => ({
            path: issue.path,
            message: issue.message,
            text: describeSpecIssue(issue),
          })),
        };
    res.json(body);
  });
  return router;
}
