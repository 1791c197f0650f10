// console_security.mjs: the staff console under attack, in real Chromium.
// 1. CSRF: every console form posted without its token (or with a wrong one) is refused with
//    403 and changes nothing.
// 2. Agencies: a clerk of agency B (住建局, 3) cannot see agency A's (办公室, 2) request by URL
//    (404, like a missing one) nor change it by a forged form carrying B's own valid token; the
//    database is byte for byte unchanged.
// 3. Injection: <script> and "><img onerror> typed into every field of the intake, action,
//    review, user and report forms come back as text: no dialog, no injected element.
// 4. Lock-out: wrong passwords lock the account after login_max_failures (3); the right
//    password is refused until `zfxxgk user unlock` (and again until an admin unlocks it).
// Prints TAP points without numbers. Env: ZF_URL, ZF_DB (an SQLite file or a PostgreSQL URI),
// ZF_BIN.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;

const A = { login: 'aclerk', password: 'Agency-A-2026' };
const B = { login: 'bclerk', password: 'Agency-B-2026' };
const ADMIN = { login: 'secadmin', password: 'Sec-admin-2026' };
const LOCK = { login: 'lockme', password: 'Lock-me-2026' };

const P1 = '<script>alert(1)</script>';
const P2 = '"><img src=x onerror=alert(1)>';
const BOTH = `${P1}${P2}`;

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
		path: join(artifacts, `console-security-${String(shot).padStart(2, '0')}-${name}.png`),
		fullPage: true,
	});
}

// What a user could see change: every table a console action writes (not the audit log or
// sessions, which sign-ins write). Read through tests/e2e/sql, on either engine: the two sides
// of a comparison are always read from the same one.
function snapshot() {
	return execFileSync(join(here, 'sql'), [db,
		'SELECT * FROM requests ORDER BY id; SELECT * FROM request_events ORDER BY 1, 2;' +
		' SELECT * FROM applicants ORDER BY id; SELECT * FROM reply_letters;' +
		' SELECT * FROM review_cases; SELECT * FROM report_drafts;' +
		' SELECT * FROM letter_numbers; SELECT id, login, active FROM users ORDER BY id;' +
		' SELECT * FROM user_roles ORDER BY 1, 2, 3;'], { encoding: 'utf8' });
}

const dialogs = [];
async function newUser(browser, who) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
	const page = await context.newPage();
	page.on('dialog', (d) => { dialogs.push(`${who ? who.login : 'visitor'}: ${d.message()}`); d.dismiss(); });
	if (who)
		await signIn(page, who);
	return { context, page };
}

async function signIn(page, who) {
	await page.goto(`${base}/login`);
	await page.fill('#login', who.login);
	await page.fill('#password', who.password);
	const [res] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
	return res;
}

async function token(page) {
	return page.getAttribute('input[name=_csrf]', 'value');
}

// No element or script came from the payloads: checks the live DOM.
async function injected(page) {
	return page.evaluate(() => ({
		imgs: document.querySelectorAll('img[src="x"], img[onerror], [onerror]').length,
		inline: [...document.scripts].filter((s) => !s.src).length,
	}));
}

async function expectText(page, what, needles) {
	const dom = await injected(page);
	const text = await page.evaluate(() => document.body.innerText + [...document.querySelectorAll('input, textarea')].map((e) => e.value).join('\n'));
	ok(dom.imgs === 0 && dom.inline === 0, `${what}: no injected element or script in the DOM`, JSON.stringify(dom));
	for (const n of needles)
		ok(text.includes(n), `${what}: ${JSON.stringify(n)} is shown as text`);
}

function today() {
	return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10); // China's date
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	try {
		// ---- agency A's clerk registers a request, with script in every field
		const a = await newUser(browser, A);
		ok(a.page.url().endsWith('/console'), 'clerk A signs in');
		await a.page.goto(`${base}/console/requests/new`);
		const agencies = await a.page.$$eval('#i-agency option', (o) => o.map((x) => x.value));
		ok(agencies.length === 1 && agencies[0] === '2', 'clerk A may register requests for agency A only', agencies.join(','));
		await a.page.check('input[name=channel][value=post]');
		await a.page.fill('#i-name', BOTH);
		await a.page.fill('#i-idno', P2);
		await a.page.fill('#i-phone', P1);
		await a.page.fill('#i-address', BOTH);
		await a.page.fill('#i-description', `${BOTH}请公开本单位2025年的会议纪要。`);
		// the particulars of the paper form, as an online application has them
		await a.page.fill('#i-docno', P2);
		await a.page.fill('#i-purpose', `${P1}用于学术研究`);
		await a.page.selectOption('#i-form', 'electronic');
		await a.page.selectOption('#i-delivery', 'email');
		await Promise.all([a.page.waitForNavigation(), a.page.click('form.form button[type=submit]')]);
		ok((await a.page.textContent('main')).includes('请填写电子邮箱'),
			'e-mail delivery without an address is refused, in Chinese');
		ok((await a.page.inputValue('#i-docno')) === P2 && (await a.page.inputValue('#i-name')) === BOTH,
			'and the form keeps what was typed');
		await a.page.fill('#i-email', 'shenqing@example.com');
		await Promise.all([a.page.waitForNavigation(), a.page.click('form.form button[type=submit]')]);
		const reqUrl = a.page.url().replace(/\?.*$/, '');
		const id = Number(reqUrl.split('/').pop());
		ok(id > 0, `the request is registered (${reqUrl})`, a.page.url());
		await expectText(a.page, 'request page', [BOTH, P2, P1, `${BOTH}请公开本单位2025年的会议纪要。`,
			`${P1}用于学术研究`, 'shenqing@example.com', '电子邮件']);
		await snap(a.page, 'injected-request');
		await a.page.goto(`${base}/console/requests`);
		await expectText(a.page, 'queue', [BOTH]);

		// actions with text fields
		const req = a.page;
		await req.goto(reqUrl);
		const cons = req.locator('form[data-kind=consultation_started]');
		await cons.locator('input[name=who]').fill(BOTH);
		await Promise.all([req.waitForNavigation(), cons.locator('button[type=submit]').click()]);
		const ext = req.locator('form[data-kind=extension_approved]');
		await ext.locator('input[name=approver]').fill(BOTH);
		await ext.locator('input[name=days]').fill('5');
		await ext.locator('textarea[name=notice]').fill(BOTH);
		await Promise.all([req.waitForNavigation(), ext.locator('button[type=submit]').click()]);
		await expectText(req, 'timeline after actions (consultation, extension)', [`第三方：${BOTH}`, `批准人：${BOTH}`]);
		const reply = req.locator('form[data-kind=reply]');
		await reply.locator('select[name=decision]').selectOption('withheld_process_info');
		await reply.locator('textarea[name=detail]').fill(`${BOTH}\n所申请的会议纪要属于过程性信息。`);
		await Promise.all([req.waitForNavigation(), reply.locator('button[type=submit]').click()]);
		ok(/\/console\/letters\/\d+/.test(req.url()), 'the reply with script in it is drafted for 签发', req.url());
		await expectText(req, 'reply letter (draft)', [`${BOTH}：`, BOTH]);
		await snap(req, 'injected-letter');

		// reflection through query arguments
		await req.goto(`${base}/console/requests?state=${encodeURIComponent(P1)}&handler=${encodeURIComponent(P2)}&agency=${encodeURIComponent(P2)}`);
		ok((await injected(req)).imgs === 0, 'queue filters with script in the URL: nothing injected');
		await req.goto(`${reqUrl}?done=${encodeURIComponent(BOTH)}`);
		ok((await injected(req)).imgs === 0 && !(await req.content()).includes('<img src=x'),
			'a forged ?done= message is not reflected');

		// reviews
		await req.goto(`${base}/console/reviews`);
		await req.fill('#rv-request', String(id));
		await req.selectOption('#rv-kind', 'review');
		await req.fill('#rv-body', BOTH);
		await Promise.all([req.waitForNavigation(), req.click('form[action="/console/reviews"] button[type=submit]')]);
		await expectText(req, 'review cases', [BOTH]);
		await req.fill('#rv-request', BOTH);
		await Promise.all([req.waitForNavigation(), req.click('form[action="/console/reviews"] button[type=submit]')]);
		await expectText(req, 'review form refused with the script as its value', [BOTH]);
		await snap(req, 'injected-reviews');

		// report workspace of agency A
		const year = today().slice(0, 4);
		await req.goto(`${base}/console/reports/2/${year}`);
		await req.fill('#p-overview', BOTH);
		await req.fill('#p-problems', P2);
		await req.fill('#p-other_matters', P1);
		await Promise.all([req.waitForNavigation(), req.click('form:has(input[name=action][value=text]) button[type=submit]')]);
		await req.fill('[id="table2.licensing.decisions"]', P2);
		await Promise.all([req.waitForNavigation(), req.click('form:has(input[name=action][value=table2]) button[type=submit]')]);
		await expectText(req, 'report workspace (narrative saved, table 2 refused)', [BOTH, P2, P1]);
		await Promise.all([req.waitForNavigation(), req.click('form:has(input[name=action][value=generate]) button[type=submit]')]);
		await req.goto(`${base}/console/reports/2/${year}/preview`);
		await expectText(req, 'report preview', [BOTH, P2, P1]);
		await snap(req, 'injected-report');

		// users (admin)
		const adm = await newUser(browser, ADMIN);
		await adm.page.goto(`${base}/console/users`);
		await adm.page.fill('#nu-login', BOTH);
		await adm.page.fill('#nu-name', BOTH);
		await Promise.all([adm.page.waitForNavigation(), adm.page.click('form[action="/console/users"] button[type=submit]')]);
		await expectText(adm.page, 'user form refused (bad login) with the script as its value', [BOTH]);
		await adm.page.fill('#nu-login', 'xss.user');
		await adm.page.fill('#nu-name', P2); // names hold at most 50 characters
		await Promise.all([adm.page.waitForNavigation(), adm.page.click('form[action="/console/users"] button[type=submit]')]);
		ok((await adm.page.textContent('#new-password')).length === 14, 'a user is added; the generated password is shown once');
		await expectText(adm.page, 'user list', [P2]);
		await snap(adm.page, 'injected-users');
		ok(dialogs.length === 0, 'no dialog fired on any page', dialogs.join('\n'));

		// ---- CSRF
		const snap0 = snapshot();
		const forms = [
			[`/console/requests/${id}/event`, { kind: 'withdrawn', on: today() }],
			[`/console/requests/${id}/assign`, { handler: '0' }],
			['/console/requests/new', { agency: '2', channel: 'in_person', type: 'natural_person', name: '某', description: '某', received: today() }],
			['/console/reviews', { request: String(id), kind: 'review', filed: today() }],
			[`/console/reports/2/${year}`, { action: 'generate' }],
			['/console/integrity/1/assign', { to: 'aclerk', due: today() }],
		];
		for (const [path, form] of forms) {
			const res = await a.context.request.post(`${base}${path}`, { form, maxRedirects: 0 });
			ok(res.status() === 403 && (await res.text()).includes('表单已失效'), `POST ${path} without its token: 403`, res.status());
			const res2 = await a.context.request.post(`${base}${path}`, { form: { ...form, _csrf: 'a'.repeat(64) }, maxRedirects: 0 });
			ok(res2.status() === 403, `POST ${path} with a wrong token: 403`, res2.status());
		}
		for (const [path, form] of [['/console/users', { login: 'csrf.user', name: 'x', agency: '1', role: 'clerk' }],
			['/console/users/1', { action: 'disable' }], ['/console/integrity/scan', {}],
			['/console/integrity/rules', { text: 'wording.a\tveto\t攻府\n' }],
			['/console/integrity/1/dismiss', { reason: '误报' }]]) {
			const res = await adm.context.request.post(`${base}${path}`, { form, maxRedirects: 0 });
			ok(res.status() === 403, `POST ${path} (admin) without its token: 403`, res.status());
		}
		ok(snapshot() === snap0, 'the refused forms changed nothing in the database');
		await a.page.goto(`${base}/console`);
		const aToken = await token(a.page);
		const withToken = await a.context.request.post(`${base}/console/requests/${id}/assign`, { form: { _csrf: aToken, handler: '0' }, maxRedirects: 0 });
		ok(withToken.status() === 303, 'the same form with its token is accepted (the test is not vacuous)', withToken.status());

		// ---- agency B cannot see or change agency A's request
		const b = await newUser(browser, B);
		ok(b.page.url().endsWith('/console'), 'clerk B signs in');
		const before = snapshot();
		for (const path of [`/console/requests/${id}`, `/console/requests/${id}/letter`, `/console/reports/2/${year}`,
			`/console/reports/2/${year}/report.json`, `/console/reports/2/${year}/preview`]) {
			const res = await b.page.goto(`${base}${path}`);
			ok(res.status() === 404 && (await b.page.textContent('h1')) === '页面不存在', `clerk B gets 404 for ${path}`, res.status());
		}
		const missing = await b.page.goto(`${base}/console/requests/${id + 1000}`);
		ok(missing.status() === 404, 'exactly as for a request that does not exist');
		await snap(b.page, 'other-agency-404');
		await b.page.goto(`${base}/console/requests?agency=2&state=all`);
		ok(!(await b.page.textContent('main')).includes('会议纪要'), 'the queue does not list it, even asked for agency A');
		await b.page.goto(`${base}/console`);
		ok(!(await b.page.textContent('main')).includes('示例区人民政府办公室'), 'the dashboard does not show agency A');
		const bToken = await token(b.page);
		ok(bToken && bToken.length === 64, 'clerk B has a valid token of its own session');
		const forged = [
			[`/console/requests/${id}/event`, { kind: 'withdrawn', on: today() }],
			[`/console/requests/${id}/reply`, { decision: 'granted', on: today(), detail: '伪造' }],
			[`/console/requests/${id}/assign`, { handler: '0' }],
			[`/console/reports/2/${year}`, { action: 'generate' }],
			[`/console/reports/2/${year}`, { action: 'text', overview: '伪造' }],
		];
		for (const [path, form] of forged) {
			const res = await b.context.request.post(`${base}${path}`, { form: { ...form, _csrf: bToken }, maxRedirects: 0 });
			ok(res.status() === 404, `clerk B's forged POST ${path} (valid token): 404`, res.status());
		}
		const rv = await b.context.request.post(`${base}/console/reviews`, { form: { _csrf: bToken, request: String(id), kind: 'review', filed: today() }, maxRedirects: 0 });
		ok(rv.status() === 422 && (await rv.text()).includes('没有这个编号的申请'), 'a review case on it is refused as for a missing request', rv.status());
		const intake = await b.context.request.post(`${base}/console/requests/new`, { form: { _csrf: bToken, agency: '2', channel: 'in_person', type: 'natural_person', name: '某', description: '某', received: today() }, maxRedirects: 0 });
		ok(intake.status() === 422, 'clerk B cannot register a request for agency A', intake.status());
		ok(snapshot() === before, 'the database is unchanged by all of clerk B\'s attempts');

		// ---- lock-out after 3 wrong passwords
		const l = await newUser(browser, null);
		for (let i = 1; i <= 3; i++) {
			await l.page.goto(`${base}/login`);
			await l.page.fill('#login', LOCK.login);
			await l.page.fill('#password', `wrong-password-${i}`);
			const [res] = await Promise.all([l.page.waitForNavigation(), l.page.click('button[type=submit]')]);
			ok(res.status() === 401 || (i === 3 && res.status() === 429), `wrong password ${i}: refused (${res.status()})`);
		}
		let res = await signIn(l.page, LOCK);
		ok(res.status() === 429 && (await l.page.textContent('[role=alert]')).includes('该账号暂停从此地址登录'),
			'after 3 wrong passwords the right one is refused from this address: 429 该账号暂停从此地址登录', res.status());
		await snap(l.page, 'locked');
		execFileSync(process.env.ZF_BIN, ['user', 'unlock', '--db', db, '--login', LOCK.login], { stdio: 'pipe' });
		res = await signIn(l.page, LOCK);
		ok(l.page.url().endsWith('/console'), 'after zfxxgk user unlock the right password lets the user in', l.page.url());
		await l.context.clearCookies();
		for (let i = 1; i <= 3; i++) {
			await l.page.goto(`${base}/login`);
			await l.page.fill('#login', LOCK.login);
			await l.page.fill('#password', `wrong-again-${i}`);
			await Promise.all([l.page.waitForNavigation(), l.page.click('button[type=submit]')]);
		}
		res = await signIn(l.page, LOCK);
		ok(res.status() === 429, 'locked out again after 3 more wrong passwords');
		await adm.page.goto(`${base}/console/users`);
		const lockRow = adm.page.locator('table.users tr', { hasText: LOCK.login });
		ok((await lockRow.textContent()).includes('已锁定'), 'the admin sees the account locked');
		await snap(adm.page, 'users-locked');
		await Promise.all([adm.page.waitForNavigation(), lockRow.locator('form:has(input[value=unlock]) button').click()]);
		ok((await adm.page.textContent('main')).includes('已解除锁定'), 'the admin unlocks it from the console');
		await l.context.clearCookies();
		await signIn(l.page, LOCK);
		ok(l.page.url().endsWith('/console'), 'and the user signs in again');

		ok(dialogs.length === 0, 'still no dialog fired anywhere', dialogs.join('\n'));
		for (const c of [a, adm, b, l])
			await c.context.close();
	} finally {
		await browser.close();
	}
}

main().catch((e) => {
	ok(false, 'the security test ran to the end', e && e.stack ? e.stack : e);
	process.exitCode = 1;
});
