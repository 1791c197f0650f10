// public_site.mjs: the public site in real Chromium (Debian's /usr/bin/chromium driven by
// playwright-core). A citizen applies by keyboard (JavaScript on) and by mouse (JavaScript
// off), gets a receipt with a query code and follows the request on /query; an empty and a
// faulty form bring back every message; axe-core finds no serious or critical violation on any
// public page, in normal and large type (长者模式); a POST without its CSRF token is refused;
// <script>alert(1)</script> typed into every field comes back as text. Screenshots go to
// tests/e2e/artifacts/public-*.png. Prints TAP points without numbers (public_site.sh numbers
// them) and one "# QUERY_CODE X" line per code, for the log check of public_site.sh.
// Usage: ZF_URL=http://127.0.0.1:PORT node public_site.mjs
import { chromium } from 'playwright-core';
import ExcelJS from 'exceljs';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const XSS = '<script>alert(1)</script>';
const axeSummary = [];

function ok(cond, desc, diag) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${desc}`);
	if (!cond && diag !== undefined)
		console.log(String(diag).split('\n').map((l) => `#   ${l}`).join('\n'));
	return cond;
}

// axe-core in the page: the serious and critical violations (and the count of all).
async function axe(page, name) {
	const all = await page.evaluate(`${axeSource}
		axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
			.then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
				nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) })))`);
	const bad = all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	axeSummary.push(`${name}: ${bad.length} serious/critical, ${all.length} in all` +
		(all.length ? ` (${all.map((v) => `${v.impact} ${v.id}`).join(', ')})` : ''));
	ok(bad.length === 0, `axe-core: no serious or critical violation on ${name}`,
		bad.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.join(', ')}`).join('\n'));
}

async function snap(page, name) {
	await page.screenshot({ path: join(artifacts, `public-${name}.png`), fullPage: true });
}

// Console errors, CSP reports, failed requests and dialogs (an alert() would be an injection).
function watch(page, problems) {
	// pages answered on purpose with 404, 422 or 429 are logged by Chromium as failed loads
	const expected = /Failed to load resource: the server responded with a status of (404|422|429)/;
	page.on('console', (m) => {
		if (m.type() === 'error' && !expected.test(m.text())) problems.push(`console: ${m.text()}`);
	});
	page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	page.on('dialog', (d) => { problems.push(`DIALOG: ${d.message()}`); d.dismiss(); });
	page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
}

const CITIZEN = {
	name: '欧阳文华',
	id: '11010519491231002X',
	phone: '13800138000',
	description: '请公开示例区2025年老旧小区改造项目的实施方案和资金安排情况。',
};

// Fills the form of a citizen by mouse (click/fill), leaving the page ready to submit.
async function fillByMouse(page, who) {
	await page.click('#f-applicant_kind');
	await page.fill('#f-name', who.name);
	await page.selectOption('#f-id_type', 'resident_id');
	await page.fill('#f-id_no', who.id);
	await page.fill('#f-phone', who.phone);
	await page.selectOption('#f-agency', { index: 1 });
	await page.fill('#f-description', who.description);
	await page.click('#f-form-electronic');
	await page.click('#f-delivery-pickup');
	await page.click('#f-confirm');
}

async function submit(page, selector) {
	const [res] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
	return res;
}

async function receiptCode(page) {
	const code = await page.getAttribute('#query-code', 'data-code');
	if (code) console.log(`# QUERY_CODE ${code}`);
	return code;
}

async function query(page, code, second) {
	await page.goto(`${base}/query`);
	await page.fill('#f-code', code);
	await page.fill('#f-phone', second);
	return submit(page, 'form.query-form button[type=submit]');
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
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
		const page = await ctx.newPage();
		watch(page, problems);

		// ---- home, guides, agency page
		let res = await page.goto(`${base}/`);
		ok(res.status() === 200, 'home page (200)');
		ok(await page.locator('.services .service a').count() === 6, 'six services, each a link');
		ok(await page.locator('form[role=search][action="/search"] input[name=q]').count() === 1,
			'a search box that GETs /search');
		const agencyLinks = page.locator('.agencies a[href^="/agency/"]');
		ok(await agencyLinks.count() >= 3, 'the agency tree links to each agency', await agencyLinks.count());
		ok(await page.locator('.latest-reports a').count() >= 1, 'the latest annual reports are listed');
		await axe(page, 'the home page');
		await snap(page, 'home');

		res = await page.goto(`${base}/guide`);
		ok(res.status() === 200 && (await page.textContent('h1')) === '政府信息公开指南', '/guide lists the guides');
		ok(await page.locator('.guide-card').count() >= 3, 'one card per agency');
		await axe(page, '/guide');
		await snap(page, 'guide');

		await Promise.all([page.waitForNavigation(), page.click('.guide-card h3 a >> nth=0')]);
		ok(/\/agency\/\d+$/.test(page.url()), 'an agency page opens from the guide', page.url());
		const office = await page.textContent('#s-office + table, section[aria-labelledby=s-office]');
		ok(/办公地址/.test(office) && /咨询电话/.test(office) && /办公时间/.test(office),
			'its working body: address, hours, phone', office.slice(0, 300));
		const howto = await page.textContent('section[aria-labelledby=s-apply]');
		ok(['网络申请', '当面申请', '邮寄申请', '传真申请'].every((w) => howto.includes(w)),
			'the four ways to apply', howto.slice(0, 300));
		ok(await page.locator('#s-fee').count() === 1 && await page.locator('#s-remedy').count() === 1,
			'fees and remedies');
		await axe(page, 'an agency page');
		await snap(page, 'agency');
		const agencyUrl = page.url();
		res = await page.goto(`${base}/agency/99999`);
		ok(res.status() === 404, 'an unknown agency is a 404 page');

		// ---- the form, empty: every message, a summary linking to the fields
		res = await page.goto(`${base}/apply`);
		ok(res.status() === 200, '/apply (200)');
		const labelsOk = await page.evaluate(() => [...document.querySelectorAll('form.apply-form input:not([type=hidden]), form.apply-form select, form.apply-form textarea')]
			.every((e) => e.labels && e.labels.length > 0 && e.labels[0].offsetParent !== null));
		ok(labelsOk, 'every control of the form has a visible label');
		await axe(page, '/apply');
		await snap(page, 'apply');
		await page.evaluate(() => document.querySelectorAll('input[name=applicant_kind]').forEach((e) => { e.checked = false; }));
		await page.selectOption('#f-id_type', '');
		res = await submit(page, 'form.apply-form button[type=submit]');
		ok(res.status() === 422, 'an empty form comes back (422)', res.status());
		const summary = page.locator('.error-summary li a');
		const nsummary = await summary.count();
		ok(nsummary >= 8, `the summary lists each mistake (${nsummary})`);
		const targets = await summary.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		ok(await page.evaluate((ids) => ids.every((h) => document.querySelector(h)), targets),
			'each summary link leads to its field', targets.join(' '));
		const expected = ['请选择申请人类型', '请填写申请人姓名', '请选择身份证件类型', '请填写联系电话',
			'请选择受理申请的行政机关', '请描述所需政府信息的内容', '请选择所需信息的载体形式',
			'请选择获取信息的途径', '请阅读并勾选确认声明'];
		const body = await page.textContent('main');
		for (const m of expected)
			ok(body.includes(m), `the message "${m}" is shown`);
		ok(await page.locator('#f-name[aria-invalid=true][aria-describedby~="f-name-error"]').count() === 1,
			'a faulty field is aria-invalid and described by its message');
		ok((await page.title()).includes('处需要修改'), 'the title says there are mistakes', await page.title());
		await axe(page, '/apply with errors');
		await snap(page, 'apply-errors');

		// a faulty ID number and phone, the rest kept
		await fillByMouse(page, { ...CITIZEN, id: '110105194912310021', phone: '12345' });
		res = await submit(page, 'form.apply-form button[type=submit]');
		ok(res.status() === 422, 'a wrong check digit is refused');
		ok((await page.textContent('#f-id_no-error')).includes('校验码'), 'the ID message names the check digit',
			await page.textContent('#f-id_no-error'));
		ok((await page.textContent('#f-phone-error')).includes('区号'), 'the phone message explains the format');
		ok(await page.inputValue('#f-name') === CITIZEN.name && await page.inputValue('#f-description') === CITIZEN.description &&
			await page.isChecked('#f-delivery-pickup'), 'the values typed are kept');
		ok(await page.locator('.error-summary li').count() === 2, 'and only the two mistakes are listed');
		await snap(page, 'apply-id-error');

		// ---- by keyboard (JavaScript on): Tab, typing, Space and arrows; Enter submits
		await page.goto(`${base}/apply`);
		await page.keyboard.press('Tab');
		ok(await page.evaluate(() => document.activeElement.textContent) === '跳到主要内容', 'Tab reaches the skip link first');
		await page.focus('#f-applicant_kind');
		await page.keyboard.press('Space');
		await page.focus('#f-name');
		await page.keyboard.type('林晓梅');
		await page.keyboard.press('Tab'); // contact person
		await page.keyboard.press('Tab'); // ID type (居民身份证 is preselected)
		ok(await page.evaluate(() => document.activeElement.id) === 'f-id_type', 'Tab moves through the fields in order',
			await page.evaluate(() => document.activeElement.id));
		await page.keyboard.press('Tab');
		await page.keyboard.type('110101200002290018');
		await page.keyboard.press('Tab');
		await page.keyboard.type('010-12345678');
		await page.focus('#f-agency');
		await page.keyboard.press('ArrowDown');
		await page.focus('#f-description');
		await page.keyboard.type('请公开2025年示例区住房保障资金的分配结果。');
		await page.focus('#f-form');
		await page.keyboard.press('Space');
		await page.keyboard.press('ArrowRight'); // 电子文档
		await page.focus('#f-delivery');
		await page.keyboard.press('Space');
		await page.keyboard.press('ArrowRight');
		await page.keyboard.press('ArrowRight'); // 自行领取
		await page.focus('#f-confirm');
		await page.keyboard.press('Space');
		await page.focus('#f-doc_no');
		[res] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
		ok(page.url().endsWith('/apply/receipt'), 'by keyboard alone the application is accepted (303 to the receipt)',
			`${page.url()} ${await page.textContent('main').then((t) => t.slice(0, 300))}`);
		const code1 = await receiptCode(page);
		ok(/^[2-9A-HJKMNP-Z]{12}$/.test(code1 || ''), `the receipt shows a 12-character query code`);
		const receipt = await page.textContent('.receipt');
		ok(receipt.includes('答复期限') && /\d{4}年\d{1,2}月\d{1,2}日/.test(receipt) && receipt.includes('20 个工作日'),
			'with the statutory due date', receipt.slice(0, 400));
		ok(receipt.includes('010-****5678') || receipt.includes('****'), 'the phone is masked on the receipt');
		ok(receipt.includes('接下来会怎样'), 'and what happens next');
		await axe(page, 'the receipt');
		await snap(page, 'receipt');
		const printHidden = await page.evaluate(() => { // the printed 回执 leaves out the chrome
			return [...document.styleSheets].some((s) => [...s.cssRules].some((r) => r.media && r.media.mediaText === 'print'));
		});
		ok(printHidden, 'the stylesheet has a print layout for the 回执');

		// ---- the query
		res = await page.goto(`${base}/query`);
		ok(res.status() === 200, '/query (200)');
		await axe(page, '/query');
		await snap(page, 'query');
		res = await query(page, 'ABCD-EFGH-JKMN', '010-12345678');
		ok(res.status() === 404 && (await page.textContent('.alert.error')).includes('没有找到'),
			'a wrong code: one generic message');
		const generic = await page.textContent('.alert.error');
		await axe(page, '/query not found');
		res = await query(page, code1, '13900000000');
		ok(res.status() === 404 && (await page.textContent('.alert.error')) === generic,
			'the right code with a wrong phone: the same message');
		res = await query(page, code1.toLowerCase().replace(/(.{4})/g, '$1 '), '(010) 1234-5678');
		ok(res.status() === 200, 'code (any case, spaced) and phone (any spelling) find the request');
		const status = await page.textContent('.status-box');
		ok(status.includes('办理中'), 'the state in plain Chinese', status);
		ok(/答复期限：\d{4}年/.test(status) && /还有 \d+ 个工作日/.test(status), 'the due date and the working days left', status);
		ok((await page.textContent('.public-timeline')).includes('收到申请（互联网渠道）'), 'the timeline: received online');
		await axe(page, 'the query result');
		await snap(page, 'query-result');

		// ---- annual reports
		res = await page.goto(`${base}/reports`);
		ok(res.status() === 200 && await page.locator('table.reports-list tbody tr').count() >= 3,
			'/reports lists the published reports');
		await axe(page, '/reports');
		await snap(page, 'reports');
		const first = await page.getAttribute('table.reports-list tbody tr >> nth=0 >> td >> nth=1 >> a', 'href');
		res = await page.goto(`${base}${first}`);
		ok(res.status() === 200, `a report page (${first})`);
		ok(await page.locator('table.table3 td[data-path="table3.received_new.total"]').count() === 1,
			'laid out as the official table 3');
		ok(await page.locator('table.table4').count() === 1, 'and table 4');
		await axe(page, 'a report page');
		await snap(page, 'report');
		const xlsx = await ctx.request.get(`${base}${first}.xlsx`);
		const disp = xlsx.headers()['content-disposition'] || '';
		ok(xlsx.status() === 200 && xlsx.headers()['content-type'].startsWith('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
			'the Excel download has the right Content-Type');
		const star = disp.match(/filename\*=UTF-8''([^;]+)/);
		const fname = star ? decodeURIComponent(star[1]) : '';
		ok(/^attachment;/.test(disp) && /政府信息公开工作年度报告\.xlsx$/.test(fname) && /filename="report-\d+-\d{4}\.xlsx"/.test(disp),
			`and a Chinese file name by RFC 5987 (${fname})`, disp);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(await xlsx.body());
		ok(wb.worksheets.length >= 2, `the workbook opens in exceljs (${wb.worksheets.length} sheets)`);
		const json = await ctx.request.get(`${base}${first}.json`);
		const doc = await json.json();
		ok(json.headers()['content-type'].startsWith('application/json') && doc.schema === 'zfxxgk.report/1' &&
			Array.isArray(doc.table3.rows.received_new), 'the JSON download is zfxxgk.report/1');
		ok(/filename\*=UTF-8''/.test(json.headers()['content-disposition'] || ''), 'with its file name');
		const html = await ctx.request.get(`${base}${first}.html`);
		ok(html.status() === 200 && (await html.text()).includes('<table'), 'the printable HTML download');

		// ---- CSRF: a POST without its token, or with a forged one, is refused
		const noToken = await ctx.request.post(`${base}/apply`, { form: { applicant_kind: 'person', name: 'x' }, maxRedirects: 0 });
		ok(noToken.status() === 403, 'POST /apply without _csrf: 403', noToken.status());
		const forged = await ctx.request.post(`${base}/apply`, { form: { _csrf: 'f'.repeat(64), name: 'x' }, maxRedirects: 0 });
		ok(forged.status() === 403, 'POST /apply with a forged _csrf: 403', forged.status());
		const q403 = await ctx.request.post(`${base}/query`, { form: { code: code1, phone: '010-12345678' }, maxRedirects: 0 });
		ok(q403.status() === 403, 'POST /query without _csrf: 403', q403.status());

		// ---- script typed into every field comes back as text
		await page.goto(`${base}/apply`);
		const textFields = ['#f-name', '#f-contact_person', '#f-id_no', '#f-phone', '#f-email', '#f-address',
			'#f-postcode', '#f-description', '#f-doc_no', '#f-purpose', '#f-form_other'];
		for (const f of textFields) await page.fill(f, XSS).catch(() => {});
		// and into the choices, forged into the POST
		await page.evaluate((x) => {
			for (const n of ['applicant_kind', 'org_type', 'id_type', 'agency', 'form', 'delivery', 'confirm']) {
				const i = document.createElement('input');
				i.type = 'hidden'; i.name = n; i.value = x;
				document.querySelector('form.apply-form').prepend(i);
			}
		}, XSS);
		res = await submit(page, 'form.apply-form button[type=submit]');
		ok(res.status() === 422, 'the injected form is refused with messages (422)');
		const kept = await Promise.all(textFields.map((f) => page.inputValue(f).catch(() => '')));
		ok(kept.filter((v) => v === XSS).length >= 8, 'the text fields show the script as typed text',
			kept.join(' | '));
		ok(await page.evaluate(() => document.querySelectorAll('script').length) === 0, 'no script element in the page');
		await snap(page, 'apply-xss');
		// accepted where text is free: name, contact, address, description, 文号, purpose
		await page.goto(`${base}/apply`);
		await fillByMouse(page, { ...CITIZEN, name: XSS, description: XSS + '的公开文件' });
		await page.fill('#f-doc_no', XSS);
		await page.fill('#f-purpose', XSS);
		await page.fill('#f-address', XSS);
		res = await submit(page, 'form.apply-form button[type=submit]');
		ok(page.url().endsWith('/apply/receipt'), 'an application with script in its free text is stored');
		const code2 = await receiptCode(page);
		ok((await page.textContent('.receipt')).includes(XSS), 'the receipt shows the script as text');
		ok(await page.evaluate(() => document.querySelectorAll('script').length) === 0, 'and runs none');
		await query(page, code2, CITIZEN.phone);
		ok((await page.textContent('main')).includes(XSS) && await page.evaluate(() => document.querySelectorAll('script').length) === 0,
			'so does the query result');
		await snap(page, 'query-xss');
		ok(!problems.some((p) => p.startsWith('DIALOG')), 'no alert() ever ran', problems.join('\n'));

		// ---- 长者模式 on every kind of page
		await page.goto(`${base}/?font=large`);
		const large = [['/', 'home'], ['/guide', 'guide'], [new URL(agencyUrl).pathname, 'agency'], ['/apply', 'apply'],
			['/query', 'query'], ['/reports', 'reports'], [first, 'report']];
		for (const [path, name] of large) {
			await page.goto(`${base}${path}`);
			ok(await page.$eval('body', (b) => b.classList.contains('large')), `长者模式 kept on ${path}`);
			await axe(page, `${path} in 长者模式`);
			await snap(page, `large-${name}`);
		}
		await query(page, code1, '010-12345678');
		await axe(page, 'the query result in 长者模式');
		await snap(page, 'large-query-result');
		await page.goto(`${base}/apply`);
		await submit(page, 'form.apply-form button[type=submit]');
		await axe(page, '/apply with errors in 长者模式');
		await snap(page, 'large-apply-errors');
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		ok(overflow <= 0, 'no horizontal scrolling in 长者模式', `${overflow}px`);
		await page.goto(`${base}/?font=normal`);

		ok(problems.filter((p) => !p.startsWith('DIALOG')).length === 0, 'no console error, CSP violation or failed request',
			problems.join('\n'));
		await ctx.close();

		// ---- without JavaScript, by mouse: apply, read the receipt, query
		const nojs = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
		const p2 = await nojs.newPage();
		await p2.goto(`${base}/apply`);
		await fillByMouse(p2, { ...CITIZEN, name: '王建国', phone: '139 0000 1234' });
		await submit(p2, 'form.apply-form button[type=submit]');
		ok(p2.url().endsWith('/apply/receipt'), 'without JavaScript the form is accepted too');
		const code3 = await receiptCode(p2);
		ok(/^[2-9A-HJKMNP-Z]{12}$/.test(code3 || ''), 'and the receipt shows the code');
		await p2.reload();
		ok((await receiptCode(p2)) === code3, 'reloading the receipt shows it again (no second application)');
		await query(p2, code3, '13900001234');
		ok((await p2.textContent('.status-box')).includes('办理中'), 'the query works without JavaScript');
		await p2.click('text=长者模式（大字号）');
		await p2.waitForLoadState('load');
		ok(await p2.$eval('body', (b) => b.className) === 'large', '长者模式 is a plain link');
		await snap(p2, 'nojs-large-query');
		const other = await browser.newContext({ javaScriptEnabled: false });
		const p3 = await other.newPage();
		const r3 = await p3.goto(`${base}/apply/receipt`);
		ok(r3.status() === 404 && (await p3.textContent('h1')) === '回执已失效',
			'another browser cannot open the receipt (no code shown)');
		await other.close();
		await nojs.close();

		// ---- a phone
		const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
		const p4 = await phone.newPage();
		for (const path of ['/', '/apply', first]) {
			await p4.goto(`${base}${path}`);
			const ov = await p4.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
			ok(ov <= 0, `no horizontal scrolling on a 390px phone: ${path}`, `${ov}px`);
		}
		await snap(p4, 'phone-report');
		await phone.close();
	} finally {
		await browser.close();
		for (const line of axeSummary) console.log(`# axe ${line}`);
	}
}

main().catch((e) => {
	ok(false, 'the browser test runs to the end', e && e.stack ? e.stack : e);
	process.exitCode = 1;
});
