// stdcat_security.mjs: the standard catalogue's routes under attack; see stdcat_security.sh.
// Prints TAP points without numbers. Env: ZF_URL, ZF_DB, ZF_STD_HOSTILE, ZF_STD_HOSTILE_BAD.
import { chromium } from 'playwright-core';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;
const P = '<script>alert(1)</script>"><img src=x onerror=alert(1)>';

const USERS = {
	v3: { login: 'stdv3', password: 'Std-v3-2026' },
	c3: { login: 'stdc3', password: 'Std-c3-2026' },
	a3: { login: 'stda3', password: 'Std-a3-2026' },
	c2: { login: 'stdc2', password: 'Std-c2-2026' },
	a1: { login: 'stda1', password: 'Std-a1-2026' },
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

// What the routes could change (timestamps left out: a no-op event save rewrites them).
function snapshot() {
	return sql('SELECT id, agency_id, area, level1, level2, content, limit_text, event_on FROM std_items ORDER BY id;' +
		' SELECT item_id, doc_id FROM std_item_docs ORDER BY 1, 2; SELECT count(*) FROM std_uploads;');
}

const dialogs = [];
const problems = [];
async function newUser(browser, who) {
	const context = await browser.newContext({ locale: 'zh-CN' });
	const page = await context.newPage();
	page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
	page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()}: ${r.url()}`); });
	if (who) {
		await page.goto(`${base}/login`);
		await page.fill('#login', who.login);
		await page.fill('#password', who.password);
		await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
	}
	return { context, page };
}

async function token(page) {
	await page.goto(`${base}/console/stdcat`);
	return page.getAttribute('input[name=_csrf]', 'value');
}

async function injected(page) {
	return page.evaluate(() => document.querySelectorAll('img[src="x"], [onerror]').length +
		[...document.scripts].filter((s) => !s.src).length);
}

function chinaDay(offset = 0) {
	return new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}

async function main() {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	try {
		const itemA = sql("SELECT id FROM std_items WHERE level2 = '公租房分配结果'"); // agency 3
		const itemB = sql("SELECT id FROM std_items WHERE level2 = '低保政策'"); // agency 1, the parent
		const docA = sql("SELECT max(id) FROM docs WHERE agency_id = 3 AND state = 'published'");
		ok(itemA && itemB && docA, `the items (${itemA} of 3, ${itemB} of 1) and a document (${docA})`);
		const u = {};
		for (const [k, who] of Object.entries(USERS))
			u[k] = await newUser(browser, who);
		u.visitor = await newUser(browser, null);
		const tok = {};
		for (const k of Object.keys(USERS))
			tok[k] = await token(u[k].page);
		const before = snapshot();

		// ---- reading: the matrix
		const read = {
			visitor: [403, 403], v3: [200, 404], c3: [200, 404], a3: [200, 404], c2: [404, 404], a1: [200, 200],
		};
		for (const [k, [a, b]] of Object.entries(read)) {
			const ra = await u[k].context.request.get(`${base}/console/stdcat/items/${itemA}`, { maxRedirects: 0 });
			const rb = await u[k].context.request.get(`${base}/console/stdcat/items/${itemB}`, { maxRedirects: 0 });
			ok(ra.status() === a && rb.status() === b, `${k} reads the 住建局's item: ${a}, the parent's: ${b}`,
				`${ra.status()} ${rb.status()}`);
		}
		for (const [k, want] of Object.entries({ visitor: 403, v3: 200, c3: 200, c2: 404, a1: 200 })) {
			const r = await u[k].context.request.get(`${base}/console/stdcat?agency=3`, { maxRedirects: 0 });
			ok(r.status() === want, `${k}: /console/stdcat?agency=3 answers ${want}`, r.status());
		}
		let r = await u.c2.context.request.get(`${base}/console/stdcat`);
		ok(!(await r.text()).includes('公租房分配结果'), "the 办公室 clerk's list leaves out the 住建局's items");
		r = await u.c2.context.request.get(`${base}/console/stdcat/warnings`);
		ok(!(await r.text()).includes('公租房分配结果'), "nor do its warnings show them");
		r = await u.c3.context.request.get(`${base}/console/stdcat/warnings`);
		ok((await r.text()).includes('公租房分配结果'), "the 住建局 clerk's warnings do");
		r = await u.v3.context.request.get(`${base}/console/stdcat/export.xlsx`);
		ok(r.status() === 200 && (r.headers()['content-type'] || '').includes('spreadsheetml'), 'a viewer exports .xlsx');

		// ---- writing: link, event, import
		const post = (k, path, form) => u[k].context.request.post(`${base}${path}`, { form: { _csrf: tok[k], ...form }, maxRedirects: 0 });
		const link = { v3: 403, c3: 303, a3: 303, c2: 404, a1: 303, visitor: 403 };
		for (const [k, want] of Object.entries(link)) {
			r = await post(k, `/console/stdcat/items/${itemA}/link`, { doc: docA });
			let undone = true;
			if (r.status() === 303) {
				const un = await post(k, `/console/stdcat/items/${itemA}/unlink`, { doc: docA });
				undone = un.status() === 303;
			}
			ok(r.status() === want && undone, `${k} links a document to the 住建局's item: ${want}`, r.status());
		}
		for (const [k, want] of Object.entries({ c3: 404, a3: 404, c2: 404 })) {
			r = await post(k, `/console/stdcat/items/${itemB}/event`, { on: chinaDay(-1) });
			ok(r.status() === want, `${k} records an event on the parent's item: ${want}`, r.status());
			r = await post(k, `/console/stdcat/items/${itemB}/link`, { doc: docA });
			ok(r.status() === want, `${k} links to the parent's item: ${want}`, r.status());
		}
		const evB = sql(`SELECT event_on FROM std_items WHERE id = ${itemB}`);
		r = await post('a1', `/console/stdcat/items/${itemB}/event`, { on: evB });
		ok(r.status() === 303, "the parent's administrator records the parent's event", r.status());
		for (const [k, want] of Object.entries({ v3: 403, c3: 403, c2: 403, a3: 422 })) {
			r = await u[k].context.request.post(`${base}/console/stdcat/import`, {
				multipart: { _csrf: tok[k], area: '' }, maxRedirects: 0 });
			ok(r.status() === want, `${k} posts the import without a file: ${want}`, r.status());
		}
		// CSRF
		r = await u.c3.context.request.post(`${base}/console/stdcat/items/${itemA}/link`, { form: { doc: docA }, maxRedirects: 0 });
		ok(r.status() === 403, 'link without the CSRF token: 403', r.status());
		r = await u.c3.context.request.post(`${base}/console/stdcat/items/${itemA}/event`, { form: { _csrf: tok.a1, on: chinaDay() }, maxRedirects: 0 });
		ok(r.status() === 403, "event with another session's token: 403", r.status());
		r = await u.a1.context.request.post(`${base}/console/stdcat/import`, { multipart: { area: '' }, maxRedirects: 0 });
		ok(r.status() === 403, 'import without the token: 403', r.status());

		// ---- hostile input
		const hostile = [
			[`/console/stdcat/items/${itemA}/event`, { on: P }, 422, '不是有效的日期'],
			[`/console/stdcat/items/${itemA}/event`, { on: chinaDay(30) }, 422, '不能晚于今天'],
			[`/console/stdcat/items/${itemA}/event`, { on: '2026-02-30' }, 422, '不是有效的日期'],
			[`/console/stdcat/items/${itemA}/link`, { doc: '../../etc/passwd' }, 422, '请从检索结果中选择'],
			[`/console/stdcat/items/${itemA}/link`, { doc: '99999999999' }, 422, '请从检索结果中选择'],
			[`/console/stdcat/items/${itemA}/link`, { doc: P }, 422, '请从检索结果中选择'],
			[`/console/stdcat/items/${itemA}/unlink`, { doc: docA }, 422, '没有关联'],
			[`/console/stdcat/items/${itemA}/link`, { doc: 'x'.repeat(100000) }, 422, '请从检索结果中选择'],
		];
		for (const [path, form, want, needle] of hostile) {
			r = await post('c3', path, form);
			const body = await r.text();
			ok(r.status() === want && body.includes(needle) && !body.includes('<script>alert'),
				`${path.split('/').pop()} ${JSON.stringify(form).slice(0, 40)}: ${want} “${needle}”`, `${r.status()} ${body.slice(0, 200)}`);
		}
		r = await u.c3.context.request.post(`${base}/console/stdcat/items/${itemA}/event`, {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			data: `_csrf=${encodeURIComponent(tok.c3)}&on=%FF%FE`, maxRedirects: 0 });
		ok(r.status() === 400, 'invalid UTF-8 in a form: 400', r.status());
		const gets = [
			[`/console/stdcat/items/..%2F..%2Fetc%2Fpasswd`, 404],
			[`/console/stdcat/items/0`, 404],
			[`/console/stdcat/items/99999999999999999999999`, 404],
			[`/console/stdcat/items/%2e%2e%2f${itemA}`, 404],
			[`/console/stdcat?status=bogus`, 404],
			[`/console/stdcat?agency=abc`, 404],
			[`/console/stdcat?area=%FF`, 400],
			[`/console/stdcat/items/${itemA}?q=${'长'.repeat(500)}`, 422],
		];
		for (const [path, want] of gets) {
			r = await u.c3.context.request.get(`${base}${path}`, { maxRedirects: 0 });
			ok(r.status() === want, `GET ${path.slice(0, 60)}: ${want}`, r.status());
		}
		const c = u.c3.page;
		await c.goto(`${base}/console/stdcat/items/${itemA}?q=${encodeURIComponent(P)}`);
		ok(await injected(c) === 0 && (await c.inputValue('#std-q')) === P, 'script in the search: kept as text');
		await c.goto(`${base}/console/stdcat?area=${encodeURIComponent(P)}`);
		ok(await injected(c) === 0, 'script in ?area=: nothing injected');
		r = await u.visitor.context.request.get(`${base}/stdcat?area=${encodeURIComponent(P)}`);
		ok(r.status() === 404 && !(await r.text()).includes('<script>alert'), 'the public page: an unknown 领域 is 404');
		ok(snapshot() === before, 'the refused requests wrote nothing');

		// ---- hostile files (the parent's administrator)
		const up = (k, file, area = '') => u[k].context.request.post(`${base}/console/stdcat/import`, {
			multipart: { _csrf: tok[k], area, file }, maxRedirects: 0 });
		r = await up('a1', { name: 'x.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\x03\x04 not a zip at all') });
		ok(r.status() === 422 && (await r.text()).includes('文件无法导入'), 'not an Excel file: 422', r.status());
		r = await up('a1', { name: 'x.xlsx', mimeType: 'application/octet-stream', buffer: readFileSync(process.env.ZF_STD_HOSTILE) }, '领'.repeat(300));
		ok(r.status() === 422 && (await r.text()).includes('领域名称无效'), 'an oversize 领域: 422', r.status());
		// a 领域 of invalid UTF-8 bytes: a multipart body written by hand
		const bnd = 'zfstdboundary';
		const raw = Buffer.concat([
			Buffer.from(`--${bnd}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${tok.a1}\r\n` +
				`--${bnd}\r\nContent-Disposition: form-data; name="area"\r\n\r\n`),
			Buffer.from([0xff, 0xfe, 0x41]),
			Buffer.from(`\r\n--${bnd}\r\nContent-Disposition: form-data; name="file"; filename="x.xlsx"\r\n` +
				'Content-Type: application/octet-stream\r\n\r\n'),
			readFileSync(process.env.ZF_STD_HOSTILE),
			Buffer.from(`\r\n--${bnd}--\r\n`),
		]);
		r = await u.a1.context.request.post(`${base}/console/stdcat/import`, {
			headers: { 'content-type': `multipart/form-data; boundary=${bnd}` }, data: raw, maxRedirects: 0 });
		ok(r.status() === 422 && (await r.text()).includes('领域名称无效'), 'a 领域 of invalid UTF-8: 422', r.status());
		// an oversize upload, by curl (the server answers 413 before reading it all; a browser
		// context may see the connection closed under its feet)
		const tmpd = mkdtempSync(join(tmpdir(), 'zf-stdsec-'));
		writeFileSync(join(tmpd, 'big.xlsx'), Buffer.alloc(3_000_000, 65));
		const big = spawnSync('curl', ['-s', '-o', join(tmpd, 'body'), '-w', '%{http_code}', '-H', 'Expect:',
			'-F', `file=@${join(tmpd, 'big.xlsx')}`, `${base}/console/stdcat/import`], { encoding: 'utf8' });
		ok(big.stdout === '413' && readFileSync(join(tmpd, 'body'), 'utf8').includes('提交的内容过大'),
			'an oversize upload: 413 in Chinese', big.stdout + big.stderr);
		rmSync(tmpd, { recursive: true, force: true });
		r = await up('a1', { name: 'bad.xlsx', mimeType: 'application/octet-stream', buffer: readFileSync(process.env.ZF_STD_HOSTILE_BAD) });
		let body = await r.text();
		ok(r.status() === 422 && body.includes('第3行：公开方式') && !body.includes('<script>alert') && body.includes('&lt;script&gt;'),
			'script in 主体 and 方式: 422, the problems shown as text', `${r.status()} ${body.slice(0, 300)}`);
		ok(snapshot() === before, 'the refused files wrote nothing');

		const a = u.a1.page;
		await a.goto(`${base}/console/stdcat`);
		await a.setInputFiles('#std-file', process.env.ZF_STD_HOSTILE);
		await Promise.all([a.waitForNavigation(), a.click('form[action="/console/stdcat/import"] button[type=submit]')]);
		ok(await injected(a) === 0 && (await a.textContent('table.std-preview')).includes(`公示${P}`),
			'script in the cells: the preview shows it as text');
		const upload = await a.getAttribute('input[name=upload]', 'value');
		r = await u.a3.context.request.post(`${base}/console/stdcat/import/confirm`, { form: { _csrf: tok.a3, upload, area: '' }, maxRedirects: 0 });
		ok(r.status() === 422 && (await r.text()).includes('没有找到待确认的文件'), "another administrator cannot confirm the upload", r.status());
		await Promise.all([a.waitForNavigation(), a.click('form[action="/console/stdcat/import/confirm"] button[type=submit]')]);
		ok(sql("SELECT count(*) FROM std_items WHERE area = '城乡规划'") === '1', 'confirmed: one item written');
		ok(sql('SELECT count(*) FROM std_uploads') === '0', 'the upload is gone');
		r = await u.a1.context.request.post(`${base}/console/stdcat/import/confirm`, { form: { _csrf: tok.a1, upload, area: '' }, maxRedirects: 0 });
		ok(r.status() === 422, 'confirming twice: 422', r.status());
		const pub = u.visitor.page;
		await pub.goto(`${base}/stdcat?area=${encodeURIComponent('城乡规划')}`);
		ok(await injected(pub) === 0 && (await pub.textContent('main')).includes(`公示${P}`), 'the public page shows the script as text');
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
