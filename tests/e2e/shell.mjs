// The first HTML on its own: with JavaScript off, or while the app is still downloading on a slow
// signal, a person sees Steady's header and home page and can reach crisis support (Samaritans 116 123
// and the rest) in one tap; when the app arrives it takes the page over without moving anything.
import { assert, expectAccessible, launch, screenshot, startServer, steps } from './harness.mjs';

const server = await startServer();
const browser = await launch();

async function crisisNumbersShow(page) {
  await page.getByRole('banner').getByRole('link', { name: 'Steady' }).waitFor();
  const samaritans = page.getByRole('link', { name: 'Call 116 123' });
  assert(await samaritans.getAttribute('href') === 'tel:116123', 'Samaritans is one tap to call');
  assert(await page.getByRole('link', { name: 'Text SHOUT to 85258' }).count() === 1, 'Shout is listed');
}

/** Opens Home with the app's .wasm held back until `release()` is called, as on a slow first visit. */
async function openWhileTheAppIsHeldBack() {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  let release;
  const arrived = new Promise((resolve) => { release = resolve; });
  await context.route(/steady-[0-9a-f]+_bg\.wasm$/, async (route) => { await arrived; await route.continue(); });
  const page = await context.newPage();
  await page.goto(server.url + '/', { waitUntil: 'commit' });
  return { context, page, release };
}

try {
  const noScript = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
  const slow = await browser.newContext({ viewport: { width: 360, height: 740 } });
  // The app's code never arrives: the page stays as its first HTML left it.
  await slow.route(/steady-[0-9a-f]+(_bg\.wasm|\.js)$/, () => {});
  await steps([
    ['with JavaScript off, the first page shows the header and crisis numbers', async () => {
      const page = await noScript.newPage();
      await page.goto(server.url + '/');
      await crisisNumbersShow(page);
      await page.getByRole('link', { name: 'Get help now' }).click();
      assert(new URL(page.url()).hash === '#get-help', '"Get help now" jumps to the crisis support');
      await screenshot(page, '00-shell-no-javascript');
    }],
    ['while the app is still downloading, the same help is there, accessible and thumb-sized', async () => {
      const page = await slow.newPage();
      await page.goto(server.url + '/', { waitUntil: 'commit' });
      await crisisNumbersShow(page);
      assert(await page.getByRole('status').textContent() === 'Opening Steady…', 'it says the app is opening');
      await page.getByRole('heading', { name: 'How are you today?', level: 1 }).waitFor();
      const wellbeing = page.getByRole('group', { name: 'How are you feeling overall?' });
      assert(await wellbeing.getByRole('radio', { name: '6', exact: true }).isDisabled(),
        "the home page's quick log shows, its choices not tappable until the app is there");
      const box = await page.getByRole('link', { name: 'Call 999' }).boundingBox();
      assert(box.height >= 44, `buttons are at least 44 px tall (${box.height})`);
      await expectAccessible(page, 'loading shell');
    }],
    ['when the app arrives it takes over the same page: nothing moves, the quick log works', async () => {
      const { context, page, release } = await openWhileTheAppIsHeldBack();
      const places = () => page.evaluate(() => [...document.querySelectorAll('h1, legend, .rating__label, .app-header a')]
        .map((element) => { const box = element.getBoundingClientRect(); return `${element.textContent} ${box.x},${box.y},${box.width}x${box.height}`; }));
      await page.getByRole('status').waitFor();
      const before = await places();
      release();
      await page.getByRole('group', { name: 'How are you feeling overall?' }).getByRole('radio', { name: '6', exact: true })
        .and(page.locator(':enabled')).waitFor();
      const after = await places();
      assert(JSON.stringify(after) === JSON.stringify(before), `same places before and after:\n${before}\n${after}`);
      assert(await page.locator('#boot').count() === 0, 'the loading shell is gone');
      await context.close();
    }],
    ['someone reading the crisis numbers when the app arrives keeps them: it opens on "Get help now"', async () => {
      const { context, page, release } = await openWhileTheAppIsHeldBack();
      await page.getByRole('link', { name: 'Get help now' }).click();
      assert(new URL(page.url()).hash === '#get-help', 'the shell jumps to its crisis support');
      release();
      await page.getByRole('heading', { name: 'Get help now', level: 1 }).waitFor();
      assert(new URL(page.url()).pathname === '/support', `the app shows its help page (${page.url()})`);
      assert(await page.getByRole('link', { name: 'Call 116 123' }).count() >= 1, 'Samaritans is still one tap away');
      await context.close();
    }],
  ]);
} finally {
  await browser.close();
  server.stop();
}
