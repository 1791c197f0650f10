// applicant_security.mjs: the access matrix and hostile input of the applicant's routes
// (issue #12): POST /query/supplement and /query/rating refuse a missing or forged CSRF token,
// a wrong code, another request's code, a request out of state, a second submission and a
// 补正 after its period, each with a Chinese message and the database unchanged; script typed
// into the supplement and the comment comes back as text on /query and in the console; the
// console pages keep to the user's agencies and roles (/console/ratings, /console/mail and its
// settings form). Requests A (awaits 补正), B (replied) and C (补正期限 over) were registered by
// applicant.sh. Screenshots: tests/e2e/artifacts/applicant-security-*.png.
// Env: ZF_URL, ZF_DB, ZF_CODE_A/B/C, ZF_ID_A/B/C.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const A = { code: process.env.ZF_CODE_A, id: process.env.ZF_ID_A, phone: '13800000001' };
const B = { code: process.env.ZF_CODE_B, id: process.env.ZF_ID_B, phone: '13800000002' };
const C = { code: process.env.ZF_CODE_C, id: process.env.ZF_ID_C, phone: '13800000003' };
const EVIL = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';

function ok(cond, desc, diag) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${desc}`);
	if (!cond && diag !== undefined)
		console.log(String(diag).split('\n').map((l) => `#   ${l}`).join('\n'));
	return cond;
}

// What the applicant's routes write, on either engine.
function dbState() {
	return execFileSync(join(here, 'sql'), [process.env.ZF_DB,
		"SELECT (SELECT count(*) FROM request_events) || '/' || (SELECT count(*) FROM request_supplements)" +
		" || '/' || (SELECT count(*) FROM request_ratings) || '/' || (SELECT count(*) FROM mail_outbox)" +
		" || '/' || (SELECT host || port || sender || starttls FROM mail_settings)" +
		" || '/' || (SELECT count(*) FROM audit_log)"]).toString().trim();
}

async function token(page, path) {
	await page.goto(`${base}${path}`);
	return page.getAttribute('input[name=_csrf]', 'value');
}

async function signIn(page, login, password) {
	await page.goto(`${base}/login`);
	await page.fill('#login', login);
	await page.fill('#password', password);
	await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	const dialogs = [];
	try {
		const ctx = await browser.newContext({ locale: 'zh-CN' });
		const page = await ctx.newPage();
		page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
		const csrf = await token(page, '/query');
		ok(csrf && csrf.length >= 32, 'a visitor gets a CSRF token on /query');
		const post = (path, form) => ctx.request.post(`${base}${path}`, { form, maxRedirects: 0 });
		const refused = async (desc, path, form, status, words) => {
			const before = dbState();
			const res = await post(path, form);
			const body = await res.text();
			ok(res.status() === status && (!words || body.includes(words)),
				`${desc}: ${status}${words ? ` “${words}”` : ''}`, `${res.status()} ${body.slice(0, 300)}`);
			ok(dbState() === before, `${desc}: the database is unchanged`, `${before} → ${dbState()}`);
		};

		// ---- CSRF
		await refused('补正 without _csrf', '/query/supplement',
			{ code: A.code, phone: A.phone, supplement: 'x' }, 403);
		await refused('补正 with a forged _csrf', '/query/supplement',
			{ _csrf: 'f'.repeat(64), code: A.code, phone: A.phone, supplement: 'x' }, 403);
		await refused('rating without _csrf', '/query/rating', { code: B.code, phone: B.phone, level: '5' }, 403);

		// ---- wrong or other codes (each failure counts against the address, as /query)
		await refused('补正 with an unknown code', '/query/supplement',
			{ _csrf: csrf, code: 'ABCD-EFGH-JKMN', phone: A.phone, supplement: 'x' }, 404, '没有找到');
		await refused('补正 with A\'s code and B\'s phone', '/query/supplement',
			{ _csrf: csrf, code: A.code, phone: B.phone, supplement: 'x' }, 404, '没有找到');
		await refused('rating of B with A\'s phone', '/query/rating',
			{ _csrf: csrf, code: B.code, phone: A.phone, level: '5' }, 404, '没有找到');

		// ---- out of state
		await refused('补正 of a replied request (B)', '/query/supplement',
			{ _csrf: csrf, code: B.code, phone: B.phone, supplement: 'x' }, 409, '没有需要补正的事项');
		await refused('补正 after its period (C)', '/query/supplement',
			{ _csrf: csrf, code: C.code, phone: C.phone, supplement: 'x' }, 409, '补正期限已于');
		await refused('rating before the reply (A)', '/query/rating',
			{ _csrf: csrf, code: A.code, phone: A.phone, level: '5' }, 409, '作出答复后才能评价');
		await refused('rating with level 9', '/query/rating',
			{ _csrf: csrf, code: B.code, phone: B.phone, level: '9' }, 400, '请选择评价等级');
		await refused('rating with an unknown reason', '/query/rating',
			{ _csrf: csrf, code: B.code, phone: B.phone, level: '1', reason: 'bogus' }, 400, '评价原因');
		await refused('a reason with 满意', '/query/rating',
			{ _csrf: csrf, code: B.code, phone: B.phone, level: '4', reason: 'late' }, 400, '才需要选择原因');

		// C on the page: no form, the period is over
		await page.goto(`${base}/query`);
		await page.fill('#f-code', C.code);
		await page.fill('#f-phone', C.phone);
		await Promise.all([page.waitForNavigation(), page.click('form.query-form button[type=submit]')]);
		ok((await page.textContent('#h-supplement + p, .applicant-supplement')).includes('补正期限已届满') &&
			!(await page.isVisible('#f-supplement')), 'after the 补正期限 /query says so and offers no form');
		await page.screenshot({ path: join(artifacts, 'applicant-security-1-supplement-late.png'), fullPage: true });

		// ---- script as text: the supplement of A, the comment of B
		await page.goto(`${base}/query`);
		await page.fill('#f-code', A.code);
		await page.fill('#f-phone', A.phone);
		await Promise.all([page.waitForNavigation(), page.click('form.query-form button[type=submit]')]);
		await page.fill('#f-supplement', EVIL);
		let [res] = await Promise.all([page.waitForNavigation(), page.click('#supplement-submit')]);
		ok(res.status() === 200 && (await page.textContent('#supplement-text')) === EVIL,
			'script typed as a 补正 is stored and shown as text', res.status());
		ok(await page.locator('img[src=x]').count() === 0, 'no element was injected into /query');
		await page.screenshot({ path: join(artifacts, 'applicant-security-2-supplement-script.png'), fullPage: true });
		await refused('a second 补正 of A', '/query/supplement',
			{ _csrf: csrf, code: A.code, phone: A.phone, supplement: 'again' }, 409, '不能重复提交');

		await page.goto(`${base}/query`);
		await page.fill('#f-code', B.code);
		await page.fill('#f-phone', B.phone);
		await Promise.all([page.waitForNavigation(), page.click('form.query-form button[type=submit]')]);
		await page.check('#f-level-1');
		await page.check('#f-reason-late');
		await page.check('#f-reason-attitude');
		await page.fill('#f-comment', EVIL);
		[res] = await Promise.all([page.waitForNavigation(), page.click('#rating-submit')]);
		ok(res.status() === 200 && (await page.textContent('#rating-level')) === '非常不满意' &&
			(await page.textContent('#rating-comment')) === EVIL, '非常不满意 with reasons; script in the comment is text');
		await refused('a second rating of B', '/query/rating',
			{ _csrf: csrf, code: B.code, phone: B.phone, level: '5' }, 409, '只能评价一次');

		// ---- the console
		const clerk = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
		clerk.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
		await signIn(clerk, 'apclerk', 'Ap-clerk-2026');
		await clerk.goto(`${base}/console/requests/${A.id}`);
		ok((await clerk.textContent('#console-supplement-text')) === EVIL, 'the clerk sees the script as text');
		await clerk.goto(`${base}/console/requests/${B.id}`);
		ok((await clerk.textContent('#console-rating-comment')) === EVIL &&
			(await clerk.textContent('.rating-reasons')).includes('答复超过法定期限'),
			'and the rating with its reasons, as text');
		ok(await clerk.locator('img[src=x]').count() === 0, 'no element was injected into the console');
		await clerk.screenshot({ path: join(artifacts, 'applicant-security-3-console-rating.png'), fullPage: true });
		res = await clerk.goto(`${base}/console/mail`);
		ok(res.status() === 403 || res.status() === 404, `/console/mail is for administrators (${res.status()})`);
		const clerkToken = await token(clerk, '/console/requests/new');
		const clerkPost = await clerk.request.post(`${base}/console/mail/settings`,
			{ form: { _csrf: clerkToken, host: 'evil.example', port: '25', from: 'a@evil.example' }, maxRedirects: 0 });
		ok(clerkPost.status() === 403 || clerkPost.status() === 404,
			`a clerk cannot change the mail settings (${clerkPost.status()})`);

		const other = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
		await signIn(other, 'apother', 'Ap-other-2026');
		res = await other.goto(`${base}/console/requests/${B.id}`);
		ok(res.status() === 404, 'a clerk of another agency gets 404 for the rated request', res.status());
		res = await other.goto(`${base}/console/ratings`);
		ok(res.status() === 200 && !(await other.textContent('main')).includes('示例区人民政府') &&
			await other.isVisible('#ratings-empty'), '/console/ratings shows another agency no ratings of agency 1');

		const admin = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
		await signIn(admin, 'apadmin', 'Ap-admin-2026');
		const adminToken = await token(admin, '/console/mail');
		let before = dbState();
		let r = await admin.request.post(`${base}/console/mail/settings`,
			{ form: { host: 'evil.example', port: '25', from: 'a@evil.example' }, maxRedirects: 0 });
		ok(r.status() === 403 && dbState() === before, 'mail settings without _csrf: 403, unchanged', r.status());
		before = dbState();
		r = await admin.request.post(`${base}/console/mail/settings`,
			{ form: { _csrf: adminToken, host: EVIL, port: '25', from: 'a@evil.example', starttls: 'try' }, maxRedirects: 0 });
		const body = await r.text();
		ok(r.status() === 422 && body.includes('SMTP 服务器地址只能由') && !body.includes('<script>alert(1)'),
			'a hostile host is refused with a Chinese message and not echoed as markup', `${r.status()} ${body.slice(0, 200)}`);
		ok(dbState() === before, 'and the settings are unchanged');
		r = await admin.request.post(`${base}/console/mail/settings`,
			{ form: { _csrf: adminToken, host: '127.0.0.1', port: '99999', from: 'a@evil.example' }, maxRedirects: 0 });
		ok(r.status() === 422 && (await r.text()).includes('端口应为'), 'a port out of range is refused (422)');
	} catch (e) {
		ok(false, 'the security walk runs to its end', e.stack);
	} finally {
		ok(dialogs.length === 0, 'no dialog ever opened (no script ran)', dialogs.join('\n'));
		await browser.close();
	}
}

await main();
