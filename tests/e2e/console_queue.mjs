// console_queue.mjs: the clerks' daily work in real Chromium, and its security matrix.
// 1. Dashboard: 我的待办 and the trend charts render as SVG with JavaScript off (role="img",
//    <title>, <desc>, a data table of 12 months).
// 2. Queue: search by applicant, 查询码 (typed in lower case with hyphens) and number; sort
//    by the column links; the .xlsx export holds the filtered rows (read with exceljs); batch
//    assignment of ticked requests, audited.
// 3. Audit log: filters by actor, action, object and Beijing dates; times in Beijing time and
//    names, never a login such as `system`; .xlsx and CSV exports hold the filtered rows.
// 4. Correction: a receipt date corrected with a reason; the original kept as 已更正, the due
//    date computed again; a future date refused; a reply's date corrected keeps its number;
//    a year whose report was published is warned about.
// 5. Security: CSRF refused; another agency's request in a batch or a correction → 404 with
//    the database unchanged; a clerk gets 403 on the audit log; an agency's admin sees his
//    agency's lines only; script typed into the search, filters and reason comes back as text.
// axe-core on every new page; screenshots in tests/e2e/artifacts/queue-*.png.
// Env: ZF_URL, ZF_DB, ZF_BIN. Prints TAP points without numbers.
import { chromium } from 'playwright-core';
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const ADMIN = { login: 'qadmin', password: 'Queue-admin-2026' }; // admin of agency 1 (all)
const CLERK = { login: 'qclerk', password: 'Queue-clerk-2026' }; // clerk of agency 2
const SUBADMIN = { login: 'qsub', password: 'Queue-sub-2026' }; // admin of agency 3
const BOTH = '<script>alert(1)</script>"><img src=x onerror=alert(1)>';

function ok(cond, desc, diag) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${desc}`);
	if (!cond && diag !== undefined)
		console.log(String(diag).split('\n').map((l) => `#   ${l}`).join('\n'));
	return cond;
}

function sql(q) {
	return execFileSync(join(here, 'sql'), [db, q], { encoding: 'utf8' }).trim();
}

// What a refused write must leave alone.
function snapshot() {
	return sql('SELECT * FROM requests ORDER BY id; SELECT * FROM request_events ORDER BY 1, 2;' +
		' SELECT * FROM reply_letters ORDER BY 1; SELECT * FROM letter_numbers ORDER BY 1, 2;' +
		' SELECT count(*) FROM request_event_corrections;' +
		" SELECT count(*) FROM audit_log WHERE action LIKE 'request.%';");
}

let shot = 0;
async function snap(page, name) {
	shot++;
	await page.screenshot({
		path: join(artifacts, `queue-${String(shot).padStart(2, '0')}-${name}.png`),
		fullPage: true,
	});
}

async function axe(page, name) {
	const all = await page.evaluate(`${axeSource}
		axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
			.then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
				nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) })))`);
	const bad = all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	ok(bad.length === 0, `axe-core: no serious or critical violation on ${name}`,
		bad.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.join(', ')}`).join('\n'));
}

const dialogs = [];
async function newUser(browser, who, options = {}) {
	const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN', ...options });
	const page = await context.newPage();
	page.on('dialog', (d) => { dialogs.push(`${who.login}: ${d.message()}`); d.dismiss(); });
	await page.goto(`${base}/login`);
	await page.fill('#login', who.login);
	await page.fill('#password', who.password);
	await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
	return { context, page };
}

function chinaDay(offset = 0) {
	return new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}

async function readXlsx(buffer) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(buffer);
	const ws = wb.worksheets[0];
	const rows = [];
	ws.eachRow((row) => rows.push(row.values.slice(1).map((v) => (v == null ? '' : String(v)))));
	return rows;
}

function form(fields) {
	return {
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		data: fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
		maxRedirects: 0,
	};
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	try {
		const clerkId = sql("SELECT id FROM users WHERE login = 'qclerk'");

		// ---- 1. the dashboard without JavaScript
		const nojs = await newUser(browser, CLERK, { javaScriptEnabled: false });
		await nojs.page.goto(`${base}/console`);
		const svgs = await nojs.page.$$eval('#trends svg[role=img]', (s) => s.map((x) => ({
			title: x.querySelector('title')?.textContent || '',
			desc: x.querySelector('desc')?.textContent || '',
			rects: x.querySelectorAll('rect').length,
			labelled: x.getAttribute('aria-labelledby') || '',
		})));
		ok(svgs.length === 2, `two charts render without JavaScript (${svgs.length})`);
		ok(svgs.every((s) => s.title && s.desc && s.labelled.includes(' ')),
			'each chart has a title and a description it is labelled by', JSON.stringify(svgs));
		ok(svgs[0] && svgs[0].rects === 36, `12 months × 3 bars (${svgs[0] && svgs[0].rects})`);
		ok(svgs[0] && /共收到申请\d+件/.test(svgs[0].desc), 'the description gives the totals', svgs[0] && svgs[0].desc);
		const monthRows = await nojs.page.$$eval('#chart-monthly table tbody tr', (r) => r.length);
		ok(monthRows === 12, `the data table alternative has 12 months (${monthRows})`);
		const outcomeRows = await nojs.page.$$eval('#chart-outcomes table tbody th', (r) => r.map((x) => x.textContent));
		ok(outcomeRows.join(',') === '予以公开,部分公开,不予公开,无法提供,不予处理,其他处理',
			'outcomes by the six headings of table 3', outcomeRows.join(','));
		ok(await nojs.page.isVisible('#my-todo'), '我的待办 is on the dashboard');
		await snap(nojs.page, 'dashboard-nojs');
		await nojs.context.close();

		// ---- 2. the queue: search, sort, export, batch assignment
		const c = await newUser(browser, CLERK);
		const p = c.page;
		await p.goto(`${base}/console`);
		await axe(p, '/console (dashboard with charts)');
		const [rid, rname, rcode] = sql('SELECT r.id, a.name, r.query_code FROM requests r' +
			' JOIN applicants a ON a.id = r.applicant_id WHERE r.agency_id = 2 ORDER BY r.id LIMIT 1').split('|');
		await p.goto(`${base}/console/requests?state=all`);
		await p.fill('#f-q', rname);
		await Promise.all([p.waitForNavigation(), p.click('form.filters button[type=submit]')]);
		let ids = await p.$$eval('table.queue tbody tr td:nth-child(2) a', (a) => a.map((x) => x.textContent));
		ok(ids.includes(`第${rid}号`), `search by the applicant's name finds request ${rid}`, ids.join(' '));
		const nameCount = Number(sql(`SELECT count(*) FROM requests r JOIN applicants a ON a.id = r.applicant_id WHERE r.agency_id IN (2) AND a.name LIKE '%${rname}%'`));
		ok(ids.length === Math.min(nameCount, 50), `as many as the database holds (${ids.length}/${nameCount})`);
		await snap(p, 'queue-search');
		await axe(p, '/console/requests (search)');
		const typed = `${rcode.slice(0, 4)}-${rcode.slice(4, 8)}-${rcode.slice(8)}`.toLowerCase();
		await p.fill('#f-q', typed);
		await Promise.all([p.waitForNavigation(), p.click('form.filters button[type=submit]')]);
		ids = await p.$$eval('table.queue tbody tr td:nth-child(2) a', (a) => a.map((x) => x.textContent));
		ok(ids.length === 1 && ids[0] === `第${rid}号`, `search by 查询码 typed as ${typed}`, ids.join(' '));
		await p.fill('#f-q', `第${rid}号`);
		await Promise.all([p.waitForNavigation(), p.click('form.filters button[type=submit]')]);
		ids = await p.$$eval('table.queue tbody tr td:nth-child(2) a', (a) => a.map((x) => x.textContent));
		ok(ids.includes(`第${rid}号`), 'search by number');
		const otherId = sql('SELECT id FROM requests WHERE agency_id = 3 ORDER BY id LIMIT 1');
		await p.goto(`${base}/console/requests?state=all&q=${otherId}`);
		ids = await p.$$eval('table.queue tbody tr td:nth-child(2) a', (a) => a.map((x) => x.textContent));
		ok(!ids.includes(`第${otherId}号`), 'another agency\'s request is not found by its number');
		// injection in the search box
		await p.goto(`${base}/console/requests?state=all`);
		await p.fill('#f-q', BOTH);
		await Promise.all([p.waitForNavigation(), p.click('form.filters button[type=submit]')]);
		ok(await p.inputValue('#f-q') === BOTH.slice(0, 100), 'script in the search box comes back as the field\'s text');
		ok((await p.$$('img[src=x]')).length === 0, 'no injected element');

		// sort by the column links
		await p.goto(`${base}/console/requests?state=all`);
		await Promise.all([p.waitForNavigation(), p.click('th a.sort:has-text("收到日期")')]);
		ok(p.url().includes('sort=received'), 'the 收到日期 head sorts by date received');
		ok(await p.getAttribute('th[aria-sort]', 'aria-sort') === 'ascending', 'marked aria-sort=ascending');
		let days = await p.$$eval('table.queue tbody tr td:nth-child(3)', (t) => t.map((x) => x.textContent.slice(0, 10)));
		ok(days.length > 1 && days.every((d, i) => i === 0 || days[i - 1] <= d), 'dates ascend', days.slice(0, 5).join(' '));
		await Promise.all([p.waitForNavigation(), p.click('th a.sort:has-text("收到日期")')]);
		days = await p.$$eval('table.queue tbody tr td:nth-child(3)', (t) => t.map((x) => x.textContent.slice(0, 10)));
		ok(p.url().includes('dir=desc') && days.every((d, i) => i === 0 || days[i - 1] >= d), 'clicked again: they descend');
		await snap(p, 'queue-sorted');
		await Promise.all([p.waitForNavigation(), p.click('th a.sort:has-text("经办人")')]);
		ok(p.url().includes('sort=handler'), 'the 经办人 head sorts by handler');
		const pagerLinks = await p.$$eval('nav.pager a', (a) => a.map((x) => x.getAttribute('href')));
		ok(pagerLinks.length > 0 && pagerLinks.every((h) => h.includes('sort=handler')), 'the pages keep the sort');

		// export of the filtered view
		await p.goto(`${base}/console/requests?state=all&q=${encodeURIComponent(rname)}`);
		const shown = Number((await p.textContent('#queue-count')).match(/共 (\d+) 件/)[1]);
		const [download] = await Promise.all([p.waitForEvent('download'), p.click('#export-xlsx')]);
		const xrows = await readXlsx(readFileSync(await download.path()));
		const data = xrows.filter((r) => /^第\d+号$/.test(r[0]));
		ok(data.length === shown, `the .xlsx holds the ${shown} filtered rows (${data.length})`);
		ok(data.some((r) => r[0] === `第${rid}号` && r[2] === rname), 'with the applicant\'s name');
		const head = xrows.findIndex((r) => r[0] === '编号');
		ok(head === 1 && xrows[head].join(',').startsWith('编号,收到日期,申请人') && xrows[0][0].startsWith('依申请公开办理队列'),
			'under a title and the header row', xrows.slice(0, 2).map((r) => r.join(',')).join('\n'));

		// batch assignment
		await p.goto(`${base}/console/requests`);
		const boxes = await p.$$eval('input[name=id]', (b) => b.slice(0, 2).map((x) => x.value));
		ok(boxes.length === 2, 'two open requests to tick');
		const auditBefore = Number(sql("SELECT count(*) FROM audit_log WHERE action = 'request.assign'"));
		for (const b of boxes)
			await p.check(`#pick-${b}`);
		await p.selectOption('#f-batch-handler', clerkId);
		await snap(p, 'queue-batch');
		await Promise.all([p.waitForNavigation(), p.click('#batch-assign button[type=submit]')]);
		ok((await p.textContent('.alert.ok')).includes('已为 2 件申请指定经办人'), 'told: 2 assigned');
		ok(sql(`SELECT count(*) FROM requests WHERE handler_user_id = ${clerkId} AND id IN (${boxes.join(',')})`) === '2',
			'both are the clerk\'s now');
		ok(Number(sql("SELECT count(*) FROM audit_log WHERE action = 'request.assign'")) === auditBefore + 2,
			'one audit line each');
		await p.goto(`${base}/console`);
		const todo = await p.$$eval('#my-todo tbody a', (a) => a.map((x) => x.textContent));
		ok(boxes.every((b) => todo.includes(`第${b}号`)) || todo.length === 10, 'they are in 我的待办', todo.join(' '));

		// ---- 5. security of the batch and correction routes
		const token = await p.getAttribute('input[name=_csrf]', 'value') ||
			(await p.goto(`${base}/console/requests`), await p.getAttribute('input[name=_csrf]', 'value'));
		const mine = sql('SELECT id FROM requests WHERE agency_id = 2 AND closed_on IS NULL ORDER BY id LIMIT 1');
		let before = snapshot();
		let res = await c.context.request.post(`${base}/console/requests/assign`,
			form([['_csrf', token], ['handler', clerkId], ['id', mine], ['id', otherId]]));
		ok(res.status() === 404, `a batch with another agency's request → 404 (${res.status()})`);
		ok(snapshot() === before, 'and nothing was assigned (all or nothing)');
		res = await c.context.request.post(`${base}/console/requests/assign`, form([['handler', clerkId], ['id', mine]]));
		ok(res.status() === 403, `the batch without its CSRF token → 403 (${res.status()})`);
		res = await c.context.request.post(`${base}/console/requests/assign`, form([['_csrf', 'a'.repeat(64)], ['handler', clerkId], ['id', mine]]));
		ok(res.status() === 403, 'with a wrong token → 403');
		ok(snapshot() === before, 'the database is unchanged');
		res = await c.context.request.get(`${base}/console/requests/${otherId}/correct?seq=1`);
		ok(res.status() === 404, `another agency's correction form → 404 (${res.status()})`);
		res = await c.context.request.post(`${base}/console/requests/${otherId}/correct`,
			form([['_csrf', token], ['seq', '1'], ['on', chinaDay(-400)], ['channel', 'online'], ['reason', 'x']]));
		ok(res.status() === 404, `a forged correction of another agency's request → 404 (${res.status()})`);
		res = await c.context.request.post(`${base}/console/requests/${mine}/correct`,
			form([['seq', '1'], ['on', chinaDay(-1)], ['reason', 'x']]));
		ok(res.status() === 403, 'a correction without its token → 403');
		ok(snapshot() === before, 'the database is unchanged');
		res = await c.context.request.get(`${base}/console/audit`);
		ok(res.status() === 403, `a clerk may not read the audit log (${res.status()})`);
		res = await c.context.request.get(`${base}/console/audit/export.csv`);
		ok(res.status() === 403, 'nor export it');

		// ---- 4. correction walk
		const open = sql("SELECT r.id, e.on_date FROM requests r JOIN request_events e ON e.request_id = r.id AND e.seq = 1" +
			" WHERE r.agency_id = 2 AND r.closed_on IS NULL AND r.due_on IS NOT NULL" +
			" AND (SELECT count(*) FROM request_events x WHERE x.request_id = r.id) = 1 ORDER BY r.id DESC LIMIT 1").split('|');
		const [oid, oday] = open;
		const dueBefore = sql(`SELECT due_on FROM requests WHERE id = ${oid}`);
		await p.goto(`${base}/console/requests/${oid}`);
		await Promise.all([p.waitForNavigation(), p.click('#correct-link')]);
		await snap(p, 'correct-list');
		await axe(p, '/console/requests/{id}/correct (events)');
		await Promise.all([p.waitForNavigation(), p.click('table.data a[href$="seq=1"]')]);
		const earlier = new Date(Date.parse(oday) - 2 * 86400e3).toISOString().slice(0, 10);
		// a date ahead of today first: refused, nothing written
		before = snapshot();
		await p.fill('#f-fix-on', chinaDay(3));
		await p.fill('#f-fix-reason', '测试');
		await Promise.all([p.waitForNavigation(), p.click('#correct-form button[type=submit]')]);
		ok((await p.textContent('.alert.error')).includes('晚于今天'), 'a future date is refused with a clear reason',
			await p.textContent('.alert.error'));
		ok(snapshot() === before, 'and nothing is written');
		await p.fill('#f-fix-on', earlier);
		await p.fill('#f-fix-reason', BOTH);
		await snap(p, 'correct-form');
		await axe(p, '/console/requests/{id}/correct?seq=1 (form)');
		await Promise.all([p.waitForNavigation(), p.click('#correct-form button[type=submit]')]);
		ok(p.url().includes('done=corrected'), 'the correction is saved', p.url());
		ok(sql(`SELECT on_date FROM request_events WHERE request_id = ${oid} AND seq = 1`) === earlier, 'the receipt now says ' + earlier);
		ok(sql(`SELECT on_date FROM request_event_corrections WHERE request_id = ${oid}`) === oday, 'the original is kept');
		const dueAfter = sql(`SELECT due_on FROM requests WHERE id = ${oid}`);
		ok(dueAfter < dueBefore, `the due date is computed again (${dueBefore} → ${dueAfter})`);
		const panel = await p.textContent('#corrections');
		ok(panel.includes('已更正') && panel.includes(oday) && panel.includes(BOTH), 'the page shows the superseded original, the reason as text', panel);
		ok(panel.includes('经办乙') && !/\d{2}:\d{2}:\d{2}Z/.test(panel), 'by name, in Beijing time');
		ok((await p.$$('img[src=x]')).length === 0, 'the reason injected nothing');
		ok(sql(`SELECT count(*) FROM audit_log WHERE action = 'request.correct' AND object = 'request:${oid}'`) === '1', 'audited');
		await snap(p, 'correct-done');

		// a reply's date: same number; a published year warned about
		const [repId, repSeq, repDay, repNo] = sql("SELECT e.request_id, e.seq, e.on_date, e.letter_no FROM request_events e" +
			" JOIN requests r ON r.id = e.request_id WHERE r.agency_id = 2 AND e.kind = 'replied' AND e.letter_no IS NOT NULL" +
			" AND e.on_date LIKE '2025-%' AND e.on_date > (SELECT max(x.on_date) FROM request_events x" +
			" WHERE x.request_id = e.request_id AND x.seq < e.seq) ORDER BY e.request_id LIMIT 1").split('|');
		const numbers = sql('SELECT * FROM letter_numbers ORDER BY 1, 2');
		await p.goto(`${base}/console/requests/${repId}/correct?seq=${repSeq}`);
		ok((await p.textContent('main')).includes('2025 年度的政府信息公开工作年度报告已经发布'), 'a published year is warned about');
		ok((await p.textContent('main')).includes(repNo), 'the form says the number stays');
		const dayBefore = new Date(Date.parse(repDay) - 86400e3).toISOString().slice(0, 10);
		await p.fill('#f-fix-on', dayBefore);
		await p.fill('#f-fix-reason', '答复日期登记错误');
		await Promise.all([p.waitForNavigation(), p.click('#correct-form button[type=submit]')]);
		ok(p.url().includes('done=corrected'), 'the reply\'s date is corrected');
		ok(sql(`SELECT letter_no || '|' || on_date FROM request_events WHERE request_id = ${repId} AND seq = ${repSeq}`) === `${repNo}|${dayBefore}`,
			'the letter keeps its number ' + repNo);
		ok(sql('SELECT * FROM letter_numbers ORDER BY 1, 2') === numbers, 'no number was taken');
		await c.context.close();

		// ---- 3. the audit log
		const adm = await newUser(browser, ADMIN);
		const a = adm.page;
		await a.goto(`${base}/console/audit`);
		await axe(a, '/console/audit');
		const times = await a.$$eval('table.audit tbody td:first-child', (t) => t.map((x) => x.textContent));
		ok(times.length === 50 && times.every((t) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(t)), 'times in Beijing time, no Z', times.slice(0, 3).join(' | '));
		const actors = await a.$$eval('table.audit tbody td:nth-child(2)', (t) => t.map((x) => x.textContent));
		ok(actors.includes('经办乙') && !actors.includes('qclerk'), 'people by their names');
		await a.selectOption('#f-action', 'request.assign');
		await a.fill('#f-actor', '经办乙');
		await Promise.all([a.waitForNavigation(), a.click('form.filters button[type=submit]')]);
		let rows = await a.$$eval('table.audit tbody tr', (r) => r.map((x) => [...x.cells].map((c) => c.textContent)));
		const assigned = Number(sql("SELECT count(*) FROM audit_log WHERE action = 'request.assign' AND actor = 'qclerk'"));
		ok(rows.length === assigned && rows.every((r) => r[1] === '经办乙' && r[3] === '指定经办人'),
			`actor and action filters (${rows.length}/${assigned})`);
		await snap(a, 'audit-filtered');
		await a.goto(`${base}/console/audit?object=${encodeURIComponent(`第${oid}号`)}`);
		rows = await a.$$eval('table.audit tbody tr', (r) => r.map((x) => [...x.cells].map((c) => c.textContent)));
		ok(rows.length >= 1 && rows.every((r) => r[4] === `申请第${oid}号`) && rows.some((r) => r[3] === '更正办理记录'),
			'the object filter by request number finds its correction');
		await a.goto(`${base}/console/audit?action=request.correct&from=${chinaDay()}&to=${chinaDay()}`);
		const todayCount = Number((await a.textContent('#audit-count')).match(/共 (\d+) 条/)[1]);
		ok(todayCount === 2, `today's corrections, by Beijing day (${todayCount})`);
		await a.goto(`${base}/console/audit?action=request.correct&from=${chinaDay(1)}`);
		ok((await a.textContent('#audit-count')).includes('共 0 条'), 'none from tomorrow on');
		await a.goto(`${base}/console/audit?action=request.&to=${chinaDay()}`);
		const shownAudit = Number((await a.textContent('#audit-count')).match(/共 (\d+) 条/)[1]);
		let r = await a.context().request.get(`${base}/console/audit/export.xlsx?action=request.&to=${chinaDay()}`);
		const arows = (await readXlsx(await r.body())).slice(2); // title, header
		ok(arows.length === Math.min(shownAudit, 5000), `the .xlsx holds the filtered lines (${arows.length}/${shownAudit})`);
		ok(arows.every((x) => x[5].startsWith('request.') && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(x[0])), 'of the action, in Beijing time');
		r = await a.context().request.get(`${base}/console/audit/export.csv?action=request.&to=${chinaDay()}`);
		const csv = (await r.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
		ok(r.headers()['content-type'].startsWith('text/csv') && csv.length === Math.min(shownAudit, 5000) + 1,
			`the CSV too (${csv.length - 1} lines and a header)`);
		await a.goto(`${base}/console/audit?actor=${encodeURIComponent(BOTH)}&object=${encodeURIComponent(BOTH)}`);
		ok(await a.inputValue('#f-actor') === BOTH && (await a.$$('img[src=x]')).length === 0, 'script in the filters comes back as text');
		await adm.context.close();

		// an agency's admin sees the lines of his agency's users only
		const sub = await newUser(browser, SUBADMIN);
		await sub.page.goto(`${base}/console/audit`);
		const subActors = await sub.page.$$eval('table.audit tbody td:nth-child(2)', (t) => t.map((x) => x.textContent));
		ok(!subActors.includes('经办乙') && !subActors.includes('system') && !subActors.includes('cli'),
			'the 住建局 admin sees neither the office\'s clerk nor the CLI', [...new Set(subActors)].join(','));
		r = await sub.context.request.get(`${base}/console/audit/export.csv?actor=qclerk`);
		ok((await r.text()).trim().split('\r\n').length === 1, 'nor in the export');
		await snap(sub.page, 'audit-subadmin');
		await sub.context.close();

		ok(dialogs.length === 0, 'no dialog opened anywhere', dialogs.join('\n'));
	} finally {
		await browser.close();
	}
}

main().catch((e) => {
	console.log(`not ok - the walk runs to its end\n#   ${String(e.stack || e).split('\n').join('\n#   ')}`);
	process.exit(1);
});
