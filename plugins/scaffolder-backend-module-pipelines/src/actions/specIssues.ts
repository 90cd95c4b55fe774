import { InputError } from '@backstage/errors';
import { describeSpecIssue, type SpecIssue } from '@dpra/stacks';
import { withoutStack } from './taskLogErrors';

/**
 * The error a step fails with on an invalid spec: every problem, one sentence per line, numbered
 * from 1 the way the form shows waves and regions (the zero-based paths stay in the `issues`
 * output of dpra:pipeline:validate, for tools). An InputError carries no stack to the task log.
 */
export function invalidSpecError(issues: readonly SpecIssue[]): InputError {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  // The task log prints what it is given; the stack of this throw site tells a reader nothing.
  return withoutStack(
    new InputError(
      `The pipeline spec has ${count}:\n${issues
        .map(issue => `- ${describeSpecIssue(issue)}`)
        .join('\n')}`,
    ),
  );
}
