// A group leader takes the register with no signal: an admin makes them lead the drop-in walk; three
// participants said they would come; the leader goes offline, reloads, marks all three and a walk-in,
// comes back online and everything is sent. A fourth participant checks in on their phone once, with a
// stress rating and the session code together. With the leader's phone clock two days ahead, the server refuses two taps: the leader
// sees them under "Could not be saved" with the reason, discards one, and taps the other again once
// the clock is right. The leader adds a session three days ahead: its register is refused, moving it
// shows in the group's calendar feed, and cancelling asks first. The link worker then sees the
// attendance on the caseload.
import { readFileSync } from 'node:fs';
import { assert, expectAccessible, launch, screenshot, startServer, steps, watch } from './harness.mjs';

const server = await startServer();
const browser = await launch();
const viewport = { width: 360, height: 740 };
const adminContext = await browser.newContext({ viewport });
const leaderContext = await browser.newContext({ viewport });
const phoneContext = await browser.newContext({ viewport });
const admin = await adminContext.newPage();
const leader = await leaderContext.newPage();
const phone = await phoneContext.newPage();
const problems = [];
for (const page of [admin, leader, phone]) watch(page, problems);
const password = 'a long and memorable passphrase';
const people = ['Ash', 'Bo', 'Cy'];
let walk = null;
let sessionCode = '';
let phoneLinkCode = '';

async function signIn(page, email) {
  await page.goto(server.url + '/staff');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function enrol(name) {
  await admin.getByLabel('Name or reference').fill(name);
  await admin.getByLabel('Probation').check();
  await admin.getByRole('button', { name: 'Add participant' }).click();
  await admin.getByRole('heading', { name: `Linking code for ${name}` }).waitFor();
  return (await admin.locator('.linking-code__code').textContent()).trim();
}

try {
  await steps([
    ['accounts are created with the CLI', async () => {
      server.addStaff('admin', 'Ada Admin', 'ada@steady.test', password);
      server.addStaff('leader', 'Lee Leader', 'lee@steady.test', password);
      server.addStaff('link-worker', 'Lin Worker', 'lin@steady.test', password);
      const schedule = await (await admin.request.get(server.url + '/api/v1/sessions')).json();
      walk = schedule.sessions.find((s) => s.group_name === 'Drop-in walk and talk' && new Date(s.starts_at) <= new Date());
      assert(walk, 'the demo has a drop-in walk on now');
    }],
    ['an admin makes Lee lead the drop-in walk', async () => {
      await signIn(admin, 'ada@steady.test');
      await admin.getByRole('heading', { name: 'Administration' }).waitFor();
      await admin.getByText('Leads no group yet.').waitFor();
      await admin.getByLabel('Group', { exact: true }).selectOption({ label: 'Drop-in walk and talk' });
      await admin.getByLabel('Group leader', { exact: true }).selectOption({ label: 'Lee Leader (lee@steady.test)' });
      await admin.getByRole('button', { name: 'Make them lead this group' }).click();
      await admin.getByText('Lee Leader now leads Drop-in walk and talk.').waitFor();
      await admin.locator('.leaders__row', { hasText: /^Lee Leader .*Leads Drop-in walk and talk\.$/ }).waitFor();
      await expectAccessible(admin, 'administration');
      await admin.getByRole('button', { name: 'Sign out' }).click();
      // Signing out is a request: navigating away before it ends would cancel it and keep the session.
      await admin.getByLabel('Email').waitFor();
    }],
    ['three participants join the group', async () => {
      await signIn(admin, 'lin@steady.test');
      await admin.getByRole('heading', { name: 'Your caseload' }).waitFor();
      for (const name of people) {
        const code = await enrol(name);
        // Each participant's own phone pairs and joins: no staff cookie goes with these requests.
        const paired = await (await phone.request.post(server.url + '/api/v1/pair', { data: { code } })).json();
        const joined = await phone.request.post(`${server.url}/api/v1/groups/${walk.group_id}/join`,
          { headers: { Authorization: `Bearer ${paired.device_token}` } });
        assert(joined.status() === 204, `${name} joins`);
      }
      phoneLinkCode = await enrol('Dee');
    }],
    ['the leader opens the register while there is signal', async () => {
      await signIn(leader, 'lee@steady.test');
      // A leader lands on their sessions, and the menu and the tab say so.
      await leader.getByRole('heading', { name: 'Your sessions' }).waitFor();
      assert(new URL(leader.url()).pathname === '/staff/leader', `a leader lands on their sessions, not ${leader.url()}`);
      assert(await leader.title() === 'Your sessions – Steady for staff', `the tab is titled, not ${await leader.title()}`);
      const current = leader.getByRole('navigation', { name: 'Staff menu' }).locator('[aria-current="page"]');
      assert(await current.textContent() === 'Your sessions', 'the menu marks Your sessions');
      await leader.getByText('3 said they would come.').first().waitFor();
      await expectAccessible(leader, 'leader sessions');
      await screenshot(leader, '30-leader-sessions');
      await leader.waitForFunction(async () => !!(await caches.match('/staff.html')), null, { timeout: 20_000 });
      await leader.getByRole('link', { name: 'Take the register' }).first().click();
      await leader.getByText('0 here. Everything is sent.').waitFor();
    }],
    ['offline, the leader reloads and marks three people and a walk-in', async () => {
      await leaderContext.setOffline(true);
      await leader.reload();
      await leader.getByText(/No signal: showing the register saved on this device/).waitFor();
      for (const name of people) {
        await leader.getByRole('button', { name: new RegExp(`^${name}`) }).click();
      }
      await leader.getByLabel('Add someone who walked in (first name)').fill('Sam');
      await leader.getByRole('button', { name: 'Add walk-in' }).click();
      await leader.getByText('4 here. No signal: 4 taps saved on this device, to send later.').waitFor();
      assert(await leader.locator('.register__tap--here').count() === 4, 'four marked present');
      await screenshot(leader, '31-register-offline');
      await expectAccessible(leader, 'register');
    }],
    ['back online, every tap is sent', async () => {
      await leaderContext.setOffline(false);
      await leader.getByText('4 here. Everything is sent.').waitFor({ timeout: 30_000 });
      await leader.getByRole('button', { name: 'Show check-in code' }).click();
      sessionCode = (await leader.locator('.linking-code__code').textContent()).trim();
      assert(/^\d{6}$/.test(sessionCode), `a 6-digit code, got ${sessionCode}`);
      await screenshot(leader, '32-register-code');
    }],
    ['a participant checks in once: stress rating and session code together', async () => {
      await phone.goto(server.url + '/sharing');
      await phone.getByLabel('Linking code').fill(phoneLinkCode);
      await phone.getByRole('button', { name: 'Link my phone' }).click();
      await phone.getByText(/This phone is linked with Lin Worker/).waitFor();
      await phone.getByRole('button', { name: 'Turn on sharing' }).click();
      await phone.getByRole('heading', { name: 'Sharing is on' }).waitFor();
      await phone.getByRole('link', { name: 'Groups' }).click();
      const card = phone.locator('article.session-card', { hasText: 'Drop-in walk and talk' }).filter({ has: phone.getByRole('link', { name: "I'm here" }) });
      await card.first().getByRole('link', { name: "I'm here" }).click();
      await phone.getByRole('heading', { name: 'Drop-in walk and talk', level: 1 }).waitFor();
      await phone.getByRole('group', { name: /Before you start/ }).getByText('6', { exact: true }).click();
      await phone.getByLabel('Session code (optional)').fill(sessionCode);
      await expectAccessible(phone, 'check in with a code');
      await phone.getByRole('button', { name: "I'm here" }).click();
      await phone.getByText("Your group leader's register shows you at Drop-in walk and talk.").waitFor();
      await phone.getByText(/You checked in today at .*Stress before: 6\./).waitFor();
      await screenshot(phone, '33-code-check-in');
      await leader.reload();
      await leader.getByText('5 here. Everything is sent.').waitFor();
      await leader.getByRole('button', { name: /^Dee/ }).waitFor();
    }],
    ['with the phone clock two days ahead, the server refuses two taps and says why', async () => {
      await leader.clock.setSystemTime(new Date(Date.now() + 2 * 86_400_000));
      await leader.getByLabel('Add someone who walked in (first name)').fill('Kim');
      await leader.getByRole('button', { name: 'Add walk-in' }).click();
      await leader.getByRole('button', { name: /^Ash/ }).click();
      const list = leader.getByRole('region', { name: 'Could not be saved' });
      await list.getByRole('button', { name: 'Discard tap for Ash' }).waitFor();
      await list.getByRole('button', { name: 'Tap again for Kim' }).waitFor();
      assert(await list.getByText("This tap is dated more than a day ahead. Check the phone's clock, then tap again.").count() === 2,
        'each refused tap gives the reason');
      await list.getByText(/^Tapped as not here on /).waitFor();
      await leader.getByText('5 here. Everything else is sent.').waitFor();
      assert(await leader.getByRole('button', { name: /^Kim/ }).count() === 0, 'the refused walk-in is not on the register');
      await screenshot(leader, '34-register-refused');
      await expectAccessible(leader, 'register with taps that could not be saved');
    }],
    ['refused taps are never resent; the leader discards one and taps the other again', async () => {
      await leader.getByRole('link', { name: 'Back to your sessions' }).click();
      await leader.getByText('2 taps could not be saved. Take the register to fix them.').waitFor();
      await leader.getByRole('link', { name: 'Take the register' }).first().click();
      await leader.getByText('5 here. Everything else is sent.').waitFor();
      const list = leader.getByRole('region', { name: 'Could not be saved' });
      await list.getByRole('button', { name: 'Discard tap for Ash' }).click();
      // Discarding asks first, in place, and says what will happen.
      await list.getByRole('heading', { name: 'Discard the tap for Ash?' }).waitFor();
      await list.getByRole('button', { name: 'Yes, discard it' }).click();
      await list.getByRole('button', { name: 'Discard tap for Ash' }).waitFor({ state: 'detached' });
      await leader.clock.setSystemTime(new Date());
      await list.getByRole('button', { name: 'Tap again for Kim' }).click();
      await leader.getByText('6 here. Everything is sent.').waitFor();
      assert(await leader.getByRole('region', { name: 'Could not be saved' }).count() === 0, 'nothing left unsaved');
      await leader.getByRole('button', { name: /^Kim/ }).waitFor();
      assert(await leader.getByRole('button', { name: /^Ash/ }).getAttribute('aria-pressed') === 'true', 'Ash is still here');
    }],
    ['the leader adds a session three days ahead: its register is refused, moving it shows in the calendar feed, cancelling asks first', async () => {
      await leader.getByRole('link', { name: 'Back to your sessions' }).click();
      await leader.getByText('Add a session').click();
      const start = new Date(Date.now() + 3 * 86_400_000);
      const day = start.toISOString().slice(0, 10);
      // 14:20, not on the hour: the demo's drop-in walk runs every hour's start (and Mondays at 12:00),
      // so a time on the hour could match one of its cards when the journey runs at 14:xx.
      await leader.getByLabel('Starts (UK time)').fill(`${day}T14:20`);
      await leader.getByLabel('Lasts (minutes)').fill('60');
      await leader.getByRole('button', { name: 'Add session' }).click();
      await leader.getByText(/^Added: Drop-in walk and talk, .* 14:20 to 15:20\.$/).waitFor();
      assert(await leader.evaluate(() => document.activeElement?.textContent?.startsWith('Added:')), 'the confirmation has focus');
      // Its register is refused three days ahead: a tap made now does not count.
      const led = await (await leader.request.get(server.url + '/api/v1/leader/sessions')).json();
      const ahead = led.find((l) => l.session.starts_at.startsWith(day) && !l.session.cancelled);
      await leader.goto(`${server.url}/staff/sessions/${ahead.session.id}/register`);
      await leader.getByLabel('Add someone who walked in (first name)').fill('Zed');
      await leader.getByRole('button', { name: 'Add walk-in' }).click();
      const refused = leader.getByRole('region', { name: 'Could not be saved' });
      await refused.getByText(/opens an hour before/).waitFor();
      await leader.getByText('0 here.', { exact: false }).waitFor();
      await refused.getByRole('button', { name: 'Discard tap for Zed' }).click();
      await refused.getByRole('button', { name: 'Yes, discard it' }).click();
      await leader.getByRole('banner').getByRole('link', { name: 'Steady for staff' }).click();
      await leader.getByRole('heading', { name: 'Your sessions', level: 1 }).waitFor();
      // Moved to 15:20: the group's calendar feed, which phones subscribe to, shows the new time.
      const moving = leader.locator('article.session-card', { hasText: '14:20 to 15:20' });
      await moving.getByText(/^The register opens at 13:20 on /).waitFor();
      await moving.getByRole('button', { name: /^Move/ }).click();
      await moving.getByLabel('New start (UK time)').fill(`${day}T15:20`);
      await moving.getByRole('button', { name: 'Save new time' }).click();
      await leader.getByText(/^Saved\. Drop-in walk and talk is now .* 15:20 to 16:20\.$/).waitFor();
      const feed = await (await phone.request.get(`${server.url}/api/v1/groups/${walk.group_id}/calendar.ics`)).text();
      const event = feed.split('BEGIN:VEVENT').find((e) => e.includes(`UID:${ahead.session.id}@steady`));
      // An hour later than it was, in UTC as the feed writes it (UK time is UTC or UTC+1).
      const moved = new Date(Date.parse(ahead.session.starts_at) + 3_600_000).toISOString().replace(/[-:]|\.\d{3}/g, '');
      assert(event && event.includes(`DTSTART:${moved}`), `the feed shows the session at its new time (${moved})`);
      assert(event.includes('BEGIN:VALARM') && event.includes('TRIGGER:-PT60M'), 'with a reminder an hour before');
      const card = leader.locator('article.session-card', { hasText: '15:20 to 16:20' });
      assert(await card.getByRole('link', { name: 'Take the register' }).count() === 0, 'no register three days ahead');
      // Cancelling asks first, saying what participants will see; "No" keeps the session.
      await card.getByRole('button', { name: 'Cancel session' }).click();
      const question = card.getByRole('group', { name: /^Cancel Drop-in walk and talk on .*15:20 to 16:20\?$/ });
      await question.getByText('Participants see it marked cancelled in Steady').waitFor();
      assert(await leader.evaluate(() => document.activeElement?.getAttribute('role')) === 'group', 'the question has focus');
      await expectAccessible(leader, 'cancel session question');
      await question.getByRole('button', { name: 'No, keep it' }).click();
      assert(await leader.evaluate(() => document.activeElement?.textContent?.startsWith('Cancel session')), 'focus is back on the button');
      await card.getByRole('button', { name: 'Cancel session' }).click();
      await card.getByRole('button', { name: 'Yes, cancel this session' }).click();
      await leader.getByText(/^Saved\. Drop-in walk and talk is now .* \(cancelled\)\.$/).waitFor();
      const schedule = await (await phone.request.get(server.url + '/api/v1/sessions')).json();
      const added = schedule.sessions.find((s) => s.group_name === 'Drop-in walk and talk' && s.starts_at.startsWith(day) && s.cancelled);
      assert(added, 'the cancelled session is in the participants\' schedule, marked cancelled');
      await phone.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Groups' }).click();
      await phone.getByRole('button', { name: 'Check for changes' }).click();
      await phone.locator('article.session-card--cancelled', { hasText: '15:20 to 16:20' }).first().waitFor();
      // "Add to calendar" gives an event with a reminder an hour before.
      const [download] = await Promise.all([phone.waitForEvent('download'),
        phone.locator('article.session-card:not(.session-card--cancelled)').getByRole('button', { name: 'Add to calendar' }).first().click()]);
      const ics = readFileSync(await download.path(), 'utf8');
      assert(ics.includes('\r\nBEGIN:VALARM\r\n') && ics.includes('\r\nTRIGGER:-PT60M\r\n'), 'the .ics carries a reminder');
    }],
    ['the link worker sees the attendance', async () => {
      await admin.goto(server.url + '/staff/caseload');
      for (const name of [...people, 'Dee']) {
        await admin.locator('.caseload__row', { hasText: name }).getByText(/1 session in 4 weeks/).waitFor();
      }
    }],
  ]);
  assert(problems.length === 0, `no script errors, got: ${problems.join('; ')}`);
  console.log('leader journey passed');
} finally {
  await browser.close();
  server.stop();
}
