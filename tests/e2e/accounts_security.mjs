// accounts_security.mjs: the accounts of the console in real Chromium (see
// accounts_security.sh for the users it starts with).
// 1. Finding 2 of issue 16: the admin of agency 3 (deptadmin) resets the password of bigboss,
//    whose home is agency 3 but who holds admin on agency 1: refused (403, saying why), and no
//    password of the attacker's signs in as bigboss. Forged forms with deptadmin's own valid
//    token (disable, unlock, revoke, grant) are refused too; the users and roles are byte for
//    byte unchanged.
// 2. A password deptadmin resets for its own clerk is generated: at the first sign-in every
//    console page (GET or POST) leads to /console/password, where ten spaces, the login plus
//    digits and a common password are refused by name; a good one opens the console.
// 3. Idle: a session unused for longer than session_idle_minutes (1) ends: the next console
//    page goes to the login page with 「由于长时间未操作，已自动退出，请重新登录」, and
//    signing in returns there. The session's last use is moved back in the database (either
//    engine) instead of waiting.
// Prints TAP points without numbers. Env: ZF_URL, ZF_DB, ZF_BIN.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;

const DEPTADMIN = { login: 'deptadmin', password: 'Dept-admin-2026' };
const BIGBOSS = { login: 'bigboss', password: 'Big-boss-2026x' };

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
		path: join(artifacts, `accounts-${String(shot).padStart(2, '0')}-${name}.png`),
		fullPage: true,
	});
}

function sql(q) {
	return execFileSync(join(here, 'sql'), [db, q], { encoding: 'utf8' }).trim();
}

function accounts() {
	return sql('SELECT id, login, password_hash, active, failed_logins, locked_until' +
		' FROM users ORDER BY id; SELECT * FROM user_roles ORDER BY 1, 2, 3;');
}

async function newPage(browser) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
	return { context, page: await context.newPage() };
}

async function signIn(page, who, from) {
	if (!from)
		await page.goto(`${base}/login`);
	await page.fill('#login', who.login);
	await page.fill('#password', who.password);
	await Promise.all([page.waitForNavigation(), page.click('main button[type=submit], form[action="/login"] button[type=submit]')]);
}

async function userRow(page, login) {
	return page.locator('table.users tbody tr', { has: page.locator(`td:text-is("${login}")`) });
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	try {
		await finding2(browser);
		await hostile(browser);
		const clerk = await forcedChange(browser);
		await idle(browser, clerk);
	} finally {
		await browser.close();
	}
}

async function finding2(browser) {
	const { context, page } = await newPage(browser);
	await signIn(page, DEPTADMIN);
	await page.goto(`${base}/console/users`);
	const before = accounts();
	const row = await userRow(page, 'bigboss');
	ok(await row.count() === 1, 'deptadmin sees bigboss (home agency 3) in its user list');
	const [res] = await Promise.all([
		page.waitForNavigation(),
		row.locator('button:text-is("重设口令")').click(),
	]);
	await snap(page, 'reset-refused');
	const shown = await page.locator('#new-password').count() ? await page.textContent('#new-password') : '';
	ok(res.status() === 403, 'resetting the password of the government\'s admin is refused with 403', `status ${res.status()}`);
	ok(!shown, 'no new password is shown', shown);
	const alert = await page.locator('.alert.error').count() ? await page.textContent('.alert.error') : '';
	ok(/管理员角色/.test(alert) && /示例区人民政府/.test(alert), 'the page says why, naming the agency and the role', alert);

	// had the reset worked, its password would now sign in as bigboss
	if (shown) {
		const attacker = await newPage(browser);
		await signIn(attacker.page, { login: 'bigboss', password: shown.trim() });
		const r = await attacker.page.goto(`${base}/console/agencies`);
		ok(r.status() !== 200, 'the attacker cannot sign in as bigboss', attacker.page.url());
		await attacker.context.close();
	} else {
		ok(true, 'the attacker holds no password of bigboss');
	}
	// forged forms with deptadmin's own valid token
	const id = sql("SELECT id FROM users WHERE login = 'bigboss'");
	const csrf = await page.getAttribute('input[name=_csrf]', 'value');
	for (const form of [{ action: 'disable' }, { action: 'unlock' }, { action: 'reset' },
		{ action: 'revoke', agency: '1', role: 'admin' }, { action: 'revoke', agency: '3', role: 'viewer' },
		{ action: 'grant', agency: '3', role: 'clerk' }]) {
		const r = await page.request.post(`${base}/console/users/${id}`, { form: { _csrf: csrf, ...form }, maxRedirects: 0 });
		// 403 from the rule; 422 where the page refuses first (an agency deptadmin does not administer)
		ok(r.status() === 403 || (form.agency === '1' && r.status() === 422), `a forged "${Object.values(form).join(' ')}" on bigboss is refused`, `status ${r.status()}`);
	}
	const clerkId = sql("SELECT id FROM users WHERE login = 'deptclerk'");
	const g = await page.request.post(`${base}/console/users/${clerkId}`, {
		form: { _csrf: csrf, action: 'grant', agency: '1', role: 'admin' }, maxRedirects: 0 });
	ok(g.status() === 403 || g.status() === 422, 'granting admin on agency 1 to its own clerk is refused', `status ${g.status()}`);
	ok(accounts() === before, 'the users and their roles are unchanged, byte for byte');

	const boss = await newPage(browser);
	await signIn(boss.page, BIGBOSS);
	const r = await boss.page.goto(`${base}/console/agencies`);
	ok(r.status() === 200 && boss.page.url().endsWith('/console/agencies'), 'bigboss still signs in with their own password and administers agency 1', boss.page.url());
	await boss.context.close();
	await context.close();
}

// The new page /console/password under hostile input: no session, no token, script, oversize,
// invalid UTF-8, traversal. Nothing changes and nothing is echoed.
async function hostile(browser) {
	const visitor = await newPage(browser);
	let r = await visitor.page.goto(`${base}/console/password`);
	ok(r.status() === 403 && /请先登录/.test(await visitor.page.textContent('main')), 'a visitor gets the sign-in notice on /console/password', r.status());
	await visitor.context.close();
	const { context, page } = await newPage(browser);
	await signIn(page, DEPTADMIN);
	const hash = () => sql("SELECT password_hash FROM users WHERE login = 'deptadmin'");
	const before = hash();
	r = await page.goto(`${base}/console/password`);
	ok(r.status() === 200 && await page.locator('#old').count() === 1, 'an admin opens its own /console/password');
	const csrf = await page.getAttribute('input[name=_csrf]', 'value');
	const post = (form, opts = {}) => page.request.post(`${base}/console/password`, { form, maxRedirects: 0, ...opts });
	r = await post({ old: DEPTADMIN.password, new: 'Csrf-less-2026', new2: 'Csrf-less-2026' });
	ok(r.status() === 403, 'a change without the CSRF token is refused', r.status());
	const script = '<script>alert(1)</script>';
	r = await post({ _csrf: csrf, old: script, new: `${script}Aa1`, new2: `${script}Aa1` });
	const body = await r.text();
	ok(r.status() === 422 && /当前口令不正确/.test(body) && !body.includes(script), 'script as the current password: refused, nothing echoed', r.status());
	const long = 'Aa1-'.repeat(80);
	r = await post({ _csrf: csrf, old: DEPTADMIN.password, new: long, new2: long });
	ok(r.status() === 422 && /过长/.test(await r.text()), 'a 320-byte password is refused as too long', r.status());
	r = await page.request.post(`${base}/console/password`, {
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		data: Buffer.concat([Buffer.from(`_csrf=${csrf}&old=`), Buffer.from([0xff, 0xfe]), Buffer.from('&new=x&new2=x')]),
		maxRedirects: 0,
	});
	ok(r.status() === 400, 'invalid UTF-8 in the form is refused with 400', r.status());
	r = await page.request.get(`${base}/console/password/..%2f..%2fusers`, { maxRedirects: 0 });
	ok(r.status() === 404 || r.status() === 400, 'a traversal below the page finds nothing', r.status());
	ok(hash() === before, 'the password is unchanged after all of it');
	await context.close();
}

async function forcedChange(browser) {
	const { context, page } = await newPage(browser);
	await signIn(page, DEPTADMIN);
	await page.goto(`${base}/console/users`);
	const row = await userRow(page, 'deptclerk');
	await Promise.all([page.waitForNavigation(), row.locator('button:text-is("重设口令")').click()]);
	const generated = (await page.textContent('#new-password') || '').trim();
	ok(generated.length === 14, 'deptadmin resets its own clerk\'s password: a generated one is shown once', generated);
	ok(sql("SELECT must_change FROM users WHERE login = 'deptclerk'") === '1', 'the generated password is marked for change');
	await context.close();

	const clerk = await newPage(browser);
	const p = clerk.page;
	await signIn(p, { login: 'deptclerk', password: generated });
	ok(p.url().endsWith('/console/password'), 'signing in with it leads to /console/password', p.url());
	await snap(p, 'must-change');
	ok(/请先设置只有您自己知道的口令/.test(await p.textContent('main')), 'which says why');
	await p.goto(`${base}/console/requests`);
	ok(p.url().endsWith('/console/password'), 'every other console page leads there (the queue)', p.url());
	await p.goto(`${base}/console/requests/new`);
	ok(p.url().endsWith('/console/password'), 'every other console page leads there (the intake form)', p.url());
	const csrf = await p.getAttribute('input[name=_csrf]', 'value');
	const post = await p.request.post(`${base}/console/requests/new`, { form: { _csrf: csrf }, maxRedirects: 0 });
	ok(post.status() === 303 && post.headers().location === '/console/password', 'a form posted elsewhere is sent there too, not run', `${post.status()} ${post.headers().location}`);

	async function tryNew(pw, want, desc) {
		await p.fill('#old', generated);
		await p.fill('#new', pw);
		await p.fill('#new2', pw);
		const [r] = await Promise.all([p.waitForNavigation(), p.click('form[action="/console/password"] button[type=submit]')]);
		const msg = await p.locator('.alert.error').count() ? await p.textContent('.alert.error') : '';
		ok(r.status() === 422 && want.test(msg), desc, `${r.status()} ${msg}`);
	}
	await tryNew('          ', /空白/, 'ten spaces are refused, naming the rule');
	await tryNew('deptclerk2026!', /登录名/, 'the login plus digits is refused, naming the rule');
	await tryNew('Abc@123456', /常见/, 'a common password is refused, naming the rule');
	await tryNew('abcdefgh1234', /三类/, 'two classes of four are refused, naming the rule');
	await tryNew(generated, /相同/, 'the generated password itself is refused');
	await snap(p, 'weak-refused');
	const mine = 'Clerk-own-2026';
	await p.fill('#old', generated);
	await p.fill('#new', mine);
	await p.fill('#new2', mine);
	await Promise.all([p.waitForNavigation(), p.click('form[action="/console/password"] button[type=submit]')]);
	ok(p.url().includes('/console') && !p.url().endsWith('/console/password'), 'a good password opens the console', p.url());
	const q = await p.goto(`${base}/console/requests`);
	ok(q.status() === 200 && p.url().endsWith('/console/requests'), 'and the queue loads', p.url());
	ok(sql("SELECT must_change FROM users WHERE login = 'deptclerk'") === '0', 'the mark is cleared');
	return clerk;
}

async function idle(browser, clerk) {
	const p = clerk.page;
	const uid = sql("SELECT id FROM users WHERE login = 'deptclerk'");
	// a session used within the minute is not written on every request
	const seen1 = sql(`SELECT last_seen FROM sessions WHERE user_id = ${uid}`);
	await p.goto(`${base}/console/requests`);
	ok(sql(`SELECT last_seen FROM sessions WHERE user_id = ${uid}`) === seen1, 'a request within the minute does not rewrite the last use');
	// 50 s ago: under the minute of session_idle_minutes = 1, but worth a write
	const now = () => Math.floor(Date.now() / 1000);
	const back50 = now() - 50;
	sql(`UPDATE sessions SET last_seen = ${back50} WHERE user_id = ${uid}`);
	let r = await p.goto(`${base}/console/requests`);
	ok(r.status() === 200 && p.url().endsWith('/console/requests'), '50 s unused: still signed in', p.url());
	ok(Number(sql(`SELECT last_seen FROM sessions WHERE user_id = ${uid}`)) >= back50 + 50, 'and the last use is written');
	sql(`UPDATE sessions SET last_seen = ${now() - 61} WHERE user_id = ${uid}`);
	r = await p.goto(`${base}/console/requests`);
	await snap(p, 'idle');
	ok(p.url().includes('/login?timeout=1'), '61 s unused: the next console page goes to the login page', p.url());
	const note = await p.textContent('main');
	ok(note.includes('由于长时间未操作，已自动退出，请重新登录'), 'saying 由于长时间未操作，已自动退出，请重新登录', note.slice(0, 200));
	ok(sql(`SELECT count(*) FROM sessions WHERE user_id = ${uid}`) === '0', 'the session is gone from the database (every server agrees)');
	ok(sql("SELECT count(*) FROM audit_log WHERE action = 'logout.idle' AND object = 'deptclerk'") === '1', 'the end is audited');
	await signIn(p, { login: 'deptclerk', password: 'Clerk-own-2026' }, true);
	ok(p.url().endsWith('/console/requests'), 'signing in again returns to the page', p.url());
	await clerk.context.close();
}

main().catch((e) => {
	ok(false, 'the walk ran to the end', e.stack);
	process.exitCode = 1;
});
