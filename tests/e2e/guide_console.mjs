// guide_console.mjs: the 政府信息公开指南 edited in the console, in real Chromium.
// 1. Admin of agency 2 (办公室) edits the guide: the draft holds the 条例's default texts with
//    the agency's name; 预览 renders the guide and saves nothing; 保存 makes revision 1 (in the
//    history, viewable); the public page shows the sections, 最近修订日期 (Beijing date) and
//    the flowchart; the form downloads as .docx (a ZIP) and PDF.
// 2. An admin over several agencies (1) chooses one; a second save is revision 2, the first is
//    still viewable.
// 3. CSRF: the guide form posted without its token or with a wrong one: 403, DB unchanged.
// 4. Agencies: agency 3's admin gets 404 for agency 2's guide by URL, by revision URL and by a
//    forged form with a valid token of its own; a clerk of agency 2 gets 403; DB unchanged.
// 5. Injection: <script> and "><img onerror> in every field come back as text, in the form, the
//    preview, the history and the public page.
// Prints TAP points without numbers. Env: ZF_URL, ZF_DB, ZF_BIN.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;

const ADMIN = { login: 'gadmin', password: 'Guide-admin-2026' };
const OTHER = { login: 'badmin', password: 'Other-admin-2026' };
const TOP = { login: 'topadmin', password: 'Top-admin-2026' };
const CLERK = { login: 'gclerk', password: 'Guide-clerk-2026' };

const P1 = '<script>alert(1)</script>';
const P2 = '"><img src=x onerror=alert(1)>';
const BOTH = `${P1}${P2}`;

const LINE_FIELDS = ['office', 'address', 'postcode', 'hours', 'phone', 'fax', 'email', 'website', 'review_body'];
const SECTIONS = ['proactive_scope', 'proactive_channels', 'proactive_time', 'apply_body', 'apply_channels',
	'apply_procedure', 'apply_time', 'apply_fee', 'remedy', 'extra'];

function ok(cond, desc, diag) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${desc}`);
	if (!cond && diag !== undefined)
		console.log(String(diag).split('\n').map((l) => `#   ${l}`).join('\n'));
	return cond;
}

// axe-core in the page: no serious or critical violation.
async function axe(page, name) {
	const all = await page.evaluate(`${axeSource}
		axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
			.then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
				nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) })))`);
	const bad = all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	ok(bad.length === 0, `axe-core: no serious or critical violation on ${name}`,
		bad.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.join(', ')}`).join('\n'));
}

let shot = 0;
async function snap(page, name) {
	shot++;
	await page.screenshot({
		path: join(artifacts, `guide-console-${String(shot).padStart(2, '0')}-${name}.png`),
		fullPage: true,
	});
}

function sql(q) {
	return execFileSync(join(here, 'sql'), [db, q], { encoding: 'utf8' });
}

// Every table a guide save writes (not the audit log or sessions).
function snapshot() {
	return sql('SELECT * FROM guide_revisions ORDER BY agency_id, revision;' +
		' SELECT * FROM agency_guides ORDER BY agency_id; SELECT * FROM agency_profiles ORDER BY agency_id;');
}

const dialogs = [];
async function newUser(browser, who) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
	const page = await context.newPage();
	page.on('dialog', (d) => { dialogs.push(`${who.login}: ${d.message()}`); d.dismiss(); });
	await page.goto(`${base}/login`);
	await page.fill('#login', who.login);
	await page.fill('#password', who.password);
	await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
	return { context, page };
}

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

function beijingToday() {
	const d = new Date(Date.now() + 8 * 3600e3);
	return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

async function submit(page, action) {
	return (await Promise.all([page.waitForNavigation(), page.click(`form.guide-form button[value=${action}]`)]))[0];
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	try {
		// ---- 1. the admin of agency 2 edits, previews, saves
		const a = await newUser(browser, ADMIN);
		ok(a.page.url().endsWith('/console'), 'admin of agency 2 signs in');
		ok(await a.page.locator('nav.console-nav a[href="/console/guide"]').count() === 1, 'the console nav has 公开指南');
		const res0 = await a.page.goto(`${base}/console/guide`);
		ok(res0.status() === 200, 'GET /console/guide: 200', res0.status());
		ok(await a.page.locator('#g-agency').count() === 0, 'one agency administered: no chooser');
		ok((await a.page.inputValue('#g-apply_body')).includes('示例区人民政府办公室'), 'the draft names the agency');
		ok((await a.page.inputValue('#g-apply_time')).includes('20 个工作日'), 'the draft holds the 条例\'s time limits');
		ok((await a.page.textContent('#history')).includes('尚未保存过'), 'no revision yet');
		await axe(a.page, '/console/guide');
		const empty = snapshot();

		await a.page.fill('#g-phone', '012-8888 6099');
		await a.page.fill('#g-apply_time', '第一段：二十个工作日内答复。\n第二段：延长不超过二十个工作日。');
		await a.page.fill('#g-extra', '本指南由办公室负责解释。');
		let res = await submit(a.page, 'preview');
		ok(res.status() === 200, 'preview: 200', res.status());
		const pv = a.page.locator('#preview');
		ok(await pv.count() === 1, 'the preview is shown');
		ok(await pv.locator('[data-field=apply_time] p').count() === 2, 'the section is rendered as two paragraphs');
		ok((await pv.textContent()).includes('012-8888 6099') && (await pv.textContent()).includes('本指南由办公室负责解释。'),
			'the preview has the typed values');
		ok(await pv.locator('svg.flowchart title').count() === 1, 'and the flowchart');
		ok((await a.page.inputValue('#g-phone')) === '012-8888 6099', 'the form keeps the typed values');
		ok(snapshot() === empty, 'preview saved nothing');
		await axe(a.page, 'the preview');
		await snap(a.page, 'preview');

		res = await submit(a.page, 'save');
		ok(res.status() === 200 && a.page.url().includes('done=saved'), 'save: redirected with 已保存', a.page.url());
		ok((await a.page.textContent('[role=status]')).includes('已保存'), 'the page says so');
		ok((await a.page.textContent('#history')).includes('第 1 版（现行）'), 'the history lists revision 1');
		ok(sql('SELECT count(*) FROM guide_revisions WHERE agency_id = 2').trim() === '1', 'one revision in the database');
		ok(sql("SELECT count(*) FROM audit_log WHERE action = 'guide.save' AND actor = 'gadmin'").trim() === '1', 'the save is audited');
		await snap(a.page, 'saved');

		// the public page
		const pub = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
		const pp = await pub.newPage();
		pp.on('dialog', (d) => { dialogs.push(`public: ${d.message()}`); d.dismiss(); });
		res = await pp.goto(`${base}/agency/2`);
		ok(res.status() === 200, 'the public guide: 200');
		ok((await pp.textContent('#revised')).includes(`最近修订日期：${beijingToday()}`), `最近修订日期 is today in Beijing (${beijingToday()})`, await pp.textContent('#revised'));
		ok(await pp.locator('[data-field=apply_time] p').count() === 2 && (await pp.textContent('[data-field=apply_time]')).includes('延长不超过二十个工作日'),
			'the saved section is on the public page');
		ok((await pp.textContent('main')).includes('012-8888 6099'), 'with the new phone number');
		ok((await pp.textContent('#flow svg title')).includes('依申请公开办理流程图'), 'the flowchart is inline, with its title');
		ok((await pp.textContent('#flow svg')).includes('补正') && (await pp.textContent('#flow svg')).includes('20 个工作日内'),
			'its boxes carry the steps and time limits as text');
		await axe(pp, 'the saved guide on the public page');
		await snap(pp, 'public');
		const [download] = await Promise.all([pp.waitForEvent('download'), pp.click('a[href="/guide/2/form.docx"]')]);
		const docx = readFileSync(await download.path());
		ok(docx.length > 1000 && docx.subarray(0, 2).toString() === 'PK', `the .docx downloads (${docx.length} bytes, a ZIP)`);
		ok(download.suggestedFilename().endsWith('.docx'), `named ${download.suggestedFilename()}`);
		const pdf = await pp.request.get(`${base}/guide/2/form.pdf`);
		ok(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf' && (await pdf.body()).subarray(0, 5).toString() === '%PDF-',
			'the PDF form downloads');
		const svg = await pp.request.get(`${base}/guide/2/flow.svg`);
		ok(svg.status() === 200 && svg.headers()['content-type'].startsWith('image/svg+xml'), 'flow.svg is served as SVG');
		const nf = await pp.request.get(`${base}/guide/999/form.pdf`);
		const nf2 = await pp.request.get(`${base}/guide/2/passwd`);
		ok(nf.status() === 404 && nf2.status() === 404, 'an unknown agency or file: 404');
		await pp.goto(`${base}/guide`);
		ok((await pp.textContent('main')).includes('012-8888 6099'), 'the guide list shows the saved particulars');
		const card = await pp.textContent('section[aria-labelledby=g-2]');
		ok(card.includes(`最近修订日期：${beijingToday()}`), 'and the revision date in the agency\'s card', card);
		ok(!(await pp.textContent('section[aria-labelledby=g-3]')).includes('最近修订日期'), 'an agency without a saved guide has none');

		// revision view
		res = await a.page.goto(`${base}/console/guide/2/1`);
		ok(res.status() === 200 && (await a.page.textContent('h1')).includes('第 1 版'), 'revision 1 is viewable');
		await axe(a.page, 'a revision');

		// ---- 2. an admin over several agencies chooses one; a second revision
		const t = await newUser(browser, TOP);
		await t.page.goto(`${base}/console/guide`);
		const options = await t.page.$$eval('#g-agency option', (o) => o.map((x) => x.value));
		ok(options.length === 3 && options.includes('2') && options.includes('3'), 'the top admin chooses among agencies 1, 2, 3', options.join(','));
		await t.page.selectOption('#g-agency', '2');
		await Promise.all([t.page.waitForNavigation(), t.page.click('form[method=get] button[type=submit]')]);
		ok((await t.page.inputValue('#g-extra')) === '本指南由办公室负责解释。', 'agency 2\'s saved guide is loaded');
		await t.page.fill('#g-extra', '第二版。');
		await submit(t.page, 'save');
		ok((await t.page.textContent('#history')).includes('第 2 版（现行）') && (await t.page.textContent('#history')).includes('第 1 版'),
			'revision 2 is current, revision 1 kept');
		res = await t.page.goto(`${base}/console/guide/2/1`);
		ok((await t.page.textContent('main')).includes('本指南由办公室负责解释。'), 'revision 1 still shows its own text');

		// ---- 3. CSRF
		const before = snapshot();
		const form = { agency: '2', action: 'save', extra: '伪造' };
		res = await a.context.request.post(`${base}/console/guide`, { form, maxRedirects: 0 });
		ok(res.status() === 403 && (await res.text()).includes('表单已失效'), 'POST /console/guide without its token: 403', res.status());
		res = await a.context.request.post(`${base}/console/guide`, { form: { ...form, _csrf: 'a'.repeat(64) }, maxRedirects: 0 });
		ok(res.status() === 403, 'with a wrong token: 403', res.status());
		ok(snapshot() === before, 'the refused forms changed nothing');

		// ---- 4. another agency's admin, a clerk
		const b = await newUser(browser, OTHER);
		for (const path of ['/console/guide?agency=2', '/console/guide/2/1', '/console/guide/2/2', '/console/guide?agency=abc']) {
			const r = await b.page.goto(`${base}${path}`);
			ok(r.status() === 404, `agency 3's admin gets 404 for ${path}`, r.status());
		}
		await b.page.goto(`${base}/console/guide`);
		ok((await b.page.inputValue('#g-apply_body')).includes('住房和城乡建设局'), 'and sees only its own guide');
		const bToken = await b.page.getAttribute('input[name=_csrf]', 'value');
		res = await b.context.request.post(`${base}/console/guide`, { form: { ...form, _csrf: bToken }, maxRedirects: 0 });
		ok(res.status() === 404, 'its forged save for agency 2 (valid token): 404', res.status());
		res = await b.context.request.post(`${base}/console/guide`, { form: { ...form, action: 'preview', _csrf: bToken }, maxRedirects: 0 });
		ok(res.status() === 404, 'its forged preview for agency 2: 404', res.status());
		const c = await newUser(browser, CLERK);
		const rc = await c.page.goto(`${base}/console/guide`);
		ok(rc.status() === 403, 'a clerk of agency 2 gets 403', rc.status());
		ok(await c.page.locator('nav.console-nav a[href="/console/guide"]').count() === 0, 'and has no nav entry');
		ok(snapshot() === before, 'the database is unchanged by all refused attempts');

		// ---- 5. injection in every field
		await a.page.goto(`${base}/console/guide`);
		for (const f of LINE_FIELDS)
			await a.page.fill(`#g-${f}`, BOTH);
		for (const f of SECTIONS)
			await a.page.fill(`#g-${f}`, `${BOTH}\n${P2}`);
		res = await submit(a.page, 'save');
		ok(res.status() === 422 && (await a.page.textContent('[role=alert]')).length > 0, 'save refused (postcode etc.) with a Chinese reason', await a.page.textContent('[role=alert]'));
		await expectText(a.page, 'refused form', [BOTH]);
		res = await submit(a.page, 'preview');
		ok(res.status() === 422 && await a.page.locator('#preview').count() === 0 && (await a.page.textContent('[role=alert]')).includes('邮政编码'),
			'a preview with a refused field: 422, the reason, no preview', await a.page.textContent('[role=alert]'));
		ok(snapshot() === before, 'nothing was saved');
		for (const f of ['postcode', 'email', 'website'])
			await a.page.fill(`#g-${f}`, '');
		res = await submit(a.page, 'preview');
		await expectText(a.page, 'preview', [BOTH, P2]);
		await snap(a.page, 'injected-preview');
		res = await submit(a.page, 'save');
		ok(a.page.url().includes('done=saved'), 'the injected guide is saved (as text)', a.page.url());
		await expectText(a.page, 'console after save', [BOTH]);
		await pp.goto(`${base}/agency/2`);
		await expectText(pp, 'public guide', [BOTH, P2]);
		await snap(pp, 'injected-public');
		await pp.goto(`${base}/guide`);
		await expectText(pp, 'guide list', [BOTH]);
		await a.page.goto(`${base}/console/guide/2/3`);
		await expectText(a.page, 'revision view', [BOTH]);
		const svgInj = await pp.request.get(`${base}/guide/2/flow.svg`);
		ok(!(await svgInj.text()).includes('<img') && !(await svgInj.text()).includes('<script'), 'flow.svg carries no markup from the guide');
		ok(dialogs.length === 0, 'no dialog fired on any page', dialogs.join('\n'));
		for (const ctx of [a.context, t.context, b.context, c.context, pub])
			await ctx.close();
	} finally {
		await browser.close();
	}
}

main().catch((e) => {
	ok(false, 'the guide test ran to the end', e && e.stack ? e.stack : e);
	process.exitCode = 1;
});
