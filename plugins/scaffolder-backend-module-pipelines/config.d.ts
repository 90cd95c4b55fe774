export interface Config {
  pipelines?: {
    /**
     * Local end to end publishing, for the local portal only: the `publish:dpra-local` scaffolder
     * action and the read-only routes under `/api/scaffolder/dpra/local-git` exist only when
     * `enabled` is true. The catalog reads the new `catalog-info.yaml` through those routes, so
     * `backend.reading.allow` must include the backend's own host with the path
     * `/api/scaffolder/dpra/local-git/`.
     */
    localPublish?: {
      /**
       * Register the action and serve the local repositories (read-only, without sign-in).
       * @default false
       */
      enabled?: boolean;
      /**
       * Directory of the bare repositories (`<name>.git`), relative to the backend's working
       * directory.
       * @default .data/git
       */
      repositoriesDirectory?: string;
      /**
       * Directory the local AWS scenario endpoint watches for pipeline specs
       * (`dpra-aws-local --specs-dir`). When set, `publish:dpra-local` copies the published
       * pipeline spec there, standing in for applying the generated stacks. Default: not set
       * (nothing is handed over).
       */
      specsDirectory?: string;
    };
  };
}
