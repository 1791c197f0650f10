// letters.mjs: the letters' workflow and its security in real Chromium (see letters.sh).
// Prints TAP points without numbers (the .sh numbers them). Env: ZF_URL, ZF_DB, ZF_BIN.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const APPLICANT = '司马文书';
const PHONE = '13800138000';
const DESCRIPTION = '请公开示例区2025年背街小巷整治项目的验收报告。';
const CLERK = { login: 'letclerk', password: 'Letter-clerk-2026' };
const REVIEWER = { login: 'letrev', password: 'Letter-review-2026' };
const ADMIN = { login: 'letadmin', password: 'Letter-admin-2026' };
const BCLERK = { login: 'bclerk', password: 'Agency-B-2026' };
const BREV = { login: 'brev', password: 'Agency-B-rev-2026' };
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
	await page.screenshot({ path: join(artifacts, `letters-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
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

const dialogs = [];
async function user(browser, who) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
	const page = await context.newPage();
	page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
	if (who) {
		await page.goto(`${base}/login`);
		await page.fill('#login', who.login);
		await page.fill('#password', who.password);
		await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
	}
	return { context, page };
}

function snapshot() {
	return execFileSync(join(here, 'sql'), [db,
		'SELECT * FROM letters ORDER BY id; SELECT * FROM letter_sequences ORDER BY 1, 2, 3;' +
		' SELECT * FROM letter_numbers ORDER BY 1, 2; SELECT * FROM request_events ORDER BY 1, 2;' +
		' SELECT * FROM reply_letters; SELECT * FROM agency_remedies ORDER BY 1;'], { encoding: 'utf8' });
}

function pdfText(buf, name) {
	const file = join(artifacts, name);
	writeFileSync(file, buf);
	return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

function docxText(buf, name) {
	const file = join(artifacts, name);
	writeFileSync(file, buf);
	return execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' }).replace(/<[^>]+>/g, '');
}

function chinaDay(offset = 0) {
	return new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}

async function injected(page) {
	return page.evaluate(() => document.querySelectorAll('img[src="x"], [onerror]').length +
		[...document.scripts].filter((s) => !s.src).length);
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
	try {
		const year = Number(chinaDay().slice(0, 4));

		// ---- 1. the administrator names the remedy bodies
		const admin = await user(browser, ADMIN);
		await admin.page.goto(`${base}/console/agencies/1`);
		const rem = admin.page.locator('form[data-form=remedies]');
		await rem.locator('input[name=review_body]').fill('示例市人民政府');
		await rem.locator('input[name=court]').fill('示例区人民法院');
		await Promise.all([admin.page.waitForNavigation(), rem.locator('button[type=submit]').click()]);
		ok((await admin.page.inputValue('#rm-review')) === '示例市人民政府', 'the 复议机关 is saved on the agency');
		ok((await admin.page.inputValue('#rm-court')) === '示例区人民法院', 'and the court');
		await snap(admin.page, 'agency-remedies');
		await axe(admin.page, 'the agency page with its remedy bodies');

		// ---- 2. a citizen applies
		const citizen = await user(browser, null);
		const cp = citizen.page;
		await cp.goto(`${base}/apply`);
		await cp.check('input[name=applicant_kind][value=person]');
		await cp.fill('#f-name', APPLICANT);
		await cp.fill('#f-id_no', '11010519491231002X');
		await cp.fill('#f-phone', PHONE);
		await cp.selectOption('#f-agency', '1');
		await cp.fill('#f-description', DESCRIPTION);
		await cp.check('input[name=form][value=electronic]');
		await cp.check('input[name=delivery][value=email]');
		await cp.fill('#f-email', 'sima@example.com');
		await cp.check('#f-confirm');
		await Promise.all([cp.waitForNavigation(), cp.click('form.apply-form button[type=submit]')]);
		const receipt = await cp.textContent('main');
		const m = receipt.match(/[2-9A-HJKMNP-Z]{4}[- ]?[2-9A-HJKMNP-Z]{4}[- ]?[2-9A-HJKMNP-Z]{4}/);
		const code = m ? m[0].replace(/[- ]/g, '') : '';
		ok(code.length === 12, 'the citizen has a query code');

		// ---- 3. the clerk asks for a supplement and drafts the 补正告知书
		const clerk = await user(browser, CLERK);
		const page = clerk.page;
		await page.goto(`${base}/console/requests`);
		await Promise.all([page.waitForNavigation(), page.locator('table.queue tr', { hasText: APPLICANT }).locator('a').first().click()]);
		const reqUrl = page.url().replace(/\?.*$/, '');
		const reqId = Number(reqUrl.split('/').pop());
		ok(reqId > 0, `the clerk opens the request (${reqUrl})`);
		ok((await page.locator('form[data-letter]').count()) === 0, 'no notice can be drafted before its event');
		const sup = page.locator('form[data-kind=supplement_requested]');
		await sup.locator('input[name=until]').fill(chinaDay(14));
		await Promise.all([page.waitForNavigation(), sup.locator('button[type=submit]').click()]);
		const draft = page.locator('form[data-letter=supplement]');
		ok(await draft.count() === 1, 'after 告知补正 the 补正告知书 can be drafted');
		await draft.locator('textarea[name=detail]').fill(`请写明验收报告所属的项目名称\n${BOTH}`);
		await Promise.all([page.waitForNavigation(), draft.locator('button[type=submit]').click()]);
		const letterUrl = page.url().replace(/\?.*$/, '');
		const lid = Number(letterUrl.split('/').pop());
		ok(/\/console\/letters\/\d+$/.test(letterUrl), `the draft is kept (${letterUrl})`);
		ok((await page.textContent('#letter-status')) === '待签发', 'awaiting 签发');
		ok((await page.textContent('#letter-number')) === '（签发后编号）', 'a draft has no number yet');
		const body = await page.textContent('article.letter');
		ok(body.includes('第三十条') && body.includes('一次性告知') && body.includes(`${APPLICANT}：`),
			'the 补正告知书 cites Art. 30, tells once, is addressed to the applicant');
		ok(body.includes(BOTH) && (await injected(page)) === 0, 'script typed in the items comes back as text');
		ok(body.includes('请写明验收报告所属的项目名称'), 'with the items one a line');
		ok(await page.locator('#sign-link').count() === 0, 'a clerk is offered no 签发');
		await snap(page, 'draft');
		await axe(page, 'the draft letter page');
		const signGet = await page.goto(`${letterUrl}/sign`);
		ok(signGet.status() === 403, 'a clerk cannot open the confirmation page (403)', signGet.status());
		await page.goto(letterUrl);
		const clerkToken = await page.getAttribute('input[name=_csrf]', 'value');
		let before = snapshot();
		const clerkSign = await clerk.context.request.post(`${letterUrl}/sign`, { form: { _csrf: clerkToken || '', expected: '1' }, maxRedirects: 0 });
		ok(clerkSign.status() === 403, 'a clerk cannot sign, even with a valid token (403)', clerkSign.status());
		ok(snapshot() === before, 'and nothing changed');

		// ---- 4. the reviewer returns it with a reason; the clerk drafts again
		const rev = await user(browser, REVIEWER);
		const rp = rev.page;
		await rp.goto(letterUrl);
		await rp.fill('#f-return-note', `项目名称要写具体。${P2}`);
		await Promise.all([rp.waitForNavigation(), rp.click('form[data-form=return] button[type=submit]')]);
		ok((await rp.textContent('#letter-status')) === '已退回', 'the reviewer returns the draft');
		ok((await rp.textContent('#letter-note')) === `项目名称要写具体。${P2}` && (await injected(rp)) === 0,
			'the reason is on record, as text');
		await snap(rp, 'returned');
		await page.goto(reqUrl);
		ok((await page.textContent('#letters-table')).includes('已退回'), 'the request page lists the returned draft');
		const again = page.locator('form[data-letter=supplement]');
		await again.locator('textarea[name=detail]').fill('请写明验收报告所属的项目名称和所在街道。');
		await Promise.all([page.waitForNavigation(), again.locator('button[type=submit]').click()]);
		const letter2 = page.url().replace(/\?.*$/, '');
		ok(letter2 !== letterUrl, 'a new draft');

		// ---- 5. 签发 after the confirmation of the number, from the reviewer's inbox
		await rp.goto(`${base}/console/letters`);
		const inbox = await rp.textContent('#drafts');
		ok(inbox.includes(APPLICANT) && inbox.includes('补正告知书') && inbox.includes('林经办'),
			'the new draft awaits 签发 in the reviewer\'s list, with its clerk', inbox);
		await snap(rp, 'inbox');
		await axe(rp, 'the list of letters awaiting 签发');
		await Promise.all([rp.waitForNavigation(), rp.locator('#drafts a', { hasText: '补正告知书' }).first().click()]);
		ok(rp.url().replace(/\?.*$/, '') === letter2, 'it leads to the draft');
		await Promise.all([rp.waitForNavigation(), rp.click('#sign-link')]);
		const next = (await rp.textContent('#next-number')).trim();
		const want = `示政信补〔${year}〕第1号`;
		ok(next === want, `the confirmation names the number to be taken (${next})`);
		ok((await rp.textContent('main')).includes('永久占用'), 'and says that it is permanent');
		await snap(rp, 'confirm');
		await axe(rp, 'the 签发 confirmation page');
		before = snapshot();
		const stale = await rev.context.request.post(`${letter2}/sign`, { form: { _csrf: await rp.getAttribute('input[name=_csrf]', 'value'), expected: '7' }, maxRedirects: 0 });
		ok(stale.status() === 422 && (await stale.text()).includes('编号已变化'), 'a number not confirmed is refused', stale.status());
		ok(snapshot() === before, 'and takes nothing');
		await Promise.all([rp.waitForNavigation(), rp.click('#confirm-sign')]);
		ok((await rp.textContent('#letter-status')) === '已签发', 'signed');
		ok((await rp.textContent('#letter-number')) === want, `the letter carries ${want}`);
		ok((await rp.textContent('#letter-signer')) === '钱审核', 'the signer is shown by name');
		await snap(rp, 'signed');
		await axe(rp, 'the signed letter page');

		// ---- 6. PDF and Word
		const pdf = await clerk.context.request.get(`${letter2}/letter.pdf`);
		ok(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf', 'the PDF downloads');
		const ptext = pdfText(await pdf.body(), 'letters-supplement.pdf');
		ok(ptext.includes(want) && ptext.includes('补正告知书') && ptext.includes('第三十条') && ptext.includes(APPLICANT),
			'pdftotext reads the number, the title, Art. 30 and the addressee', ptext.slice(0, 400));
		const docx = await clerk.context.request.get(`${letter2}/letter.docx`);
		ok(docx.status() === 200 && docx.headers()['content-type'].includes('wordprocessingml'), 'the Word file downloads');
		const dtext = docxText(await docx.body(), 'letters-supplement.docx');
		ok(dtext.includes(want) && dtext.includes('所在街道'), 'it holds the number and the text');

		// ---- 7. delivery
		await page.goto(letter2);
		await page.selectOption('#f-delivery-method', 'post');
		await page.fill('#f-delivery-on', chinaDay(1));
		await Promise.all([page.waitForNavigation(), page.click('form[data-form=delivery] button[type=submit]')]);
		ok((await page.textContent('.alert.error')).includes('不能晚于今天'), 'a delivery dated tomorrow is refused');
		await page.selectOption('#f-delivery-method', 'post');
		await page.fill('#f-delivery-on', chinaDay());
		await Promise.all([page.waitForNavigation(), page.click('form[data-form=delivery] button[type=submit]')]);
		ok((await page.textContent('#letter-delivery')).includes('邮寄'), 'the delivery is recorded');
		await page.goto(reqUrl);
		ok((await page.textContent('#letters-table')).includes('邮寄'), 'and shown on the request page');
		await snap(page, 'request-letters');
		await axe(page, 'the request page with its letters');

		// ---- 8. the reply goes through 签发 too
		await Promise.all([page.waitForNavigation(), page.locator('form[data-kind=supplement_received] button[type=submit]').click()]);
		const reply = page.locator('form[data-kind=reply]');
		await reply.locator('select[name=decision]').selectOption('granted');
		await reply.locator('textarea[name=detail]').fill('现随本答复书以电子邮件方式向您提供验收报告一份。');
		await Promise.all([page.waitForNavigation(), reply.locator('button[type=submit]').click()]);
		const replyUrl = page.url().replace(/\?.*$/, '');
		ok((await page.textContent('#letter-status')) === '待签发', 'the reply is a draft');
		await rp.goto(`${replyUrl}/sign`);
		const rno = (await rp.textContent('#next-number')).trim();
		ok(rno.startsWith(`示政信复〔${year}〕第`), `the reply takes a number of its own sequence (${rno})`);
		await Promise.all([rp.waitForNavigation(), rp.click('#confirm-sign')]);
		const rtext = await rp.textContent('article.letter');
		ok(rtext.includes('依法向示例市人民政府申请行政复议') && rtext.includes('依法向示例区人民法院提起行政诉讼'),
			'the 答复书 names the 复议机关 and the court');
		await page.goto(reqUrl);
		ok((await page.textContent('#state')).includes('已答复') && (await page.textContent('#letter-no')).trim() === rno,
			'signing it replied, with its number');

		// ---- 9. the applicant downloads the 答复书 on /query
		await cp.goto(`${base}/query`);
		await cp.fill('#f-code', code);
		await cp.fill('#f-phone', PHONE);
		await Promise.all([cp.waitForNavigation(), cp.click('form.query-form button[type=submit]')]);
		const dl = cp.locator('button[data-letter-kind=reply]');
		ok(await dl.count() === 1, 'the /query result offers the 答复书');
		ok(await cp.locator('button[data-letter-kind=supplement]').count() === 1, 'and the 补正告知书');
		await snap(cp, 'query-letters');
		await axe(cp, 'the /query result with its letters');
		const [download] = await Promise.all([cp.waitForEvent('download'), dl.click()]);
		const qtext = pdfText(readFileSync(await download.path()), 'letters-query-reply.pdf');
		ok(qtext.includes(rno) && qtext.includes('答复书') && qtext.includes('示例市人民政府'),
			'the applicant\'s PDF is the 答复书 with its number', qtext.slice(0, 300));
		const qToken = await cp.getAttribute('form[action="/query/letter"] input[name=_csrf]', 'value');
		const wrong = await citizen.context.request.post(`${base}/query/letter`, { form: { _csrf: qToken, code, phone: '13900000000', letter: String(lid) }, maxRedirects: 0 });
		ok(wrong.status() === 404 && !(wrong.headers()['content-type'] || '').includes('pdf'), 'a wrong phone gets no letter (404)', wrong.status());
		const noCsrf = await citizen.context.request.post(`${base}/query/letter`, { form: { code, phone: PHONE, letter: String(lid) }, maxRedirects: 0 });
		ok(noCsrf.status() === 403, '/query/letter without the CSRF token: 403', noCsrf.status());
		const returned = await citizen.context.request.post(`${base}/query/letter`, { form: { _csrf: qToken, code, phone: PHONE, letter: String(lid) }, maxRedirects: 0 });
		ok(returned.status() === 404, 'a returned draft is not given out (404)', returned.status());

		// ---- 10. CSRF on the console's new forms
		before = snapshot();
		for (const [path, form] of [[`/console/letters/${lid}/return`, { note: 'x' }],
			[`${new URL(letter2).pathname}/delivery`, { method: 'post', on: chinaDay() }],
			[`/console/requests/${reqId}/letters`, { kind: 'supplement', detail: 'x' }],
			[`${new URL(replyUrl).pathname}/sign`, { expected: '1' }]]) {
			const res = await rev.context.request.post(`${base}${path}`, { form, maxRedirects: 0 });
			ok(res.status() === 403, `POST ${path} without its token: 403`, res.status());
		}
		ok(snapshot() === before, 'the refused forms changed nothing');

		// ---- 11. another agency: 404, also for a reviewer with a valid token
		const b = await user(browser, BCLERK);
		const br = await user(browser, BREV);
		for (const path of [letter2, `${letter2}/letter.pdf`, `${letter2}/letter.docx`]) {
			const res = await b.page.goto(path);
			ok(res.status() === 404, `clerk of another agency: 404 for ${new URL(path).pathname}`, res.status());
		}
		await b.page.goto(`${base}/console/letters`);
		ok(!(await b.page.textContent('main')).includes(APPLICANT), 'another agency\'s list of letters does not show them');
		const brSign = await br.page.goto(`${replyUrl}/sign`);
		ok(brSign.status() === 404, 'a reviewer of another agency: 404 for the confirmation page', brSign.status());
		await br.page.goto(`${base}/console`);
		const bToken = await br.page.getAttribute('input[name=_csrf]', 'value');
		before = snapshot();
		for (const [path, form] of [[`/console/letters/${lid}/return`, { note: '伪造' }],
			[`${new URL(letter2).pathname}/delivery`, { method: 'post', on: chinaDay() }],
			[`/console/requests/${reqId}/letters`, { kind: 'supplement', detail: '伪造' }],
			[`${new URL(replyUrl).pathname}/sign`, { expected: '1' }]]) {
			const res = await br.context.request.post(`${base}${path}`, { form: { ...form, _csrf: bToken }, maxRedirects: 0 });
			ok(res.status() === 404, `another agency's forged POST ${path} (valid token): 404`, res.status());
		}
		ok(snapshot() === before, 'the database is unchanged');
		await snap(b.page, 'other-agency-404');

		// ---- 12. injection through the remedy bodies
		await rem.locator('input[name=court]').fill(BOTH);
		await Promise.all([admin.page.waitForNavigation(), rem.locator('button[type=submit]').click()]);
		ok((await admin.page.inputValue('#rm-court')) === BOTH && (await injected(admin.page)) === 0,
			'script typed as the court comes back as text');
		ok(dialogs.length === 0, 'no dialog opened', dialogs.join('\n'));
	} finally {
		await browser.close();
	}
}

main().catch((e) => { console.log(`not ok - the letters walk ran to its end\n#   ${String(e.stack || e).split('\n').join('\n#   ')}`); process.exit(1); });
