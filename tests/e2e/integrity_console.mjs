// integrity_console.mjs: the site-integrity console (内容检查), in real Chromium.
// 1. The administrator of 示例区人民政府 (1) saves a rule set with an invalid line in the
//    textarea: refused (422) with "第5行", the text shown again, nothing stored. Imports the
//    valid file (multipart): in force, its version and counts shown.
// 2. Runs a scan of the whole site with the button; the page follows the progress until the
//    scan is listed; the planted 习进平 is a finding, highlighted with <mark>.
// 3. Assigns it to the clerk with a deadline (a deadline in the past and an unknown user are
//    refused in Chinese); the database holds the assignee, the deadline and an audit line.
// 4. Exports the 通报: the workbook ranks 示例区人民政府 不合格（单项否决） and lists the problem.
// 5. A viewer of 住建局 (3) gets 404 for the finding and does not see it listed; a clerk
//    cannot dismiss (403) nor open the rules (403); the pages work with JavaScript off;
//    script typed into the forms comes back as text.
// Prints TAP points without numbers. Env: ZF_URL, ZF_DB (an SQLite file or a PostgreSQL URI).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const data = join(here, '..', 'data', 'integrity');
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;

const ADMIN = { login: 'intadmin', password: 'Int-admin-2026' };
const CLERK = { login: 'intclerk', password: 'Int-clerk-2026' };
const VIEW = { login: 'intview', password: 'Int-view-2026' };
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
		path: join(artifacts, `integrity-${String(shot).padStart(2, '0')}-${name}.png`),
		fullPage: true,
	});
}

function sql(q) {
	return execFileSync(join(here, 'sql'), [db, q], { encoding: 'utf8' }).trim();
}

function chinaDay(offset = 0) {
	return new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}

const dialogs = [];
const problems = [];
async function newUser(browser, who, js = true) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', javaScriptEnabled: js, acceptDownloads: true });
	const page = await context.newPage();
	page.on('dialog', (d) => { dialogs.push(`${who.login}: ${d.message()}`); d.dismiss(); });
	page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()}: ${r.url()}`); });
	await page.goto(`${base}/login`);
	await page.fill('#login', who.login);
	await page.fill('#password', who.password);
	await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
	return { context, page };
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	try {
		// the administrator works with JavaScript off: everything is plain forms
		const adm = await newUser(browser, ADMIN, false);
		const p = adm.page;
		ok(p.url().endsWith('/console'), 'the administrator signs in (JavaScript off)');

		// ---- 1. rule sets
		let res = await p.goto(`${base}/console/integrity/rules`);
		ok(res.status() === 200 && (await p.textContent('#rules-in-force')).includes('内置的默认规则集'),
			'the rules page: no set loaded yet', res.status());
		const invalid = readFileSync(join(data, 'rules-invalid.txt'), 'utf8');
		await p.fill('#rules-text', invalid);
		[res] = await Promise.all([p.waitForNavigation(), p.click('form[action="/console/integrity/rules"] button[type=submit]')]);
		const alert = await p.textContent('.alert.error').catch(() => '');
		ok(res.status() === 422 && alert.includes('第5行') && alert.includes('级别'),
			`the invalid set is refused naming its line: ${alert}`, res.status());
		ok((await p.inputValue('#rules-text')).includes('不存在的级别'), 'the text is shown again as posted');
		ok(sql('SELECT count(*) FROM integrity_rulesets') === '0', 'nothing stored');
		await snap(p, 'rules-refused');
		await p.goto(`${base}/console/integrity/rules`);
		await p.setInputFiles('#rules-file', join(data, 'rules-valid.txt'));
		[res] = await Promise.all([p.waitForNavigation(), p.click('form[action="/console/integrity/rules/import"] button[type=submit]')]);
		const inForce = await p.textContent('#rules-in-force');
		ok(p.url().includes('done=saved') && inForce.includes('2026.12-1') && inForce.includes('浏览器测试规则'),
			`the valid file is imported and in force: ${inForce}`, p.url());
		const counts = await p.textContent('#rule-counts');
		ok(counts.includes('错敏词') && counts.includes('白名单') && /合计\s*4/.test(counts), 'its rules counted per category', counts);
		ok(sql("SELECT count(*) FROM audit_log WHERE action = 'integrity.rules.load' AND actor = 'intadmin'") === '1',
			'the load is audited');
		await snap(p, 'rules-loaded');

		// ---- 2. a scan from the console
		await p.goto(`${base}/console/integrity`);
		await Promise.all([p.waitForNavigation(), p.click('form[action="/console/integrity/scan"] button[type=submit]')]);
		ok(p.url().includes('done=scan'), 'the scan is started', p.url());
		let scans = '0';
		for (let i = 0; i < 120 && scans === '0'; i++) {
			await new Promise((r) => setTimeout(r, 500));
			scans = sql("SELECT count(*) FROM integrity_scans WHERE finished_at IS NOT NULL AND scope = 'site'");
		}
		ok(scans === '1', 'the scan finished');
		// the progress page refreshes itself (meta refresh): a navigation may cross ours
		for (let i = 0; i < 5; i++) {
			try { await p.goto(`${base}/console/integrity`); break; } catch (e) { await new Promise((r) => setTimeout(r, 300)); }
		}
		const scanRow = await p.textContent('#scans tbody tr');
		ok(scanRow.includes('intadmin'), `the scan is listed with who ran it: ${scanRow.replace(/\s+/g, ' ')}`);
		const marked = await p.$$eval('#findings mark', (ms) => ms.map((m) => m.textContent));
		ok(marked.includes('习进平'), 'the planted 习进平 is a finding, highlighted', marked.slice(0, 5).join(' '));
		ok(sql("SELECT count(*) FROM integrity_findings WHERE rule_id = 'spam.bet-1' AND field = 'attachment:名单.txt'") === '1',
			"the gambling brand in the attached text file is a finding of that attachment");
		ok(scanRow.includes('1 个附件格式不支持'), 'the image attachment is counted as not checked', scanRow);
		const card = await p.textContent('#scorecard');
		ok(/示例区人民政府\s*[\d.]+\s*不合格（单项否决）/.test(card), 'the score card fails 示例区人民政府 (单项否决)', card.replace(/\s+/g, ' ').slice(0, 200));
		await snap(p, 'findings');
		// filters: the wording category only, veto only
		await p.goto(`${base}/console/integrity?status=open&category=wording&severity=veto`);
		const rows = await p.$$eval('#findings tbody tr', (trs) => trs.map((t) => t.textContent));
		ok(rows.length >= 1 && rows.every((r) => r.includes('单项否决') && r.includes('错敏词')), `filtered to veto wording findings (${rows.length})`);

		// hostile filters come back as text (or are ignored), never as markup
		res = await p.goto(`${base}/console/integrity?status=${encodeURIComponent(P1)}&category=${encodeURIComponent(P1)}&severity=%22%3E&agency=-1&page=99999999999`);
		ok(res.status() === 200 && (await p.$$('main script')).length === 0, 'hostile filter values are harmless', res.status());

		// ---- 3. assign
		const fid = sql("SELECT min(id) FROM integrity_findings WHERE snippet = '习进平'");
		res = await p.goto(`${base}/console/integrity/${fid}`);
		ok(res.status() === 200 && (await p.textContent('.snippet mark')) === '习进平', `the finding page (${fid})`);
		await p.fill('#assign-to', 'intclerk');
		await p.fill('#assign-due', chinaDay(-3));
		[res] = await Promise.all([p.waitForNavigation(), p.click(`form[action="/console/integrity/${fid}/assign"] button[type=submit]`)]);
		ok(res.status() === 422 && (await p.textContent('.alert.error')).includes('整改期限不能早于今天'), 'a deadline in the past is refused', res.status());
		await p.fill('#assign-to', P1);
		await p.fill('#assign-due', chinaDay(7));
		[res] = await Promise.all([p.waitForNavigation(), p.click(`form[action="/console/integrity/${fid}/assign"] button[type=submit]`)]);
		ok(res.status() === 422 && (await p.textContent('.alert.error')).includes('没有这个用户') && (await p.$$('main script')).length === 0,
			'an unknown (script) user is refused, shown as text', res.status());
		await p.fill('#assign-to', 'intclerk');
		await p.fill('#assign-due', chinaDay(7));
		await Promise.all([p.waitForNavigation(), p.click(`form[action="/console/integrity/${fid}/assign"] button[type=submit]`)]);
		ok(p.url().includes('done=assigned'), 'assigned', p.url());
		const row = sql(`SELECT assignee, due_on, assigned_by FROM integrity_findings WHERE id = ${fid}`);
		ok(row === `intclerk|${chinaDay(7)}|intadmin`, `the database holds the work order (${row})`);
		ok(sql(`SELECT count(*) FROM audit_log WHERE action = 'integrity.assign' AND object = 'integrity_finding:${fid}'`) === '1', 'audited');
		await snap(p, 'assigned');

		// ---- 4. the 通报, read back
		await p.goto(`${base}/console/integrity`);
		const [download] = await Promise.all([p.waitForEvent('download'), p.click('a[href="/console/integrity/report.xlsx"]')]);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(readFileSync(await download.path()));
		const sheet = wb.getWorksheet('通报');
		const ranking = [];
		sheet.eachRow((r) => ranking.push(r.values.slice(1).map((v) => (v == null ? '' : String(v)))));
		const gov = ranking.find((r) => r[1] === '示例区人民政府');
		ok(gov && gov[3] === '不合格（单项否决）' && Number(gov[4]) >= 1 && gov[gov.length - 1].includes('习进平'),
			`the 通报 ranks 示例区人民政府 不合格 with the named problem: ${gov && gov.join(' | ')}`);
		ok(ranking.findIndex((r) => r[1] === '示例区人民政府') > ranking.findIndex((r) => r[3] === '合格'),
			'passing agencies rank above it');
		const list = [];
		wb.getWorksheet('问题清单').eachRow((r) => list.push(r.values.slice(1).map((v) => (v == null ? '' : String(v)))));
		ok(list.some((r) => r.includes('习进平') && r.includes('intclerk')), 'the findings sheet lists it with its assignee');

		// ---- 5. access
		const vw = await newUser(browser, VIEW);
		res = await vw.page.goto(`${base}/console/integrity/${fid}`);
		ok(res.status() === 404, "a viewer of another agency gets 404 for the finding", res.status());
		await vw.page.goto(`${base}/console/integrity?status=`);
		ok(!(await vw.page.textContent('main')).includes('习进平'), 'nor sees it listed');
		res = await vw.page.goto(`${base}/console/integrity/rules`);
		ok(res.status() === 403, 'nor opens the rules', res.status());
		const ck = await newUser(browser, CLERK);
		res = await ck.page.goto(`${base}/console/integrity/${fid}`);
		ok(res.status() === 200 && (await ck.page.$(`form[action="/console/integrity/${fid}/dismiss"]`)) === null,
			'the clerk sees the finding without the dismiss form');
		const token = await ck.page.getAttribute('input[name=_csrf]', 'value');
		const before = sql(`SELECT status FROM integrity_findings WHERE id = ${fid}`);
		const r1 = await ck.context.request.post(`${base}/console/integrity/${fid}/dismiss`, { form: { _csrf: token, reason: '伪造' }, maxRedirects: 0 });
		ok(r1.status() === 403 && sql(`SELECT status FROM integrity_findings WHERE id = ${fid}`) === before, 'a clerk cannot dismiss (403), nothing changed', r1.status());
		const r2 = await ck.context.request.post(`${base}/console/integrity/scan`, { form: { _csrf: token }, maxRedirects: 0 });
		ok(r2.status() === 403, 'nor run a scan', r2.status());
		const r3 = await vw.context.request.post(`${base}/console/integrity/${fid}/assign`, { form: { _csrf: await vw.page.getAttribute('input[name=_csrf]', 'value').catch(() => ''), to: 'intview' }, maxRedirects: 0 });
		ok(r3.status() === 403 || r3.status() === 404, 'a viewer cannot assign', r3.status());

		// dismiss as the administrator, with a reason
		await p.goto(`${base}/console/integrity/${fid}`);
		await p.fill('#dismiss-reason', P1);
		await Promise.all([p.waitForNavigation(), p.click(`form[action="/console/integrity/${fid}/dismiss"] button[type=submit]`)]);
		ok(p.url().includes('done=dismissed') && (await p.textContent('main')).includes(P1), 'dismissed with a reason, shown as text');
		ok(sql(`SELECT status FROM integrity_findings WHERE id = ${fid}`) === 'dismissed', 'stored as dismissed');
		await snap(p, 'dismissed');
		ok(dialogs.length === 0, 'no dialog fired', dialogs.join('\n'));
		ok(problems.length === 0, 'no server error', problems.join('\n'));
	} finally {
		await browser.close();
	}
}

main().catch((e) => { console.log(`not ok - the walk ran to its end\n#   ${String(e.stack || e).split('\n').join('\n#   ')}`); process.exit(1); });
