// The first HTML on its own: with JavaScript off, or while the app is still downloading on a slow
// signal, a person sees Steady's header and can reach crisis support (Samaritans 116 123 and the rest)
// in one tap.
import { assert, expectAccessible, launch, screenshot, startServer, steps } from './harness.mjs';

const server = await startServer();
const browser = await launch();

async function crisisNumbersShow(page) {
  await page.getByRole('banner').getByRole('link', { name: 'Steady' }).waitFor();
  const samaritans = page.getByRole('link', { name: 'Call 116 123' });
  assert(await samaritans.getAttribute('href') === 'tel:116123', 'Samaritans is one tap to call');
  assert(await page.getByRole('link', { name: 'Text SHOUT to 85258' }).count() === 1, 'Shout is listed');
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
      const box = await page.getByRole('link', { name: 'Call 999' }).boundingBox();
      assert(box.height >= 44, `buttons are at least 44 px tall (${box.height})`);
      await expectAccessible(page, 'loading shell');
    }],
  ]);
} finally {
  await browser.close();
  server.stop();
}
