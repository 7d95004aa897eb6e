// Every page of both apps, the way the NHS App behaves: after each menu change the page starts at
// the top with focus on its h1, the tab has the page's own title and the menu marks the open page
// (aria-current). On every page: each control is at least 44x44 px (links inside a sentence
// excepted, WCAG 2.5.8), nothing scrolls sideways at 320 px wide, nor with text at 200%, dark mode
// keeps AA contrast, and axe finds nothing serious. The participant's pages, then Steady for staff
// as a link worker (with referrals), a group leader and an administrator.
import { assert, expectAccessible, launch, screenshot, startServer, steps, watch } from './harness.mjs';

const server = await startServer();
const browser = await launch();
const viewport = { width: 360, height: 740 };
const password = 'a long and memorable passphrase';
const problems = [];
// Each app's tab titles, by the page (path, ids left out) that showed them: one title per page.
const titles = { participant: new Map(), staff: new Map() };
let checked = 0;

async function newPage() {
  const page = await (await browser.newContext({ viewport })).newPage();
  watch(page, problems);
  return page;
}

/** Controls smaller than 44x44 px. A radio, a checkbox or a hidden input is used through its label, so
 * the label is measured; a link in a sentence (text beside it in the same line box) is excepted. */
async function smallTargets(page) {
  return page.evaluate(() => {
    const small = [];
    for (const el of document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary')) {
      if (!el.checkVisibility()) continue;
      let { left, right, width, height } = el.getBoundingClientRect();
      if (right <= 0 || left >= innerWidth) continue; // the skip link, until it has focus
      const byLabel = el.matches('input[type="radio"], input[type="checkbox"]') || getComputedStyle(el).opacity === '0';
      if (byLabel && el.labels?.length) {
        const label = el.labels[0].getBoundingClientRect();
        width = Math.max(width, label.width);
        height = Math.max(height, label.height);
      }
      const inSentence = el.tagName === 'A' && [...el.parentElement.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      if (inSentence) continue;
      if (width < 44 || height < 44) {
        small.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.id || el.name).trim().slice(0, 40)}" ${Math.round(width)}x${Math.round(height)}`);
      }
    }
    return small;
  });
}

/** The innermost elements that reach past the right edge, to say what overflows. */
const widest = (page) => page.evaluate(() => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5))
  .slice(0, 5)
  .map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute('class')} "${el.textContent.trim().slice(0, 30)}" to ${Math.round(el.getBoundingClientRect().right)}`));

const sideways = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Dark mode: axe's colour-contrast rule, any impact, with the phone set to dark. */
async function expectDarkContrast(page, name) {
  await page.emulateMedia({ colorScheme: 'dark' });
  const result = await page.evaluate(() => globalThis.axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] } }));
  await page.emulateMedia({ colorScheme: 'light' });
  const bad = result.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.any[0]?.message ?? v.help}`));
  assert(bad.length === 0, `dark mode keeps AA contrast on ${name}:\n  ${bad.join('\n  ')}`);
}

/** Everything that holds on every page, checked as it is now. */
async function comfortable(page, name) {
  await page.locator('main h1').first().waitFor();
  await expectAccessible(page, name);
  await expectDarkContrast(page, name);
  await page.setViewportSize({ width: 320, height: 640 });
  const small = await smallTargets(page);
  assert(small.length === 0, `every control on ${name} is at least 44x44 px at 320 px wide: ${small.join('; ')}`);
  assert(await sideways(page) <= 0, `${name} fits 320 px (overflows by ${await sideways(page)} px)`);
  await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
  const wide = await sideways(page);
  // The menus are fixed or wrap, so they cannot push the page sideways: check their words fit them.
  const clipped = await page.evaluate(() => [...document.querySelectorAll('nav a')]
    .filter((a) => a.scrollWidth > a.clientWidth + 1).map((a) => a.textContent));
  await screenshot(page, `50-${name.replace(/\W+/g, '-')}-320px-200pc`);
  const culprits = wide > 0 ? await widest(page) : [];
  await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
  assert(wide <= 0, `${name} fits 320 px with text at 200% (overflows by ${wide} px: ${culprits.join('; ')})`);
  assert(clipped.length === 0, `the menu's words fit their items on ${name} with text at 200%, not ${clipped.join(', ')}`);
  await page.setViewportSize(viewport);
  checked += 1;
}

/** Where a page change lands: at the top, focus on the h1, the tab titled for the page. */
async function arrived(page, app, heading) {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  assert(await page.evaluate(() => window.scrollY) === 0, `${heading} starts at the top`);
  await noteTitle(page, app);
}

/** Records the tab title: it names the app, and no other page of the app has it. */
async function noteTitle(page, app) {
  const title = await page.title();
  const path = new URL(page.url()).pathname.replace(/\/[0-9a-f-]{36}/g, '/:id');
  const suffix = app === 'staff' ? ' – Steady for staff' : ' – Steady';
  assert(title.endsWith(suffix), `${path} is titled for the page and the app, not "${title}"`);
  const seen = titles[app].get(title);
  assert(seen === undefined || seen === path, `"${title}" is the title of ${path} alone, but ${seen} has it too`);
  titles[app].set(title, path);
}

/** From the bottom of the page, a menu item: the page changes as the NHS App's do. */
async function viaMenu(page, menu, label, app, heading) {
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const nav = page.getByRole('navigation', { name: menu });
  await nav.getByRole('link', { name: label, exact: true }).click();
  await arrived(page, app, heading);
  const current = nav.locator('[aria-current="page"]');
  assert(await current.count() === 1 && (await current.textContent()).trim() === label, `the menu marks ${label} as open`);
}

/** Opens an address directly (no page change to check), and notes its title. */
async function opened(page, path, app, heading) {
  await page.goto(server.url + path);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await noteTitle(page, app);
}

async function signIn(page, email, heading) {
  await page.goto(server.url + '/staff');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await arrived(page, 'staff', heading);
}

try {
  server.addStaff('admin', 'Ada Admin', 'ada@steady.test', password);
  server.addStaff('leader', 'Lee Leader', 'lee@steady.test', password);
  server.addStaff('link-worker', 'Lin Worker', 'lin@steady.test', password);
  const phone = await newPage();
  const worker = await newPage();
  const leader = await newPage();
  const admin = await newPage();
  await steps([
    ['participant: every page from the menu, the header and links', async () => {
      await phone.goto(server.url + '/');
      // The loading shell draws the same heading before the app is there: wait for the app itself.
      await phone.locator('#boot').waitFor({ state: 'detached' });
      await phone.getByRole('heading', { level: 1, name: 'How are you today?' }).waitFor();
      await noteTitle(phone, 'participant');
      await phone.getByRole('group', { name: 'How are you feeling overall?' }).getByText('6', { exact: true }).click();
      await phone.getByRole('group', { name: 'How stressed do you feel?' }).getByText('3', { exact: true }).click();
      await phone.getByRole('button', { name: 'Save' }).click();
      await phone.getByText(/Saved today at/).waitFor();
      await comfortable(phone, 'home');
      for (const [label, heading] of [['Groups', 'Groups'], ['History', 'Your history'], ['Wellbeing', 'Wellbeing questions'], ['My data', 'My data']]) {
        await viaMenu(phone, 'Main menu', label, 'participant', heading);
        await comfortable(phone, label.toLowerCase());
      }
      await phone.getByRole('link', { name: 'Sharing settings' }).click();
      await arrived(phone, 'participant', /Sharing|Link/);
      await comfortable(phone, 'sharing');
      await phone.getByRole('banner').getByRole('link', { name: 'Get help now' }).click();
      await arrived(phone, 'participant', 'Get help now');
      await comfortable(phone, 'get help now');
      await viaMenu(phone, 'Main menu', 'Groups', 'participant', 'Groups');
      await phone.locator('article.session-card a').first().click();
      await arrived(phone, 'participant', /.+/);
      await comfortable(phone, 'group session');
      await opened(phone, '/no-such-page', 'participant', 'Page not found');
      await comfortable(phone, 'not found');
      await viaMenu(phone, 'Main menu', 'Home', 'participant', 'How are you today?');
    }],
    ['participant: the menu steps aside while typing', async () => {
      await phone.setViewportSize({ width: 360, height: 640 });
      await phone.getByText('Add a note (optional)').click();
      const menu = phone.getByRole('navigation', { name: 'Main menu' });
      await phone.getByLabel('Note', { exact: true }).focus();
      await menu.waitFor({ state: 'hidden' });
      await phone.getByLabel('Note', { exact: true }).blur();
      await menu.waitFor({ state: 'visible' });
    }],
    ['link worker: caseload first, then reports and a participant', async () => {
      await signIn(worker, 'lin@steady.test', 'Your caseload');
      const headings = await worker.locator('main h2').allTextContents();
      assert(headings.indexOf('Who may need a call') < headings.indexOf('Add a participant'), `the caseload comes before enrolling, got ${headings}`);
      await worker.getByLabel('Name or reference').fill('Pat');
      await worker.getByLabel('Probation').check();
      await worker.getByRole('button', { name: 'Add participant' }).click();
      await worker.getByRole('heading', { name: 'Linking code for Pat' }).waitFor();
      await comfortable(worker, 'caseload');
      await viaMenu(worker, 'Staff menu', 'Reports', 'staff', 'Reports');
      await comfortable(worker, 'reports');
      await worker.getByRole('button', { name: 'Show report' }).click();
      await worker.waitForFunction(() => document.activeElement?.getAttribute('aria-labelledby') === 'report-title');
      await viaMenu(worker, 'Staff menu', 'Referrals', 'staff', 'Referrals');
      await comfortable(worker, 'referrals');
      await worker.getByRole('link', { name: 'New referral' }).click();
      await arrived(worker, 'staff', 'New referral');
      await comfortable(worker, 'new referral');
      await viaMenu(worker, 'Staff menu', 'Caseload', 'staff', 'Your caseload');
      await worker.locator('.caseload__row').getByRole('link', { name: 'Pat' }).click();
      await arrived(worker, 'staff', 'Pat');
      assert(await worker.getByRole('navigation', { name: 'Staff menu' }).locator('[aria-current="page"]').textContent() === 'Caseload',
        'a participant is inside the caseload');
      await comfortable(worker, 'participant');
    }],
    ['group leader: their sessions and a register', async () => {
      const assigned = await admin.request.post(`${server.url}/api/v1/staff/sign-in`,
        { data: { email: 'ada@steady.test', password }, headers: { Origin: server.url } });
      assert(assigned.ok(), 'the admin signs in');
      const schedule = await (await admin.request.get(server.url + '/api/v1/sessions')).json();
      const walk = schedule.sessions.find((s) => s.group_name === 'Drop-in walk and talk' && new Date(s.starts_at) <= new Date());
      const made = await admin.request.post(`${server.url}/api/v1/groups/${walk.group_id}/leaders`,
        { data: { email: 'lee@steady.test' }, headers: { Origin: server.url } });
      assert(made.status() === 204, 'Lee leads the drop-in walk');
      await signIn(leader, 'lee@steady.test', 'Your sessions');
      await comfortable(leader, 'your sessions');
      await leader.getByRole('link', { name: 'Take the register' }).first().click();
      await arrived(leader, 'staff', 'Drop-in walk and talk');
      await leader.getByText(/here\. Everything is sent\./).waitFor();
      await comfortable(leader, 'register');
      await viaMenu(leader, 'Staff menu', 'Your sessions', 'staff', 'Your sessions');
    }],
    ['administrator: administration, and back to it from a missing page', async () => {
      // Already signed in (above), opening Steady for staff goes straight to the role's home.
      await admin.goto(server.url + '/staff');
      await arrived(admin, 'staff', 'Administration');
      assert(new URL(admin.url()).pathname === '/staff/access-log', 'an administrator lands on administration');
      await admin.getByText('Leads Drop-in walk and talk.', { exact: false }).first().waitFor();
      await comfortable(admin, 'administration');
      await viaMenu(admin, 'Staff menu', 'Referrals', 'staff', 'Referrals');
      await viaMenu(admin, 'Staff menu', 'Administration', 'staff', 'Administration');
      await opened(admin, '/staff/no-such-page', 'staff', 'Page not found');
      await comfortable(admin, 'staff not found');
      await viaMenu(admin, 'Staff menu', 'Administration', 'staff', 'Administration');
    }],
    ['signed out: sign in and set a password', async () => {
      const page = await newPage();
      await opened(page, '/staff', 'staff', 'Staff sign in');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('link', { name: 'Enter your email address.' }).click();
      assert(await page.evaluate(() => document.activeElement?.id) === 'staff-email', 'the error links to the email field');
      await comfortable(page, 'staff sign in');
      await opened(page, '/staff/set-password', 'staff', 'Set your password');
      await comfortable(page, 'set password');
    }],
  ]);
  assert(problems.length === 0, `no script errors, got: ${problems.join('; ')}`);
  console.log(`pages check passed: ${checked} pages; ${titles.participant.size} participant and ${titles.staff.size} staff tab titles, all different`);
} finally {
  await browser.close();
  server.stop();
}
