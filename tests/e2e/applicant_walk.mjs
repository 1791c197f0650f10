// applicant_walk.mjs: the applicant's path of issue #12 in real Chromium: a citizen applies with
// an e-mail address → the receipt e-mail arrives at the test SMTP server → a clerk asks for a
// 补正 → the citizen reads what to supplement on /query and submits it online → the clerk sees
// the supplement on the request page and the clock restarted → the clerk replies → the
// citizen rates the handling (好差评), once → the clerk sees the rating and the per-agency
// summary → an administrator sees the outbox with every e-mail sent. Every e-mail is read from
// the SMTP server's directory and its subject (RFC 2047) and body (base64 UTF-8) decoded.
// axe-core on every new page; screenshots to tests/e2e/artifacts/applicant-walk-NN-*.png.
// Prints TAP points without numbers (applicant.sh numbers them).
// Env: ZF_URL, ZF_DB, ZF_BIN, ZF_MAIL_DIR.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const base = process.env.ZF_URL;
const mailDir = process.env.ZF_MAIL_DIR;

const APPLICANT = '司马思远';
const PHONE = '13987654321';
const EMAIL = 'simasiyuan@example.com';
const CLERK = { login: 'apclerk', password: 'Ap-clerk-2026' };
const ADMIN = { login: 'apadmin', password: 'Ap-admin-2026' };
const ASKED = '请补充说明所需信息的年份范围（例如2024年至2025年）和所涉街道。';
const SUPPLEMENT = '所需信息为2024年至2025年示例街道、东湖街道的老旧小区改造项目清单。';

function ok(cond, desc, diag) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${desc}`);
	if (!cond && diag !== undefined)
		console.log(String(diag).split('\n').map((l) => `#   ${l}`).join('\n'));
	return cond;
}

let shot = 0;
async function snap(page, name) {
	shot++;
	await page.screenshot({ path: join(artifacts, `applicant-walk-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
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

function watch(page, problems) {
	const expected = /Failed to load resource: the server responded with a status of (400|404|409|422)/;
	page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() === 'error' && !expected.test(m.text())) problems.push(`console on ${page.url()}: ${m.text().slice(0, 160)}`);
	});
	page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
}

async function signIn(page, who) {
	await page.goto(`${base}/login`);
	await page.fill('#login', who.login);
	await page.fill('#password', who.password);
	await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

// The decoded e-mails that arrived (smtp_sink.py writes NNNN.json beside each message).
function mails() {
	if (!existsSync(mailDir)) return [];
	return readdirSync(mailDir).filter((f) => f.endsWith('.json')).sort()
		.map((f) => JSON.parse(readFileSync(join(mailDir, f), 'utf8')));
}

// Waits (up to 20 s) for an e-mail whose subject contains `what`.
async function mailAbout(what) {
	for (let i = 0; i < 200; i++) {
		const m = mails().find((x) => x.subject.includes(what));
		if (m) return m;
		await new Promise((r) => setTimeout(r, 100));
	}
	return null;
}

async function query(page, code) {
	await page.goto(`${base}/query`);
	await page.fill('#f-code', code);
	await page.fill('#f-phone', PHONE);
	await Promise.all([page.waitForNavigation(), page.click('form.query-form button[type=submit]')]);
}

function chinaDay(offsetDays) {
	return new Date(Date.now() + 8 * 3600e3 + offsetDays * 86400e3).toISOString().slice(0, 10);
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	const problems = [];
	try {
		// ---- 1. apply with an e-mail address
		const citizen = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
		const cp = await citizen.newPage();
		watch(cp, problems);
		await cp.goto(`${base}/apply`);
		await cp.check('input[name=applicant_kind][value=person]');
		await cp.fill('#f-name', APPLICANT);
		await cp.fill('#f-id_no', '11010519491231002X');
		await cp.fill('#f-phone', PHONE);
		await cp.selectOption('#f-agency', '1');
		await cp.fill('#f-description', '请公开示例区老旧小区改造项目清单。');
		await cp.check('input[name=form][value=electronic]');
		await cp.check('input[name=delivery][value=email]');
		await cp.fill('#f-email', EMAIL);
		await cp.check('#f-confirm');
		await Promise.all([cp.waitForNavigation(), cp.click('form.apply-form button[type=submit]')]);
		const receipt = await cp.textContent('main');
		const m = receipt.match(/[2-9A-HJKMNP-Z]{4}[- ]?[2-9A-HJKMNP-Z]{4}[- ]?[2-9A-HJKMNP-Z]{4}/);
		const code = m ? m[0].replace(/[- ]/g, '') : '';
		ok(code.length === 12, 'the citizen applies with an e-mail address and gets a query code', receipt.slice(0, 300));

		const m1 = await mailAbout('已收到');
		ok(m1, 'the receipt e-mail arrives at the test SMTP server', JSON.stringify(mails()));
		if (m1) {
			ok(m1.subject === '【示例区人民政府】您的政府信息公开申请已收到',
				`its subject is decoded from RFC 2047 (${m1.subject})`, m1.subject_raw);
			ok(/Subject: =\?UTF-8\?B\?/.test(m1.subject_raw), 'the subject travelled as encoded words', m1.subject_raw);
			ok(m1.charset === 'utf-8' && m1.body.includes(`查询码：${code}`) && m1.body.includes('法定期限内'),
				'the body is UTF-8 text with the query code', m1.body);
			ok(m1.envelope_to.join() === `<${EMAIL}>` && m1.to.includes(EMAIL), 'sent to the applicant only', m1.envelope_to);
		}

		// ---- 2. the clerk asks for a supplement
		const staff = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
		const page = await staff.newPage();
		watch(page, problems);
		await signIn(page, CLERK);
		await page.goto(`${base}/console/requests`);
		const row = page.locator('table.queue tr', { hasText: APPLICANT });
		await Promise.all([page.waitForNavigation(), row.locator('a').first().click()]);
		const reqUrl = page.url().replace(/\?.*$/, '');
		const until = chinaDay(10);
		const sup = page.locator('form[data-kind=supplement_requested]');
		await sup.locator('input[name=until]').fill(until);
		await sup.locator('textarea[name=notice]').fill(ASKED);
		await Promise.all([page.waitForNavigation(), sup.locator('button[type=submit]').click()]);
		ok((await page.textContent('#state')).includes('待补正'), 'the clerk asks for a 补正');

		const m2 = await mailAbout('需要补正');
		ok(m2 && m2.body.includes(`补正期限至 ${until}`) && m2.body.includes('在线提交补正'),
			'the 补正 e-mail arrives, with the period and how to supplement online', m2 && m2.body);

		// ---- 3. the citizen supplements online
		await query(cp, code);
		ok(await cp.isVisible('#h-supplement'), '/query shows the 补正 section');
		ok((await cp.textContent('#supplement-asked')).includes(ASKED), 'with what the clerk asked');
		const untilZh = `${Number(until.slice(5, 7))}月${Number(until.slice(8, 10))}日`;
		ok((await cp.textContent('#supplement-until')).includes(untilZh), `and the period (${untilZh})`);
		await axe(cp, '/query awaiting a 补正');
		await snap(cp, 'query-supplement-form');
		// empty: refused, nothing written
		let res;
		await cp.evaluate(() => document.querySelector('#f-supplement').removeAttribute('required'));
		[res] = await Promise.all([cp.waitForNavigation(), cp.click('#supplement-submit')]);
		ok(res && res.status() === 400 && (await cp.textContent('#supplement-error')).includes('请填写补正内容'),
			'an empty supplement is refused with a Chinese message (400)', res && res.status());
		await cp.fill('#f-supplement', SUPPLEMENT);
		[res] = await Promise.all([cp.waitForNavigation(), cp.click('#supplement-submit')]);
		ok(res.status() === 200 && (await cp.textContent('#query-notice')).includes('补正已提交'),
			'the supplement is accepted', res.status());
		ok((await cp.textContent('#supplement-text')).includes(SUPPLEMENT), 'the page shows what was submitted');
		ok((await cp.textContent('.status-box')).includes('办理中') && (await cp.textContent('.status-box')).includes('还有 20 个工作日'),
			'the reply period runs again from today: 20 working days left', await cp.textContent('.status-box'));
		ok(!(await cp.isVisible('#f-supplement')), 'the form is gone: a 补正 is submitted once');
		await axe(cp, '/query after the 补正');
		await snap(cp, 'query-supplement-done');

		const m3 = await mailAbout('已收到补正');
		ok(m3 && m3.body.includes('重新计算'), 'the e-mail about the received 补正 arrives', m3 && m3.body);

		// ---- 4. the clerk sees it
		await page.goto(reqUrl);
		ok((await page.textContent('#state')).includes('办理中'), 'the clerk sees the request processing again');
		ok((await page.textContent('#console-supplement-text')).includes(SUPPLEMENT), 'and the supplement the applicant wrote');
		ok((await page.textContent('ol.timeline')).includes('收到补正'), 'the timeline has the 补正 received today');
		ok((await page.textContent('.clock-summary')).includes('还剩 20 个工作日'), 'the clock restarted (条例第三十条)',
			await page.textContent('.clock-summary'));
		await axe(page, 'the request page with an online 补正');
		await snap(page, 'console-request-supplement');

		// ---- 5. the reply
		const reply = page.locator('form[data-kind=reply]');
		await reply.locator('select[name=decision]').selectOption('granted');
		const detail = reply.locator('textarea[name=detail]');
		if (await detail.count()) await detail.fill('现以电子邮件方式向您提供所申请的项目清单。');
		await Promise.all([page.waitForNavigation(), reply.locator('button[type=submit]').click()]);
		ok((await page.textContent('#letter-status')).includes('待签发'), 'the clerk drafts the reply');
		// the administrator signs it (经办 → 签发); the state changes, and the e-mail goes, then
		const draftUrl = page.url().replace(/\?.*$/, '');
		const signer = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
		await signIn(signer, ADMIN);
		await signer.goto(`${draftUrl}/sign`);
		await Promise.all([signer.waitForNavigation(), signer.click('#confirm-sign')]);
		ok((await signer.textContent('#letter-status')).includes('已签发'), 'the administrator signs the reply');
		await signer.context().close();
		await page.goto(reqUrl);
		ok((await page.textContent('#state')).includes('已答复'), 'the signed reply closes the request');
		const m4 = await mailAbout('已答复');
		ok(m4 && m4.body.includes('予以公开') && m4.body.includes('评价'), 'the reply e-mail arrives and invites a rating',
			m4 && m4.body);

		// ---- 6. the rating
		await query(cp, code);
		ok(await cp.isVisible('#h-rating'), '/query offers the 好差评 after the reply');
		await axe(cp, '/query rating form');
		await snap(cp, 'query-rating-form');
		await cp.check('#f-level-2');
		[res] = await Promise.all([cp.waitForNavigation(), cp.click('#rating-submit')]);
		ok(res.status() === 400 && (await cp.textContent('#rating-error')).includes('至少选择一项原因'),
			'不满意 without a reason is refused (400)', res.status());
		ok(await cp.isChecked('#f-level-2'), 'the level picked stays checked');
		await cp.check('#f-level-4');
		await cp.fill('#f-comment', '答复及时，说明清楚。');
		[res] = await Promise.all([cp.waitForNavigation(), cp.click('#rating-submit')]);
		ok(res.status() === 200 && (await cp.textContent('#rating-level')) === '满意', 'the rating 满意 is recorded',
			res.status());
		ok(!(await cp.isVisible('#rating-submit')), 'and cannot be given twice from the page');
		await axe(cp, '/query after the rating');
		await snap(cp, 'query-rated');

		// ---- 7. the clerk sees the rating, the summary
		await page.goto(reqUrl);
		ok((await page.textContent('#console-rating-level')) === '满意', 'the clerk sees the rating on the request page');
		ok((await page.textContent('#console-rating-comment')).includes('答复及时'), 'with the comment');
		await snap(page, 'console-request-rated');
		res = await page.goto(`${base}/console/ratings`);
		const sumRow = page.locator('#ratings tbody tr', { hasText: '示例区人民政府' }).first();
		ok(res.status() === 200 && (await sumRow.count()) === 1, '/console/ratings lists the agency', res.status());
		const cells = await sumRow.locator('td').allTextContents();
		ok(Number(cells[0]) >= 1 && Number(cells[2]) >= 1, 'counting the rating under 满意', cells.join('|'));
		await axe(page, '/console/ratings');
		await snap(page, 'console-ratings');

		// ---- 8. the outbox
		const admin = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })).newPage();
		watch(admin, problems);
		await signIn(admin, ADMIN);
		res = await admin.goto(`${base}/console/mail`);
		ok(res.status() === 200, '/console/mail opens for an administrator');
		const outbox = await admin.textContent('#outbox');
		ok((outbox.match(/已发送/g) || []).length >= 4 && outbox.includes(EMAIL),
			'it lists the four e-mails to the applicant as sent', outbox.slice(0, 800));
		ok(!/\d{2}:\d{2}:\d{2}Z/.test(await admin.textContent('main')),
			'times are Beijing time, no UTC stamps');
		await axe(admin, '/console/mail');
		await snap(admin, 'console-mail');
		const subjects = mails().filter((x) => x.envelope_to.join() === `<${EMAIL}>`).map((x) => x.subject);
		ok(subjects.length === 4, `four e-mails reached the applicant, none twice (${subjects.join(' / ')})`);
	} catch (e) {
		ok(false, 'the walk runs to its end', e.stack);
	} finally {
		ok(problems.length === 0, 'no script errors or dialogs', problems.join('\n'));
		await browser.close();
	}
}

await main();
