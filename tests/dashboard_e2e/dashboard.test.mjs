// The dashboard end to end in Debian's headless Chromium: the real binary on a free loopback port with a
// throw-away config and database; an editor signs in, a wrong form shows its problems beside the fields, a post is
// scheduled and appears in the calendar, an idea an ambassador sent in chat is approved, and the impact charts,
// fed by a post that went out, an ambassador's share links and clicks on them, draw non-blank pixels.
// Usage: node dashboard.test.mjs <ambassador-bot binary> (ctest passes it; see tests/CMakeLists.txt).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import puppeteer from 'puppeteer-core';

const binary = process.argv[2];
const here = dirname(fileURLToPath(import.meta.url));
const screenshots = process.env.DASHBOARD_E2E_SCREENSHOTS ?? join(process.cwd(), 'dashboard_e2e');
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
const editorToken = 'e2e-editor-token-0123456789abcdef0123456789';
const kB = 1024;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function config(port, dataDir) {
  return `themes = ["groen", "wijk"]

[organisation]
name = "Gemeente Proefstad"
language = "nl"

[http]
address = "127.0.0.1"
port = ${port}
public_base_url = "http://127.0.0.1:${port}"

[storage]
data_dir = "${dataDir}"

[[departments]]
id = "wijkbeheer"
name = "Wijkbeheer"
  [[departments.channels]]
  platform = "local"
  id = "wijkbeheer-ambassadeurs"
  purpose = "ambassadors"

[[ambassadors]]
name = "Anna de Vries"
department = "wijkbeheer"
platform = "local"
user_id = "anna"
themes = ["wijk"]

[[api_tokens]]
name = "e2e-editor"
token = "env:E2E_EDITOR_TOKEN"
role = "editor"

[impact]
[[impact.baseline_months]]
month = "2026-01"
shares = 10
unique_clicks = 60

[platforms.local]
enabled = true
`;
}

async function until(what, check, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main() {
  assert.ok(binary && existsSync(binary), `usage: node dashboard.test.mjs <ambassador-bot>; got ${binary}`);
  assert.ok(chromium, 'Debian chromium is not installed: run deploy/install-deps.sh');
  mkdirSync(screenshots, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'ambassador-dashboard-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  writeFileSync(join(dir, 'config.toml'), config(port, join(dir, 'data')));
  const service = spawn(binary, ['serve', '--config', join(dir, 'config.toml')], {
    env: { ...process.env, E2E_EDITOR_TOKEN: editorToken }, stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => service.on('exit', resolve));
  let browser;
  try {
    await until('the service', async () => (await fetch(`${base}/readyz`)).ok);
    const api = async (method, path, body) => {
      const response = await fetch(base + path, { method, headers: { Authorization: `Bearer ${editorToken}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body && JSON.stringify(body) });
      return { status: response.status, body: await response.json() };
    };
    const say = (message) => fetch(`${base}/local/messages`, { method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel: 'wijkbeheer-ambassadeurs', user: 'anna', id: `m${Math.random()}`, ...message }) });

    // Data for the charts: a post that goes out at once, Anna's share links, a share and clicks on them.
    const soon = new Date(Date.now() + 1500).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const live = await api('POST', '/api/v1/posts', { title: 'Wijkfeest', link_url: 'https://example.org/feest',
      themes: ['wijk'], publish_at: soon });
    assert.equal(live.status, 201, JSON.stringify(live.body));
    await until('the post to go out', async () => (await api('GET', `/api/v1/posts/${live.body.id}`)).body.status === 'sent');
    await say({ action: 'share.links', value: `p${live.body.id}` });
    const links = await until('the share links', async () => {
      const text = await (await fetch(`${base}/local/channels/wijkbeheer-ambassadeurs/messages?user=anna`)).text();
      const found = [...new Set(text.match(/\/s\/[A-Za-z0-9_-]+/g) ?? [])];
      return found.length ? found : undefined;
    });
    for (const link of links) {
      const share = await fetch(base + link, { redirect: 'manual' });
      assert.equal(share.status, 302);
      const tracked = link.replace('/s/', '/r/');  // the same token: /s/ logs the share, /r/ the click
      for (const agent of ['Mozilla/5.0 reader-one', 'Mozilla/5.0 reader-two'])
        await fetch(base + tracked, { redirect: 'manual', headers: { 'User-Agent': agent } });
    }
    // An idea, sent in chat as an ambassador sends it.
    await say({ text: '/idee Fietsenstalling bij het station https://example.org/fiets' });
    await until('the idea', async () => (await api('GET', '/api/v1/ideas?status=pending')).body.ideas.length === 1);

    browser = await puppeteer.launch({ executablePath: chromium, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 900 });
    const problems = [];
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
    page.on('pageerror', (error) => problems.push(error.message));
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    let transferred = 0;
    cdp.on('Network.loadingFinished', (event) => { transferred += event.encodedDataLength; });

    // First load: the sign-in page.
    await page.goto(`${base}/app`, { waitUntil: 'networkidle0' });
    console.log(`dashboard first load: ${(transferred / kB).toFixed(1)} KB transferred`);
    assert.ok(transferred < 300 * kB, `first load ${transferred} bytes, more than 300 KB`);
    await page.waitForSelector('#token', { visible: true });

    // A wrong token is refused on the page.
    await page.type('#token', 'not-the-token');
    await page.click('#sign-in-form button[type=submit]');
    await page.waitForFunction(() => document.getElementById('sign-in-error').textContent.length > 0);

    await page.$eval('#token', (input) => { input.value = ''; });
    await page.type('#token', editorToken);
    await page.click('#sign-in-form button[type=submit]');
    await page.waitForSelector('#view-calendar:not([hidden])');
    assert.equal(await page.$eval('html', (html) => html.lang), 'nl');

    // Compose: a post without title or link shows the API's problems next to those fields.
    await page.goto(`${base}/app#compose`);
    await page.waitForSelector('#view-compose:not([hidden])');
    await page.click('#schedule');
    await page.waitForFunction(() => document.getElementById('problem-title').textContent.includes('title'));
    assert.match(await page.$eval('#problem-link_url', (p) => p.textContent), /link_url/);
    assert.equal(await page.$eval('#f-title', (input) => input.getAttribute('aria-invalid')), 'true');

    // ... and with them, it is scheduled for tomorrow 09:00 and shows in that week's calendar.
    const tomorrow = new Date(Date.now() + 86400000);
    const pad = (n) => String(n).padStart(2, '0');
    const local = `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T09:00`;
    await page.type('#f-title', 'Bomenplantdag');
    await page.type('#f-link_url', 'https://example.org/bomen');
    await page.type('#f-suggested_text', 'Plant je mee?');
    await page.click('#f-themes input[value=groen]');
    await page.$eval('#f-publish_at', (input, value) => { input.value = value; }, local);
    await page.click('#schedule');
    await page.waitForSelector('#view-calendar:not([hidden])');
    await page.waitForFunction(() => [...document.querySelectorAll('#week-days .post.scheduled')]
      .some((item) => item.textContent.includes('Bomenplantdag')));
    const scheduled = (await api('GET', '/api/v1/posts?status=scheduled')).body.posts;
    assert.equal(scheduled.length, 1);
    assert.equal(scheduled[0].title, 'Bomenplantdag');

    // Recalling it from the calendar (after the confirmation) cancels it.
    page.once('dialog', (dialog) => dialog.accept());
    await page.evaluate(() => [...document.querySelectorAll('#week-days .post.scheduled')]
      .find((item) => item.textContent.includes('Bomenplantdag')).querySelectorAll('button')[1].click());
    await page.waitForFunction(() => [...document.querySelectorAll('#week-days .post.cancelled')]
      .some((item) => item.textContent.includes('Bomenplantdag')));
    assert.equal((await api('GET', `/api/v1/posts/${scheduled[0].id}`)).body.status, 'cancelled');

    // The idea queue: approve Anna's idea.
    await page.goto(`${base}/app#ideas`);
    await page.waitForFunction(() => document.getElementById('ideas').textContent.includes('Fietsenstalling'));
    await page.click('#ideas button');
    await page.waitForFunction(() => document.getElementById('status').textContent.includes('goedgekeurd'));
    assert.equal((await api('GET', '/api/v1/ideas?status=approved')).body.ideas.length, 1);

    // The impact charts, with data.
    await page.goto(`${base}/app#stats`);
    await page.waitForFunction(() => document.body.dataset.chartsDrawn === 'yes');
    await page.screenshot({ path: join(screenshots, 'dashboard-stats.png'), fullPage: true });
    const shares = await page.$eval('#totals', (totals) => totals.textContent);
    assert.match(shares, /Deelacties\d/, 'the totals show the shares');
    // The leaderboard: a table per list with its caption; Anna did not choose to be named, so she is counted only.
    await page.waitForSelector('#leaderboard-tables table caption');
    const board = await page.$$eval('#leaderboard-tables table', (tables) => tables.map((table) => table.textContent));
    assert.equal(board.length, 2);
    assert.match(board[0], /^Naar deelacties.*1 collega zonder naam\d+$/);
    assert.doesNotMatch(board.join(' '), /Anna/);
    // Each canvas has ink, and the series' own colours (not only axes and grid lines) are in it.
    const charts = { 'chart-time': [11, 92, 173], 'chart-value': [130, 80, 223], 'chart-department': [11, 92, 173],
      'chart-theme': [26, 127, 55] };
    for (const [id, [r, g, b]] of Object.entries(charts)) {
      const { inked, coloured } = await page.$eval(`#${id}`, (canvas, r, g, b) => {
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let inked = 0, coloured = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3] === 0) continue;
          ++inked;
          if (Math.abs(data[i] - r) < 8 && Math.abs(data[i + 1] - g) < 8 && Math.abs(data[i + 2] - b) < 8) ++coloured;
        }
        return { inked, coloured };
      }, r, g, b);
      assert.ok(inked > 500 && coloured > 20, `${id}: ${inked} pixels drawn, ${coloured} in the data's colour`);
    }

    // On a phone the page still fits its width.
    await page.setViewport({ width: 375, height: 740, isMobile: true });  // reloads the page: wait for the charts
    await page.waitForFunction(() => document.body.dataset.chartsDrawn === 'yes');
    await page.screenshot({ path: join(screenshots, 'dashboard-stats-phone.png'), fullPage: true });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
      'no sideways scrolling on a phone');

    // The 401 (no session yet, a wrong token) and the 422 (the form's problems) were asked for; anything else, a
    // script error or a Content-Security-Policy violation, fails the test.
    const unexpected = problems.filter((text) => !/status of (401|422)/.test(text));
    assert.deepEqual(unexpected, [], 'no script errors or CSP violations');
    console.log(`dashboard e2e passed; screenshots in ${screenshots}`);
  } finally {
    await browser?.close();
    service.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
