// messages.mjs: 政民互动 messages, the walk, in real Chromium.
// 1. A citizen (JavaScript off) opens /hdjl, writes a 咨询 to 办公室 (2) with her name and
//    mobile number in the text, agrees to publication, and gets the receipt with a code.
// 2. The clerk of 2 finds it in the inbox and transfers it to 住建局 (3) with a reason; the
//    message leaves 2's inbox; the transfer is in the audit log and on the message.
// 3. A clerk of 3 answers and publishes it; the public list finds it by a word, its page shows
//    受理日期, 答复日期, 答复单位 and the text with the name and the number masked.
// 4. The writer looks it up with the code, sees 已答复, rates 满意; the rating shows.
// 5. The statistics page lists the agencies and months; its .xlsx downloads.
// Prints TAP points without numbers. Env: ZF_URL, ZF_DB (an SQLite file or a PostgreSQL URI).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
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

const CLERK2 = { login: 'msgc2', password: 'Msg-clerk2-2026' };
const CLERK3 = { login: 'msgc3', password: 'Msg-clerk3-2026' };

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
		path: join(artifacts, `messages-${String(shot).padStart(2, '0')}-${name}.png`),
		fullPage: true,
	});
}

function sql(q) {
	return execFileSync(join(here, 'sql'), [db, q], { encoding: 'utf8' }).trim();
}

// Serious or critical accessibility violations of the page (axe-core; needs JavaScript).
async function axe(page) {
	const v = await page.evaluate(`${axeSource}
		axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] } })
			.then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
				nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) })))`);
	return v.filter((x) => x.impact === 'serious' || x.impact === 'critical')
		.map((x) => `${x.impact} ${x.id}: ${x.help} at ${x.nodes.join(', ')}`).join('\n');
}

const problems = [];
async function newUser(browser, who, js = true) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', javaScriptEnabled: js });
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

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	try {
		const title = `小区电梯维修资金使用咨询${Date.now() % 100000}`;
		// 1. the citizen writes, JavaScript off
		const cit = await newUser(browser, null, false);
		const p = cit.page;
		await p.goto(`${base}/hdjl`);
		ok(await p.locator('main a[href="/hdjl/write"]').count() >= 1, '/hdjl links to 我要写信');
		ok(await p.locator('main a[href="/hdjl/messages"]').count() === 1, '/hdjl links to the list');
		ok(await p.locator('main a[href="/hdjl/consultations"]').count() === 1 &&
			await p.locator('main a[href="/hdjl/interviews"]').count() === 1,
		'/hdjl links to 意见征集 and 在线访谈');
		await p.click('main a[href="/hdjl/write"]');
		await p.selectOption('#kind', 'consult');
		await p.selectOption('#agency', '2');
		await p.fill('#title', title);
		await p.fill('#body', '我是幸福小区业主张三丰，联系电话13912345678。请问小区电梯大修能否使用住宅专项维修资金？需要哪些手续？');
		await p.fill('#name', '张三丰');
		await p.fill('#phone', '13912345678');
		await p.check('input[name=publish]');
		await Promise.all([p.waitForLoadState(), p.click('main button[type=submit]')]);
		const code = (await p.textContent('#query-code') || '').trim();
		ok(/^[0-9A-Z]{12}$/.test(code), `the receipt shows a 12-character query code (${code})`);
		ok((await p.textContent('main')).includes('示例区人民政府办公室'), 'the receipt names the agency');
		await snap(p, 'receipt');
		ok(new URL(p.url()).pathname === '/hdjl/receipt' && !p.url().includes(code),
			'the receipt has its own address (303 after the form), without the code in it');
		await p.reload();
		ok((await p.textContent('#query-code') || '').trim() === code &&
			sql(`SELECT count(*) FROM messages WHERE title = '${title}'`) === '1',
			'reloading the receipt shows it again and writes no second message');
		const id = Number(sql(`SELECT id FROM messages WHERE title = '${title}'`));
		ok(id > 0 && sql(`SELECT status || '|' || agency_id FROM messages WHERE id = ${id}`) === 'open|2',
			'stored, 受理 at once, at 办公室 (2)');

		// 2. the clerk of 2 transfers it to 3
		const c2 = await newUser(browser, CLERK2);
		await c2.page.goto(`${base}/console/hdjl?status=open`);
		ok(await c2.page.locator(`#inbox a[href="/console/hdjl/${id}"]`).count() === 1, 'the message is in the inbox of 2');
		await c2.page.click(`#inbox a[href="/console/hdjl/${id}"]`);
		ok((await c2.page.textContent('#message-meta')).includes('13912345678'), 'the clerk sees the writer\'s phone');
		await c2.page.selectOption('#to', '3');
		await c2.page.fill('#reason', '属于住房和城乡建设局职责，转其办理');
		await snap(c2.page, 'transfer');
		await Promise.all([c2.page.waitForNavigation(), c2.page.click('form:has(input[value=transfer]) button[type=submit]')]);
		ok((await c2.page.textContent('main')).includes('已转办'), 'the clerk of 2 is told 已转办');
		ok(await c2.page.locator(`#inbox a[href="/console/hdjl/${id}"]`).count() === 0, 'it left the inbox of 2');
		let r = await c2.context.request.get(`${base}/console/hdjl/${id}`);
		ok(r.status() === 404, 'the clerk of 2 can no longer open it (404)', r.status());
		ok(sql(`SELECT agency_id || '|' || transfers FROM messages WHERE id = ${id}`) === '3|1', 'now at 住建局, one transfer');
		ok(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'message.transfer' AND object = 'message:${id}' AND actor = 'msgc2'`)) === 1,
			'the transfer is in the audit log, by the clerk of 2');

		// 3. the clerk of 3 answers and publishes
		const c3 = await newUser(browser, CLERK3);
		await c3.page.goto(`${base}/console/hdjl/${id}`);
		ok((await c3.page.textContent('#transfers')).includes('属于住房和城乡建设局职责'), 'the clerk of 3 sees the transfer and its reason');
		await c3.page.fill('#reply', '您好！张三丰先生，小区电梯大修可申请使用住宅专项维修资金，须经业主大会表决通过，由物业或业主委员会向区住房和城乡建设局提出申请。');
		await Promise.all([c3.page.waitForNavigation(), c3.page.click('form:has(input[value=reply]) button[type=submit]')]);
		ok((await c3.page.textContent('main')).includes('已答复'), 'answered');
		ok(sql(`SELECT status || '|' || published || '|' || reply_agency_id FROM messages WHERE id = ${id}`) === 'replied|1|3',
			'stored replied, published, 答复单位 住建局');
		await snap(c3.page, 'replied');

		// the public list and page, masked
		const pub = await newUser(browser, null, false);
		await pub.page.goto(`${base}/hdjl/messages?q=${encodeURIComponent('维修资金')}`);
		ok(await pub.page.locator(`a[href="/hdjl/messages/${id}"]`).count() === 1, 'the public list finds it by a word');
		await pub.page.goto(`${base}/hdjl/messages?agency=3&kind=consult`);
		ok(await pub.page.locator(`a[href="/hdjl/messages/${id}"]`).count() === 1, 'and by agency and kind');
		await pub.page.goto(`${base}/hdjl/messages?agency=2`);
		ok(await pub.page.locator(`a[href="/hdjl/messages/${id}"]`).count() === 0, 'not under the agency it left');
		await pub.page.goto(`${base}/hdjl/messages/${id}`);
		const text = await pub.page.textContent('main');
		ok(!text.includes('张三丰'), 'the writer\'s name appears nowhere on the public page', text);
		ok(text.includes('张**'), 'it is shown masked (张**)');
		ok(!text.includes('13912345678') && text.includes('139****5678'), 'the mobile number in the text is masked');
		ok(text.includes('示例区住房和城乡建设局') && text.includes('答复日期') && text.includes('受理日期'),
			'the page shows 受理日期, 答复日期 and 答复单位');
		await snap(pub.page, 'public-message');

		// 4. the writer looks it up and rates it
		await p.goto(`${base}/hdjl/query`);
		await p.fill('#code', code.toLowerCase());
		await Promise.all([p.waitForLoadState(), p.click('main button[type=submit]')]);
		ok((await p.textContent('#status')).includes('已答复'), 'the writer sees 已答复 (code typed in lower case)');
		await p.check('input[name=rating][value=satisfied]');
		await Promise.all([p.waitForLoadState(), p.click('form[action="/hdjl/query/rate"] button[type=submit]')]);
		ok((await p.textContent('#rating')).includes('满意'), 'the rating shows');
		ok(sql(`SELECT rating FROM messages WHERE id = ${id}`) === 'satisfied', 'stored 满意');

		// 5. statistics and their workbook
		await c3.page.goto(`${base}/console/hdjl/stats`);
		ok((await c3.page.textContent('#stats')).includes('示例区住房和城乡建设局'), 'the statistics list 住建局');
		r = await c3.context.request.get(`${base}/console/hdjl/stats?format=xlsx`);
		const body = await r.body();
		ok(r.status() === 200 && body.subarray(0, 2).toString() === 'PK', 'the statistics download as .xlsx', r.status());
		// accessibility of the public pages and the console's
		const js = await newUser(browser, null);
		for (const path of ['/hdjl', '/hdjl/write', '/hdjl/messages', `/hdjl/messages/${id}`, '/hdjl/query']) {
			await js.page.goto(`${base}${path}`);
			const av = await axe(js.page);
			ok(av === '', `axe-core: no serious or critical violation on ${path}`, av);
		}
		for (const path of ['/console/hdjl', `/console/hdjl/${id}`, '/console/hdjl/stats', '/console/hdjl/settings']) {
			const r2 = await c3.page.goto(`${base}${path}`);
			if (r2.status() !== 200) continue;
			const av = await axe(c3.page);
			ok(av === '', `axe-core: no serious or critical violation on ${path}`, av);
		}
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
