// Drives Swagger UI in headless Chromium: every tag's operations are listed; "Try it out" on
// GET /api/v1/alerts answers 401 until the API key is entered under Authorize, then 200 with the
// alert. Exits non-zero on any failure.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const [baseUrl, apiKey, screenshot] = process.argv.slice(2);
// the status cell reads "401" and, for an undocumented status, "Undocumented" below it
const statusCode = (text) => text.trim().split(/\s+/)[0];
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
  await page.goto(`${baseUrl}/swagger-ui.html`);
  await page.waitForSelector('.opblock', { timeout: 30000 });

  for (const tag of ['ingest', 'Elasticsearch-compatible', 'rules', 'alerts', 'ATT&CK']) {
    const section = page.locator(`.opblock-tag[data-tag="${tag}"]`);
    if (await section.count() !== 1) throw new Error(`tag ${tag} is not listed`);
  }
  const paths = await page.locator('.opblock-summary-path').evaluateAll(
    (nodes) => nodes.map((node) => node.getAttribute('data-path')));
  for (const path of ['/api/v1/events', '/api/v1/alerts', '/api/v1/alerts/{id}', '/api/v1/alerts/_status',
    '/api/v1/rules', '/api/v1/attack/coverage', '/api/v1/attack/navigator-layer', '/_bulk']) {
    if (!paths.includes(path)) throw new Error(`operation ${path} is not listed (found ${paths.join(', ')})`);
  }

  const alerts = page.locator('.opblock-get', {
    has: page.locator('.opblock-summary-path[data-path="/api/v1/alerts"]'),
  });
  await alerts.locator('.opblock-summary').click();
  await alerts.locator('.try-out__btn').click();
  const status = alerts.locator('.live-responses-table tr.response .response-col_status').first();
  await alerts.locator('.execute').click();
  await status.waitFor({ timeout: 30000 });
  const unauthorized = statusCode(await status.innerText());
  if (unauthorized !== '401') throw new Error(`without a key, GET /api/v1/alerts answered ${unauthorized}`);

  await page.locator('.auth-wrapper .authorize').click();
  const bearer = page.locator('.auth-container', { hasText: 'bearer' });
  await bearer.locator('input').fill(apiKey);
  await bearer.locator('button.authorize').click();
  await page.locator('.modal-ux .close-modal').click();

  await alerts.locator('.execute').click();
  await page.waitForFunction(
    () => [...document.querySelectorAll('.live-responses-table tr.response .response-col_status')]
      .some((cell) => cell.textContent.trim().startsWith('200')), null, { timeout: 30000 });
  const code = statusCode(await status.innerText());
  if (code !== '200') throw new Error(`Try it out on GET /api/v1/alerts with the key answered ${code}`);
  const body = await alerts.locator('.live-responses-table tr.response .response-col_description pre').first().innerText();
  if (!body.includes('Incoming Execution via PowerShell Remoting')) {
    throw new Error(`the response does not show the seed alert: ${body.slice(0, 300)}`);
  }
  await alerts.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshot, fullPage: false });
  console.log(`swagger-ui: ${paths.length} operations listed; Try it out on GET /api/v1/alerts answered 401, ` +
    'then 200 once authorized with the API key; ' +
    `screenshot in ${screenshot}`);
} finally {
  await browser.close();
}
