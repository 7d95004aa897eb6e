// What every end-to-end journey needs: the real server on a free port with a fresh database, Debian's
// Chromium through playwright-core, axe-core scans and screenshots.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const root = resolve(import.meta.dirname, '../..');
export const screenshots = join(root, 'target/screenshots');

/** Starts target/debug/steady-server on port 0 and resolves to its base URL once it is listening.
 * `args` are passed to the server; `restart(args)` stops it and starts it again on the same address
 * and database with other arguments. */
export async function startServer(args = []) {
  const dataDir = mkdtempSync(join(tmpdir(), 'steady-e2e-'));
  const server = join(root, 'target/debug/steady-server');
  const run = (addr, extra) => {
    const child = spawn(server, ['--addr', addr, '--data-dir', dataDir, '--dist', join(root, 'dist'), ...extra],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, RUST_LOG: 'warn' } });
    const url = new Promise((resolveUrl, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        const match = out.match(/running at (http:\/\/[^\s]+)\//);
        if (match) resolveUrl(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
      setTimeout(() => reject(new Error('the server did not start within 30 s')), 30_000);
    });
    return { child, url };
  };
  let current = run('127.0.0.1:0', args);
  const url = await current.url;
  const cli = (words, input) => {
    const done = spawnSync(server, [...words, '--data-dir', dataDir],
      { input, encoding: 'utf8', env: { ...process.env, RUST_LOG: 'warn' } });
    if (done.status !== 0) throw new Error(`${words.slice(0, 2).join(' ')} failed: ${done.stderr}`);
    return done.stdout;
  };
  return {
    url,
    /** Creates a staff account with the admin CLI, as an administrator would. */
    addStaff(role, name, email, password) {
      return cli(['user', 'add', '--role', role, '--name', name, '--email', email, '--password-prompt'], password + '\n');
    },
    /** Adds a referring organisation with the CLI; resolves to its API key (the last line printed). */
    addReferrer(name, ods) {
      return cli(['referrer', 'add', '--name', name, '--ods', ods]).trim().split('\n').pop();
    },
    async restart(extra = []) {
      const stopped = new Promise((resolveExit) => current.child.once('exit', resolveExit));
      current.child.kill('SIGTERM');
      await stopped;
      current = run(url.replace('http://', ''), extra);
      await current.url;
    },
    stop() {
      current.child.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** Collects script errors and Content-Security-Policy refusals on a page into `problems`. */
export function watch(page, problems) {
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (/Content Security Policy/.test(m.text())) problems.push(m.text());
  });
}

/** Fails on any serious or critical WCAG 2.2 A/AA violation on the page as it is now. axe is loaded
 * through the DevTools protocol, as the site's Content-Security-Policy (rightly) refuses inline scripts. */
export async function expectAccessible(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => globalThis.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    const detail = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
    throw new Error(`axe found ${bad.length} serious or critical problem(s) on ${name}:\n  ${detail.join('\n  ')}`);
  }
  console.log(`  axe: ${name}: no serious or critical violations (${result.passes.length} rules passed)`);
}

export async function screenshot(page, name) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** Runs named steps in order, printing each, so a failure says which step a person would have seen fail. */
export async function steps(list) {
  for (const [name, fn] of list) {
    process.stdout.write(`- ${name}\n`);
    await fn();
  }
}

export function assert(condition, message) {
  if (!condition) throw new Error(`Expected: ${message}`);
}
