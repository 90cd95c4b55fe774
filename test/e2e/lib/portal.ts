import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A running local portal (see scripts/lib/portal.mjs). */
export interface RunningPortal {
  appUrl: string;
  backendUrl: string;
  awsUrl: string;
  stop(): void;
}

/**
 * Starts the portal exactly as `npm run portal` does, on the ports the test runner picked, with a
 * fresh SQLite directory and data directory so runs do not see each other's history. With DPRA_E2E_PRODUCTION set
 * (to a PostgreSQL connection string) it starts the production build instead, as the Dockerfile
 * runs it: the backend bundle serving the built app, on PostgreSQL.
 */
export async function startTestPortal(): Promise<RunningPortal> {
  const stdio = process.env.DPRA_E2E_VERBOSE ? 'inherit' : 'ignore';
  if (process.env.DPRA_E2E_PRODUCTION) {
    const { startProductionPortal } = await import(
      '../../../scripts/lib/production-portal.mjs'
    );
    return startProductionPortal({
      postgres: process.env.DPRA_E2E_PRODUCTION,
      backendPort: Number(process.env.DPRA_E2E_BACKEND_PORT ?? 7007),
      awsPort: Number(process.env.DPRA_E2E_AWS_PORT ?? 4599),
      installDir: process.env.DPRA_E2E_PRODUCTION_INSTALL,
      stdio,
    });
  }
  const sqliteDir = mkdtempSync(path.join(os.tmpdir(), 'dpra-e2e-sqlite-'));
  // Published repositories and handed-over specs too: each run starts with none.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'dpra-e2e-data-'));
  const { startPortal } = await import('../../../scripts/lib/portal.mjs');
  const portal: RunningPortal = await startPortal({
    appPort: Number(process.env.DPRA_E2E_APP_PORT ?? 3000),
    backendPort: Number(process.env.DPRA_E2E_BACKEND_PORT ?? 7007),
    awsPort: Number(process.env.DPRA_E2E_AWS_PORT ?? 4599),
    sqliteDir,
    dataDir,
    stdio,
  });
  return {
    ...portal,
    stop() {
      portal.stop();
      rmSync(sqliteDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A Backstage token for the local guest user, for calling backend routes like a signed-in user. */
export async function guestToken(backendUrl: string): Promise<string> {
  const res = await fetch(`${backendUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(
      `guest sign-in failed: HTTP ${res.status} ${await res.text()}`,
    );
  }
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}
