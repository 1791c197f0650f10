// stdcat.mjs: the 基层政务公开标准目录 in real Chromium.
// 1. The administrator of 示例区人民政府 (1) sees the demo catalogue by 领域 with its status
//    tags; uploads a file with bad rows: refused (422) with each problem as 第N行, nothing
//    written; uploads a messy file: a preview, written only when confirmed.
// 2. The clerk of the 住建局 (3) sees the demo's overdue 公租房分配结果 in the agency's warnings,
//    opens it, links a published document from the search: the warning is gone (and the CLI
//    agrees). Recording an imported item's event 40 days back makes it overdue: it shows in
//    the warnings.
// 3. The public /stdcat, JavaScript off: the 领域 and, under the item, the linked document.
// Prints TAP points without numbers. Env: ZF_URL, ZF_DB, ZF_BIN, ZF_STD_GOOD, ZF_STD_BAD.
import { chromium } from 'playwright-core';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;

const ADMIN = { login: 'stdadmin', password: 'Std-admin-2026' };
const CLERK = { login: 'stdclerk', password: 'Std-clerk-2026' };

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
		path: join(artifacts, `stdcat-${String(shot).padStart(2, '0')}-${name}.png`),
		fullPage: true,
	});
}

function sql(q) {
	return execFileSync(join(here, 'sql'), [db, q], { encoding: 'utf8' }).trim();
}

function snapshot() {
	return sql('SELECT * FROM std_items ORDER BY id; SELECT item_id, doc_id FROM std_item_docs ORDER BY 1, 2;');
}

const dialogs = [];
const problems = [];
async function newUser(browser, who, js = true) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', javaScriptEnabled: js });
	const page = await context.newPage();
	page.on('dialog', (d) => { dialogs.push(`${who ? who.login : 'visitor'}: ${d.message()}`); d.dismiss(); });
	page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()}: ${r.url()}`); });
	if (who) {
		await page.goto(`${base}/login`);
		await page.fill('#login', who.login);
		await page.fill('#password', who.password);
		await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
	}
	return { context, page };
}

async function axe(page) {
	const v = await page.evaluate(`${axeSource}
		axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] } })
			.then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
				nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) })))`);
	return v.filter((x) => x.impact === 'serious' || x.impact === 'critical')
		.map((x) => `${x.impact} ${x.id}: ${x.help} at ${x.nodes.join(', ')}`).join('\n');
}

function chinaDay(offset = 0) {
	return new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	try {
		// ---- 1. the administrator
		const adm = await newUser(browser, ADMIN);
		const p = adm.page;
		await p.goto(`${base}/console/stdcat`);
		const main = await p.textContent('main');
		ok(main.includes('保障性住房领域') && main.includes('社会救助领域'), 'the demo catalogue by 领域', main.slice(0, 300));
		const overdueRow = p.locator('table.std-items tr', { hasText: '公租房分配结果' });
		ok(await overdueRow.locator('.tag[data-status=overdue]').count() === 1, '公租房分配结果 is tagged 逾期未公开');
		ok(await p.locator('table.std-items .tag[data-status=published]').count() >= 2, 'linked items are tagged 已公开');
		await snap(p, 'console');
		let av = await axe(p);
		ok(av === '', 'axe-core: no serious or critical violation on /console/stdcat', av);

		let before = snapshot();
		await p.setInputFiles('#std-file', process.env.ZF_STD_BAD);
		let [resp] = await Promise.all([p.waitForNavigation(), p.click('form[action="/console/stdcat/import"] button[type=submit]')]);
		const bad = await p.textContent('main');
		ok(resp.status() === 422 && bad.includes('第4行：找不到公开主体') && bad.includes('第5行：未填写公开内容'),
			'a file with bad rows: 422, each problem named 第N行', `${resp.status()} ${bad.slice(0, 400)}`);
		ok(snapshot() === before, 'nothing written');
		await snap(p, 'import-refused');

		await p.setInputFiles('#std-file', process.env.ZF_STD_GOOD);
		[resp] = await Promise.all([p.waitForNavigation(), p.click('form[action="/console/stdcat/import"] button[type=submit]')]);
		const preview = await p.textContent('main');
		ok(resp.status() === 200 && await p.locator('table.std-preview tbody tr').count() === 3 &&
			preview.includes('控制性详细规划批准结果') && preview.includes('事件发生后 20 个工作日内'),
			'the messy file: a preview of 3 items with their 时限 understood', preview.slice(0, 400));
		ok(snapshot() === before, 'the preview wrote nothing');
		await snap(p, 'import-preview');
		av = await axe(p);
		ok(av === '', 'axe-core: no serious or critical violation on the preview', av);
		await Promise.all([p.waitForNavigation(), p.click('form[action="/console/stdcat/import/confirm"] button[type=submit]')]);
		ok(p.url().endsWith('/console/stdcat?done=imported') && (await p.textContent('.alert.ok')).includes('已导入'),
			'confirmed: imported', p.url());
		ok(sql("SELECT count(*) FROM std_items WHERE area = '城乡规划'") === '3', 'three 城乡规划 items stored');
		ok((await p.textContent('main')).includes('城乡规划领域'), 'the new 领域 is listed');
		ok(sql("SELECT count(*) FROM audit_log WHERE action = 'std.import'").trim() !== '0', 'the import is audited');

		// ---- 2. the clerk of 住建局
		const cl = await newUser(browser, CLERK);
		const c = cl.page;
		await c.goto(`${base}/console/stdcat/warnings`);
		const warn = c.locator('section.std-warnings[data-agency="3"]');
		ok(await warn.count() === 1 && (await warn.textContent()).includes('公租房分配结果'),
			'the demo overdue item shows in the 住建局 warnings', await c.textContent('main'));
		await snap(c, 'warnings');
		av = await axe(c);
		ok(av === '', 'axe-core: no serious or critical violation on the warnings', av);
		await Promise.all([c.waitForNavigation(), warn.locator('a', { hasText: '公租房分配结果' }).click()]);
		ok((await c.textContent('h1')).includes('公租房分配结果'), 'the item page');
		const cand = c.locator('ul.std-candidates li');
		ok(await cand.count() > 0, 'published documents of the 住建局 are offered');
		await c.fill('#std-q', '分配结果');
		await Promise.all([c.waitForNavigation(), c.click('form:has(#std-q) button')]);
		const hit = c.locator('ul.std-candidates li', { hasText: '公共租赁住房分配结果公示（第四批）' });
		ok(await hit.count() === 1, 'the search finds the fresh publication');
		const title = '公共租赁住房分配结果公示';
		await Promise.all([c.waitForNavigation(), hit.locator('button').click()]);
		ok((await c.textContent('.alert.ok')).includes('已关联') && await c.locator('h1 .tag[data-status=published]').count() === 1,
			'linked: the item reads 已公开');
		ok((await c.textContent('table.std-docs')).includes(title), 'the document is listed on the item');
		await snap(c, 'item-linked');
		av = await axe(c);
		ok(av === '', 'axe-core: no serious or critical violation on the item page', av);
		await c.goto(`${base}/console/stdcat/warnings`);
		ok(await c.locator('section.std-warnings[data-agency="3"]').count() === 0, 'the warning is gone');
		const r = spawnSync(process.env.ZF_BIN, ['stdcat', 'overdue', '--db', db], { encoding: 'utf8' });
		ok(r.status === 0 && r.stdout.includes('没有逾期未公开的事项'), 'the CLI agrees: nothing overdue (exit 0)', r.stdout + r.stderr);

		// an imported item's event recorded 40 days back: overdue
		const imported = sql("SELECT id FROM std_items WHERE level2 = '控制性详细规划草案公示'");
		await c.goto(`${base}/console/stdcat/items/${imported}`);
		await c.fill('#std-event', chinaDay(-40));
		await Promise.all([c.waitForNavigation(), c.click(`form[action="/console/stdcat/items/${imported}/event"] button`)]);
		ok(await c.locator('h1 .tag[data-status=overdue]').count() === 1, 'event 40 days back, 10 working days: 逾期未公开');
		await c.goto(`${base}/console/stdcat/warnings`);
		ok((await c.textContent('main')).includes('控制性详细规划草案公示'), 'it shows in the 住建局 warnings');

		// ---- 3. the public, JavaScript off
		const pub = await newUser(browser, null, false);
		await pub.page.goto(`${base}/stdcat`);
		const idx = await pub.page.textContent('main');
		ok(idx.includes('保障性住房领域') && idx.includes('城乡规划领域'), 'the public catalogue lists the 领域', idx.slice(0, 300));
		await pub.page.click('a:has-text("保障性住房领域")');
		const art = pub.page.locator('article.std-item', { hasText: '公租房分配结果' });
		const linked = sql(`SELECT doc_id FROM std_item_docs WHERE item_id = (SELECT id FROM std_items WHERE level2 = '公租房分配结果')`);
		ok(await art.locator(`a[href="/docs/${linked}"]`).count() === 1, 'under the item, a link to the linked document');
		await snap(pub.page, 'public');
		await c.goto(`${base}/stdcat?area=${encodeURIComponent('保障性住房')}`);
		av = await axe(c);
		ok(av === '', 'axe-core: no serious or critical violation on the public page', av);
		ok(dialogs.length === 0, 'no dialog opened anywhere', dialogs.join('\n'));
		ok(problems.length === 0, 'no server error anywhere', problems.join('\n'));
	} finally {
		await browser.close();
	}
}

main().catch((e) => {
	console.log(`not ok - ${e.message.split('\n')[0]}`);
	console.error(e);
	process.exit(1);
});
