// `make bench-lock`: what the lock costs a participant with a long history, in the release build on
// this machine's Chromium. Prints (figures, not assertions; they vary with the machine):
// - the time to turn the lock on with 10,000 entries (every record is encrypted in place);
// - unlocking: the PBKDF2 key derivation at the rounds Steady calibrated here (target: 1 s or less);
// - History's first screen with 10,000 encrypted entries: from pressing Unlock on /history to the page
//   showing its entries, and that minus the key derivation (target: 200 ms or less after unlock);
// - History opened from the menu once unlocked.
import { launch, startServer } from '../tests/e2e/harness.mjs';

const ENTRIES = Number(process.env.LOCK_BENCH_ENTRIES ?? 10_000);
const RUNS = 5;
const PIN = 'bench horse battery';

/** From the app starting to read the phone's storage (its last `steady:load` mark) to History's first
 * entries being in the page, by the page's clock. */
const sinceLoad = () => window.historyShownAt - performance.getEntriesByName('steady:load').at(-1).startTime;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const server = await startServer();
const browser = await launch();
const page = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
page.on('pageerror', (e) => { throw e; });
// On every page load: note when History's first entries are in the page, by the page's clock.
await page.addInitScript(() => {
  new MutationObserver((_, observer) => {
    if (document.querySelector('.day')) {
      window.historyShownAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
});
const heading = (name) => page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 120_000 });
const historyShown = async () => {
  await heading('Your history');
  await page.locator('.day').first().waitFor({ timeout: 120_000 });
};

try {
  await page.goto(server.url + '/');
  await heading('How are you today?');
  // An unencrypted history of ENTRIES quick logs, one an hour going back, written as the app writes them.
  await page.evaluate(async (count) => {
    const db = await new Promise((ok, fail) => {
      const open = indexedDB.open('steady');
      open.onsuccess = () => ok(open.result);
      open.onerror = () => fail(open.error);
    });
    const tx = db.transaction('entries', 'readwrite');
    const now = Date.now();
    for (let i = 0; i < count; i += 1) {
      const at = new Date(now - i * 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
      tx.objectStore('entries').put({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, at, updated_at: at, keep_private: false,
        body: { kind: 'quick_log', wellbeing: i % 11, stress: (i * 7) % 11, note: `bench note ${i}` },
      });
    }
    await new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = () => fail(tx.error); });
    db.close();
  }, ENTRIES);

  // The same without the lock, for comparison: reading plain records and drawing History.
  const plain = [];
  for (let i = 0; i < RUNS; i += 1) {
    await page.goto(server.url + '/history');
    await historyShown();
    plain.push(await page.evaluate(sinceLoad));
  }
  console.log(`without the lock: History's first screen with ${ENTRIES} entries, from starting to read: median ${median(plain).toFixed(0)} ms`);

  await page.goto(server.url + '/my-data');
  await heading('My data');
  await page.getByLabel('Choose a PIN or passphrase').fill(PIN);
  await page.getByLabel('Type it again').fill(PIN);
  let started = Date.now();
  await page.getByRole('button', { name: 'Turn on the lock' }).click();
  await page.getByText('The lock is on.').waitFor({ timeout: 300_000 });
  console.log(`turning the lock on with ${ENTRIES} entries (calibrating, then encrypting each): ${Date.now() - started} ms`);

  const iterations = await page.evaluate(async () => {
    const db = await new Promise((ok) => { const o = indexedDB.open('steady'); o.onsuccess = () => ok(o.result); });
    const record = await new Promise((ok) => {
      const get = db.transaction('meta').objectStore('meta').get('lock');
      get.onsuccess = () => ok(get.result);
    });
    db.close();
    return record.value.wrapped.iterations;
  });
  const derivations = [];
  for (let i = 0; i < RUNS; i += 1) {
    derivations.push(await page.evaluate(async (rounds) => {
      const base = await crypto.subtle.importKey('raw', new TextEncoder().encode('x'), 'PBKDF2', false, ['deriveBits']);
      const t0 = performance.now();
      await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(16), iterations: rounds }, base, 256);
      return performance.now() - t0;
    }, iterations));
  }
  const derive = median(derivations);
  console.log(`unlock: key derivation with ${iterations.toLocaleString('en-GB')} PBKDF2-SHA256 rounds: median ${derive.toFixed(0)} ms (target ≤ 1000 ms)`);

  const totals = [];
  const afterKey = [];
  for (let i = 0; i < RUNS; i += 1) {
    await page.goto(server.url + '/history');
    await heading('Steady is locked');
    await page.getByLabel('Your PIN or passphrase').fill(PIN);
    started = performance.now();
    await page.getByRole('button', { name: 'Unlock' }).click();
    await historyShown();
    totals.push(performance.now() - started);
    afterKey.push(await page.evaluate(sinceLoad));
  }
  const total = median(totals);
  console.log(`History's first screen with ${ENTRIES} encrypted entries, from pressing Unlock: median ${total.toFixed(0)} ms`
    + ` (runs: ${totals.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`  from the key being unwrapped to History showing (reading, decrypting, drawing): median ${median(afterKey).toFixed(0)} ms`
    + ` (target ≤ 200 ms; runs: ${afterKey.map((t) => t.toFixed(0)).join(', ')})`);

  const menuTimes = [];
  for (let i = 0; i < RUNS; i += 1) {
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Home' }).click();
    await heading('How are you today?');
    started = performance.now();
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'History' }).click();
    await historyShown();
    menuTimes.push(performance.now() - started);
  }
  console.log(`History from the menu once unlocked: median ${median(menuTimes).toFixed(0)} ms`);
} finally {
  await browser.close();
  server.stop();
}
