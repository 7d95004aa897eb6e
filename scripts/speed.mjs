// `make lighthouse`: speed figures, printed, never asserted (runs vary with the machine). Lighthouse
// (mobile, its simulated slow 4G) scores `/` and `/staff` on the real server with Debian's Chromium;
// then a participant's first visit on a slow 3G profile (400 ms latency, 50 KB/s each way): how long
// until the crisis numbers, and then the quick log's rating buttons, can be tapped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, root, startServer } from '../tests/e2e/harness.mjs';

const chromeFlags = '--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking '
  + '--disable-component-update --disable-sync --no-first-run --disable-quic';

function lighthouse(url) {
  const dir = mkdtempSync(join(tmpdir(), 'steady-lighthouse-'));
  const report = join(dir, 'report.json');
  const run = spawnSync(join(root, 'node_modules/.bin/lighthouse'), [url, '--quiet', '--form-factor=mobile',
    '--only-categories=performance,accessibility', '--output=json', `--output-path=${report}`,
    `--chrome-flags=${chromeFlags}`], { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`lighthouse failed on ${url}: ${run.stderr}`);
  const result = JSON.parse(readFileSync(report, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  const ms = (id) => `${(result.audits[id].numericValue / 1000).toFixed(2)} s`;
  return `performance ${result.categories.performance.score.toFixed(2)}, accessibility `
    + `${result.categories.accessibility.score.toFixed(2)}, FCP ${ms('first-contentful-paint')}, `
    + `LCP ${ms('largest-contentful-paint')}, TBT ${ms('total-blocking-time')}, `
    + `transferred ${(result.audits['total-byte-weight'].numericValue / 1024).toFixed(0)} KB`;
}

async function slow3g(browser, url) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions',
    { offline: false, latency: 400, downloadThroughput: 50 * 1024, uploadThroughput: 50 * 1024 });
  const start = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.getByRole('link', { name: 'Call 116 123' }).waitFor({ timeout: 120_000 });
  const help = Date.now() - start;
  // The loading shell draws the quick log with its choices disabled: usable means the app's, enabled.
  await page.getByRole('group', { name: 'How are you feeling overall?' }).getByRole('radio', { name: '6', exact: true })
    .and(page.locator(':enabled')).waitFor({ timeout: 120_000 });
  const quickLog = Date.now() - start;
  await context.close();
  return `crisis numbers tappable after ${(help / 1000).toFixed(1)} s, quick log after ${(quickLog / 1000).toFixed(1)} s`;
}

const server = await startServer();
try {
  console.log(`Lighthouse (mobile) /:       ${lighthouse(server.url + '/')}`);
  console.log(`Lighthouse (mobile) /staff:  ${lighthouse(server.url + '/staff')}`);
  const browser = await launch();
  try {
    console.log(`Slow 3G first visit (400 ms, 50 KB/s): ${await slow3g(browser, server.url + '/')}`);
  } finally {
    await browser.close();
  }
} finally {
  server.stop();
}
