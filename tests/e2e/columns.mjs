// columns.mjs: each agency's column tree, in real Chromium.
// 1. The administrator of 住建局 (3) sees its seeded tree (法定主动公开内容 and its 15 items, the
//    逾期未更新 flag), adds a column with script in its name (shown as text), a link-out column
//    (a javascript: address refused, nothing written), moves and closes a column.
// 2. Agencies: that administrator can neither see nor change the columns of 办公室 (2) by URL
//    or forged form (404), nor seed or add there; the database is unchanged.
// 3. CSRF: the column forms without their token (or with a wrong one) are refused with 403.
// 4. The clerk of 示例区人民政府 (1) drafts a document filed under 通知公告, submits it, the
//    reviewer approves it; the public column page lists it first with its date, the tree shows
//    the date, JavaScript off; a clerk of 3 cannot file under a column of 1 (refused, nothing
//    written).
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

const CLERK = { login: 'colclerk', password: 'Col-clerk-2026' };
const REV = { login: 'colrev', password: 'Col-review-2026' };
const ADMIN = { login: 'coladmin', password: 'Col-admin-2026' };
const BCLERK = { login: 'colbclerk', password: 'Col-bclerk-2026' };

const P1 = '<script>alert(1)</script>';
const P2 = '"><img src=x onerror=alert(1)>';

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
		path: join(artifacts, `columns-${String(shot).padStart(2, '0')}-${name}.png`),
		fullPage: true,
	});
}

function sql(q) {
	return execFileSync(join(here, 'sql'), [db, q], { encoding: 'utf8' }).trim();
}

// What a column form could change.
function snapshot() {
	return sql('SELECT * FROM columns ORDER BY id; SELECT * FROM doc_columns ORDER BY 1, 2;' +
		' SELECT count(*) FROM docs;');
}

function columnId(agency, code) {
	return Number(sql(`SELECT id FROM columns WHERE agency_id = ${agency} AND code = '${code}'`));
}

const dialogs = [];
const problems = [];
async function newUser(browser, who, js = true) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', javaScriptEnabled: js });
	const page = await context.newPage();
	page.on('dialog', (d) => { dialogs.push(`${who ? who.login : 'visitor'}: ${d.message()}`); d.dismiss(); });
	page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()}: ${r.url()}`); });
	if (who) {
		await page.goto(`${base}/login`);
		await page.fill('#login', who.login);
		await page.fill('#password', who.password);
		await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
	}
	return { context, page };
}

async function injected(page) {
	return page.evaluate(() => ({
		imgs: document.querySelectorAll('img[src="x"], img[onerror], [onerror]').length,
		inline: [...document.scripts].filter((s) => !s.src).length,
	}));
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

function chinaDay() {
	return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}

async function act(page, action) {
	if (action === 'approve') // the 保密审查 form: every point confirmed
		action = 'secrecy';
	const form = page.locator(`form[data-action=${action}]`);
	if (action === 'secrecy')
		for (const box of await form.locator('input[type=checkbox]').all())
			await box.check();
	await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	try {
		// ---- 1. the administrator of 住建局 (3)
		const adm = await newUser(browser, ADMIN);
		const p = adm.page;
		await p.goto(`${base}/console/columns?agency=3`);
		const tree = await p.textContent('table.column-admin');
		ok(tree.includes('法定主动公开内容') && tree.includes('法规文件') && tree.includes('第二十条（十五）'),
			'the seeded tree: 法定主动公开内容 with its items up to (十五)', tree.slice(0, 200));
		ok(await p.locator('table.column-admin .tag.overdue').count() > 0, 'columns past their cadence are flagged 逾期未更新');
		ok(await p.locator('table.column-admin a[href^="/console/columns/"]').count() > 20, 'the administrator may change each column');
		await snap(p, 'console-tree');
		let av = await axe(p);
		ok(av === '', 'axe-core: no serious or critical violation on the console tree', av);

		// a column with script in its name, under 法定主动公开内容
		const statutory3 = columnId(3, 'statutory');
		await p.selectOption('#nc-parent', String(statutory3));
		await p.fill('#nc-name', `农业${P1}${P2}`.slice(0, 60));
		await p.selectOption('#nc-cadence', '90');
		await Promise.all([p.waitForNavigation(), p.click('form[action="/console/columns/new"] button[type=submit]')]);
		ok((await p.textContent('.alert.ok')).includes('已新增栏目'), 'a column is added');
		const name = `农业${P1}${P2}`.slice(0, 60);
		const dom = await injected(p);
		ok(dom.imgs === 0 && dom.inline === 0 && (await p.textContent('table.column-admin')).includes(name),
			'its name with <script> and "><img onerror> comes back as text', JSON.stringify(dom));
		const added = Number(sql(`SELECT id FROM columns WHERE agency_id = 3 AND name LIKE '农业%'`));
		ok(added > 0 && Number(sql(`SELECT parent_id FROM columns WHERE id = ${added}`)) === statutory3,
			'stored under 法定主动公开内容');

		// a link-out column: javascript: refused, nothing written
		let before = snapshot();
		await p.fill('#nc-name', '网上办事');
		await p.selectOption('#nc-kind', 'link');
		await p.fill('#nc-url', 'javascript:alert(1)');
		await p.evaluate(() => { document.querySelector('#nc-url').type = 'text'; });
		await Promise.all([p.waitForNavigation(), p.click('form[action="/console/columns/new"] button[type=submit]')]);
		ok((await p.textContent('.alert.error')).includes('https://'), 'a javascript: address is refused with the reason',
			await p.textContent('main'));
		ok(snapshot() === before, 'and nothing is written');
		ok(await p.inputValue('#nc-name') === '网上办事', 'the form keeps what was typed');
		await p.fill('#nc-url', 'https://zwfw.example.gov.cn/zjj');
		await p.fill('#nc-updated', chinaDay());
		await Promise.all([p.waitForNavigation(), p.click('form[action="/console/columns/new"] button[type=submit]')]);
		ok((await p.textContent('.alert.ok')).includes('已新增栏目'), 'a link-out column to the 政务服务网 is added');
		const link = Number(sql(`SELECT id FROM columns WHERE agency_id = 3 AND url = 'https://zwfw.example.gov.cn/zjj'`));
		ok(link > 0, 'stored as a link');

		// move the new column to the top, then close it
		await p.goto(`${base}/console/columns/${added}`);
		await p.selectOption('#mv-parent', '0');
		await p.fill('#mv-sort', '1');
		await Promise.all([p.waitForNavigation(), p.click('form:has(input[name=action][value=move]) button[type=submit]')]);
		ok((await p.textContent('.alert.ok')).includes('已移动'), 'the column moves to the top level');
		ok(sql(`SELECT coalesce(parent_id, 0) || ',' || sort_order FROM columns WHERE id = ${added}`) === '0,1', 'stored');
		await p.goto(`${base}/console/columns/${statutory3}`);
		const opts = await p.$$eval('#mv-parent option', (o) => o.map((x) => Number(x.value)));
		ok(!opts.includes(statutory3) && !opts.includes(columnId(3, 'statutory-01')),
			'a column cannot be moved under itself or its children: not offered');
		const tok = await p.getAttribute('input[name=_csrf]', 'value');
		before = snapshot();
		let r = await adm.context.request.post(`${base}/console/columns/${statutory3}`,
			{ form: { _csrf: tok, action: 'move', parent: String(columnId(3, 'statutory-01')) }, maxRedirects: 0 });
		ok(r.status() === 422 && (await r.text()).includes('下级栏目之下'), 'a forged move into its own child is refused', r.status());
		ok(snapshot() === before, 'the database is unchanged');
		await p.goto(`${base}/console/columns/${added}`);
		await Promise.all([p.waitForNavigation(), p.click('form:has(input[name=action][value=hide]) button[type=submit]')]);
		ok((await p.textContent('.alert.ok')).includes('已关闭'), 'the column is closed');
		const pub = await newUser(browser, null, false);
		const pr = await pub.page.goto(`${base}/column/${added}`);
		ok(pr.status() === 404, 'a closed column answers 404 in public', pr.status());
		await pub.page.goto(`${base}/columns/3`);
		const ext = pub.page.locator(`a.external[href="https://zwfw.example.gov.cn/zjj"]`);
		ok(await ext.count() === 1 && (await ext.getAttribute('rel')).includes('noopener') &&
			(await ext.textContent()).includes('外部链接'), 'the public tree links out, rel="noopener", marked as external');
		ok(!(await pub.page.textContent('main')).includes('农业'), 'and leaves the closed column out');

		// ---- 2. another agency's columns
		const office = columnId(2, 'notices');
		before = snapshot();
		r = await p.goto(`${base}/console/columns?agency=2`);
		ok(r.status() === 404, 'the tree of 办公室 (2) answers 404 to the administrator of 3', r.status());
		r = await p.goto(`${base}/console/columns/${office}`);
		ok(r.status() === 404, 'so does one of its columns', r.status());
		for (const [path, form] of [
			[`/console/columns/${office}`, { action: 'edit', name: '篡改', kind: 'list', cadence: '0', item: '0', sort: '0' }],
			[`/console/columns/${office}`, { action: 'hide' }],
			[`/console/columns/${office}`, { action: 'move', parent: '0' }],
			[`/console/columns/${added}`, { action: 'move', parent: String(office) }],
			['/console/columns/new', { agency: '2', name: '篡改', kind: 'list' }],
			['/console/columns/new', { agency: '3', parent: String(office), name: '篡改', kind: 'list' }],
			['/console/columns/seed', { agency: '2' }]]) {
			const res = await adm.context.request.post(`${base}${path}`, { form: { ...form, _csrf: tok }, maxRedirects: 0 });
			ok(res.status() === 404 || res.status() === 422, `forged POST ${path} ${JSON.stringify(form).slice(0, 60)}: refused (${res.status()})`);
		}
		ok(snapshot() === before, 'the database is unchanged after every forged form');

		// ---- 3. CSRF
		for (const [path, form] of [
			['/console/columns/new', { agency: '3', name: '无令牌', kind: 'list' }],
			[`/console/columns/${link}`, { action: 'hide' }],
			['/console/columns/seed', { agency: '3' }]]) {
			let res = await adm.context.request.post(`${base}${path}`, { form, maxRedirects: 0 });
			ok(res.status() === 403 && (await res.text()).includes('表单已失效'), `POST ${path} without its token: 403`, res.status());
			res = await adm.context.request.post(`${base}${path}`, { form: { ...form, _csrf: 'a'.repeat(64) }, maxRedirects: 0 });
			ok(res.status() === 403, `POST ${path} with a wrong token: 403`, res.status());
		}
		ok(snapshot() === before, 'the database is unchanged');
		// a clerk may read the tree but not change it
		const bc = await newUser(browser, BCLERK);
		await bc.page.goto(`${base}/console/columns?agency=3`);
		ok(await bc.page.locator('table.column-admin').count() === 1 &&
			await bc.page.locator('form[action="/console/columns/new"]').count() === 0, 'a clerk reads the tree, without the forms');
		const btok = await bc.page.getAttribute('input[name=_csrf]', 'value');
		r = await bc.context.request.post(`${base}/console/columns/new`, { form: { _csrf: btok, agency: '3', name: 'x', kind: 'list' }, maxRedirects: 0 });
		ok(r.status() === 403, 'and a clerk posting a column is refused (403)', r.status());

		// ---- 4. filing, publishing, the public list
		const notices1 = columnId(1, 'notices');
		const clerk = await newUser(browser, CLERK);
		const c = clerk.page;
		await c.goto(`${base}/console/docs/new`);
		await c.selectOption('#agency', '1');
		const title = `示例区关于栏目测试的通知${P1}`;
		await c.fill('#title', title);
		await c.fill('#written_on', chinaDay());
		await c.check(`#col-${notices1}`);
		await snap(c, 'picker');
		await Promise.all([c.waitForNavigation(), c.click('form.doc-form button[type=submit]')]);
		const docUrl = c.url().replace(/\?.*$/, '');
		const docId = Number(docUrl.split('/').pop());
		ok(docId > 0, `the draft is saved (${docUrl})`, await c.textContent('main'));
		ok(sql(`SELECT column_id FROM doc_columns WHERE doc_id = ${docId}`) === String(notices1), 'filed under 通知公告');
		await c.goto(`${docUrl}/edit`);
		ok(await c.isChecked(`#col-${notices1}`), 'the edit form shows it checked');
		ok(await c.locator(`#col-${columnId(3, 'notices')}`).count() === 0, 'the picker offers the agency\'s own columns only');
		await c.goto(docUrl);
		await act(c, 'submit');
		const rev = await newUser(browser, REV);
		await rev.page.goto(docUrl);
		await act(rev.page, 'approve');
		ok((await rev.page.textContent('.alert.ok')).includes('审查通过'), 'the reviewer approves: published');
		// the published document is filed under one more column from its page
		const interp1 = columnId(1, 'interpretation');
		await c.goto(docUrl);
		ok((await c.textContent('section.doc-columns')).includes('通知公告'), 'its page names its column');
		await c.check(`section.doc-columns #col-${interp1}`);
		await Promise.all([c.waitForNavigation(), c.click('section.doc-columns button[type=submit]')]);
		ok(sql(`SELECT count(*) FROM doc_columns WHERE doc_id = ${docId}`) === '2', 'filed under 政策解读 too, after publication');
		const ctok = await c.getAttribute('section.doc-columns input[name=_csrf]', 'value');
		before = snapshot();
		r = await clerk.context.request.post(`${base}/console/docs/${docId}/columns`, { form: { column: String(notices1) }, maxRedirects: 0 });
		ok(r.status() === 403, 'filing without the token: 403', r.status());
		r = await bc.context.request.post(`${base}/console/docs/${docId}/columns`, { form: { _csrf: btok, column: String(notices1) }, maxRedirects: 0 });
		ok(r.status() === 404, 'a clerk of 3 filing a document of 1: 404', r.status());
		r = await clerk.context.request.post(`${base}/console/docs/${docId}/columns`, { form: { _csrf: ctok, column: String(columnId(3, 'notices')) }, maxRedirects: 0 });
		ok(r.status() === 422, 'filing under a column of another agency: refused', r.status());
		ok(snapshot() === before, 'the database is unchanged');

		await pub.page.goto(`${base}/column/${notices1}`);
		const first = pub.page.locator('table.column-docs tbody tr').first();
		ok((await first.locator('a').textContent()) === title, 'the column page lists it first, the title as text',
			await pub.page.textContent('main'));
		ok((await first.locator('time').textContent()) === chinaDay(), `with its publication date (${chinaDay()})`);
		ok((await pub.page.textContent('main')).includes(`最近更新：${chinaDay()}`), 'the column shows today as its last update');
		ok(await pub.page.locator('nav.pager a[aria-label="第 2 页"]').count() === 1, 'numbered pages');
		const pd = await injected(pub.page);
		ok(pd.imgs === 0 && pd.inline === 0, 'no injected element on the public page');
		await snap(pub.page, 'public-column');
		await pub.page.goto(`${base}/columns/1`);
		const li = pub.page.locator(`li:has(> a[href="/column/${notices1}"])`);
		ok((await li.textContent()).includes(`更新于 ${chinaDay()}`), 'the tree shows the date beside the column');
		await pub.page.goto(`${base}/agency/1`);
		ok(await pub.page.locator('a[href="/columns/1"]').count() === 1, 'the agency page links to its columns');
		for (const path of ['/columns', '/columns/1', `/column/${notices1}`, `/column/${columnId(1, 'statutory')}`, docUrl, `${docUrl}/edit`]) {
			const pg = path.startsWith('http') ? c : adm.page;
			await pg.goto(path.startsWith('http') ? path : `${base}${path}`);
			av = await axe(pg);
			ok(av === '', `axe-core: no serious or critical violation on ${path.replace(base, '')}`, av);
		}

		// a clerk of 3 cannot file under a column of 1
		await bc.page.goto(`${base}/console/docs/new`);
		const btok2 = await bc.page.getAttribute('form.doc-form input[name=_csrf]', 'value');
		before = snapshot();
		r = await bc.context.request.post(`${base}/console/docs/new`, {
			form: { _csrf: btok2, agency: '3', title: '跨机关归栏', written_on: chinaDay(), column: String(notices1) }, maxRedirects: 0 });
		ok(r.status() === 422 && (await r.text()).includes('不属于文件的发布机关'),
			'a clerk of 3 filing a new draft under a column of 1 is refused', r.status());
		ok(snapshot() === before, 'no document and no filing is written');
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
