// report_publish.mjs: see report_publish.sh. Prints TAP points without numbers.
// Env: ZF_URL, ZF_DB (an SQLite file or a PostgreSQL URI), ZF_BIN.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;
const A = { login: 'arev', password: 'Agency-A-rev-2026' }; // reviewer of agency 2
const B = { login: 'brev', password: 'Agency-B-rev-2026' }; // reviewer of agency 3

const P1 = '<script>alert(1)</script>';
const P2 = '"><img src=x onerror=alert(1)>';
const BOTH = `${P1}${P2}`;

function ok(cond, desc, diag) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${desc}`);
	if (!cond && diag !== undefined)
		console.log(String(diag).split('\n').map((l) => `#   ${l}`).join('\n'));
	return cond;
}

function snapshot() {
	return execFileSync(join(here, 'sql'), [db,
		'SELECT * FROM published_reports ORDER BY agency_id, year;' +
		' SELECT agency_id, year, published_at FROM report_drafts ORDER BY 1, 2;'], { encoding: 'utf8' });
}

async function signIn(page, who) {
	await page.goto(`${base}/login`);
	await page.fill('#login', who.login);
	await page.fill('#password', who.password);
	await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

const thisYear = Number(new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 4)); // Beijing
const past = thisYear - 1;

async function main() {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	const dialogs = [];
	try {
		const ctx = await browser.newContext({ locale: 'zh-CN' });
		const page = await ctx.newPage();
		page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
		await signIn(page, A);
		const ws = `${base}/console/reports/2/${past}`;
		await page.goto(ws);
		const tok = await page.getAttribute('input[name=_csrf]', 'value');
		const post = (url, form, opts = {}) => page.request.post(url, { form, maxRedirects: 0, ...opts });

		let res = await post(ws, { _csrf: tok, action: 'generate' });
		ok(res.status() === 303 || res.status() === 302, `the ${past} workspace's tables are generated (${res.status()})`);
		res = await post(ws, {
			_csrf: tok, action: 'text',
			overview: `${BOTH}总体第一段。\n\n总体第二段。`, problems: '问题甲：说理不足。', other_matters: '事项乙：未收费。',
		});
		ok(res.status() === 303 || res.status() === 302, `parts 一、五、六 are saved (${res.status()})`);

		// the form carries the two checkboxes
		await page.goto(ws);
		ok(await page.locator('form:has(input[name=action][value=publish]) input[type=checkbox][name=confirm]').count() === 1,
			'the publish form has the 确认发布 checkbox');
		ok((await page.textContent('form:has(input[name=action][value=publish])')).includes('第二项确无数据'),
			'and the 第二项确无数据 checkbox');

		const before = snapshot();
		res = await post(ws, { _csrf: tok, action: 'publish' });
		let body = await res.text();
		ok(res.status() === 422 && body.includes('确认发布'), `without 确认发布: 422 with a Chinese message (${res.status()})`);
		ok(snapshot() === before, 'and nothing is published (database unchanged)');

		res = await post(ws, { _csrf: tok, action: 'publish', confirm: '1' });
		body = await res.text();
		ok(res.status() === 422 && body.includes('第二项确无数据'), `a blank table 二 without 第二项确无数据: 422 (${res.status()})`);
		ok(snapshot() === before, 'and nothing is published (database unchanged)');

		const cur = `${base}/console/reports/2/${thisYear}`;
		await post(cur, { _csrf: tok, action: 'generate' });
		const before2 = snapshot();
		res = await post(cur, { _csrf: tok, action: 'publish', confirm: '1', confirm_empty_t2: '1' });
		body = await res.text();
		ok(res.status() === 422 && body.includes('尚未结束'), `the ${thisYear} report (year not ended) is refused: ${res.status()}`);
		ok(snapshot() === before2, 'and nothing is published (database unchanged)');
		res = await page.request.get(`${base}/reports/2/${thisYear}`);
		ok(res.status() === 404, `/reports/2/${thisYear} stays absent (${res.status()})`);

		res = await post(ws, { action: 'publish', confirm: '1', confirm_empty_t2: '1' });
		ok(res.status() === 403 && snapshot() === before2, `publishing without the CSRF token: 403, unchanged (${res.status()})`);

		const bctx = await browser.newContext({ locale: 'zh-CN' });
		const bp = await bctx.newPage();
		await signIn(bp, B);
		await bp.goto(`${base}/console/reports/3/${past}`);
		const btok = await bp.getAttribute('input[name=_csrf]', 'value');
		res = await bp.request.post(ws, { form: { _csrf: btok, action: 'publish', confirm: '1', confirm_empty_t2: '1' }, maxRedirects: 0 });
		ok(res.status() === 404 && snapshot() === before2, `another agency's reviewer: 404, unchanged (${res.status()})`);
		await bctx.close();

		// through the form, as a reviewer would
		await page.goto(ws);
		await page.check('input[name=confirm]');
		await page.check('input[name=confirm_empty_t2]');
		await Promise.all([page.waitForNavigation(), page.click('form:has(input[name=action][value=publish]) button[type=submit]')]);
		ok(snapshot() !== before2, 'with both ticked the report is published');

		// the public page: 一 to 六 in order, the parts as paragraphs of text
		const pub = await ctx.newPage();
		pub.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
		res = await pub.goto(`${base}/reports/2/${past}`);
		ok(res.status() === 200, `/reports/2/${past} opens`);
		const heads = await pub.$$eval('article h2', (h) => h.map((x) => x.textContent.trim().slice(0, 1)));
		ok(JSON.stringify(heads) === JSON.stringify(['一', '二', '三', '四', '五', '六']), 'the public page has parts 一 to 六 in order', heads.join(','));
		const paras = await pub.$$eval('#part1 p', (p) => p.map((x) => x.textContent));
		ok(paras.length === 2 && paras[0] === `${BOTH}总体第一段。` && paras[1] === '总体第二段。', 'part 一: two paragraphs, the script shown as text', JSON.stringify(paras));
		ok((await pub.textContent('#part5')).includes('问题甲：说理不足。'), 'part 五 is shown');
		ok((await pub.textContent('#part6')).includes('事项乙：未收费。'), 'part 六 is shown');
		const dom = await pub.evaluate(() => document.querySelectorAll('img[src="x"], [onerror]').length + [...document.scripts].filter((s) => !s.src).length);
		ok(dom === 0, 'no injected element or script on the public page');

		// the print version
		res = await pub.request.get(`${base}/reports/2/${past}.html`);
		const html = await res.text();
		const at = ['一、总体情况', '二、', '三、', '四、', '五、存在的主要问题及改进情况', '六、其他需要报告的事项'].map((s) => html.indexOf(`>${s}`));
		ok(res.status() === 200 && at.every((x, i) => x > 0 && (i === 0 || x > at[i - 1])), 'the print version has 一 to 六 in order', at.join(','));
		ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;') && !html.includes(P1) && html.includes('事项乙：未收费。'),
			'the print version escapes the parts');

		// every report /reports lists opens
		await pub.goto(`${base}/reports`);
		const links = await pub.$$eval('table.reports-list a:not([download])', (a) => a.map((x) => x.getAttribute('href')));
		const bad = [];
		for (const l of links) {
			const r = await pub.request.get(`${base}${l}`);
			if (r.status() !== 200)
				bad.push(`${l}: ${r.status()}`);
		}
		ok(links.length >= 3 && bad.length === 0, `every report /reports lists opens (${links.length})`, bad.join('\n'));
		ok(links.includes('/reports/1/2024'), '/reports/1/2024 is listed (the demo publishes every catalogued year)');
		const dates = await pub.$$eval('table.reports-list tbody tr', (rows) => rows.map((r) => [r.cells[0].textContent, r.cells[2].textContent]));
		const demo = dates.filter(([y]) => Number(y) < past || y === String(past));
		ok(demo.some(([y, d]) => d === `${Number(y) + 1}-01-15`), 'the seeded reports are dated 15 January of the next year', JSON.stringify(dates.slice(0, 4)));

		// the 长者模式 switch keeps the path and the query
		await pub.goto(`${base}/reports?agency=2`);
		const href = await pub.getAttribute('a.font-toggle', 'href');
		ok(href === '/reports?agency=2&font=large', `the 长者模式 link keeps the query (${href})`);
		await Promise.all([pub.waitForNavigation(), pub.click('a.font-toggle')]);
		ok(pub.url().includes('agency=2') && (await pub.getAttribute('body', 'class') || '').includes('large') &&
			await pub.$eval('#f-agency', (s) => s.value) === '2', 'after switching, the filter is kept and the font is large');
		const back = await pub.getAttribute('a.font-toggle', 'href');
		ok(back === '/reports?agency=2&font=normal', `the way back keeps it too (${back})`);
		ok(dialogs.length === 0, 'no dialog opened', dialogs.join('\n'));
		await ctx.close();
	} finally {
		await browser.close();
	}
}

main().catch((e) => {
	ok(false, 'the script ran to the end', e && e.stack ? e.stack : e);
	process.exitCode = 1;
});
