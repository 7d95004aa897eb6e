// The proactive referral pathway at 360x740: a GP practice's system (its key made with
// `steady-server referrer add`) sends a FHIR ServiceRequest for someone in contact with the justice
// system. The server's referral clock is held 14 days back (--fixed-clock), so the link worker sees
// it due; the server restarts on today's clock and it is overdue. An administrator gives a second
// referral (typed into the staff form) to the link worker. The link worker takes the GP's, tries once
// without reaching them, reaches them, and records 'accepted' (confirmed, as it closes the referral),
// which enrols them with a linking code. The participant links their phone, shares, and checks in at a
// group. The referral funnel on Reports shows each step (chart, table, CSV); the GP system reads the
// referral's status back; the GP Bundle holds the shared self-ratings, as chosen. The second referral
// is declined and its GP Bundle is codes only.
// Every FHIR document of the journey goes to the external validator (scripts/fhir-validate.sh).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, expectAccessible, launch, root, screenshot, startServer, steps, watch } from './harness.mjs';

const DAY_MS = 24 * 60 * 60 * 1000;
const receivedAt = new Date(Date.now() - 14 * DAY_MS).toISOString();
const server = await startServer(['--fixed-clock', receivedAt]);
const browser = await launch();
const staffContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
const phoneContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
const adminContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
const staff = await staffContext.newPage();
const phone = await phoneContext.newPage();
const admin = await adminContext.newPage();
const problems = [];
for (const page of [staff, phone, admin]) watch(page, problems);
const password = 'a long and memorable passphrase';
let gpKey = '';
let location = '';
let code = '';
let referralUrl = '';
const fhirDocuments = join(root, 'target/e2e/fhir-documents');
rmSync(fhirDocuments, { recursive: true, force: true });
mkdirSync(fhirDocuments, { recursive: true });

/** Keeps a FHIR document of the journey for the external validator. */
function keep(name, text) {
  writeFileSync(join(fhirDocuments, name), text);
}

/** Downloads what the link named `name` offers; resolves to its text. */
async function download(name) {
  const [file] = await Promise.all([staff.waitForEvent('download'), staff.getByRole('link', { name }).click()]);
  return readFileSync(await file.path(), 'utf8');
}

const serviceRequest = {
  resourceType: 'ServiceRequest',
  identifier: [{ system: 'https://riverside.example/referrals', value: 'RS-2026-0042' }],
  status: 'active',
  intent: 'order',
  contained: [{
    resourceType: 'Patient', id: 'p',
    name: [{ given: ['Sam'], family: 'Rivers' }],
    birthDate: '1990-04-01',
    telecom: [{ system: 'phone', value: '07700 900123' }],
  }],
  subject: { reference: '#p' },
  reasonCode: [{ coding: [{ system: 'https://fhir.steady.app/CodeSystem/referral-reason', code: 'leaving_custody' }] }],
  patientInstruction: 'Weekdays after 2pm. No voicemail.',
  extension: [
    { url: 'https://fhir.steady.app/StructureDefinition/consent-to-contact', valueBoolean: true },
    { url: 'https://fhir.steady.app/StructureDefinition/justice-contact', valueBoolean: true },
  ],
};

/** The GP system's call, with its own key. */
function asGp(path, init = {}) {
  return fetch(new URL(path, server.url), {
    ...init,
    headers: { authorization: `Bearer ${gpKey}`, 'content-type': 'application/fhir+json', ...init.headers },
  });
}

/** The text of a table row, by its heading cell. */
async function row(page, label) {
  return (await page.getByRole('row', { name: new RegExp(`^${label}`) }).innerText()).replace(/\s+/g, ' ');
}

/** Reloads the reports page until `check` holds (what the phone shared takes a moment to arrive). */
async function reportUntil(check, what) {
  for (let tries = 0; tries < 40; tries += 1) {
    await staff.goto(server.url + '/staff/reports');
    await staff.getByRole('heading', { name: 'Referrals', level: 2 }).waitFor();
    await staff.getByRole('row', { name: /^All referrals/ }).waitFor();
    if (await check()) return;
    await staff.waitForTimeout(500);
  }
  throw new Error(`Expected: ${what}`);
}

try {
  await steps([
    ['an administrator adds a link worker and a GP practice as a referrer with the CLI', async () => {
      server.addStaff('link-worker', 'Lin Worker', 'lin@steady.test', password);
      server.addStaff('admin', 'Ada Admin', 'ada@steady.test', password);
      gpKey = server.addReferrer('Riverside Surgery', 'A81001');
      assert(/^[A-Za-z0-9_-]{32,}$/.test(gpKey), `an API key, got ${gpKey}`);
    }],
    ['the GP system sends a referral flagged for justice contact, once', async () => {
      const sent = await asGp('/api/v1/fhir/ServiceRequest', { method: 'POST', body: JSON.stringify(serviceRequest) });
      assert(sent.status === 201, `201 Created, got ${sent.status}: ${await sent.text()}`);
      location = sent.headers.get('location');
      assert(location.includes('/api/v1/fhir/ServiceRequest/'), `a Location, got ${location}`);
      const again = await asGp('/api/v1/fhir/ServiceRequest', { method: 'POST', body: JSON.stringify(serviceRequest) });
      assert(again.status === 200 && again.headers.get('location') === location, 'sending it again is harmless');
      const broken = await asGp('/api/v1/fhir/ServiceRequest', { method: 'POST', body: JSON.stringify({ ...serviceRequest, subject: undefined }) });
      const outcome = await broken.text();
      assert(broken.status === 422 && JSON.parse(outcome).resourceType === 'OperationOutcome', 'invalid FHIR gets an OperationOutcome');
      keep('operation-outcome.json', outcome);
    }],
    ['the link worker signs in and sees it in the inbox, due, justice contact first', async () => {
      await staff.goto(server.url + '/staff');
      await staff.getByLabel('Email').fill('lin@steady.test');
      await staff.getByLabel('Password').fill(password);
      await staff.getByRole('button', { name: 'Sign in' }).click();
      await staff.getByRole('heading', { name: 'Your caseload' }).waitFor();
      await staff.getByRole('link', { name: 'Referrals', exact: true }).click();
      await staff.getByRole('heading', { name: 'Referrals', level: 1 }).waitFor();
      await staff.getByRole('heading', { name: 'Not assigned yet (1)' }).waitFor();
      await staff.getByText('Justice-system contact', { exact: true }).waitFor();
      await staff.getByText(/^First contact due by .* \(5 working days left\)$/).waitFor();
      await staff.getByText(/GP or primary care \(Riverside Surgery\) · received .* from their system/).waitFor();
      await screenshot(staff, '40-referral-inbox-due');
      await expectAccessible(staff, 'referral inbox');
    }],
    ['the staff form lists every problem with a link to its field, then takes a second referral in', async () => {
      await staff.getByRole('link', { name: 'New referral' }).click();
      await staff.getByRole('heading', { name: 'New referral' }).waitFor();
      await staff.getByRole('button', { name: 'Add referral' }).click();
      const summary = staff.getByRole('alert').filter({ hasText: 'There is a problem' });
      await summary.waitFor();
      assert(await summary.evaluate((e) => e === document.activeElement), 'focus moves to the error summary');
      await summary.getByRole('link', { name: 'Enter a name or reference.' }).click();
      assert(await staff.getByLabel('Name or reference').evaluate((e) => e === document.activeElement), 'the link focuses its field');
      await staff.getByLabel('Name or reference').fill('Jo P');
      await staff.getByLabel('Probation', { exact: true }).check();
      await staff.getByRole('button', { name: 'Add referral' }).click();
      await summary.getByRole('link', { name: 'The person must agree to be contacted before they can be referred.' }).waitFor();
      await screenshot(staff, '41-referral-form-errors');
      await expectAccessible(staff, 'referral form with errors');
      await staff.getByLabel('They agreed to be contacted by the social prescribing service').check();
      await staff.getByLabel('Recently left custody').check();
      await staff.getByLabel('Through probation').check();
      await staff.getByLabel('Referrer\'s name (optional)').fill('Northside PDU');
      await staff.getByRole('button', { name: 'Add referral' }).click();
      await staff.getByRole('heading', { name: 'Jo P', level: 1 }).waitFor();
      await staff.getByText('Probation: Northside PDU').waitFor();
      await staff.getByRole('link', { name: 'Back to referrals' }).click();
      await staff.getByRole('heading', { name: 'Not assigned yet (2)' }).waitFor();
    }],
    ['a week on (the server restarts on today\'s clock), it is overdue and comes first', async () => {
      await server.restart();
      await staff.reload();
      await staff.getByText(/^Overdue: first contact was due by .*, \d+ working days ago$/).first().waitFor();
      const first = staff.locator('.caseload__row').first();
      assert((await first.innerText()).startsWith('Sam Rivers'), 'the justice-contact referral first of the two overdue');
      const reasons = await first.locator('.flags li').allInnerTexts();
      assert(reasons[0].startsWith('Overdue:') && reasons[1] === 'Justice-system contact', `reasons in order, got ${reasons}`);
      await screenshot(staff, '42-referral-inbox-overdue');
    }],
    ['an administrator gives the second referral to the link worker', async () => {
      await admin.goto(server.url + '/staff');
      await admin.getByLabel('Email').fill('ada@steady.test');
      await admin.getByLabel('Password').fill(password);
      await admin.getByRole('button', { name: 'Sign in' }).click();
      await admin.getByRole('link', { name: 'Referrals', exact: true }).click();
      await admin.getByRole('heading', { name: 'Not assigned yet (2)' }).waitFor();
      assert(await admin.getByRole('link', { name: 'Jo P' }).count() === 0, 'an administrator does not open referrals');
      await admin.getByLabel('Link worker for Jo P').selectOption({ label: 'Lin Worker' });
      await expectAccessible(admin, 'referral inbox (administrator)');
      await admin.locator('.caseload__row', { hasText: 'Jo P' }).getByRole('button', { name: 'Assign' }).click();
      await admin.getByRole('heading', { name: 'Assigned (1)' }).waitFor();
      await admin.getByText('Assigned to Lin Worker').waitFor();
    }],
    ['the link worker takes the GP referral and opens it', async () => {
      await staff.reload();
      await staff.getByRole('button', { name: 'Assign to me: Sam Rivers' }).click();
      await staff.getByRole('heading', { name: 'Assigned (2)' }).waitFor();
      await staff.getByRole('heading', { name: 'Not assigned yet (0)' }).waitFor();
      await staff.getByRole('link', { name: 'Sam Rivers' }).click();
      await staff.getByRole('heading', { name: 'Sam Rivers', level: 1 }).waitFor();
      referralUrl = staff.url();
      await staff.getByText('Weekdays after 2pm. No voicemail.').waitFor();
      await staff.getByText(/\(their reference RS-2026-0042\)$/).waitFor();
      assert(await staff.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nothing scrolls sideways');
      await staff.getByText('No attempts yet.').waitFor();
      await expectAccessible(staff, 'referral page');
    }],
    ['two attempts: no answer, then they are reached (after confirming who they are)', async () => {
      const form = staff.locator('form', { has: staff.getByRole('heading', { name: 'Record a contact attempt' }) });
      await form.getByLabel('Phone call').check();
      await form.getByLabel('No answer').check();
      await form.getByLabel('Note (optional)').fill('Rang at 2.30pm');
      await form.getByRole('button', { name: 'Record attempt' }).click();
      await staff.getByText('Phone call: No answer').waitFor();
      await staff.getByText('1 attempt so far, not reached yet').waitFor();
      await form.getByLabel('Text message').check();
      await form.getByLabel('Reached them').check();
      await form.getByRole('button', { name: 'Record attempt' }).click();
      await form.getByText(/Check you are speaking to the person referred/).waitFor();
      await form.getByLabel(/I checked I was speaking to the person referred/).check();
      await form.getByRole('button', { name: 'Record attempt' }).click();
      await staff.getByText('Text message: Reached them').waitFor();
      await staff.getByText(/^Reached on .*, \d+ working days after the referral$/).waitFor();
    }],
    ['they accept: confirmed, it closes, and they are enrolled with a linking code', async () => {
      await staff.getByLabel('Accepted').check();
      await staff.getByLabel('Codes and the self-ratings they share').check();
      await staff.getByRole('button', { name: 'Continue' }).click();
      const question = staff.getByRole('heading', { name: "Record 'Accepted' and close this referral?" });
      await question.waitFor();
      assert(await question.evaluate((e) => e === document.activeElement), 'focus moves to the question');
      await expectAccessible(staff, 'outcome confirmation');
      await staff.getByRole('button', { name: 'Yes, record and close' }).click();
      await staff.getByRole('heading', { name: 'Linking code for Sam Rivers' }).waitFor();
      await staff.getByRole('heading', { name: 'Outcome: Accepted' }).waitFor();
      code = (await staff.locator('.linking-code__code').textContent()).trim();
      await screenshot(staff, '43-referral-accepted');
      await expectAccessible(staff, 'accepted referral');
    }],
    ['the participant links their phone, shares, and checks in at a group', async () => {
      await phone.goto(server.url + '/');
      await phone.getByRole('heading', { name: 'How are you today?' }).waitFor();
      await phone.getByRole('link', { name: 'My data' }).click();
      await phone.getByRole('link', { name: 'Sharing settings' }).click();
      await phone.getByLabel('Linking code').fill(code);
      await phone.getByRole('button', { name: 'Link my phone' }).click();
      await phone.getByText('This phone is linked with Lin Worker (you are Sam Rivers to them).').waitFor();
      await phone.getByRole('button', { name: 'Turn on sharing' }).click();
      await phone.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Groups' }).click();
      await phone.getByRole('link', { name: "I'm here" }).first().click();
      await phone.getByRole('group', { name: /Before you start/ }).getByText('6', { exact: true }).click();
      await phone.getByRole('button', { name: "I'm here" }).click();
      await phone.getByText(/You checked in today at .*Stress before: 6\./).waitFor();
    }],
    ['the referral funnel shows each step: chart, table and CSV', async () => {
      await reportUntil(async () => (await row(staff, 'All referrals')).startsWith('All referrals 2 1 1 1 '),
        'all referrals: 2 referred, 1 reached, 1 accepted, 1 at a first session');
      assert((await row(staff, 'Justice-system contact')).startsWith('Justice-system contact 1 1 1 1 '), 'the justice-contact row');
      assert((await row(staff, 'No justice-system contact')).startsWith('No justice-system contact 1 0 0 0 '), 'the other row');
      assert((await row(staff, 'GP or primary care')).startsWith('GP or primary care 1 1 1 1 '), 'the GP row');
      assert((await row(staff, 'Probation')).startsWith('Probation 1 0 0 0 '), 'the probation row');
      assert((await row(staff, 'All referrals')).endsWith('0% (0 of 2)'), 'one reached after the 5-day target, one overdue');
      await staff.getByLabel('Show the pathway for').selectOption({ label: 'Justice-system contact' });
      assert(await staff.locator('.bar-chart').count() >= 1, 'a chart of the pathway');
      await screenshot(staff, '44-referral-funnel');
      await expectAccessible(staff, 'reports with the referral funnel');
      const text = await download('Download referrals as CSV');
      assert(text.startsWith('group,referred,first_contact,accepted,first_session,') && text.includes('\r\nall,2,1,1,1,'), `a CSV funnel, got ${text}`);
    }],
    ['the GP system reads the referral\'s status back', async () => {
      const read = await asGp(location);
      const text = await read.text();
      const back = JSON.parse(text);
      keep('service-request.json', text);
      assert(read.status === 200 && back.resourceType === 'ServiceRequest', `its ServiceRequest, got ${read.status}`);
      assert(back.status === 'completed', `accepted reads as completed, got ${back.status}`);
    }],
    ['the closed referral has left the inbox; its GP Bundle holds the coded referral, outcome and shared self-ratings', async () => {
      await staff.goto(server.url + '/staff/referrals');
      await staff.getByRole('heading', { name: 'Assigned (1)' }).waitFor();
      await staff.getByRole('heading', { name: 'Not assigned yet (0)' }).waitFor();
      await staff.goto(referralUrl);
      await staff.getByRole('heading', { name: 'Outcome: Accepted' }).waitFor();
      const text = await download(/Download for the GP record/);
      const bundle = JSON.parse(text);
      const codes = bundle.entry.flatMap((e) => (e.resource.code?.coding ?? []).map((c) => `${e.resource.resourceType}:${c.code}`));
      assert(bundle.resourceType === 'Bundle', 'a FHIR Bundle');
      assert(codes.includes('ServiceRequest:871731000000106'), `the referral coded in SNOMED CT, got ${codes}`);
      assert(bundle.entry.some((e) => e.resource.resourceType === 'Observation' && /Accepted/.test(e.resource.code.text)), 'the outcome');
      assert(bundle.entry.filter((e) => e.resource.resourceType === 'Observation').length >= 2, 'the shared stress rating too');
      keep('gp-bundle-with-self-ratings.json', text);
      await staff.getByRole('link', { name: 'Open their participant page' }).click();
      await staff.getByRole('heading', { name: 'Sam Rivers', level: 1 }).waitFor();
      keep('participant-bundle.json', await download(/Download for the clinical record/));
    }],
    ['the second referral (given to them) is declined after reaching them through probation; its GP Bundle is codes only', async () => {
      await staff.goto(server.url + '/staff/referrals');
      await staff.getByRole('link', { name: 'Jo P' }).click();
      await staff.getByRole('heading', { name: 'Jo P', level: 1 }).waitFor();
      await staff.getByText('Assigned to you (Lin Worker).').waitFor();
      await staff.getByLabel('Through probation').check();
      await staff.getByLabel('Reached them').check();
      await staff.getByLabel(/I checked I was speaking to the person referred/).check();
      await staff.getByRole('button', { name: 'Record attempt' }).click();
      await staff.getByText('Through probation: Reached them').waitFor();
      await staff.getByLabel('Declined').check();
      await staff.getByRole('button', { name: 'Continue' }).click();
      await staff.getByRole('button', { name: 'Yes, record and close' }).click();
      await staff.getByRole('heading', { name: 'Outcome: Declined' }).waitFor();
      await staff.getByText('The GP record receives the referral and its outcome as codes only, as they chose.').waitFor();
      const text = await download(/Download for the GP record/);
      const codes = JSON.parse(text).entry.flatMap((e) => (e.resource.code?.coding ?? []).map((c) => `${e.resource.resourceType}:${c.code}`));
      assert(codes.includes('Observation:871711000000103'), `declined coded in SNOMED CT, got ${codes}`);
      assert(codes.filter((c) => c.startsWith('Observation:')).length === 1, 'codes only: no self-ratings');
      keep('gp-bundle-codes-only.json', text);
    }],
    ['every FHIR document of the journey passes the external validator', async () => {
      const names = ['participant-bundle.json', 'gp-bundle-with-self-ratings.json', 'gp-bundle-codes-only.json',
        'operation-outcome.json', 'service-request.json'];
      const checked = spawnSync(join(root, 'scripts/fhir-validate.sh'), [fhirDocuments, ...names], { encoding: 'utf8' });
      assert(checked.status === 0, `fhir.resources accepts them: ${checked.stdout}${checked.stderr}`);
      console.log(checked.stdout.trim().split('\n').map((line) => `  ${line}`).join('\n'));
    }],
  ]);
  assert(problems.length === 0, `no script errors, got: ${problems.join('; ')}`);
  console.log('referral journey passed');
} finally {
  await browser.close();
  server.stop();
}
