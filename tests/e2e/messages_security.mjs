// messages_security.mjs: 政民互动 messages under attack, in real Chromium and by raw requests.
// 1. Hostile input on /hdjl/write: script in the title or the text, an event handler, text
//    over 2000 characters, invalid UTF-8 (a body over the server's limit: messages.sh), a missing or wrong
//    CSRF token, an unknown agency: each a 4xx page with a clear Chinese message, nothing
//    stored; script typed in comes back as text (no element injected).
// 2. A flood from one address: the form takes 10 messages an hour, the next answers 429 with
//    Retry-After, and stores nothing.
// 3. The look-up: a malformed code 422, an unknown one 404, in Chinese.
// 4. The access matrix of /console/hdjl: viewer, clerk, admin of 办公室 (2), a clerk of 住建局
//    (3: another agency), a clerk and an admin of the government (1: the parent), a visitor;
//    reading a message of 2, acting on it, the settings page and its form.
// Prints TAP points without numbers. Env: ZF_URL, ZF_DB.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;

const USERS = {
	viewer2: { login: 'msgv2', password: 'Msg-viewer-2026' },
	clerk2: { login: 'msgc2', password: 'Msg-clerk2-2026' },
	admin2: { login: 'msga2', password: 'Msg-admin2-2026' },
	clerk3: { login: 'msgc3', password: 'Msg-clerk3-2026' },
	clerk1: { login: 'msgc1', password: 'Msg-clerk1-2026' },
	admin1: { login: 'msga1', password: 'Msg-admin1-2026' },
};

function ok(cond, desc, diag) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${desc}`);
	if (!cond && diag !== undefined)
		console.log(String(diag).split('\n').map((l) => `#   ${l}`).join('\n'));
	return cond;
}

function sql(q) {
	return execFileSync(join(here, 'sql'), [db, q], { encoding: 'utf8' }).trim();
}

const snapshot = () => sql('SELECT * FROM messages ORDER BY id; SELECT count(*) FROM message_transfers;' +
	' SELECT * FROM message_settings');

const problems = [];
async function newUser(browser, who) {
	const context = await browser.newContext({ locale: 'zh-CN' });
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

async function token(page, path, sel = 'input[name=_csrf]') {
	await page.goto(`${base}${path}`);
	return page.getAttribute(sel, 'value');
}

async function main() {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	try {
		// ---- 1. hostile input
		const v = await newUser(browser, null);
		const tok = await token(v.page, '/hdjl/write');
		const good = { _csrf: tok, kind: 'consult', agency: '2', title: '咨询标题', body: '这是一条正常的咨询内容。', publish: '1' };
		const cases = [
			['script in the title', { ...good, title: '<script>alert(1)</script>' }, 422, '网页代码'],
			['script in the text', { ...good, body: '你好<script>alert(document.cookie)</script>' }, 422, '网页代码'],
			['an event handler', { ...good, body: '"><img src=x onerror=alert(1)>' }, 422, '网页代码'],
			['a javascript: link', { ...good, body: '请看 javascript:alert(1) 这里' }, 422, '网页代码'],
			['text over 2000 characters', { ...good, body: '长'.repeat(2001) }, 422, '2000'],
			['a title over 50 characters', { ...good, title: '题'.repeat(51) }, 422, '50'],
			['an unknown agency', { ...good, agency: '99999' }, 422, '受理机关'],
			['no agency', { ...good, agency: '../../etc/passwd' }, 422, '写信对象'],
			['an anonymous 投诉', { ...good, kind: 'complaint' }, 422, '实名'],
			['an unknown kind', { ...good, kind: 'spam' }, 422, '留言类型'],
			['a bad phone', { ...good, phone: '12345' }, 422, '联系电话'],
			['a missing CSRF token', { ...good, _csrf: undefined }, 403, ''],
			['a wrong CSRF token', { ...good, _csrf: 'a'.repeat(64) }, 403, ''],
		];
		for (const [what, form, status, word] of cases) {
			const before = snapshot();
			const f = Object.fromEntries(Object.entries(form).filter(([, x]) => x !== undefined));
			const r = await v.context.request.post(`${base}/hdjl/write`, { form: f, maxRedirects: 0 });
			const t = await r.text();
			ok(r.status() === status && (!word || t.includes(word)) && /[\u4e00-\u9fff]/.test(t),
				`${what}: ${status} with a Chinese message${word ? ` naming “${word}”` : ''}`, `${r.status()} ${t.slice(0, 300)}`);
			ok(snapshot() === before, `${what}: nothing stored`);
			ok(!/<script>alert|<img src=x/.test(t), `${what}: the input is not echoed as markup`);
		}
		// invalid UTF-8: a raw request (the oversize body is sent by messages.sh with curl)
		let before = snapshot();
		let r;
		r = await v.context.request.post(`${base}/hdjl/write`, {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			data: `_csrf=${tok}&kind=consult&agency=2&title=%C3%28bad&body=%FF%FE%FD%E4%BD%A0%E5%A5%BD%E4%BD%A0%E5%A5%BD`, maxRedirects: 0 });
		ok(r.status() >= 400 && r.status() < 500 && /[\u4e00-\u9fff]/.test(await r.text()), `invalid UTF-8: ${r.status()} in Chinese`, r.status());
		ok(snapshot() === before, 'invalid UTF-8: nothing stored');
		// script typed in the browser comes back as text, nothing injected
		await v.page.goto(`${base}/hdjl/write`);
		await v.page.selectOption('#agency', '2');
		await v.page.fill('#title', '<img src=x onerror=alert(1)>');
		await v.page.fill('#body', '<script>alert(1)</script>你好你好');
		await Promise.all([v.page.waitForLoadState(), v.page.click('main button[type=submit]')]);
		ok((await v.page.inputValue('#title')) === '<img src=x onerror=alert(1)>', 'the form comes back with the title as typed, as text');
		ok(await v.page.locator('main img[src=x], main [onerror]').count() === 0, 'no element injected');
		ok((await v.page.textContent('#form-error')).includes('网页代码'), 'the error is shown above the form');

		// ---- 3. the look-up
		const qtok = await token(v.page, '/hdjl/query');
		r = await v.context.request.post(`${base}/hdjl/query`, { form: { _csrf: qtok, code: '<script>' }, maxRedirects: 0 });
		ok(r.status() === 422 && (await r.text()).includes('12 位'), 'a malformed code: 422 in Chinese', r.status());
		r = await v.context.request.post(`${base}/hdjl/query`, { form: { _csrf: qtok, code: 'ZZZZZZZZZZZZ' }, maxRedirects: 0 });
		ok(r.status() === 404 && (await r.text()).includes('没有找到'), 'an unknown code: 404 in Chinese', r.status());
		r = await v.context.request.get(`${base}/hdjl/messages/99999999`);
		ok(r.status() === 404, 'an unknown message: 404');
		const unpub = sql("SELECT min(id) FROM messages WHERE published = 0");
		r = await v.context.request.get(`${base}/hdjl/messages/${unpub}`);
		ok(r.status() === 404, 'an unpublished message is not shown to the public (404)', r.status());
		r = await v.context.request.get(`${base}/hdjl/messages?q=${encodeURIComponent('<script>alert(1)</script>')}&year=abc&agency=x&page=-3`);
		ok(r.status() === 200 && !(await r.text()).includes('<script>alert(1)'), 'list filters with script and garbage: 200, escaped');

		// ---- 4. the access matrix on a message of 2
		const id2 = sql("SELECT min(id) FROM messages WHERE agency_id = 2 AND status = 'replied' AND publish_ok = 1");
		const who = {};
		for (const [k, u] of Object.entries(USERS))
			who[k] = await newUser(browser, u);
		who.visitor = v;
		const readWant = { viewer2: 200, clerk2: 200, admin2: 200, clerk3: 404, clerk1: 200, admin1: 200, visitor: 403 };
		for (const [k, want] of Object.entries(readWant)) {
			r = await who[k].context.request.get(`${base}/console/hdjl/${id2}`, { maxRedirects: 0 });
			ok(r.status() === want, `GET /console/hdjl/{id of 2} as ${k}: ${want}`, r.status());
		}
		for (const [k] of Object.entries(readWant)) {
			r = await who[k].context.request.get(`${base}/console/hdjl`, { maxRedirects: 0 });
			const t = await r.text();
			const want = k === 'visitor' ? 403 : 200;
			const sees = t.includes(`href="/console/hdjl/${id2}"`);
			ok(r.status() === want && (k === 'visitor' || sees === (k !== 'clerk3')),
				`the inbox as ${k}: ${want}${k === 'visitor' ? '' : sees ? ', lists the message of 2' : ', without the message of 2'}`, r.status());
		}
		// acting: unpublish then publish again (harmless), with each one's own token
		const actWant = { viewer2: 403, clerk2: 303, admin2: 303, clerk3: 404, clerk1: 303, visitor: 403 };
		for (const [k, want] of Object.entries(actWant)) {
			let t = 'x';
			if (k !== 'visitor') t = await token(who[k].page, '/console/hdjl');
			before = snapshot();
			const pub = sql(`SELECT published FROM messages WHERE id = ${id2}`);
			r = await who[k].context.request.post(`${base}/console/hdjl/${id2}`,
				{ form: { _csrf: t, action: pub === '1' ? 'unpublish' : 'publish' }, maxRedirects: 0 });
			ok(r.status() === want, `POST /console/hdjl/{id of 2} as ${k}: ${want}`, r.status());
			if (want !== 303)
				ok(snapshot() === before, `as ${k}: nothing changed`);
			else
				ok(sql(`SELECT published FROM messages WHERE id = ${id2}`) !== pub, `as ${k}: publication toggled`);
		}
		// a clerk of 2 cannot act on a message of 3, nor transfer one of 2 by a forged form to nowhere
		const id3 = sql("SELECT min(id) FROM messages WHERE agency_id = 3");
		let t2 = await token(who.clerk2.page, '/console/hdjl');
		before = snapshot();
		r = await who.clerk2.context.request.post(`${base}/console/hdjl/${id3}`, { form: { _csrf: t2, action: 'reject', reason: 'abusive' }, maxRedirects: 0 });
		ok(r.status() === 404 && snapshot() === before, 'a clerk of 2 rejecting a message of 3: 404, nothing changed', r.status());
		const open2 = sql("SELECT min(id) FROM messages WHERE agency_id = 2 AND status = 'open'");
		if (open2) {
			r = await who.clerk2.context.request.post(`${base}/console/hdjl/${open2}`, { form: { _csrf: t2, action: 'transfer', to: '99999', reason: '测试转办' }, maxRedirects: 0 });
			ok(r.status() === 422 && (await r.text()).includes('受理机关') && snapshot() === before,
				'a transfer to an unknown agency: 422 in Chinese, nothing changed', r.status());
			r = await who.clerk2.context.request.post(`${base}/console/hdjl/${open2}`, { form: { _csrf: t2, action: 'transfer', to: '3', reason: '<script>alert(1)</script>'.repeat(20) }, maxRedirects: 0 });
			ok(r.status() === 422 && snapshot() === before, 'a transfer reason over 200 characters: 422, nothing changed', r.status());
		}
		// the settings: page for admins, form for the root's admins only
		const setWant = { viewer2: 403, clerk2: 403, admin2: 200, clerk3: 403, clerk1: 403, admin1: 200, visitor: 403 };
		for (const [k, want] of Object.entries(setWant)) {
			r = await who[k].context.request.get(`${base}/console/hdjl/settings`, { maxRedirects: 0 });
			ok(r.status() === want, `GET /console/hdjl/settings as ${k}: ${want}`, r.status());
		}
		const form = { limit_message: '15', limit_consult: '5', limit_complaint: '15', limit_suggestion: '15', identity_complaint: '1', escalate_after: '1' };
		const postWant = { admin2: 403, admin1: 303, clerk1: 403 };
		for (const [k, want] of Object.entries(postWant)) {
			const t = await token(who[k].page, k === 'clerk1' ? '/console/hdjl' : '/console/hdjl/settings');
			before = snapshot();
			r = await who[k].context.request.post(`${base}/console/hdjl/settings`, { form: { ...form, _csrf: t, limit_consult: '6' }, maxRedirects: 0 });
			ok(r.status() === want, `POST /console/hdjl/settings as ${k}: ${want}`, r.status());
			if (want !== 303)
				ok(snapshot() === before, `as ${k}: the settings unchanged`);
		}
		ok(sql('SELECT limit_consult FROM message_settings') === '6', 'the root\'s administrator changed the 咨询 limit to 6');
		const ta = await token(who.admin1.page, '/console/hdjl/settings');
		before = snapshot();
		r = await who.admin1.context.request.post(`${base}/console/hdjl/settings`, { form: { ...form, _csrf: ta, limit_consult: '0' }, maxRedirects: 0 });
		ok(r.status() === 422 && (await r.text()).includes('1 至 60') && snapshot() === before, 'a limit of 0: 422 in Chinese, unchanged', r.status());

		// ---- 2. the flood (last: it uses up this address's allowance)
		const already = Number(sql("SELECT count(*) FROM messages WHERE received_on >= '2000-01-01' AND query_code <> '' AND hold_reason = '' AND created_at >= '0'"));
		let stored = 0, status429 = 0, retry = null;
		for (let i = 0; i < 12; i++) {
			before = snapshot();
			r = await v.context.request.post(`${base}/hdjl/write`, {
				form: { ...good, title: `第${i}条`, body: `这是第 ${i} 条不同的咨询内容，编号 ${i * 7919}。` }, maxRedirects: 0 });
			if (r.status() === 303) stored++;
			if (r.status() === 429) {
				status429++;
				retry = r.headers()['retry-after'];
				ok(snapshot() === before && (await r.text()).includes('过于频繁'), `flood message ${i + 1}: 429 in Chinese, nothing stored`);
			}
		}
		ok(stored >= 1 && stored <= 10 && status429 === 12 - stored, `a flood of 12 from one address: ${stored} stored, then 429 (${status429})`);
		ok(retry === '3600', 'with Retry-After', retry);
		ok(already > 0, 'the database held messages before the flood');
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
