// consult_security.mjs: the 意见征集 and 在线访谈 routes under attack, in real Chromium.
// Demo objects: consultation 1 (住建局, 3; 采纳情况 published), consultation 2 (办公室, 2; open),
// interview 2 (the government, 1; announced). Agencies 2 and 3 are below 1.
// 1. Access matrix: each console route for viewer/clerk/admin of 1 and 3 and a clerk of 2, on
//    objects of their own agency, of another agency and of an agency below: 200/422 (allowed;
//    a no-op action answers 422 after the access check), 403 (role too weak), 404 (another
//    agency's object, its existence not told); the database unchanged by every refusal.
// 2. CSRF: public and console forms without their token or with a wrong one: 403.
// 3. Hostile input on both public forms: script kept as text (no dialog, in the console and,
//    once published, on the public page), oversized text and control characters (422 naming
//    the field), invalid UTF-8 (400), traversal in the path (404), a flood from one address
//    (429 after 10 with Retry-After) — nothing stored by any refusal.
// Prints TAP points without numbers. Env: ZF_URL, ZF_DB.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;

const USERS = {
	v1: { login: 'sv1', password: 'Ks-view1-2026' },
	c1: { login: 'sc1', password: 'Ks-clerk1-2026' },
	a1: { login: 'sa1', password: 'Ks-admin1-2026' },
	v3: { login: 'sv3', password: 'Ks-view3-2026' },
	c3: { login: 'sc3', password: 'Ks-clerk3-2026' },
	a3: { login: 'sa3', password: 'Ks-admin3-2026' },
	c2: { login: 'sc2', password: 'Ks-clerk2-2026' },
};
const P1 = '<script>alert(1)</script>';
const P2 = '"><img src=x onerror=alert(2)>';

function ok(cond, desc, diag) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${desc}`);
	if (!cond && diag !== undefined)
		console.log(String(diag).split('\n').map((l) => `#   ${l}`).join('\n'));
	return cond;
}

function sql(q) {
	return execFileSync(join(here, 'sql'), [db, q], { encoding: 'utf8' }).trim();
}

function snapshot() {
	return sql('SELECT * FROM consultations ORDER BY id; SELECT * FROM consultation_comments ORDER BY id;' +
		' SELECT * FROM interviews ORDER BY id; SELECT * FROM interview_guests ORDER BY id;' +
		' SELECT * FROM interview_questions ORDER BY id;');
}

const dialogs = [];
const problems = [];
async function newUser(browser, who, js = true) {
	const context = await browser.newContext({ locale: 'zh-CN', javaScriptEnabled: js });
	const page = await context.newPage();
	page.on('dialog', (d) => { dialogs.push(`${who ? who.login : 'visitor'}: ${d.message()}`); d.dismiss(); });
	page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()}: ${r.url()}`); });
	let token = null;
	if (who) {
		await page.goto(`${base}/login`);
		await page.fill('#login', who.login);
		await page.fill('#password', who.password);
		await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
		await page.goto(`${base}/console/hdjl/consultations`);
		token = await page.getAttribute('input[name=_csrf]', 'value');
	}
	return { context, page, token };
}

async function main() {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	try {
		const u = {};
		for (const k of Object.keys(USERS))
			u[k] = await newUser(browser, USERS[k]);
		const cid2 = sql('SELECT min(id) FROM consultation_comments WHERE consultation_id = 2');
		const qid2 = sql('SELECT min(id) FROM interview_questions WHERE interview_id = 2');

		// ---- 1. the access matrix
		const get = (who, path) => u[who].context.request.get(`${base}${path}`, { maxRedirects: 0 });
		const post = (who, path, form) => u[who].context.request.post(`${base}${path}`,
			{ form: { _csrf: u[who].token, ...form }, maxRedirects: 0 });
		const before = snapshot();
		// [who, GET page, POST no-op] for each object
		const matrix = [
			['/console/hdjl/consultations/2', { v1: [200, 403], c1: [200, 422], a1: [200, 422], v3: [404, 403], c3: [404, 404], a3: [404, 404], c2: [200, 422] }],
			['/console/hdjl/consultations/1', { v1: [200, 403], c1: [200, 422], a1: [200, 422], v3: [200, 403], c3: [200, 422], a3: [200, 422], c2: [404, 404] }],
			['/console/hdjl/interviews/2', { v1: [200, 403], c1: [200, 422], a1: [200, 422], v3: [404, 403], c3: [404, 404], a3: [404, 404], c2: [404, 404] }],
			['/console/hdjl/interviews/1', { v1: [200, 403], c1: [200, 422], a1: [200, 422], v3: [404, 403], c3: [404, 404], a3: [404, 404], c2: [404, 404] }],
		];
		for (const [path, want] of matrix) {
			for (const who of Object.keys(want)) {
				const g = await get(who, path);
				const p = await post(who, path, { action: 'noop' });
				ok(g.status() === want[who][0] && p.status() === want[who][1],
					`${who} on ${path}: GET ${want[who][0]}, POST ${want[who][1]}`, `got ${g.status()}, ${p.status()}`);
			}
		}
		const exports = { v1: 200, v3: 404, c3: 404, c2: 200 };
		for (const who of Object.keys(exports)) {
			const r = await get(who, '/console/hdjl/consultations/2/comments.xlsx');
			ok(r.status() === exports[who], `${who}: the comments of consultation 2 as .xlsx: ${exports[who]}`, r.status());
		}
		// judging and moderating: the object of another agency, or of another consultation
		let r = await post('c3', `/console/hdjl/consultations/2/comments/${cid2}`, { outcome: 'adopted' });
		ok(r.status() === 404, 'a clerk of 3 judging a comment of 2: 404', r.status());
		r = await post('c3', `/console/hdjl/consultations/1/comments/${cid2}`, { outcome: 'adopted' });
		ok(r.status() === 404, 'a clerk of 3 judging a comment of 2 through a consultation of 3: 404', r.status());
		r = await post('v1', `/console/hdjl/consultations/2/comments/${cid2}`, { outcome: 'adopted' });
		ok(r.status() === 403, 'a viewer judging: 403', r.status());
		r = await post('c2', `/console/hdjl/consultations/2/comments/${cid2}`, { outcome: 'maybe' });
		ok(r.status() === 422 && (await r.text()).includes('请选择处理结果'), 'a clerk of 2 with an unknown outcome: 422', r.status());
		r = await post('c3', `/console/hdjl/interviews/2/questions/${qid2}`, { state: 'approved' });
		ok(r.status() === 404, 'a clerk of 3 moderating a question of 1: 404', r.status());
		r = await post('c1', `/console/hdjl/interviews/1/questions/${qid2}`, { state: 'approved' });
		ok(r.status() === 404, 'a question moderated through another interview: 404', r.status());
		r = await post('c3', '/console/hdjl/consultations', { agency: '2', title: '越权', draft: '越权', opens_on: '2026-12-01', closes_on: '2026-12-31' });
		ok(r.status() === 422 && (await r.text()).includes('请选择您有权办理的征集机关'), 'a clerk of 3 drafting for 2: 422', r.status());
		r = await post('c3', '/console/hdjl/interviews', { agency: '1', title: '越权', announcement: '越权', held_on: '2026-12-01', held_at: '10:00' });
		ok(r.status() === 422, 'a clerk of 3 announcing for 1: 422', r.status());
		r = await post('v1', '/console/hdjl/consultations', { agency: '1', title: '越权', draft: '越权', opens_on: '2026-12-01', closes_on: '2026-12-31' });
		ok(r.status() === 403, 'a viewer drafting: 403', r.status());
		r = await post('c3', '/console/hdjl/interviews/2', { action: 'guest_remove', guest: sql('SELECT min(id) FROM interview_guests WHERE interview_id = 2') });
		ok(r.status() === 404, 'a clerk of 3 removing a guest of 1: 404', r.status());
		r = await post('c1', '/console/hdjl/interviews/2', { action: 'guest_remove', guest: sql('SELECT min(id) FROM interview_guests WHERE interview_id = 1') });
		ok(r.status() === 422 && (await r.text()).includes('没有这位嘉宾'), 'a guest of another interview: refused', r.status());
		ok(snapshot() === before, 'no refused request changed the database');
		const visitor = await newUser(browser, null, false);
		r = await visitor.context.request.get(`${base}/console/hdjl/consultations`, { maxRedirects: 0 });
		ok(r.status() === 403, 'a visitor on the console: 403', r.status());

		// ---- 2. CSRF
		const pub = await newUser(browser, null, true);
		const pp = pub.page;
		await pp.goto(`${base}/hdjl/consultations/2`);
		const ptok = await pp.getAttribute('input[name=_csrf]', 'value');
		const ppost = (path, form, tok = ptok) => pub.context.request.post(`${base}${path}`,
			{ form: tok === null ? form : { _csrf: tok, ...form }, maxRedirects: 0 });
		for (const [path, form] of [['/hdjl/consultations/2', { name: '张三', body: '没有令牌的意见' }], ['/hdjl/interviews/2', { body: '没有令牌的问题' }]]) {
			r = await ppost(path, form, null);
			const r2 = await ppost(path, form, 'a'.repeat(64));
			ok(r.status() === 403 && r2.status() === 403, `${path} without a token or with a wrong one: 403`, `${r.status()}, ${r2.status()}`);
		}
		for (const path of ['/console/hdjl/consultations/2', '/console/hdjl/interviews/2']) {
			r = await u.c1.context.request.post(`${base}${path}`, { form: { action: 'public' }, maxRedirects: 0 });
			ok(r.status() === 403, `${path} without a token: 403`, r.status());
		}
		ok(snapshot() === before, 'no CSRF refusal changed the database');

		// ---- 3. hostile input on the public forms
		let accepted = { c: 0, q: 0 };
		r = await ppost('/hdjl/consultations/2', { name: P2, contact: P1, body: `${P1}${P2}意见` });
		ok(r.status() === 303, 'script in a comment is taken as text (303)', r.status());
		accepted.c++;
		r = await ppost('/hdjl/interviews/2', { name: P2, body: `${P1}问题` });
		ok(r.status() === 303, 'script in a question is taken as text (303)', r.status());
		accepted.q++;
		ok(sql(`SELECT count(*) FROM consultation_comments WHERE body = '${P1}${P2}意见'`) === '1', 'the comment is stored verbatim');
		const mid = snapshot();
		const hostile = [
			['/hdjl/consultations/2', { name: '张三', body: '意'.repeat(2001) }, 422, '意见内容不能超过 2000 个字'],
			['/hdjl/consultations/2', { name: '张\u0001三', body: '意见' }, 422, '姓名'],
			['/hdjl/consultations/2', { name: '张三', body: '' }, 422, '请填写意见内容'],
			['/hdjl/consultations/2', { name: '', body: '没有署名' }, 422, '本次征集要求填写姓名'],
			['/hdjl/consultations/2', { name: '张三', contact: 'x'.repeat(101), body: '意见' }, 422, '联系方式'],
			['/hdjl/interviews/2', { body: '问'.repeat(1001) }, 422, '问题内容不能超过 1000 个字'],
			['/hdjl/interviews/2', { body: '问题\u0007' }, 422, '问题内容'],
			['/hdjl/interviews/1', { body: '访谈结束后的问题' }, 409, '不再征集问题'],
			['/hdjl/consultations/1', { name: '张三', body: '结束后的意见' }, 409, '已经结束'],
		];
		for (const [path, form, status, text] of hostile) {
			r = await ppost(path, form);
			const body = await r.text();
			ok(r.status() === status && body.includes(text), `${path} ${JSON.stringify(form).slice(0, 60)}: ${status} naming “${text}”`, `${r.status()}`);
		}
		for (const path of ['/hdjl/consultations/2', '/hdjl/interviews/2']) {
			r = await pub.context.request.post(`${base}${path}`, {
				data: `_csrf=${ptok}&name=%E5%BC%A0&body=%FF%FE%E6%84`,
				headers: { 'content-type': 'application/x-www-form-urlencoded' }, maxRedirects: 0 });
			ok(r.status() === 400, `${path}: invalid UTF-8 refused (400)`, r.status());
		}
		for (const path of ['/hdjl/consultations/..%2F..%2Fetc%2Fpasswd', '/hdjl/consultations/2%2F..%2F1', '/hdjl/interviews/-1', '/hdjl/interviews/99999999999999999999', '/hdjl/consultations/1e3']) {
			r = await pub.context.request.get(`${base}${path}`, { maxRedirects: 0 });
			ok(r.status() === 404 || r.status() === 400, `${path}: refused (${r.status()})`, r.status());
		}
		ok(snapshot() === mid, 'no hostile request stored anything');
		// the script shows as text in the console and, once the comments are public, on the public page
		await u.c2.page.goto(`${base}/console/hdjl/consultations/2`);
		ok((await u.c2.page.textContent('main')).includes(P1), 'the console shows the script as text');
		await Promise.all([u.c2.page.waitForNavigation(), u.c2.page.click('form:has(input[name=action][value=public]) button[type=submit]')]);
		await pp.goto(`${base}/hdjl/consultations/2`);
		ok((await pp.textContent('main')).includes(`${P1}${P2}意见`), 'the public page shows the script as text');
		await u.c1.page.goto(`${base}/console/hdjl/interviews/2`);
		ok((await u.c1.page.textContent('main')).includes(`${P1}问题`), 'the interview console shows the question as text');

		// ---- the flood
		for (const [path, key, form] of [['/hdjl/consultations/2', 'c', { name: '刷屏', body: '重复意见' }], ['/hdjl/interviews/2', 'q', { body: '重复问题' }]]) {
			let first429 = -1, retry = null;
			for (let i = 0; i < 12 && first429 < 0; i++) {
				r = await ppost(path, form);
				if (r.status() === 429) {
					first429 = accepted[key];
					retry = r.headers()['retry-after'];
				} else if (r.status() === 303) {
					accepted[key]++;
				}
			}
			ok(first429 === 10 && retry === '3600', `${path}: the 11th submission from one address within an hour is refused (429, Retry-After)`, `${first429}, ${retry}`);
			const table = key === 'c' ? 'consultation_comments WHERE consultation_id = 2' : 'interview_questions WHERE interview_id = 2';
			const stored = sql(`SELECT count(*) FROM ${table} AND submitted_at >= '2000'`);
			const r2 = await ppost(path, form);
			ok(r2.status() === 429 && (await r2.text()).includes('提交过于频繁') &&
				sql(`SELECT count(*) FROM ${table} AND submitted_at >= '2000'`) === stored, `${path}: still refused, with a clear message, nothing stored`);
		}
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
