// newmedia_security.mjs: the 政务新媒体 routes under hostile input and the access matrix.
// Agencies: 示例区人民政府 (1) is the parent of 办公室 (2) and 住建局 (3). Demo accounts: 示例发布
// (1, open), 示例政务服务 (2, closed), 示例住建 (3, open), 示例住建视频号 (3, applied).
// Prints TAP points without numbers. Env: ZF_URL, ZF_DB.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;

const users = {
	viewer3: ['sviewer3', 'Nm-sec-view3'], clerk3: ['sclerk3', 'Nm-sec-clerk3'], admin3: ['sadmin3', 'Nm-sec-admin3'],
	clerk2: ['sclerk2', 'Nm-sec-clerk2'], admin2: ['sadmin2', 'Nm-sec-admin2'],
	viewer1: ['sviewer1', 'Nm-sec-view1'], admin1: ['sadmin1', 'Nm-sec-admin1'],
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

function snapshot() {
	return sql('SELECT * FROM newmedia_accounts ORDER BY id; SELECT * FROM newmedia_posts ORDER BY id;' +
		' SELECT * FROM newmedia_events ORDER BY id; SELECT count(*) FROM integrity_findings;' +
		' SELECT count(*) FROM integrity_scans');
}

function chinaDay() {
	return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}

const problems = [];
async function login(browser, who) {
	const context = await browser.newContext({ locale: 'zh-CN' });
	const page = await context.newPage();
	page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()}: ${r.url()}`); });
	if (who) {
		await page.goto(`${base}/login`);
		await page.fill('#login', who[0]);
		await page.fill('#password', who[1]);
		await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
	}
	await page.goto(`${base}/console/newmedia`);
	const token = who ? await page.getAttribute('input[name=_csrf]', 'value') : null;
	return { context, page, token, req: context.request };
}

function post(u, path, form) {
	return u.req.post(`${base}${path}`, { form: { _csrf: u.token, ...form }, maxRedirects: 0 });
}

const account = (name) => Number(sql(`SELECT id FROM newmedia_accounts WHERE name = '${name}'`));

const fields = (agency, name, extra = {}) => ({ agency: String(agency), platform: 'weibo', name,
	operated_by: '某运维单位', outsourced: '0', responsible: '某负责人', ...extra });

async function main() {
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
	try {
		const u = {};
		for (const [k, who] of Object.entries(users))
			u[k] = await login(browser, who);
		const anon = await login(browser, null);
		const gov = account('示例发布'), office = account('示例政务服务'), zj = account('示例住建'), zjApplied = account('示例住建视频号');

		// ---- reading: every role × own / other / parent agency
		const read = {
			viewer3: { [zj]: 200, [office]: 404, [gov]: 404 },
			clerk3: { [zj]: 200, [office]: 404, [gov]: 404 },
			admin3: { [zj]: 200, [office]: 404, [gov]: 404 },
			clerk2: { [zj]: 404, [office]: 200, [gov]: 404 },
			admin2: { [zj]: 404, [office]: 200, [gov]: 404 },
			viewer1: { [zj]: 200, [office]: 200, [gov]: 200 },
			admin1: { [zj]: 200, [office]: 200, [gov]: 200 },
		};
		for (const [k, want] of Object.entries(read))
			for (const [id, status] of Object.entries(want)) {
				const r = await u[k].req.get(`${base}/console/newmedia/${id}`, { maxRedirects: 0 });
				ok(r.status() === status, `${k} reads account ${id}: ${status} (${r.status()})`);
			}
		const postOfGov = sql(`SELECT min(id) FROM newmedia_posts WHERE account_id = ${gov}`);
		for (const [k, status] of [['clerk3', 404], ['clerk2', 404], ['viewer1', 200]]) {
			const r = await u[k].req.get(`${base}/console/newmedia/post/${postOfGov}`, { maxRedirects: 0 });
			ok(r.status() === status, `${k} reads a post of agency 1: ${status} (${r.status()})`);
		}
		for (const path of ['/console/newmedia', `/console/newmedia/${zj}`, '/console/newmedia/export.xlsx']) {
			const r = await anon.req.get(`${base}${path}`, { maxRedirects: 0 });
			ok(r.status() === 403, `a visitor is refused ${path} (${r.status()})`);
		}
		const pub = await anon.req.get(`${base}/newmedia`);
		ok(pub.status() === 200 && !(await pub.text()).includes('周明'), 'the public matrix is open to visitors, without names');

		// the list and its .xlsx keep to the reader's agencies
		const list3 = await (await u.viewer3.req.get(`${base}/console/newmedia`)).text();
		ok(list3.includes('示例住建') && !list3.includes('示例发布') && !list3.includes('示例政务服务'), 'the list of a viewer of 3 holds 3 only');
		const other = await u.viewer3.req.get(`${base}/console/newmedia?agency=2`, { maxRedirects: 0 });
		ok(other.status() === 404, `another agency by the filter: 404 (${other.status()})`);
		const x3 = await u.viewer3.req.get(`${base}/console/newmedia/export.xlsx`);
		const body = await x3.body();
		const text = execFileSync('python3', ['-c', `import zipfile,sys,io;z=zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()));print(''.join(z.read(n).decode() for n in z.namelist() if n.endswith('.xml')))`], { input: body, encoding: 'utf8' });
		ok(text.includes('示例住建') && !text.includes('示例发布') && !text.includes('示例政务服务'), 'the .xlsx of a viewer of 3 holds 3 only');
		const x2 = await u.viewer3.req.get(`${base}/console/newmedia/export.xlsx?agency=2`, { maxRedirects: 0 });
		ok(x2.status() === 404, `the .xlsx of another agency: 404 (${x2.status()})`);

		// ---- writing: refused ones change nothing
		let before = snapshot();
		const refused = [
			['viewer3', '/console/newmedia/new', fields(3, '查阅者登记'), 403],
			['clerk3', '/console/newmedia/new', fields(2, '越权登记'), 404],
			['clerk2', '/console/newmedia/new', fields(3, '越权登记'), 404],
			['viewer3', `/console/newmedia/${zjApplied}`, { action: 'approve', day: chinaDay(), filing_no: 'X' }, 403],
			['clerk3', `/console/newmedia/${zjApplied}`, { action: 'approve', day: chinaDay(), filing_no: 'X' }, 404],
			['admin2', `/console/newmedia/${zjApplied}`, { action: 'approve', day: chinaDay(), filing_no: 'X' }, 404],
			['clerk2', `/console/newmedia/${zj}`, { action: 'close-request', reason: '越权' }, 404],
			['admin3', `/console/newmedia/${gov}`, { action: 'close-request', reason: '越权' }, 404],
			['clerk3', `/console/newmedia/${zj}`, { action: 'approve-close', day: chinaDay(), filing_no: 'X' }, 404],
			['clerk3', `/console/newmedia/${zj}`, { action: 'bogus' }, 422],
			['clerk3', `/console/newmedia/${zj}`, { action: 'report', day: '2026-02-30' }, 422],
			['clerk3', `/console/newmedia/${zjApplied}`, { action: 'report', day: chinaDay() }, 422],
			['admin3', `/console/newmedia/${zj}`, { action: 'approve', day: chinaDay(), filing_no: 'X' }, 422],
			['clerk3', `/console/newmedia/${zj}/import`, {}, 422],
			['clerk2', `/console/newmedia/${zj}/import`, {}, 404],
			['viewer3', `/console/newmedia/${zj}/import`, {}, 403],
		];
		for (const [k, path, form, status] of refused) {
			const r = await post(u[k], path, form);
			ok(r.status() === status, `${k} POST ${path} ${form.action || ''}: ${status} (${r.status()})`);
		}
		ok(snapshot() === before, 'the refused writes changed nothing');
		for (const [what, token] of [['without', undefined], ['with a wrong', 'a'.repeat(64)]]) {
			const r = await u.clerk3.req.post(`${base}/console/newmedia/new`, { form: { ...fields(3, 'CSRF'), ...(token ? { _csrf: token } : {}) }, maxRedirects: 0 });
			ok(r.status() === 403, `a form ${what} CSRF token: 403 (${r.status()})`);
		}
		ok(snapshot() === before, 'nothing written without the token');

		// ---- approvals that are allowed: the agency's administrator, and the parent's
		for (const [k, name] of [['admin3', '住建微博甲'], ['admin1', '住建微博乙']]) {
			const r = await post(u.clerk3, '/console/newmedia/new', fields(3, name));
			const id = account(name);
			ok(r.status() === 303 && id > 0, `the clerk of 3 registers ${name}`);
			const a = await post(u[k], `/console/newmedia/${id}`, { action: 'approve', day: chinaDay(), filing_no: `备-${k}` });
			ok(a.status() === 303 && sql(`SELECT status FROM newmedia_accounts WHERE id = ${id}`) === 'open', `${k} approves it (${a.status()})`);
		}

		// ---- hostile input
		before = snapshot();
		const P = '<script>alert(1)</script>"><img src=x onerror=alert(1)>';
		const hostile = [
			['an oversized name', fields(3, '名'.repeat(61)), 422, '账号名称'],
			['a javascript: address', fields(3, '脚本地址', { url: 'javascript:alert(1)' }), 422, '主页地址'],
			['a file: address', fields(3, '文件地址', { url: 'file:///etc/passwd' }), 422, '主页地址'],
			['a name with a newline', fields(3, '两\n行'), 422, '账号名称'],
			['an unknown platform', fields(3, '平台', { platform: 'myspace' }), 422, '平台'],
			['a gap of 0 days', fields(3, '天数', { gap: '0' }), 422, '天数'],
			['an oversized responsible', fields(3, '负责人长', { responsible: 'x'.repeat(5000) }), 422, '负责人'],
		];
		for (const [what, form, status, word] of hostile) {
			const r = await post(u.clerk3, '/console/newmedia/new', form);
			const t = await r.text();
			ok(r.status() === status && t.includes(word), `${what}: ${status} naming ${word} (${r.status()})`);
		}
		const raw = await u.clerk3.req.post(`${base}/console/newmedia/new`, {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			data: Buffer.concat([Buffer.from(`_csrf=${u.clerk3.token}&agency=3&platform=weibo&name=`), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('&operated_by=x&responsible=y')]),
			maxRedirects: 0,
		});
		ok(raw.status() >= 400 && raw.status() < 500, `invalid UTF-8 in the name: 4xx (${raw.status()})`);
		for (const path of ['/console/newmedia/..%2F..%2Fetc%2Fpasswd', '/console/newmedia/post/..%2F1', '/console/newmedia/-1', `/console/newmedia/${zj}abc`, '/console/newmedia/99999999999999999999']) {
			const r = await u.admin1.req.get(`${base}${path}`, { maxRedirects: 0 });
			ok(r.status() === 404, `traversal ${path}: 404 (${r.status()})`);
		}
		for (const [what, url, word] of [['a file: feed address', 'file:///etc/passwd', 'https://'], ['a javascript: feed address', 'javascript:alert(1)', 'https://'], ['a feed address on this machine', 'http://127.0.0.1:9/x.xml', '内部网络'], ['a feed address by the name localhost', 'http://localhost:9/x.xml', '内部网络'], ['a feed address on IPv6 loopback', 'http://[::1]:9/x.xml', '内部网络'], ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/', '内部网络'], ['a private network address', 'http://10.0.0.1:9/x.xml', '内部网络']]) {
			const r = await u.clerk3.req.post(`${base}/console/newmedia/${zj}/import`, { multipart: { _csrf: u.clerk3.token, url }, maxRedirects: 0 });
			ok(r.status() === 422 && (await r.text()).includes(word), `${what}: 422 naming ${word} (${r.status()})`);
		}
		const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><rss><channel><item><title>&lol2;</title><pubDate>2026-01-01</pubDate></item></channel></rss>';
		let r = await u.clerk3.req.post(`${base}/console/newmedia/${zj}/import`, { multipart: { _csrf: u.clerk3.token, file: { name: 'bomb.xml', mimeType: 'application/xml', buffer: Buffer.from(bomb) } }, maxRedirects: 0 });
		ok(r.status() === 422 && (await r.text()).includes('DTD'), `an entity bomb: 422 naming the DTD (${r.status()})`);
		r = await u.clerk3.req.post(`${base}/console/newmedia/${zj}/import`, { multipart: { _csrf: u.clerk3.token, file: { name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from(`标题,发布时间\n${'长'.repeat(400)},2026-01-01\n`) } }, maxRedirects: 0 });
		ok(r.status() === 422 && (await r.text()).includes('第2行'), `an oversized title: 422 naming its row (${r.status()})`);
		// the server answers 413 as soon as it sees the length, and may close before the body is sent
		let big;
		try {
			big = (await u.clerk3.req.post(`${base}/console/newmedia/${zj}/import`, { multipart: { _csrf: u.clerk3.token, file: { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.alloc(3 << 20, 0x61) } }, maxRedirects: 0 })).status();
		} catch (e) {
			big = /EPIPE|ECONNRESET|socket hang up/.test(String(e)) ? 'closed' : String(e);
		}
		const alive = (await anon.req.get(`${base}/healthz`)).status();
		ok((big === 413 || big === 'closed') && alive === 200, `an upload over the body cap: refused (${big}), the server still answers`);
		r = await u.clerk3.req.post(`${base}/console/newmedia/${zj}/import`, { multipart: { _csrf: u.clerk3.token, file: { name: 'bin.csv', mimeType: 'text/csv', buffer: Buffer.from([0, 1, 2, 3, 0xff, 0, 7]) } }, maxRedirects: 0 });
		ok(r.status() === 422, `binary bytes as a CSV: 422 (${r.status()})`);
		ok(snapshot() === before, 'the hostile inputs stored nothing');

		// script typed into the fields comes back as text
		r = await post(u.clerk3, '/console/newmedia/new', fields(3, P.slice(0, 60), { operated_by: P, handle: P.slice(0, 60), sponsor: P.slice(0, 60) }));
		ok(r.status() === 303, 'script in the fields is accepted as text');
		const sid = sql(`SELECT max(id) FROM newmedia_accounts`);
		const page = u.clerk3.page;
		const dialogs = [];
		page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
		await page.goto(`${base}/console/newmedia/${sid}`);
		const injected = await page.evaluate(() => document.querySelectorAll('[onerror], img[src="x"]').length);
		ok(injected === 0 && dialogs.length === 0 && (await page.textContent('h1')).includes('<script>'), 'the account page shows the script as text');
		await page.goto(`${base}/console/newmedia`);
		ok(await page.evaluate(() => document.querySelectorAll('[onerror]').length) === 0 && dialogs.length === 0, 'the list too');
		ok(problems.length === 0, 'no 5xx answer', problems.join('\n'));
	} finally {
		await browser.close();
	}
}

main().catch((e) => { console.log(`not ok - the run reached its end\n#   ${String(e.stack || e).split('\n').join('\n#   ')}`); process.exit(1); });
