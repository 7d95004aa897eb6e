// The participant's journey at 360x740: open Steady, see the schedule, check in with stress 7, check
// out with stress 4, join that group and find it on the home page, quick-log, go offline, reload, find
// everything still there, change an entry, download a copy, restore it on another browser profile
// (refusing a wrong and a damaged file first), and delete everything.
// Every page is scanned with axe-core and photographed into target/screenshots/.
import { readFileSync } from 'node:fs';
import { assert, expectAccessible, launch, screenshot, startServer, steps, watch } from './harness.mjs';

const server = await startServer();
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 360, height: 740 }, acceptDownloads: true });
const page = await context.newPage();
const problems = [];
watch(page, problems);
const go = (path) => page.goto(server.url + path);
const heading = (text) => page.getByRole('heading', { level: 1, name: text }).waitFor();
// The copy and the spreadsheet file downloaded on this phone, to restore on another.
let copy = null;
let spreadsheet = null;
/** The kind of group of the session checked into ("Walking group"), for "What helps me". */
let checkedInKind = null;

async function download(buttonName) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: buttonName }).first().click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), path, text: readFileSync(path, 'utf8') };
}

try {
  await steps([
    ['open Steady: the home page offers a quick log', async () => {
      await go('/');
      await heading('How are you today?');
      await page.evaluate(() => navigator.serviceWorker.ready);
      await screenshot(page, '01-home');
      await expectAccessible(page, 'home');
    }],
    ['see the schedule with several kinds of group', async () => {
      await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Groups' }).click();
      await heading('Groups');
      await page.getByText(/Last updated today at/).waitFor();
      const cards = page.locator('article.session-card');
      assert(await cards.count() >= 20, 'four weeks of sessions');
      for (const kind of ['Walking group', 'Community gardening', 'Peer recovery group', 'Clean-up group']) {
        assert(await page.getByText(kind, { exact: true }).count() > 0, `a ${kind} session is listed`);
      }
      assert(await page.getByText('Cancelled', { exact: true }).count() > 0, 'cancelled sessions are marked');
      const ics = await download('Add to calendar');
      assert(ics.name.endsWith('.ics'), `a calendar file, not ${ics.name}`);
      assert(ics.text.startsWith('BEGIN:VCALENDAR\r\n') && /\r\nDTSTART:\d{8}T\d{6}Z\r\n/.test(ics.text), 'an iCalendar event in UTC');
      await screenshot(page, '02-groups');
      await expectAccessible(page, 'groups');
    }],
    ['check in with stress 7', async () => {
      // Whichever session is open now (the demo schedule is built around the time the test runs).
      const open = page.locator('article.session-card').filter({ has: page.getByRole('link', { name: "I'm here" }) }).first();
      checkedInKind = (await open.locator('.session-card__kind').textContent()).trim();
      await open.getByRole('link', { name: "I'm here" }).click();
      await page.getByRole('group', { name: /Before you start/ }).getByText('7', { exact: true }).click();
      await screenshot(page, '03-check-in');
      await expectAccessible(page, 'check in');
      await page.getByRole('button', { name: "I'm here" }).click();
      await page.getByText(/You checked in today at .*Stress before: 7\./).waitFor();
    }],
    ['check out with stress 4 and see the change', async () => {
      await page.getByRole('group', { name: /Now: how stressed/ }).getByText('4', { exact: true }).click();
      await page.getByLabel('How was it? (optional)').fill('Good to be outside with people.');
      await screenshot(page, '04-check-out');
      await expectAccessible(page, 'check out');
      await page.getByRole('button', { name: 'Check out' }).click();
      await page.getByText('stress 7 → 4').waitFor();
      await page.getByText('Your stress went down by 3 during the session.').waitFor();
      await screenshot(page, '05-checked-out');
    }],
    ['after checking out, the card says so; joining the group puts its next session on the home page', async () => {
      await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Groups' }).click();
      await heading('Groups');
      const visited = page.locator('article.session-card', { hasText: 'You checked in and out of this session.' });
      assert(await visited.count() === 1, 'the session checked out of says so');
      assert(await visited.getByRole('link', { name: "I'm here" }).count() === 0, "no \"I'm here\" after checking out");
      const group = (await visited.locator('h3').textContent()).trim();
      await visited.getByRole('button', { name: 'Join this group' }).click();
      await visited.getByText('You have joined this group. Its sessions show under "Your next group".').waitFor();
      await visited.getByRole('button', { name: 'Leave this group' }).waitFor();
      // A joined group offers its calendar feed: the phone's own calendar subscribes, with reminders.
      const feedUrl = await visited.getByRole('link', { name: "Add all this group's sessions to your calendar" }).getAttribute('href');
      assert(/^webcal:\/\/[^/]+\/api\/v1\/groups\/[^/]+\/calendar\.ics$/.test(feedUrl), `a webcal feed address, got ${feedUrl}`);
      const feed = await (await page.request.get(feedUrl.replace(/^webcal:\/\/[^/]+/, server.url))).text();
      const summary = `SUMMARY:${group.replace(/[\\;,]/g, (c) => `\\${c}`)}`;
      assert(feed.includes(summary) && feed.includes('BEGIN:VALARM'), "the feed lists the group's sessions with reminders");
      await page.getByRole('button', { name: 'My groups' }).click();
      const mine = await page.locator('article.session-card h3').allTextContents();
      assert(mine.length >= 2 && mine.every((name) => name === group), `only ${group}'s sessions, got ${mine}`);
      await expectAccessible(page, 'my groups');
      await page.getByRole('button', { name: 'All groups' }).click();
      assert(await page.locator('article.session-card').count() >= 20, 'all groups again');
      await page.getByRole('link', { name: 'Home' }).click();
      const next = page.getByRole('region', { name: 'Your next group' });
      await next.getByRole('heading', { name: group }).waitFor();
      assert(await next.getByText('You have joined this group').count() === 1, 'the next session is of the joined group');
      assert(await next.getByRole('link', { name: "I'm here" }).count() === 0, 'the finished visit is not offered again');
    }],
    ['quick-log wellbeing 6 and stress 3 in three taps', async () => {
      await page.getByRole('link', { name: 'Home' }).click();
      await heading('How are you today?');
      // Saving with nothing chosen: the NHS error summary, in view with focus, links to the first question.
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('link', { name: 'Choose how you feel or how stressed you are, or both.' }).click();
      assert(await page.evaluate(() => document.activeElement?.id) === 'wellbeing-0', 'the link moves to the first rating');
      await page.getByRole('group', { name: 'How are you feeling overall?' }).getByText('6', { exact: true }).click();
      await page.getByRole('group', { name: 'How stressed do you feel?' }).getByText('3', { exact: true }).click();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText(/Saved today at/).waitFor();
    }],
    ['a very high stress rating is saved and shows calm crisis support', async () => {
      await page.getByRole('group', { name: 'How stressed do you feel?' }).getByText('10', { exact: true }).click();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { name: 'You do not have to cope on your own' }).waitFor();
      assert(await page.locator('a[href="tel:116123"]').count() === 1, 'Samaritans is one tap away');
      await screenshot(page, '06-crisis-card');
      await expectAccessible(page, 'crisis card');
      await page.getByRole('button', { name: 'Close' }).click();
    }],
    ['answer the ONS4 questions', async () => {
      await page.getByRole('link', { name: 'Answer now' }).click();
      await heading('Wellbeing questions');
      await page.getByText(/^These 4 questions are about how you feel about your life\./).waitFor();
      await expectAccessible(page, 'wellbeing questions');
      // Saving with a question unanswered: the error summary comes into view, focused, and links to it.
      await page.getByRole('button', { name: 'Save answers' }).click();
      await page.getByRole('link', { name: 'Answer all 4 questions (4 still to answer).' }).waitFor();
      assert(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), 'the error summary has focus');
      const answers = [['satisfied', '7'], ['worthwhile', '6'], ['happy', '5'], ['anxious', '4']];
      for (const [word, value] of answers) {
        await page.getByRole('group', { name: new RegExp(word) }).getByText(value, { exact: true }).click();
      }
      await page.getByRole('button', { name: 'Save answers' }).click();
      await page.getByText('Thank you. Your answers are saved on this phone.').waitFor();
      await screenshot(page, '07-wellbeing');
    }],
    ['go offline, reload, and find the app and every entry still there', async () => {
      await context.setOffline(true);
      await page.reload();
      await heading('Wellbeing questions');
      await go('/');
      await heading('How are you today?');
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.getByRole('link', { name: 'History' }).click();
      await heading('Your history');
      // As the NHS App does: the tab is titled for the page, the menu says which page is open, and
      // the page starts at the top with focus on its heading, so a screen reader announces it.
      await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
      assert(await page.title() === 'History – Steady', `the tab says History, not ${await page.title()}`);
      assert(await page.evaluate(() => window.scrollY) === 0, 'the page starts at the top');
      const current = page.getByRole('navigation', { name: 'Main menu' }).locator('[aria-current="page"]');
      assert(await current.textContent() === 'History', 'the menu marks History as the current page');
      await page.getByText('stress 7 → 4').waitFor();
      await page.getByText('wellbeing 6, stress 3').waitFor();
      await page.getByText('satisfied 7, worthwhile 6, happy 5, anxious 4').waitFor();
      await page.locator('ul.helps li', { hasText: `${checkedInKind}: stress down 3.0 on average (1 session)` }).waitFor();
      assert(await page.locator('figure.chart--stress polyline, figure.chart--stress circle').count() > 0, 'a stress chart is drawn');
      await screenshot(page, '08-history-offline');
      await expectAccessible(page, 'history');
      await page.getByRole('button', { name: '30 days' }).click();
      await page.getByRole('img', { name: /Daily stress over the last 30 days\. Average stress/ }).waitFor();
    }],
    ['offline, change an entry: stress 3 becomes 2, with a note', async () => {
      await page.locator('li.entry', { hasText: 'wellbeing 6, stress 3' }).getByRole('link', { name: /^Change Quick log/ }).click();
      await heading('Change an entry');
      assert(await page.title() === 'Change an entry – Steady', `the tab says what the page is, not ${await page.title()}`);
      await page.getByRole('group', { name: 'How stressed did you feel?' }).getByText('2', { exact: true }).click();
      await page.getByLabel('Note (optional)').fill('A good night');
      await screenshot(page, '08b-change-entry');
      await expectAccessible(page, 'change an entry');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Your change is saved on this phone.').waitFor();
      await page.getByRole('link', { name: 'Back to your history' }).click();
      await heading('Your history');
      await page.getByText('wellbeing 6, stress 2').waitFor();
      await page.getByText('A good night').waitFor();
      assert(await page.getByText('wellbeing 6, stress 3').count() === 0, 'the entry was changed, not copied');
    }],
    ['offline, the schedule still shows from the phone', async () => {
      await page.getByRole('link', { name: 'Groups' }).click();
      await page.getByText(/Last updated today at/).waitFor();
      await page.getByText('No signal. Showing the schedule saved on this phone.').waitFor();
      assert(await page.locator('article.session-card').count() >= 20, 'the cached schedule is shown');
    }],
    ['a copy and a spreadsheet file contain the entries', async () => {
      await page.getByRole('link', { name: 'My data' }).click();
      await heading('My data');
      await screenshot(page, '09-my-data');
      await expectAccessible(page, 'my data');
      const json = await download('Download a copy');
      copy = json;
      assert(/^steady-my-data-\d{4}-\d{2}-\d{2}\.json$/.test(json.name), `a dated file name, not ${json.name}`);
      const data = JSON.parse(json.text);
      const kinds = data.entries.map((e) => e.body.kind).sort();
      assert(JSON.stringify(kinds) === JSON.stringify(['check_in', 'ons4', 'quick_log', 'quick_log']), `all four entries, not ${kinds}`);
      const visit = data.entries.find((e) => e.body.kind === 'check_in').body;
      assert(visit.stress_before === 7 && visit.stress_after === 4, 'the check-in has stress 7 and 4');
      assert(visit.how_was_it === 'Good to be outside with people.', 'the note is exported');
      assert(data.entries.some((e) => e.body.kind === 'quick_log' && e.body.wellbeing === 6 && e.body.stress === 2
        && e.body.note === 'A good night'), 'the changed quick log');
      const csv = await download('Download for a spreadsheet');
      spreadsheet = csv;
      const lines = csv.text.trim().split('\r\n');
      assert(lines.length === 5 && lines[0].startsWith('id,kind,at_utc'), 'a header and one row per entry');
    }],
    ['on another browser profile (a new phone), the copy is restored whole, and once only', async () => {
      const other = await browser.newContext({ viewport: { width: 360, height: 740 } });
      const fresh = await other.newPage();
      watch(fresh, problems);
      try {
        await fresh.goto(server.url + '/my-data');
        await fresh.getByRole('heading', { level: 1, name: 'My data' }).waitFor();
        await fresh.getByText('There are 0 entries saved here.').waitFor();
        const restore = async (file) => {
          await fresh.getByLabel('Your copy').setInputFiles(file);
          await fresh.getByRole('button', { name: 'Restore' }).click();
        };
        await restore(spreadsheet.path);
        await fresh.getByText(/^This file could not be read as a Steady copy\./).waitFor();
        const damaged = copy.text.replace('"stress_before": 7', '"stress_before": 11');
        assert(damaged !== copy.text, 'the copy was damaged for the test');
        await restore({ name: copy.name, mimeType: 'application/json', buffer: Buffer.from(damaged) });
        await fresh.getByText(/^This copy is damaged, so nothing was restored: part of it could not be read/).waitFor();
        await fresh.getByText('There are 0 entries saved here.').waitFor();
        await expectAccessible(fresh, 'restore refused');
        await restore(copy.path);
        await fresh.getByText('4 entries restored.').waitFor();
        await fresh.getByText('There are 4 entries saved here.').waitFor();
        await screenshot(fresh, '09b-restored');
        await restore(copy.path);
        await fresh.getByText('Nothing new to restore: everything in this copy is already on this phone.').waitFor();
        await fresh.getByRole('link', { name: 'History' }).click();
        await fresh.getByRole('heading', { level: 1, name: 'Your history' }).waitFor();
        for (const text of ['stress 7 → 4', 'wellbeing 6, stress 2', 'A good night', 'satisfied 7, worthwhile 6, happy 5, anxious 4']) {
          assert(await fresh.getByText(text).count() === 1, `${text} is restored once`);
        }
      } finally {
        await other.close();
      }
    }],
    ['at 320 px wide nothing needs sideways scrolling', async () => {
      await page.setViewportSize({ width: 320, height: 640 });
      for (const path of ['/', '/groups', '/history', '/wellbeing', '/my-data']) {
        await go(path);
        await page.locator('h1').waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert(overflow <= 0, `${path} fits 320 px (overflows by ${overflow} px)`);
      }
      await screenshot(page, '11-home-320px');
      await page.setViewportSize({ width: 360, height: 740 });
    }],
    ['the support page and an unknown address are accessible too', async () => {
      await context.setOffline(false);
      await page.getByRole('link', { name: 'Get help now' }).click();
      await heading('Get help now');
      assert(await page.getByText(/Your entry is saved/).count() === 0, 'nothing was saved here, so it does not say so');
      await screenshot(page, '10-support');
      await expectAccessible(page, 'support');
      await go('/no-such-page');
      await heading('Page not found');
      await expectAccessible(page, 'not found');
    }],
    ['delete everything, after confirming', async () => {
      await go('/my-data');
      await page.getByRole('button', { name: 'Delete everything' }).click();
      await page.getByText(/This will delete all 4 entries/).waitFor();
      await expectAccessible(page, 'delete confirmation');
      await page.getByRole('button', { name: 'Yes, delete everything' }).click();
      await page.getByText('Everything has been deleted from this phone.').waitFor();
      assert(await page.evaluate(() => document.activeElement?.textContent === 'Everything has been deleted from this phone.'),
        'the result has focus, in view');
      await page.reload();
      await page.getByText(/There are 0 entries saved here/).waitFor();
    }],
  ]);
  assert(problems.length === 0, `no script errors, got: ${problems.join('; ')}`);
  console.log('journey passed');
} finally {
  await browser.close();
  server.stop();
}
