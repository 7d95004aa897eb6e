// Sharing with a link worker, in two browser contexts at 360x740: the link worker signs in and enrols
// a participant; the participant links their phone with the code, turns sharing on, logs while
// offline (one entry kept private), comes back online; the link worker sees exactly the shared entry;
// the participant changes it and the link worker sees the change; the participant turns sharing off
// and deletes what was shared; the link worker sees none; the link worker ends the phone link, and the
// phone says so in words.
import { readFileSync } from 'node:fs';
import { assert, expectAccessible, launch, screenshot, startServer, steps, watch } from './harness.mjs';

const server = await startServer();
const browser = await launch();
const staffContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
const phoneContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
const staff = await staffContext.newPage();
const phone = await phoneContext.newPage();
const problems = [];
for (const page of [staff, phone]) watch(page, problems);
const password = 'a long and memorable passphrase';
let code = '';
let participantUrl = '';

/** Whether the element is within the visible part of the page. */
async function inView(locator) {
  const box = await locator.boundingBox();
  const height = staff.viewportSize().height;
  return box !== null && box.y >= 0 && box.y + Math.min(box.height, 100) <= height;
}

async function staffSeesEntries(count) {
  await staff.goto(participantUrl);
  if (count === 0) {
    await staff.getByText('Nothing shared yet.').waitFor();
  } else {
    await staff.getByText(count === 1 ? '1 entry shared.' : `${count} entries shared.`).waitFor();
  }
}

try {
  await steps([
    ['an administrator creates a link worker account with the CLI', async () => {
      const out = server.addStaff('link-worker', 'Lin Worker', 'lin@steady.test', password);
      assert(out.includes('Created the link worker account'), out);
    }],
    ['the link worker signs in and enrols a participant', async () => {
      await staff.goto(server.url + '/staff');
      await staff.getByLabel('Email').fill('lin@steady.test');
      await staff.getByLabel('Password').fill(password);
      await expectAccessible(staff, 'staff sign in');
      await staff.getByRole('button', { name: 'Sign in' }).click();
      await staff.getByRole('heading', { name: 'Your caseload' }).waitFor();
      // An empty form: the NHS error summary comes into view with focus, and links to the field.
      await staff.getByRole('button', { name: 'Add participant' }).click();
      const summary = staff.getByRole('alert').filter({ hasText: 'There is a problem' });
      await summary.waitFor();
      assert(await staff.evaluate(() => document.activeElement?.classList.contains('error-summary')), 'the error summary has focus');
      assert(await inView(summary), 'the error summary is on the screen');
      await summary.getByRole('link', { name: 'Enter a name or reference.' }).click();
      assert(await staff.evaluate(() => document.activeElement?.id) === 'enrol-name', 'the link moves to the name field');
      await staff.getByLabel('Name or reference').fill('Alex R');
      await staff.getByLabel('Probation').check();
      await staff.getByLabel('Has contact with the justice system').check();
      await staff.getByRole('button', { name: 'Add participant' }).click();
      await staff.getByRole('heading', { name: 'Linking code for Alex R' }).waitFor();
      // The code appears where the link worker is looking, with focus, not far above the form.
      assert(await staff.evaluate(() => !!document.activeElement?.querySelector('.linking-code__code')), 'the linking code has focus');
      assert(await inView(staff.locator('.linking-code__code')), 'the linking code is on the screen');
      code = (await staff.locator('.linking-code__code').textContent()).trim();
      assert(/^[2-9A-HJKMNP-Z]{4} [2-9A-HJKMNP-Z]{4}$/.test(code), `an 8-character code, got ${code}`);
      assert(await staff.locator('.linking-code__qr svg').count() === 1, 'a QR code');
      await screenshot(staff, '20-staff-enrolled');
      await expectAccessible(staff, 'caseload with linking code');
      await staff.getByRole('link', { name: 'Alex R' }).click();
      await staff.getByRole('heading', { name: 'Alex R' }).waitFor();
      participantUrl = staff.url();
      await staff.getByText('Nothing shared yet.').waitFor();
    }],
    ['the participant links their phone with the code', async () => {
      await phone.goto(server.url + '/');
      await phone.getByRole('heading', { name: 'How are you today?' }).waitFor();
      await phone.evaluate(() => navigator.serviceWorker.ready);
      await phone.getByRole('link', { name: 'My data' }).click();
      await phone.getByRole('link', { name: 'Sharing settings' }).click();
      await phone.getByLabel('Linking code').fill(code.toLowerCase());
      await expectAccessible(phone, 'link form');
      await phone.getByRole('button', { name: 'Link my phone' }).click();
      await phone.getByText('This phone is linked with Lin Worker (you are Alex R to them).').waitFor();
    }],
    ['sharing is off until they read what it means and turn it on', async () => {
      await phone.getByRole('heading', { name: 'What sharing means' }).waitFor();
      await screenshot(phone, '21-sharing-explained');
      await expectAccessible(phone, 'sharing explanation');
      await phone.getByRole('button', { name: 'Turn on sharing' }).click();
      await phone.getByText(/Sent to your link worker today at|Sharing is on · nothing sent yet/).waitFor();
    }],
    ['offline, they log one shared and one private entry', async () => {
      await phoneContext.setOffline(true);
      await phone.getByRole('link', { name: 'Home' }).click();
      await phone.getByRole('group', { name: 'How are you feeling overall?' }).getByText('6', { exact: true }).click();
      await phone.getByRole('group', { name: 'How stressed do you feel?' }).getByText('3', { exact: true }).click();
      await phone.getByRole('button', { name: 'Save' }).click();
      await phone.getByText(/Saved today at/).waitFor();
      await phone.getByRole('group', { name: 'How stressed do you feel?' }).getByText('5', { exact: true }).click();
      await phone.getByText('Add a note (optional)').click();
      await phone.getByLabel('Note').fill('Just for me');
      await phone.getByLabel(/Keep private/).check();
      await phone.getByRole('button', { name: 'Save' }).click();
      await phone.getByText('Waiting for signal (1 to send)').waitFor();
      await screenshot(phone, '22-waiting-for-signal');
    }],
    ['back online, the shared entry goes and the link worker sees exactly it', async () => {
      await phoneContext.setOffline(false);
      await phone.getByText(/Sent to your link worker today at/).waitFor({ timeout: 20_000 });
      await staffSeesEntries(1);
      await staff.getByText('wellbeing 6, stress 3').waitFor();
      assert(await staff.getByText('Just for me').count() === 0, 'the private note is not shared');
      assert(await staff.getByText('stress 5').count() === 0, 'the private entry is not shared');
      await screenshot(staff, '23-staff-sees-shared');
      await expectAccessible(staff, 'participant page');
    }],
    ['the participant changes the shared entry, and the link worker sees the change', async () => {
      await phone.getByRole('link', { name: 'History' }).click();
      await phone.locator('li.entry', { hasText: 'wellbeing 6, stress 3' }).getByRole('link', { name: /^Change Quick log/ }).click();
      await phone.getByRole('heading', { name: 'Change an entry', level: 1 }).waitFor();
      await phone.getByRole('group', { name: 'How stressed did you feel?' }).getByText('2', { exact: true }).click();
      await phone.getByLabel('Note (optional)').fill('Slept better');
      await expectAccessible(phone, 'change an entry');
      await phone.getByRole('button', { name: 'Save changes' }).click();
      await phone.getByText('Your change is saved. It will be sent to your link worker.').waitFor();
      await screenshot(phone, '28b-entry-changed');
      // Sent at once, in the background: the link worker's page shows it on a reload.
      for (let tries = 0; ; tries++) {
        await staffSeesEntries(1);
        if (await staff.getByText('wellbeing 6, stress 2').count() === 1) break;
        assert(tries < 20, 'the change reaches the link worker within 10 seconds');
        await staff.waitForTimeout(500);
      }
      await staff.getByText('Slept better').waitFor();
      assert(await staff.getByText('wellbeing 6, stress 3').count() === 0, 'the old version is gone, not shown beside the new');
      await phone.getByRole('link', { name: 'Home' }).click();
    }],
    ['the link worker reviews: caseload, FHIR export, mark reviewed, reports', async () => {
      const [fhir] = await Promise.all([staff.waitForEvent('download'), staff.getByRole('link', { name: /Download for the clinical record/ }).click()]);
      const bundle = JSON.parse(readFileSync(await fhir.path(), 'utf8'));
      const values = bundle.entry.map((e) => `${e.resource.resourceType}:${e.resource.code.text}:${e.resource.valueInteger}`).sort();
      assert(JSON.stringify(values) === JSON.stringify(['Observation:Self-rated stress (0 to 10):2', 'Observation:Self-rated wellbeing (0 to 10):6']),
        `the bundle holds the two shared ratings, got ${values}`);
      await staff.getByLabel('Review note (optional)').fill('Called Alex. Walking group on Tuesday.');
      await staff.getByRole('button', { name: 'Mark reviewed' }).click();
      // The confirmation is brought into view and focused, so a screen reader reads it out.
      await staff.waitForFunction(() => document.activeElement?.textContent?.includes('Marked reviewed.'));
      await staff.getByText('Called Alex. Walking group on Tuesday.').waitFor();
      await staff.getByText(/Last reviewed today at/).waitFor();
      await screenshot(staff, '25-staff-participant');
      await staff.goto(server.url + '/staff/caseload');
      await staff.getByText('No one is flagged today.').waitFor();
      await staff.getByText(/Last shared today at .* phone linked/).waitFor();
      await staff.getByRole('link', { name: 'Reports' }).click();
      await staff.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
      await staff.locator('.tile').first().waitFor();
      await screenshot(staff, '26-staff-reports');
      await expectAccessible(staff, 'reports');
      const [csv] = await Promise.all([staff.waitForEvent('download'), staff.getByRole('link', { name: 'Download as CSV' }).click()]);
      const text = readFileSync(await csv.path(), 'utf8');
      assert(text.startsWith('measure,value\r\n') && text.includes('\r\nparticipants_referred_probation_justice_contact,0\r\n'), 'a CSV report');
    }],
    ['the participant turns sharing off and deletes what was shared', async () => {
      await phone.getByRole('link', { name: 'Sharing settings' }).click();
      await phone.getByRole('button', { name: 'Turn off sharing' }).click();
      await expectAccessible(phone, 'turn off sharing');
      await phone.getByRole('button', { name: 'Turn off and delete shared copies' }).click();
      await phone.getByText('Your shared copies have been deleted. Your link worker can no longer see anything you shared.').waitFor();
      await screenshot(phone, '24-withdrawn');
    }],
    ['the link worker sees none, and the phone keeps everything', async () => {
      await staffSeesEntries(0);
      await phone.getByRole('link', { name: 'History' }).click();
      await phone.getByText('wellbeing 6, stress 2').waitFor();
      await phone.getByText('Just for me').waitFor();
    }],
    ['ending the phone link asks first and says what it means, on the phone too', async () => {
      await staff.goto(participantUrl);
      await staff.getByRole('heading', { name: 'Alex R', level: 1 }).waitFor();
      await staff.getByRole('button', { name: 'End phone link' }).click();
      const question = staff.getByRole('group', { name: 'End the phone link for Alex R?' });
      await question.getByText(/stops sharing with you straight away/).waitFor();
      assert(await staff.evaluate(() => document.activeElement?.getAttribute('role')) === 'group', 'the question has focus');
      await screenshot(staff, '28-end-link-question');
      await expectAccessible(staff, 'end phone link question');
      await question.getByRole('button', { name: 'Yes, end the phone link' }).click();
      await staff.getByText('The phone link has ended. Their phone keeps everything on it, but shares nothing more.').waitFor();
      assert(await staff.evaluate(() => document.activeElement?.textContent?.startsWith('The phone link has ended.')), 'the result has focus');
      await staff.getByText('No phone is linked.', { exact: false }).waitFor();
      // On the phone: the link ended, said in words.
      await phone.goto(server.url + '/');
      await phone.getByRole('heading', { name: 'Your phone is no longer linked' }).waitFor();
      await phone.getByText('Lin Worker has ended the link with this phone.').waitFor();
      await phone.getByText('Everything you recorded is still here, and you can keep using Steady.').waitFor();
      await expectAccessible(phone, 'link ended');
      await screenshot(phone, '29-link-ended');
      await phone.getByRole('button', { name: 'OK, I understand' }).click();
      await phone.getByRole('heading', { name: 'Your phone is no longer linked' }).waitFor({ state: 'detached' });
      await phone.reload();
      await phone.getByRole('heading', { name: 'How are you today?' }).waitFor();
      assert(await phone.getByText('Your phone is no longer linked').count() === 0, 'once read, the notice stays closed');
      await phone.getByRole('link', { name: 'History' }).click();
      await phone.getByText('wellbeing 6, stress 2').waitFor();
    }],
    ['an administrator sees every view of the participant in the access log', async () => {
      server.addStaff('admin', 'Ada Admin', 'ada@steady.test', password);
      await staff.goto(server.url + '/staff/caseload');
      await staff.getByRole('button', { name: 'Sign out' }).click();
      await staff.getByLabel('Email').fill('ada@steady.test');
      await staff.getByLabel('Password').fill(password);
      await staff.getByRole('button', { name: 'Sign in' }).click();
      await staff.getByRole('heading', { name: 'Access log' }).waitFor();
      for (const view of ['Participant page', 'FHIR download', 'Caseload']) {
        await staff.getByRole('cell', { name: view, exact: true }).first().waitFor();
      }
      // Who was seen, by the name they were enrolled under, not an id.
      assert(await staff.getByRole('cell', { name: 'Alex R', exact: true }).count() >= 3, 'each view names Alex R');
      await expectAccessible(staff, 'access log');
      await screenshot(staff, '27-access-log');
    }],
  ]);
  assert(problems.length === 0, `no script errors, got: ${problems.join('; ')}`);
  console.log('sharing journey passed');
} finally {
  await browser.close();
  server.stop();
}
