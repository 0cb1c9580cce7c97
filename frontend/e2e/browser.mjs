// The headless Chromium every browser check runs in: the system's (RESTRACK_E2E_CHROMIUM, default
// /usr/bin/chromium), nothing fetched from the network by the browser itself.
import { chromium } from 'playwright-core';

export const launchChromium = () =>
  chromium.launch({
    executablePath: process.env.RESTRACK_E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
