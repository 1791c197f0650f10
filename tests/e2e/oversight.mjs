// oversight.mjs: the oversight workspace (监督考核), in real Chromium, with JavaScript off.
// 1. The administrator of 示例区人民政府 (1) opens /console/oversight: 本级, 办公室 (2) and
//    住建局 (3) are rows; the figures of 住建局 equal direct SQL counts; sorting marks the
//    column; the .xlsx export reads back with the same rows.
// 2. 督办: the overdue requests listed equal the SQL count; a reminder with a note (script
//    typed in) is recorded with who and the note as text, audited, shown in the history.
// 3. The charts are SVG: one bar per agency, two lines over twelve months.
// 4. The 政府网站工作年度报表 of last year: a bad number refused (422, the item named, nothing
//    stored), a good one saved; the public page shows it and the counted figure equals SQL.
// 5. Access: 住建局's reviewer sees only 住建局 (also when asking for 办公室 or the root),
//    cannot 督办 another agency's request (404, nothing stored); a viewer cannot 督办 (403)
//    nor edit the report (403); 办公室's viewer cannot open the report (404); visitors are
//    asked to sign in. Hostile input: oversize note, invalid UTF-8, traversal, bad ids.
// Prints TAP points without numbers. Env: ZF_URL, ZF_DB (an SQLite file or a PostgreSQL URI).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;

const ADMIN = { login: 'ovadmin', password: 'Ov-admin-2026' };
const VIEW = { login: 'ovview', password: 'Ov-view-2026' };
const DEPT = { login: 'ovdept', password: 'Ov-dept-2026' };
const OFFICE = { login: 'ovoffice', password: 'Ov-office-2026' };
const P1 = '<script>alert(1)</script>';

function ok(cond, desc, diag) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${desc}`);
	if (!cond && diag !== undefined)
		console.log(String(diag).split('\n').map((l) => `#   ${l}`).join('\n'));
	return cond;
}

let shot = 0;
async function snap(page, name) {
	shot++;
	await page.screenshot({
		path: join(artifacts, `oversight-${String(shot).padStart(2, '0')}-${name}.png`),
		fullPage: true,
	});
}

function sql(q) {
	return execFileSync(join(here, 'sql'), [db, q], { encoding: 'utf8' }).trim();
}

function chinaDay() {
	return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}

const problems = [];
async function newUser(browser, who) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', javaScriptEnabled: false, acceptDownloads: true });
	const page = await context.newPage();
	page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()}: ${r.url()}`); });
	await page.goto(`${base}/login`);
	await page.fill('#login', who.login);
	await page.fill('#password', who.password);
	await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
	return { context, page };
}

/* The cells of the table's row whose header starts with name. */
async function rowCells(page, name) {
	return page.evaluate((n) => {
		for (const tr of document.querySelectorAll('#oversight-table tbody tr')) {
			const th = tr.querySelector('th');
			if (th && th.textContent.trim().startsWith(n))
				return [th.textContent.trim(), ...[...tr.querySelectorAll('td')].map((td) => td.textContent.trim())];
		}
		return null;
	}, name);
}

async function rowNames(page) {
	return page.$$eval('#oversight-table tbody th', (ths) => ths.map((t) => t.textContent.trim()));
}

async function csrfOf(page) {
	return page.$eval('input[name=_csrf]', (i) => i.value);
}

/* A raw urlencoded POST from the user's session (bytes as given). */
async function post(page, path, body) {
	return page.request.fetch(`${base}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		data: Buffer.from(body, 'latin1'),
		maxRedirects: 0,
	});
}

function quarterStart(day) {
	const [y, m] = day.split('-').map(Number);
	const q = Math.floor((m - 1) / 3) * 3 + 1;
	return `${y}-${String(q).padStart(2, '0')}-01`;
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	const today = chinaDay();
	const year = Number(today.slice(0, 4));
	try {
		// 1. the table
		const adm = await newUser(browser, ADMIN);
		const p = adm.page;
		let r = await p.goto(`${base}/console/oversight?period=this_year`);
		ok(r.status() === 200, 'the oversight page opens');
		const dashRisk = await p.$eval('main #veto-risk', (d) => d.textContent).catch(() => '');
		ok(dashRisk.includes('1条留言超过3个月未答复'), 'the table page warns of the 单项否决 risk too', dashRisk);
		const names = await rowNames(p);
		ok(names.length === 4 && names[0].includes('本级') && names.some((n) => n.includes('办公室')) &&
			names.some((n) => n.includes('住房和城乡建设局')) && names[3].startsWith('合计'),
		'本级, the two departments and the total are rows', names.join(' | '));
		const dept = await rowCells(p, '示例区住房和城乡建设局');
		const from = `${year}-01-01`;
		const recv = sql(`SELECT count(*) FROM requests WHERE agency_id = 3 AND received_on >= '${from}' AND received_on <= '${today}'`);
		const closed = sql(`SELECT count(*) FROM requests WHERE agency_id = 3 AND closed_on >= '${from}' AND closed_on <= '${today}'`);
		ok(dept && dept[1] === recv, `住建局 收到申请 = SQL (${recv})`, JSON.stringify(dept));
		ok(dept && dept[2] === closed, `住建局 办结 = SQL (${closed})`, JSON.stringify(dept));
		const overdue = sql(`SELECT count(*) FROM requests WHERE agency_id = 3 AND closed_on IS NULL AND due_on < '${today}'`);
		ok(dept && dept[5] === overdue, `住建局 逾期未办结 = SQL (${overdue})`, JSON.stringify(dept));
		const total = await rowCells(p, '合计');
		const all = sql(`SELECT count(*) FROM requests WHERE received_on >= '${from}' AND received_on <= '${today}'`);
		ok(total && total[1] === all, `合计 收到申请 = SQL over the tree (${all})`, JSON.stringify(total));
		await snap(p, 'table');
		await Promise.all([p.waitForNavigation(), p.click('#oversight-table thead a:has-text("按时办结率")')]);
		const sorted = await p.$eval('#oversight-table thead th[aria-sort]', (th) => th.textContent).catch(() => '');
		ok(sorted.includes('按时办结率'), 'sorted by 按时办结率, the column marked', sorted);
		const [download] = await Promise.all([p.waitForEvent('download'), p.click('a:has-text("导出 Excel")')]);
		const xlsx = join(artifacts, 'oversight.xlsx');
		await download.saveAs(xlsx);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.readFile(xlsx);
		const ws = wb.worksheets[0];
		let heads = [], xdept = null;
		ws.eachRow((row) => {
			const v = row.values.slice(1).map((c) => String(c ?? ''));
			if (v[0] === '单位') heads = v;
			if (v[0] === '示例区住房和城乡建设局') xdept = v;
		});
		ok(heads.includes('按时办结率') && heads.includes('复议诉讼纠错'), 'the workbook has the columns', heads.join(','));
		ok(xdept && xdept[1] === recv && xdept[2] === closed, 'the workbook\'s 住建局 row has the same figures', JSON.stringify(xdept));

		// 2. 督办
		r = await p.goto(`${base}/console/oversight/supervise`);
		ok(r.status() === 200, 'the 督办 page opens');
		const listed = await p.$$eval('#overdue tbody tr td:nth-child(2)', (t) => t.filter((td) => td.textContent === '依申请公开').length).catch(() => 0);
		const sqlOver = sql(`SELECT count(*) FROM requests WHERE closed_on IS NULL AND due_on < '${today}'`);
		ok(String(listed) === sqlOver, `every overdue request is listed (${sqlOver})`);
		const risk = await p.$eval('main #veto-risk', (d) => d.textContent).catch(() => '');
		ok(risk.includes('单项否决风险') && risk.includes('1条留言超过3个月未答复'), 'the stale message is a 单项否决 risk at the top', risk);
		const first = await p.$eval('#overdue tbody tr', (tr) => tr.textContent).catch(() => '');
		ok(first.includes('留言第') && first.includes('单项否决风险'), 'and first in the list', first);
		const form = await p.$('#overdue tbody tr:has(td:text-is("依申请公开")) form');
		const itemId = form ? await form.$eval('input[name=id]', (i) => i.value) : '';
		const before = sql(`SELECT count(*) FROM oversight_reminders WHERE item_id = ${itemId || 0} AND kind = 'request'`);
		const audits = sql("SELECT count(*) FROM audit_log WHERE action = 'oversight.remind'");
		if (form) {
			await form.$eval('input[name=note]', (i, v) => { i.value = v; }, `请尽快答复${P1}`);
			await Promise.all([p.waitForNavigation(), form.$eval('button', (b) => b.click())]);
		}
		ok(p.url().includes('done=reminded'), 'reminded, back to the list', p.url());
		ok(sql(`SELECT count(*) FROM oversight_reminders WHERE item_id = ${itemId || 0} AND kind = 'request'`) === String(Number(before) + 1),
			`the reminder on request ${itemId} is recorded`);
		ok(sql(`SELECT note FROM oversight_reminders WHERE item_id = ${itemId || 0} ORDER BY id DESC LIMIT 1`) === `请尽快答复${P1}`,
			'its note is stored as typed');
		ok(sql(`SELECT created_by FROM oversight_reminders WHERE item_id = ${itemId || 0} ORDER BY id DESC LIMIT 1`) === 'ovadmin', 'with who did it');
		ok(sql("SELECT count(*) FROM audit_log WHERE action = 'oversight.remind'") === String(Number(audits) + 1), 'one audit line');
		const hist = await p.$eval('#reminders tbody tr', (tr) => tr.textContent).catch(() => '');
		ok(hist.includes(P1) && hist.includes('ovadmin'), 'the history shows it first, the script as text', hist);
		ok(await p.$$eval('#reminders script', (s) => s.length) === 0, 'no script element injected');
		await snap(p, 'supervise');

		// hostile input on the reminder form
		const csrf = await csrfOf(p);
		const n0 = sql('SELECT count(*) FROM oversight_reminders');
		let res = await post(p, '/console/oversight/supervise/remind', `_csrf=${csrf}&kind=request&id=${itemId}&note=${'%E7%9D%A3'.repeat(501)}`);
		ok(res.status() === 422 && (await res.text()).includes('督办意见不能超过500个字'), 'a note of 501 characters: 422, said in Chinese', res.status());
		res = await post(p, '/console/oversight/supervise/remind', `_csrf=${csrf}&kind=request&id=${itemId}&note=%FF%FE`);
		ok(res.status() >= 400 && res.status() < 500, `invalid UTF-8: ${res.status()}`);
		res = await post(p, '/console/oversight/supervise/remind', `_csrf=${csrf}&kind=..%2F..%2Fetc%2Fpasswd&id=${itemId}&note=x`);
		ok(res.status() === 400, `a traversal as the kind: ${res.status()}`);
		res = await post(p, '/console/oversight/supervise/remind', `_csrf=${csrf}&kind=request&id=-1&note=x`);
		ok(res.status() === 400, `a negative id: ${res.status()}`);
		res = await post(p, '/console/oversight/supervise/remind', `_csrf=${csrf}&kind=request&id=99999999&note=x`);
		ok(res.status() === 404, `no such request: ${res.status()}`);
		res = await post(p, '/console/oversight/supervise/remind', `kind=request&id=${itemId}&note=x`);
		ok(res.status() === 403, `without the CSRF token: ${res.status()}`);
		ok(sql('SELECT count(*) FROM oversight_reminders') === n0, 'none of them stored anything');

		// the periods
		const [ty, tm] = today.split('-').map(Number);
		const lq = Math.floor((tm - 1) / 3) - 1;
		const lqy = lq < 0 ? ty - 1 : ty, lqq = (lq + 4) % 4;
		const lqFrom = `${lqy}-${String(lqq * 3 + 1).padStart(2, '0')}-01`;
		const lqTo = new Date(Date.UTC(lqy, lqq * 3 + 3, 0)).toISOString().slice(0, 10);
		await p.goto(`${base}/console/oversight?period=last_quarter`);
		let span = await p.textContent('main');
		ok(span.includes(`统计期间：${lqFrom} 至 ${lqTo}`), `上季度 is ${lqFrom} 至 ${lqTo}`);
		await p.goto(`${base}/console/oversight?period=this_quarter`);
		span = await p.textContent('main');
		ok(span.includes(`统计期间：${quarterStart(today)} 至 ${today}`), `本季度 runs from ${quarterStart(today)} to today`);
		await p.goto(`${base}/console/oversight?period=last_year`);
		span = await p.textContent('main');
		ok(span.includes(`统计期间：${year - 1}-01-01 至 ${year - 1}-12-31`), '上年 is last year');
		r = await p.goto(`${base}/console/oversight?period=${encodeURIComponent(P1)}&agency=${encodeURIComponent('../../etc')}&sort=${'x'.repeat(5000)}&dir=x`);
		ok(r.status() === 200 && (await rowNames(p)).length === 4 && !(await p.content()).includes(P1),
			`hostile query arguments fall back to the defaults (${r.status()})`);
		r = await p.goto(`${base}/console/oversight?sort=%FF%FE`);
		ok(r.status() === 400, `invalid UTF-8 in the query: ${r.status()}`);

		// 3. charts
		r = await p.goto(`${base}/console/oversight/charts?period=this_year`);
		ok(r.status() === 200, 'the charts page opens');
		const bars = await p.$$eval('#chart-ontime svg rect.bar', (b) => b.length);
		ok(bars === 3, `one bar per agency (${bars})`);
		const lines = await p.$$eval('#chart-monthly svg polyline.line', (b) => b.length);
		const points = await p.$$eval('#chart-monthly svg circle.point', (b) => b.length);
		ok(lines === 2 && points === 24, `two lines of twelve months (${lines}, ${points})`);
		const title = await p.$eval('#chart-ontime svg title', (t) => t.textContent);
		ok(title === '各单位按时办结率', 'the chart has its title');
		await snap(p, 'charts');

		// 4. the website report of last year
		const last = year - 1;
		r = await p.goto(`${base}/console/oversight/website-report?year=${last}`);
		ok(r.status() === 200, 'the website report opens');
		ok(await p.inputValue('#f-visitors') === '1286450', 'the demo\'s visits are shown');
		const catalogue = sql(`SELECT count(*) FROM docs WHERE state = 'published' AND published_on >= '${last}-01-01' AND published_on <= '${last}-12-31'`);
		const shown = await p.$eval('tr[data-key=docs_catalogue] td.value', (td) => td.textContent.trim());
		ok(shown === catalogue, `信息公开目录 = SQL (${catalogue})`, shown);
		await p.fill('#f-visitors', '12万');
		await p.fill('#f-innovation', P1);
		await Promise.all([p.waitForNavigation(), p.click('#wr-form button[type=submit]')]);
		let body = await p.textContent('main');
		ok(body.includes('“独立用户访问总量”应填写不超过一万亿的非负整数'), 'a bad number refused, the item named');
		ok(sql(`SELECT value FROM website_report_fields WHERE year = ${last} AND field = 'visitors'`) === '1286450', 'nothing stored half-way');
		await p.goto(`${base}/console/oversight/website-report?year=${last}`);
		await p.fill('#f-visitors', '777');
		await p.fill('#f-innovation', P1);
		await Promise.all([p.waitForNavigation(), p.click('#wr-form button[type=submit]')]);
		ok(p.url().includes('done=saved'), 'saved');
		ok(sql(`SELECT value FROM website_report_fields WHERE year = ${last} AND field = 'innovation'`) === P1, 'the text stored as typed');
		await snap(p, 'website-report');
		const wcsrf = await csrfOf(p);
		const stored = sql(`SELECT count(*) FROM website_report_fields WHERE year = ${last}`);
		res = await post(p, '/console/oversight/website-report', `_csrf=${wcsrf}&year=${last}&visitors=5&innovation=${'a'.repeat(2001)}`);
		ok(res.status() === 422 && (await res.text()).includes('不能超过2000个字'), `an oversized text: ${res.status()}`);
		res = await post(p, '/console/oversight/website-report', `_csrf=${wcsrf}&year=${last}&visitors=5&weibo=%C3%28`);
		ok(res.status() >= 400 && res.status() < 500, `invalid UTF-8 in the report: ${res.status()}`);
		res = await post(p, '/console/oversight/website-report', `_csrf=${wcsrf}&year=..%2F${last}&visitors=5`);
		ok(res.status() === 400, `a traversal as the year: ${res.status()}`);
		res = await post(p, '/console/oversight/website-report', `_csrf=${wcsrf}&year=${last}&docs_catalogue=99999`);
		ok(res.status() === 303 && sql(`SELECT count(*) FROM website_report_fields WHERE year = ${last} AND field = 'docs_catalogue'`) === '0',
			`a counted item posted is ignored (${res.status()})`);
		ok(sql(`SELECT value FROM website_report_fields WHERE year = ${last} AND field = 'visitors'`) === '777' &&
			sql(`SELECT count(*) FROM website_report_fields WHERE year = ${last}`) === stored, 'the refused posts stored nothing');
		const pub = await adm.context.newPage();
		r = await pub.goto(`${base}/website-report/${last}`);
		ok(r.status() === 200, 'the public page of last year');
		const pv = await pub.$eval('tr[data-key=visitors] td.value', (td) => td.textContent.trim());
		ok(pv === '777', 'it shows the figure saved', pv);
		ok(await pub.$$eval('main script', (s) => s.length) === 0 && (await pub.textContent('tr[data-key=innovation]')).includes(P1), 'the script shown as text');
		r = await pub.goto(`${base}/website-report`);
		ok((await pub.textContent('main')).includes(`${last}年度`), 'the list of published years');
		for (const bad of [`${year + 5}`, 'abcd', '..%2F..%2Fetc%2Fpasswd', '2026%00', `${'9'.repeat(300)}`]) {
			r = await pub.goto(`${base}/website-report/${bad}`);
			// %00 in a path is refused by the server before routing (issue #16): 400
			const want = bad.includes('%00') ? 400 : 404;
			ok(r.status() === want, `/website-report/${bad.slice(0, 20)}: ${r.status()}`);
		}
		r = await pub.goto(`${base}/console/oversight/website-report?year=${'%E2%80%AE'.repeat(3)}`);
		ok(r.status() === 400, `a year that is no year: ${r.status()}`);

		// 5. access
		const d = await newUser(browser, DEPT);
		await d.page.goto(`${base}/console/oversight?period=this_year`);
		let dn = await rowNames(d.page);
		ok(dn.length === 2 && dn[0].startsWith('示例区住房和城乡建设局') && !dn.some((n) => n.includes('办公室')),
			'住建局\'s reviewer sees only 住建局', dn.join(' | '));
		for (const other of [1, 2]) {
			await d.page.goto(`${base}/console/oversight?agency=${other}`);
			dn = await rowNames(d.page);
			ok(!dn.some((n) => n.includes('办公室') || n.startsWith('示例区人民政府（')), `asking for agency ${other} shows no sibling nor parent`, dn.join(' | '));
		}
		await d.page.goto(`${base}/console/oversight/supervise`);
		const agencies = await d.page.$$eval('#overdue tbody tr td:nth-child(3)', (t) => t.map((x) => x.textContent));
		ok(agencies.every((a) => a === '示例区住房和城乡建设局'), '住建局\'s 督办 list holds only its own', agencies.join(','));
		const foreign = sql(`SELECT min(id) FROM requests WHERE agency_id = 1 AND closed_on IS NULL AND due_on < '${today}'`);
		const dcsrf = await csrfOf(d.page);
		const n1 = sql('SELECT count(*) FROM oversight_reminders');
		res = await post(d.page, '/console/oversight/supervise/remind', `_csrf=${dcsrf}&kind=request&id=${foreign}&note=x`);
		ok(res.status() === 404, `住建局's reviewer 督办 the root's request ${foreign}: ${res.status()}`);
		ok(sql('SELECT count(*) FROM oversight_reminders') === n1, 'nothing stored');
		r = await d.page.goto(`${base}/console/oversight/website-report`);
		ok(r.status() === 404, `住建局's reviewer cannot open the site's report: ${r.status()}`);
		r = await d.page.goto(`${base}/console/oversight/export.xlsx?agency=1`).catch(() => null);
		// a download: read with the request API instead
		res = await d.page.request.get(`${base}/console/oversight/export.xlsx?agency=2`);
		const wb2 = new ExcelJS.Workbook();
		await wb2.xlsx.load(await res.body());
		let sib = false;
		wb2.worksheets[0].eachRow((row) => { if (String(row.values[1] ?? '').includes('办公室')) sib = true; });
		ok(res.status() === 200 && !sib, 'its export of agency 2 holds no 办公室 either');

		const v = await newUser(browser, VIEW);
		const vcsrf = await csrfOf(v.page);
		res = await post(v.page, '/console/oversight/supervise/remind', `_csrf=${vcsrf}&kind=request&id=${foreign}&note=x`);
		ok(res.status() === 403, `a viewer cannot 督办: ${res.status()}`);
		res = await post(v.page, '/console/oversight/website-report', `_csrf=${vcsrf}&year=${last}&visitors=1`);
		ok(res.status() === 403, `a viewer cannot edit the report: ${res.status()}`);
		res = await post(v.page, '/console/oversight/website-report/publish', `_csrf=${vcsrf}&year=${last}&publish=0`);
		ok(res.status() === 403, `nor withdraw it: ${res.status()}`);
		r = await v.page.goto(`${base}/console/oversight/website-report?year=${last}`);
		ok(r.status() === 200 && (await v.page.$$('#wr-form')).length === 0, 'the root\'s viewer reads the report without the form');
		await v.page.goto(`${base}/console/oversight/supervise`);
		ok((await v.page.$$('#overdue form')).length === 0, 'and sees the 督办 list without reminder forms');

		const o = await newUser(browser, OFFICE);
		r = await o.page.goto(`${base}/console/oversight/website-report`);
		ok(r.status() === 404, `办公室's viewer: the site's report is 404 (${r.status()})`);
		await o.page.goto(`${base}/console/oversight`);
		dn = await rowNames(o.page);
		ok(dn[0].startsWith('示例区人民政府办公室') && !dn.some((n) => n.includes('住房')), '办公室\'s viewer sees only 办公室', dn.join(' | '));

		const anon = await (await browser.newContext()).newPage();
		for (const path of ['/console/oversight', '/console/oversight/supervise', '/console/oversight/charts', '/console/oversight/website-report']) {
			r = await anon.goto(`${base}${path}`);
			ok(r.status() === 403 && (await anon.textContent('main')).includes('登录'), `a visitor on ${path}: asked to sign in`);
		}
		ok(problems.length === 0, 'no server error on the way', problems.join('\n'));
	} finally {
		await browser.close();
	}
}

main().catch((e) => { console.log(`not ok - the walk ran to its end\n#   ${String(e.stack).split('\n').join('\n#   ')}`); process.exit(1); });
