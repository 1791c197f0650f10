// install_security.mjs: installing without the demo, under attack, in real Chromium. Run by
// install_security.sh in two phases:
// setup:   a server on an empty database. /setup is refused without the one-time code, with a
//          wrong one and without the CSRF token (nothing written); with the code it creates
//          the root agency, the administrator and the site name (script in it shown as text);
//          then /setup is gone (404), even with the code.
// console: the tree 示例市人民政府 > 甲局 (> 甲局科室), 乙局 (> 乙局科室), administrators of 甲局
//          and 乙局 and a clerk of 甲局. A clerk is refused /console/agencies and /console/site;
//          甲局's administrator sees only 甲局's subtree and cannot see, change, close, move
//          into or add under 乙局's (404 or 422, the database unchanged), nor reach
//          /console/site; forms without their CSRF token are refused (403, unchanged); script
//          typed into the agency and site forms and uploaded in a sheet comes back as text;
//          the import of the template reports its example rows by row number.
// Prints TAP points without numbers. Env: ZF_URL, ZF_DB, ZF_BIN, ZF_SETUP_CODE, ZF_TMP.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;
const phase = process.argv[2];

const ROOT = { login: 'rootadm', password: 'Root-adm-pass-2026' };
const ADMA = { login: 'adma', password: 'Adm-A-pass-2026' };
const ADMB = { login: 'admb', password: 'Adm-B-pass-2026' };
const CLERKA = { login: 'clerka', password: 'Clerk-A-pass-2026' };
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
	await page.screenshot({ path: join(artifacts, `install-${phase}-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
}
function sql(q) {
	return execFileSync(join(here, 'sql'), [db, q], { encoding: 'utf8' }).trim();
}
function snapshot() {
	return sql('SELECT * FROM agencies ORDER BY id; SELECT * FROM agency_details ORDER BY 1;' +
		' SELECT key, value FROM site_settings ORDER BY key; SELECT id, login FROM users ORDER BY id;' +
		' SELECT * FROM user_roles ORDER BY 1, 2, 3; SELECT * FROM doc_settings ORDER BY 1;');
}
function idOf(name) {
	return sql(`SELECT id FROM agencies WHERE name = '${name}'`);
}

const dialogs = [];
async function newUser(browser, who) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
	const page = await context.newPage();
	page.on('dialog', (d) => { dialogs.push(`${who ? who.login : 'visitor'}: ${d.message()}`); d.dismiss(); });
	if (who) {
		await page.goto(`${base}/login`);
		await page.fill('#login', who.login);
		await page.fill('#password', who.password);
		await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
	}
	return { context, page };
}
async function token(page) {
	return page.getAttribute('input[name=_csrf]', 'value');
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
	ok(dom.imgs === 0 && dom.inline === 0, `${what}: no injected element or script`, JSON.stringify(dom));
	for (const n of needles)
		ok(text.includes(n), `${what}: ${JSON.stringify(n)} shown as text`);
}

async function setup(browser) {
	const code = process.env.ZF_SETUP_CODE;
	const v = await newUser(browser, null);
	const page = v.page;
	let res = await page.goto(`${base}/setup`);
	ok(res.status() === 200, 'a visitor reaches /setup on an empty database', res.status());
	const fill = async (c, pw2) => {
		await page.fill('#setup-code', c);
		await page.fill('#setup-agency', '示例市人民政府');
		await page.fill('#setup-site_name', `示例市${BOTH}`);
		await page.fill('#setup-login', ROOT.login);
		await page.fill('#setup-name', '根管理');
		await page.fill('#setup-password', ROOT.password);
		await page.fill('#setup-password2', pw2 || ROOT.password);
		const [r] = await Promise.all([page.waitForNavigation(), page.click('form[action="/setup"] button')]);
		return r;
	};
	res = await fill('WRONG-code-123');
	ok(res.status() === 403 && (await page.textContent('body')).includes('安装码不正确'),
		'a wrong setup code is refused (403)', res.status());
	ok(sql('SELECT count(*) FROM users') === '0' && sql('SELECT count(*) FROM agencies') === '0', 'and nothing is written');
	const tok = await token(page);
	res = await page.request.post(`${base}/setup`, { form: { code, agency: '甲', site_name: '乙', login: 'x1', name: 'x', password: 'Xx-pass-20261', password2: 'Xx-pass-20261' }, maxRedirects: 0 });
	ok(res.status() === 403, 'the right code without the CSRF token is refused (403)', res.status());
	res = await page.request.post(`${base}/setup`, { form: { _csrf: tok, agency: '甲', site_name: '乙', login: 'x1', name: 'x', password: 'Xx-pass-20261', password2: 'Xx-pass-20261' }, maxRedirects: 0 });
	ok(res.status() === 403, 'a form without the code is refused (403)', res.status());
	ok(sql('SELECT count(*) FROM users') === '0', 'still no user');
	res = await fill(code, 'another-pass-2026');
	ok(res.status() === 422, 'passwords that differ are refused (422)', res.status());
	res = await fill(code);
	ok(page.url().includes('/login'), 'with the code the setup is done and leads to sign-in', page.url());
	ok(sql('SELECT count(*) FROM users') === '1' && sql("SELECT count(*) FROM user_roles WHERE role = 'admin'") === '1',
		'one administrator with the admin role');
	await page.goto(`${base}/`);
	await expectText(page, 'the site name on the home page', [`示例市${BOTH}`]);
	await snap(page, 'home');
	res = await page.goto(`${base}/setup`);
	ok(res.status() === 404, '/setup is gone once a user exists (404)', res.status());
	const before = snapshot();
	await page.goto(`${base}/login`);
	res = await page.request.post(`${base}/setup`, { form: { _csrf: await token(page), code, agency: '丙', site_name: '丁', login: 'x2', name: 'x', password: 'Xx-pass-20261', password2: 'Xx-pass-20261' }, maxRedirects: 0 });
	ok(res.status() === 404 || res.status() === 403, 'posting /setup again, even with the code, is refused', res.status());
	ok(snapshot() === before, 'and changes nothing');
	const r = await newUser(browser, ROOT);
	ok(r.page.url().endsWith('/console'), 'the new administrator signs in');
	await r.context.close();
	await v.context.close();
}

async function console_(browser) {
	const v = await newUser(browser, null);
	let res = await v.page.goto(`${base}/setup`);
	ok(res.status() === 404, '/setup answers 404 on an installed site', res.status());
	await v.context.close();

	const jia = idOf('甲局'), yi = idOf('乙局'), jiak = idOf('甲局科室'), yik = idOf('乙局科室'), root = idOf('示例市人民政府');
	// a clerk
	const c = await newUser(browser, CLERKA);
	res = await c.page.goto(`${base}/console/agencies`);
	ok(res.status() === 403, 'a clerk is refused /console/agencies (403)', res.status());
	res = await c.page.goto(`${base}/console/site`);
	ok(res.status() === 403, 'and /console/site (403)', res.status());
	await c.context.close();

	// 甲局's administrator
	const a = await newUser(browser, ADMA);
	const page = a.page;
	res = await page.goto(`${base}/console/agencies`);
	ok(res.status() === 200, 'an administrator of 甲局 opens /console/agencies');
	const names = await page.$$eval('table.agencies tbody tr td:first-child', (t) => t.map((x) => x.innerText.trim()));
	ok(names.join(',') === '甲局,甲局科室', 'the list holds 甲局\'s subtree only', names.join(','));
	const parents = await page.$$eval('#na-parent option', (o) => o.map((x) => x.value));
	ok(parents.sort().join(',') === [jia, jiak].sort().join(','), 'parents offered: 甲局\'s subtree only', parents.join(','));
	ok(!(await page.textContent('main')).includes('网站设置'), 'no 网站设置 link for a department administrator');
	await snap(page, 'list');
	for (const [id, what] of [[yi, '乙局'], [yik, '乙局科室'], [root, 'the root'], ['999999', 'a missing one']]) {
		res = await page.goto(`${base}/console/agencies/${id}`);
		ok(res.status() === 404, `${what} by URL: 404`, res.status());
	}
	await page.goto(`${base}/console/agencies`);
	const tok = await token(page);
	let before = snapshot();
	const post = (url, form) => page.request.post(`${base}${url}`, { form, maxRedirects: 0 });
	res = await post(`/console/agencies/${yi}`, { _csrf: tok, action: 'close', on: '2026-01-05', reason: 'x' });
	ok(res.status() === 404, 'a forged close of 乙局 with a valid token: 404', res.status());
	res = await post(`/console/agencies/${yi}`, { _csrf: tok, action: 'edit', name: '被改名', cls: 'department' });
	ok(res.status() === 404, 'a forged edit of 乙局: 404', res.status());
	res = await post('/console/agencies', { _csrf: tok, parent: yi, name: '越权新建', cls: 'department' });
	ok(res.status() === 422, 'adding under 乙局: refused (422)', res.status());
	res = await post(`/console/agencies/${jiak}`, { _csrf: tok, action: 'move', parent: yi });
	ok(res.status() === 422, 'moving 甲局科室 under 乙局: refused (422)', res.status());
	res = await post(`/console/agencies/${jia}`, { _csrf: tok, action: 'move', parent: jiak });
	ok(res.status() === 422 || res.status() === 404, 'moving 甲局 under its own child: refused', res.status());
	res = await page.goto(`${base}/console/site`);
	ok(res.status() === 404, '/console/site for a non-root administrator: 404', res.status());
	res = await post('/console/site', { _csrf: tok, site_name: '被改名的网站' });
	ok(res.status() === 404, 'a forged site settings post: 404', res.status());
	res = await post('/console/agencies', { parent: jia, name: '无令牌', cls: 'department' });
	ok(res.status() === 403, 'adding without the CSRF token: 403', res.status());
	res = await post('/console/agencies', { _csrf: 'f'.repeat(64), parent: jia, name: '错令牌', cls: 'department' });
	ok(res.status() === 403, 'adding with a wrong token: 403', res.status());
	res = await post(`/console/agencies/${jiak}`, { action: 'close', on: '2026-01-05', reason: 'x' });
	ok(res.status() === 403, 'closing without the token: 403', res.status());
	res = await page.request.post(`${base}/console/agencies/import`, { multipart: { file: { name: 'a.xlsx', mimeType: 'application/octet-stream', buffer: readFileSync(join(process.env.ZF_TMP, 'template.xlsx')) } }, maxRedirects: 0 });
	ok(res.status() === 403, 'an import without the token: 403', res.status());
	ok(snapshot() === before, 'every refused form left the database unchanged', '');

	// injection through the forms
	await page.goto(`${base}/console/agencies`);
	await page.selectOption('#na-parent', jia);
	await page.fill('#na-name', `科${BOTH}`);
	await page.fill('#na-short', 'X');
	await page.fill('#na-address', P2);
	await page.fill('#na-hours', P1);
	await Promise.all([page.waitForNavigation(), page.click('form[action="/console/agencies"] button[type=submit]')]);
	ok(page.url().includes('done=add'), 'an agency with script in its fields is added');
	await expectText(page, 'the agency list', [`科${BOTH}`]);
	const nid = idOf(`科${BOTH.replace(/'/g, "''")}`);
	await page.goto(`${base}/console/agencies/${nid}`);
	await expectText(page, 'its edit page', [`科${BOTH}`, P2, P1]);
	await snap(page, 'edit');
	await page.fill('#ed-email', `a${P2}@x`);
	await Promise.all([page.waitForNavigation(), page.click('input[value=edit] ~ p button')]);
	await expectText(page, 'a refused edit', ['电子邮箱']);
	// closing keeps it, with its reason as text
	await page.goto(`${base}/console/agencies/${nid}`);
	await page.fill('#cl-reason', BOTH);
	await Promise.all([page.waitForNavigation(), page.click('button.danger')]);
	await expectText(page, 'the closed agency', ['已撤销', BOTH]);

	// import: the template's example rows are reported by row number
	await page.goto(`${base}/console/agencies`);
	await page.setInputFiles('#imp-file', join(process.env.ZF_TMP, 'template.xlsx'));
	const count = sql('SELECT count(*) FROM agencies');
	await Promise.all([page.waitForNavigation(), page.click('form[action="/console/agencies/import"] button')]);
	const rows = await page.$$eval('table.import-report tbody tr', (t) => t.map((x) => x.innerText));
	ok(rows.length === 2 && rows[0].startsWith('2') && rows[0].includes('找不到上级机构') && rows[1].startsWith('3'),
		'the import report names rows 2 and 3 with their reasons', rows.join(' / '));
	ok(sql('SELECT count(*) FROM agencies') === count, 'no agency was added from bad rows');
	await snap(page, 'import');
	const [dl] = await Promise.all([page.waitForEvent('download'), page.click('text=下载校验报告')]);
	ok(dl.suggestedFilename().endsWith('.xlsx'), 'the report downloads as .xlsx', dl.suggestedFilename());
	// a sheet with script in its cells: one row goes in, the other is reported, both as text
	await page.goto(`${base}/console/agencies`);
	await page.setInputFiles('#imp-file', join(process.env.ZF_TMP, 'evil.xlsx'));
	await Promise.all([page.waitForNavigation(), page.click('form[action="/console/agencies/import"] button')]);
	await expectText(page, 'the report of a hostile sheet', ['坏行<script>alert(3)</script>', '"><img src=x onerror=alert(4)>']);
	ok(sql(`SELECT count(*) FROM agencies a JOIN agencies p ON p.id = a.parent_id WHERE p.name = '甲局' AND a.name = '${BOTH}'`) === '1',
		'the hostile name went in as plain text under 甲局');
	await page.goto(`${base}/console/agencies`);
	await expectText(page, 'the list after the hostile import', [BOTH]);
	await a.context.close();

	// the root administrator: site settings, shown in the public footer as text
	const r = await newUser(browser, ROOT);
	res = await r.page.goto(`${base}/console/site`);
	ok(res.status() === 200, 'the root administrator opens /console/site', res.status());
	before = snapshot();
	res = await r.page.request.post(`${base}/console/site`, { form: { site_name: 'x' }, maxRedirects: 0 });
	ok(res.status() === 403 && snapshot() === before, 'site settings without the token: 403, unchanged', res.status());
	await r.page.fill('#site-host_org', BOTH);
	await r.page.fill('#site-icp', `示ICP备${P2}`);
	await r.page.fill('#site-site_code', '9999000001');
	await Promise.all([r.page.waitForNavigation(), r.page.click('form[action="/console/site"] button')]);
	ok(r.page.url().includes('done='), 'saved');
	await r.page.goto(`${base}/`);
	await expectText(r.page, 'the public footer', [`主办单位：${BOTH}`, `示ICP备${P2}`, '网站标识码：9999000001', '网站地图', '联系我们']);
	await snap(r.page, 'footer');
	await r.context.close();
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
	try {
		if (phase === 'setup')
			await setup(browser);
		else
			await console_(browser);
		ok(dialogs.length === 0, 'no script ran (no dialog)', dialogs.join('\n'));
	} finally {
		await browser.close();
	}
}
main().catch((e) => { console.log(`not ok - ${phase} phase ran to the end`); console.log(`# ${String(e.stack || e).split('\n').join('\n# ')}`); process.exit(1); });
