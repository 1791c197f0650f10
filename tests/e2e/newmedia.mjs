// newmedia.mjs: the 政务新媒体 registry in real Chromium.
// 1. The clerk of 住建局 (3) sees the demo's silent account flagged 不更新 and alone under the
//    不更新 filter, registers a 微信公众号 (申请开设) and may not approve it.
// 2. The administrator of 住建局 approves it with a 备案 number (a missing number refused).
// 3. The clerk imports a CSV export (a post with 扫黑险恶: a 单项否决 wording error found and
//    shown on the account and post pages, and in 内容检查), the same file again (duplicates
//    skipped), a feed by its loopback URL; a bad file is refused and nothing is written.
// 4. The registry's .xlsx holds the accounts; the clerk asks to close the account and the
//    administrator of the parent agency (1) approves it; its findings are closed.
// 5. The public /newmedia lists open accounts and their 主办单位, never a 负责人, nor closed or
//    applied accounts; JavaScript off.
// Prints TAP points without numbers. Env: ZF_URL, ZF_DB, FEED_URL.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;
const feed = process.env.FEED_URL;

const CLERK = { login: 'nmclerk', password: 'Nm-clerk-2026' };
const ADMIN = { login: 'nmadmin', password: 'Nm-admin-2026' };
const GOV = { login: 'nmgov', password: 'Nm-gov-2026' };

function ok(cond, desc, diag) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${desc}`);
	if (!cond && diag !== undefined)
		console.log(String(diag).split('\n').map((l) => `#   ${l}`).join('\n'));
	return cond;
}

let shot = 0;
async function snap(page, name) {
	shot++;
	await page.screenshot({ path: join(artifacts, `newmedia-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
}

function sql(q) {
	return execFileSync(join(here, 'sql'), [db, q], { encoding: 'utf8' }).trim();
}

function chinaDay(offset = 0) {
	return new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}

const problems = [];
async function newUser(browser, who, js = true) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', javaScriptEnabled: js, acceptDownloads: true });
	const page = await context.newPage();
	page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()}: ${r.url()}`); });
	if (who) {
		await page.goto(`${base}/login`);
		await page.fill('#login', who.login);
		await page.fill('#password', who.password);
		await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
	}
	return { context, page };
}

async function submit(page, selector) {
	await Promise.all([page.waitForNavigation(), page.click(`${selector} button[type=submit]`)]);
}

async function actionForm(page, action) {
	return page.locator(`form:has(input[name=action][value="${action}"])`);
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
	try {
		// ---- 1. the clerk
		const c = await newUser(browser, CLERK);
		const p = c.page;
		await p.goto(`${base}/console/newmedia`);
		const table = await p.textContent('table.newmedia');
		ok(table.includes('示例住建') && !table.includes('示例发布'), 'the registry lists the accounts of the clerk\'s agency only', table.slice(0, 300));
		const silentRow = p.locator('table.newmedia tr', { hasText: '示例住建' }).filter({ hasText: '抖音' });
		ok(await silentRow.locator('.tag.overdue').count() === 1, 'the silent account is flagged 不更新');
		await p.check('input[name=silent]');
		await submit(p, 'form[action="/console/newmedia"]');
		const rows = await p.locator('table.newmedia tbody tr').count();
		ok(rows === 1 && (await p.textContent('table.newmedia')).includes('示例住建'), `the 不更新 filter keeps only it (${rows})`);
		await snap(p, 'silent');

		await p.goto(`${base}/console/newmedia`);
		await p.selectOption('#nm-agency', '3');
		await p.selectOption('#nm-platform', 'wechat');
		await p.fill('#nm-name', '住建发布测试');
		await p.fill('#nm-handle', 'zj_test');
		await p.fill('#nm-operated', '区融媒体中心');
		await p.selectOption('#nm-outsourced', '1');
		await p.fill('#nm-responsible', '韩负责');
		await submit(p, 'form[action="/console/newmedia/new"]');
		ok((await p.textContent('.alert.ok')).includes('已登记'), 'the clerk registers an account (申请开设)');
		const id = Number(p.url().match(/newmedia\/(\d+)/)[1]);
		ok(sql(`SELECT status FROM newmedia_accounts WHERE id = ${id}`) === 'applied', 'stored as applied');
		ok(await (await actionForm(p, 'approve')).count() === 0, 'the clerk is offered no approval');
		const token = await p.getAttribute('input[name=_csrf]', 'value');
		const forged = await c.context.request.post(`${base}/console/newmedia/${id}`, { form: { _csrf: token, action: 'approve', day: chinaDay(), filing_no: 'X' }, maxRedirects: 0 });
		ok(forged.status() === 404 && sql(`SELECT status FROM newmedia_accounts WHERE id = ${id}`) === 'applied', `a forged approval by the clerk: 404, nothing changed (${forged.status()})`);

		// ---- 2. the administrator of 住建局
		const a = await newUser(browser, ADMIN);
		const q = a.page;
		await q.goto(`${base}/console/newmedia/${id}`);
		let f = await actionForm(q, 'approve');
		await q.evaluate(() => document.querySelectorAll('[required]').forEach((e) => e.removeAttribute('required')));
		await Promise.all([q.waitForNavigation(), f.locator('button[type=submit]').click()]);
		ok((await q.textContent('.alert.error')).includes('备案编号'), 'an approval without a 备案 number is refused');
		f = await actionForm(q, 'approve');
		await f.locator('input[name=filing_no]').fill('示住建备〔2026〕8号');
		await Promise.all([q.waitForNavigation(), f.locator('button[type=submit]').click()]);
		ok((await q.textContent('.alert.ok')).includes('已批准开设'), 'the administrator approves the opening');
		ok(sql(`SELECT status || '|' || filing_no || '|' || approved_by FROM newmedia_accounts WHERE id = ${id}`) === 'open|示住建备〔2026〕8号|nmadmin', 'open, with the 备案 number and the approver');
		await snap(q, 'approved');

		// ---- 3. imports
		const dir = join(tmpdir(), `zf-nm-${process.pid}`);
		mkdirSync(dir, { recursive: true });
		const csv = join(dir, '发布内容.csv');
		writeFileSync(csv, '\ufeff文章标题,群发时间,原文链接,内容\r\n' +
			`深入推进扫黑险恶专项斗争,${chinaDay(-1)} 10:00,https://mp.example.cn/s/t1,"住建系统召开会议，部署下一阶段工作。"\r\n` +
			`冬季供暖服务热线开通,${chinaDay(-2)},,"热线电话 12345，24 小时服务。"\r\n`);
		await p.goto(`${base}/console/newmedia/${id}`);
		await p.setInputFiles('#im-file', csv);
		await submit(p, `form[action="/console/newmedia/${id}/import"]`);
		const msg = await p.textContent('.alert.ok');
		ok(msg.includes('新增 2 条') && msg.includes('单项否决 1 个'), 'the CSV is imported and checked: one 单项否决', msg);
		const findings = await p.textContent('section.panel:has(h2:text("待整改的问题"))');
		ok(findings.includes('扫黑险恶') && findings.includes('单项否决'), 'the wording error shows on the account page', findings.slice(0, 300));
		await snap(p, 'imported');
		await p.click('section.panel:has(h2:text("待整改的问题")) a[href^="/console/newmedia/post/"]');
		ok((await p.textContent('h1')).includes('扫黑险恶') && (await p.textContent('main')).includes('住建系统召开会议'), 'the post page shows the post with its finding');
		await p.goto(`${base}/console/integrity?agency=3`);
		const integ = await p.textContent('main');
		ok(integ.includes('扫黑险恶') && integ.includes('/console/newmedia/post/'), 'the finding is a work order in 内容检查, placed at the post', integ.slice(0, 400));
		await p.goto(`${base}/console/newmedia/${id}`);
		await p.setInputFiles('#im-file', csv);
		await submit(p, `form[action="/console/newmedia/${id}/import"]`);
		ok((await p.textContent('.alert.ok')).includes('已有 2 条'), 'the same file again: both skipped as duplicates');
		const bad = join(dir, 'bad.csv');
		writeFileSync(bad, '标题,发布时间\n好的,2026-01-01\n<script>alert(1)</script>,下周\n');
		const before = sql(`SELECT count(*) FROM newmedia_posts; SELECT count(*) FROM newmedia_events`);
		await p.setInputFiles('#im-file', bad);
		await Promise.all([p.waitForNavigation(), p.click(`form[action="/console/newmedia/${id}/import"] button[type=submit]`)]);
		const err = await p.textContent('.alert.error');
		ok(err.includes('第3行') && sql(`SELECT count(*) FROM newmedia_posts; SELECT count(*) FROM newmedia_events`) === before, 'a file with a bad time is refused naming its row, nothing written', err);
		await p.fill('#im-url', feed);
		await submit(p, `form[action="/console/newmedia/${id}/import"]`);
		const fm = await p.textContent('.alert.ok');
		ok(fm.includes('RSS') && fm.includes('新增 2 条'), 'the feed is imported from its loopback address', fm);
		ok(Number(sql(`SELECT count(*) FROM newmedia_posts WHERE account_id = ${id}`)) === 4, 'four posts stored');
		const hist = await p.textContent('section.panel:has(h2:text("变更记录"))');
		ok(hist.includes('申请开设') || (hist.includes('住建发布测试') && hist.includes('批准开设') && hist.includes('导入')), 'the history lists registration, approval and the imports', hist.slice(0, 300));

		// ---- 4. the .xlsx, closing
		await p.goto(`${base}/console/newmedia`);
		const [download] = await Promise.all([p.waitForEvent('download'), p.click('a[href^="/console/newmedia/export.xlsx"]')]);
		const path = await download.path();
		const xlsx = execFileSync('python3', ['-c', `import zipfile,sys;z=zipfile.ZipFile(sys.argv[1]);print(''.join(z.read(n).decode() for n in z.namelist() if n.endswith('.xml')))`, path], { encoding: 'utf8' });
		ok(xlsx.includes('住建发布测试') && xlsx.includes('示住建备〔2026〕8号') && xlsx.includes('开设备案编号'), 'the registry .xlsx holds the account with its 备案 number');
		await p.goto(`${base}/console/newmedia/${id}`);
		f = await actionForm(p, 'close-request');
		await f.locator('textarea').fill('与“示例住建”合并运营');
		await Promise.all([p.waitForNavigation(), f.locator('button[type=submit]').click()]);
		ok((await p.textContent('.alert.ok')).includes('关停申请'), 'the clerk asks to close it');
		const g = await newUser(browser, GOV);
		await g.page.goto(`${base}/console/newmedia/${id}`);
		f = await actionForm(g.page, 'approve-close');
		await f.locator('input[name=filing_no]').fill('示网信销〔2026〕5号');
		await Promise.all([g.page.waitForNavigation(), f.locator('button[type=submit]').click()]);
		ok((await g.page.textContent('.alert.ok')).includes('已批准关停'), 'the administrator of the parent agency approves the closing');
		ok(sql(`SELECT count(*) FROM integrity_findings WHERE scope = 'newmedia:${id}' AND status = 'open'`) === '0', 'its findings are closed with it');
		await snap(g.page, 'closed');

		// ---- 5. the public matrix, JavaScript off
		const v = await newUser(browser, null, false);
		const r = await v.page.goto(`${base}/newmedia`);
		const pub = await v.page.textContent('main');
		ok(r.status() === 200 && pub.includes('示例发布') && pub.includes('示例区人民政府办公室') && pub.includes('微博'), 'the public matrix lists open accounts by platform with their 主办单位');
		ok(!pub.includes('住建发布测试') && !pub.includes('示例政务服务') && !pub.includes('示例住建视频号'), 'closed and applied accounts are not listed');
		ok(!pub.includes('周明') && !pub.includes('韩负责') && !pub.includes('融媒体中心'), 'no person and no 运维单位 on the public page');
		await snap(v.page, 'public');
		ok(problems.length === 0, 'no 5xx answer', problems.join('\n'));
	} finally {
		await browser.close();
	}
}

main().catch((e) => { console.log(`not ok - the walk ran to its end\n#   ${String(e.stack || e).split('\n').join('\n#   ')}`); process.exit(1); });
