import { chromium, Browser } from 'playwright-core';

/**
 * Launches the system Chromium (Debian's package; path from DPRA_CHROMIUM_PATH) headless. The flags
 * keep Chromium from reaching out to Google services, which this machine's closed network refuses.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.DPRA_CHROMIUM_PATH || '/usr/bin/chromium';
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
