/**
 * Makes user-supplied text literal in Terraform JSON. Terraform evaluates `${…}` and `%{…}` in
 * every JSON string, so a command such as `echo ${HOME}` would become an interpolation (or a
 * syntax error). Doubling the introducer is Terraform's own escape: `$${` and `%%{` come out as
 * `${` and `%{` after evaluation. Only ever applied to user text, never to cdktf tokens.
 *
 * @public
 */
export function terraformLiteral(text: string): string {
  // Replacement functions, not strings: in a replacement string `$$` would mean a single `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** Undoes {@link terraformLiteral}: what Terraform will send to AWS. @public */
export function terraformEvaluatedLiteral(text: string): string {
  return text.replace(/\$\$\{/g, () => '${').replace(/%%\{/g, () => '%{');
}
