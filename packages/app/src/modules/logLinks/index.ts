import { options } from 'linkifyjs';

/**
 * Whether text the log viewer found is a web address: only when it names its scheme
 * (`https://…`, `mailto:…`) or starts with `www.`.
 */
export function isAddressWithScheme(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(value) || /^www\./i.test(value);
}

/**
 * Backstage's LogViewer (the scaffolder's task log, among others) turns text into links with
 * linkifyjs, which takes any word that ends in a top-level domain for a web address: "README.md"
 * (Moldova), "main.tf" and the "cdk.tf" of "cdk.tf.json" (French Southern Territories) became
 * links to http://README.md and the like, in lines such as fetch:template's "Writing file
 * README.md". The viewer passes linkifyjs no `validate` option of its own, so this sets linkifyjs'
 * global default (`options.defaults`, linkifyjs' documented way to change defaults): a found
 * address is a link only with its scheme or `www.`. Real URLs in logs keep their links.
 */
export function linkOnlyAddressesWithScheme(): void {
  options.defaults.validate = { url: isAddressWithScheme };
}
