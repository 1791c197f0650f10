// browser_home.mjs: the home page in real Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): it renders with its stylesheet under the CSP, passes axe-core with no
// serious or critical violation, works by keyboard and without JavaScript (长者模式), fits a
// phone screen. Screenshots go to tests/e2e/artifacts/. Prints TAP points without numbers;
// browser_home.sh numbers them. Usage: ZF_URL=http://127.0.0.1:PORT node browser_home.mjs
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

function ok(cond, desc, diag) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${desc}`);
	if (!cond && diag)
		console.log(String(diag).split('\n').map((l) => `#   ${l}`).join('\n'));
	return cond;
}

// Runs axe-core in the page; returns the serious and critical violations.
async function axeViolations(page) {
	const result = await page.evaluate(`${axeSource}
		axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] } })
			.then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
				nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) })))`);
	return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function describe(violations) {
	return violations.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.join(', ')}`).join('\n');
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	try {
		// 1. desktop, JavaScript on (as most readers have it)
		const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
		const page = await context.newPage();
		const problems = [];
		page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
		page.on('pageerror', (e) => problems.push(e.message));
		page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
		page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`); });

		const res = await page.goto(`${base}/`, { waitUntil: 'load' });
		ok(res && res.status() === 200, 'home page loads (200)');
		ok((await page.title()) === '首页 - 政府信息公开', 'title is 首页 - 政府信息公开', await page.title());
		ok((await page.textContent('h1')) === '政府信息公开', 'the page heading is 政府信息公开');
		const bg = await page.$eval('.masthead', (e) => getComputedStyle(e).backgroundColor);
		ok(bg === 'rgb(168, 20, 27)', 'the stylesheet is applied under the CSP (red masthead)', bg);
		ok((await page.locator('.service').count()) === 6, 'six services are presented');
		ok(await page.locator('a[href="/apply"]').first().isVisible(), 'the application form is linked');
		ok(await page.locator('.agencies >> text=示例区人民政府办公室').isVisible(),
			'the demo agency tree is shown');

		const violations = await axeViolations(page);
		ok(violations.length === 0, 'axe-core: no serious or critical violation on the home page',
			describe(violations));

		await page.screenshot({ path: join(artifacts, 'home.png'), fullPage: true });
		ok(true, 'screenshot saved to tests/e2e/artifacts/home.png');

		await page.keyboard.press('Tab');
		const focused = await page.evaluate(() => document.activeElement && document.activeElement.textContent);
		ok(focused === '跳到主要内容', 'the first Tab reaches the skip link', focused);


		ok(problems.length === 0, 'no console error, CSP violation or failed request', problems.join('\n'));

		const res404 = await page.goto(`${base}/no/such/page`);
		ok(res404.status() === 404 && (await page.textContent('h1')) === '页面不存在',
			'the 404 page is a full Chinese page');
		const v404 = await axeViolations(page);
		ok(v404.length === 0, 'axe-core: no serious or critical violation on the 404 page', describe(v404));
		await context.close();

		// 2. 长者模式 without JavaScript: a plain link and a cookie
		const nojs = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
		const p2 = await nojs.newPage();
		await p2.goto(`${base}/`);
		const normalSize = await p2.$eval('body', (e) => parseFloat(getComputedStyle(e).fontSize));
		await p2.click('text=长者模式（大字号）');
		await p2.waitForLoadState('load');
		const largeSize = await p2.$eval('body', (e) => parseFloat(getComputedStyle(e).fontSize));
		ok(largeSize >= normalSize * 1.3, `长者模式 enlarges the type without JavaScript (${normalSize}px → ${largeSize}px)`);
		await p2.goto(`${base}/`);
		const kept = await p2.$eval('body', (e) => e.className);
		ok(kept === 'large', 'the choice is kept on the next page (cookie)', kept);
		await p2.screenshot({ path: join(artifacts, 'home-large.png'), fullPage: true });
		await p2.click('text=标准字号');
		await p2.waitForLoadState('load');
		ok((await p2.$eval('body', (e) => e.className)) === '', 'and can be switched back');
		await nojs.close();

		// 3. a phone
		const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
		const p3 = await phone.newPage();
		await p3.goto(`${base}/`);
		const overflow = await p3.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		ok(overflow <= 0, 'no horizontal scrolling on a 390px-wide phone', `overflow ${overflow}px`);
		await p3.screenshot({ path: join(artifacts, 'home-phone.png'), fullPage: true });
		await phone.close();
	} finally {
		await browser.close();
	}
}

main().catch((e) => {
	ok(false, 'browser test ran to the end', e && e.stack ? e.stack : e);
	process.exitCode = 1;
});
