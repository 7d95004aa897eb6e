// `make size`: what a participant's first visit costs in bytes on the wire, measured as the user
// receives it. Chromium (fresh profile, 360x740) opens the app through a byte-counting relay in front
// of the real server, and waits until the service worker has installed, so the count holds every
// request: the page's, the service worker's precache, headers and all. Fails above the budget (KB,
// first argument). Prints the largest responses, and Steady for staff's first visit for comparison.
import { createServer, connect } from 'node:net';
import { launch, startServer } from '../tests/e2e/harness.mjs';

const budgetKb = Number(process.argv[2] ?? 300);

/** A TCP relay to `target` that counts the bytes each way. */
async function relay(target) {
  const { hostname, port } = new URL(target);
  const counts = { down: 0, up: 0 };
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    client.on('data', (chunk) => { counts.up += chunk.length; });
    upstream.on('data', (chunk) => { counts.down += chunk.length; });
    client.pipe(upstream).on('error', () => client.destroy());
    upstream.pipe(client).on('error', () => upstream.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${server.address().port}`, counts, close: () => server.close() };
}

/** Resolves once no byte has moved for `quietMs`. */
async function settled(counts, quietMs = 1500) {
  let last = -1;
  while (counts.down !== last) {
    last = counts.down;
    await new Promise((r) => setTimeout(r, quietMs));
  }
}

/** One first visit to `path` in a fresh browser profile: bytes down and up, and each response's size. */
async function firstVisit(browser, base, path) {
  const wire = await relay(base);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const responses = [];
  page.on('requestfinished', async (request) => {
    const sizes = await request.sizes().catch(() => null);
    if (sizes) responses.push([new URL(request.url()).pathname, sizes.responseBodySize + sizes.responseHeadersSize]);
  });
  await page.goto(wire.url + path);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await settled(wire.counts);
  await context.close();
  wire.close();
  return { down: wire.counts.down, up: wire.counts.up, responses };
}

const server = await startServer();
const browser = await launch();
try {
  const participant = await firstVisit(browser, server.url, '/');
  const staff = await firstVisit(browser, server.url, '/staff');
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log('Largest responses the page itself received (body + headers, as sent):');
  for (const [path, size] of participant.responses.sort((a, b) => b[1] - a[1]).slice(0, 8)) {
    console.log(`  ${path.padEnd(48)} ${kb(size).padStart(10)}`);
  }
  console.log(`\nparticipant's first visit, everything on the wire (page + service worker precache): ${kb(participant.down)} down, ${kb(participant.up)} up (budget ${budgetKb} KB)`);
  console.log(`Steady for staff's first visit, for comparison: ${kb(staff.down)} down`);
  if (participant.down > budgetKb * 1024) {
    console.error(`A participant's first visit is over the ${budgetKb} KB budget.`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  server.stop();
}
