// demo_site.mjs: the demo site as a user meets it, in real Chromium (demo_site.sh prepares the
// database and the server):
// 1. the leak scanner: walks every public page reachable from the home page and every console
//    page reachable from the console as an administrator, and asserts that no technical text
//    shows in the visible text: UTC timestamps (…T…Z), rule ids (cell.missing), zfxxgk
//    commands, the schema name zfxxgk.report/, the login `system`, English error words;
// 2. a document past its 有效期 shows 失效 on its public page;
// 3. the reviewer's 保密审查 checklist: refused without every tick (nothing written), refused
//    without a reason when returning, CSRF refusal, another agency's reviewer gets 404,
//    injected markup comes back as text, the opinion shows in the history; axe-core on the
//    page; screenshots in tests/e2e/artifacts/demo-*.png.
// Prints TAP points without numbers. Env: ZF_URL, ZF_DB, ZF_DOC (a document in review).
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const docId = process.env.ZF_DOC;
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const ADMIN = { login: 'demoadm', password: 'Demo-admin-2026' };
const REVIEWER = { login: 'demorev', password: 'Demo-review-2026' };
const OTHER = { login: 'zjrev', password: 'Demo-zj-rev-2026' };

// What must never show to a user. Each: a name and a regular expression over visible text.
const LEAKS = [
	['a UTC timestamp', /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?Z/],
	['a rule id', /(?<![\w@./:-])[a-z][a-z0-9]*\.[a-z_]+[a-z](?![\w@/-]|\.[a-z])/],
	['a zfxxgk command', /zfxxgk [a-z]/],
	['the schema name', /zfxxgk\.report\//],
	['the login system', /(?<![A-Za-z])system(?![A-Za-z])/],
	['an English error word', /\b(error|errors|failed|failure|invalid|not found|forbidden|exception|null|undefined|NaN|warning|internal)\b/i],
];
// file names and addresses that look like ids but are not
const NOT_IDS = /\.(pdf|ofd|docx?|xlsx?|wps|et|pptx|zip|rar|jpe?g|png|txt|csv|json|html?|cn|com|org|net|gov)$/;

function ok(cond, desc, diag) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${desc}`);
	if (!cond && diag !== undefined)
		console.log(String(diag).split('\n').map((l) => `#   ${l}`).join('\n'));
	return cond;
}

function sql(q) {
	return execFileSync(join(here, 'sql'), [process.env.ZF_DB, q], { encoding: 'utf8' }).trim();
}

async function snap(page, name) {
	await page.screenshot({ path: join(artifacts, `demo-${name}.png`), fullPage: true });
}

async function axe(page) {
	const result = await page.evaluate(`${axeSource}
		axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] } })
			.then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
				nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) })))`);
	return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function describe(v) {
	return v.map((x) => `${x.impact} ${x.id}: ${x.help} at ${x.nodes.join(', ')}`).join('\n');
}

async function signIn(page, who) {
	await page.goto(`${base}/login`);
	await page.fill('#login', who.login);
	await page.fill('#password', who.password);
	await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
}

// The leaks in a page's visible text: [name, the text around it].
function leaksIn(text) {
	const found = [];
	for (const [name, re] of LEAKS) {
		const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
		for (const m of text.matchAll(g)) {
			if (name === 'a rule id' && NOT_IDS.test(m[0]))
				continue;
			const at = Math.max(0, m.index - 30);
			found.push(`${name}: “${text.slice(at, m.index + m[0].length + 30).replace(/\s+/g, ' ')}”`);
			break;
		}
	}
	return found;
}

// Pages worth one visit each: same origin, not a download or a sign-out, at most `perShape`
// pages of one shape (numbers folded) so that a catalogue of hundreds is sampled.
function shapeOf(u) {
	return u.pathname.replace(/\d+/g, 'N') + (u.search ? '?' : '');
}
const SKIP = /\/(logout|healthz)\b|[?&]font=|\.(xlsx|csv|json|pdf|docx|zip|png|jpe?g|txt|css|js|svg|ico|xml)$|\/files\/|\/download|\/export|format=|\/feed/;

async function crawl(page, starts, inside, limit, perShape) {
	const seen = new Set(), shapes = new Map(), leaks = [], pages = [];
	const queue = starts.map((s) => new URL(s, base).href);
	let visited = 0;
	while (queue.length && visited < limit) {
		const href = queue.shift();
		const u = new URL(href);
		u.hash = '';
		const key = u.href;
		if (seen.has(key))
			continue;
		seen.add(key);
		if (u.origin !== new URL(base).origin || !inside(u.pathname) || SKIP.test(u.pathname + u.search))
			continue;
		const shape = shapeOf(u);
		if ((shapes.get(shape) || 0) >= perShape)
			continue;
		shapes.set(shape, (shapes.get(shape) || 0) + 1);
		const res = await page.goto(key).catch(() => null);
		if (!res || !(res.headers()['content-type'] || '').includes('text/html'))
			continue;
		visited++;
		pages.push(key);
		const text = await page.evaluate(() => document.body ? document.body.innerText : '');
		for (const l of leaksIn(text))
			leaks.push(`${u.pathname}${u.search}: ${l}`);
		const links = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
		for (const l of links)
			if (!seen.has(l.replace(/#.*$/, '')))
				queue.push(l);
	}
	return { visited, leaks, pages };
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	try {
		// ---- 0. the scanner finds what it should
		ok(leaksIn('创建于 2026-12-06T13:37:00Z').length === 1, 'the scanner sees a UTC timestamp');
		ok(leaksIn('规则 cell.missing：空白').length === 1, 'the scanner sees a rule id');
		ok(leaksIn('附件 方案.pdf，网址 www.gov.cn').length === 0, 'file names and addresses are not rule ids');
		ok(leaksIn('请用 zfxxgk calendar add 登记').length === 1, 'the scanner sees a command');
		ok(leaksIn('操作人 system').length === 1, 'the scanner sees the login system');

		// ---- 1. the public site
		const pub = await (await browser.newContext({ locale: 'zh-CN', javaScriptEnabled: false })).newPage();
		const p = await crawl(pub, ['/'], (path) => !path.startsWith('/console') && !path.startsWith('/login') && !path.startsWith('/setup'), 300, 4);
		ok(p.visited > 25, `the public crawl visits ${p.visited} pages`);
		ok(p.leaks.length === 0, `no technical text on the public pages (${p.leaks.length} found)`, p.leaks.slice(0, 30).join('\n'));

		// ---- 2. the console, as an administrator
		const adm = await (await browser.newContext({ locale: 'zh-CN', javaScriptEnabled: false })).newPage();
		await signIn(adm, ADMIN);
		const year = new Date(Date.now() + 8 * 3600e3).getUTCFullYear() - 1;
		const c = await crawl(adm, ['/console', `/console/reports/1/${year}`, `/console/reports/3/${year}`], (path) => path.startsWith('/console'), 300, 4);
		writeFileSync(join(artifacts, 'demo-crawl.txt'), [...p.pages, ...c.pages].join('\n') + '\n');
		ok(c.visited > 20, `the console crawl visits ${c.visited} pages`);
		ok(c.leaks.length === 0, `no technical text on the console pages (${c.leaks.length} found)`, c.leaks.slice(0, 40).join('\n'));

		// the report workspace after 生成: its findings name their rules in Chinese
		await adm.goto(`${base}/console/reports/1/${year}`);
		const gen = adm.locator('form:has(input[name=action][value=generate]) button[type=submit]');
		if (await gen.count())
			await Promise.all([adm.waitForNavigation(), gen.click()]);
		const findings = adm.locator('ul.findings li');
		ok(await findings.count() > 0, `the generated workspace lists findings (${await findings.count()})`);
		const wl = leaksIn(await adm.evaluate(() => document.body.innerText));
		ok(wl.length === 0, 'its findings show Chinese rule names, no rule ids or timestamps', wl.join('\n'));

		// ---- 3. an expired document shows 失效
		const expired = sql("SELECT id FROM docs WHERE validity = 'expired' AND title LIKE '%城市道路照明%'");
		ok(/^\d+$/.test(expired), `a document expired by the server (${expired})`);
		await pub.goto(`${base}/docs/${expired}`);
		const meta = await pub.textContent('main');
		ok(meta.includes('失效') && !/有效性\s*有效/.test(meta), 'its public page shows 失效');

		// ---- 4. 保密审查
		const rctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
		const rev = await rctx.newPage();
		await signIn(rev, REVIEWER);
		const docUrl = `${base}/console/docs/${docId}`;
		await rev.goto(docUrl);
		const form = rev.locator('form[data-action=secrecy]');
		ok(await form.count() === 1, 'the reviewer is offered the 保密审查 form');
		const boxes = form.locator('input[type=checkbox]');
		ok(await boxes.count() === 5, 'with five points to confirm');
		const labels = await form.locator('.secrecy-checks').textContent();
		ok(['不涉及国家秘密', '不涉及工作秘密', '不涉及商业秘密、个人隐私', '不危及国家安全、公共安全、经济安全和社会稳定', '内容准确、表述规范']
			.every((t) => labels.includes(t)), 'the five points of the checklist');
		await snap(rev, 'secrecy-form');
		const v = await axe(rev);
		ok(v.length === 0, 'axe-core: no serious or critical violation on the review page', describe(v));

		const before = sql(`SELECT state || ' ' || version FROM docs WHERE id = ${docId}`);
		const audits = sql('SELECT count(*) FROM audit_log');
		// four ticks of five, 同意公开
		for (let i = 0; i < 4; i++)
			await boxes.nth(i).check();
		await Promise.all([rev.waitForNavigation(), form.locator('button[type=submit]').click()]);
		let alert = await rev.textContent('main');
		ok(alert.includes('保密审查须逐项确认') && alert.includes('内容准确、表述规范'), 'approving with a point unticked is refused, naming it');
		ok(sql(`SELECT state || ' ' || version FROM docs WHERE id = ${docId}`) === before &&
			sql('SELECT count(*) FROM audit_log') === audits, 'and nothing is written');
		ok(await rev.locator('form[data-action=secrecy] input[name=secrecy_0]').isChecked(), 'the ticks given are kept on the form');
		await snap(rev, 'secrecy-refused');

		// 暂不公开 without a reason
		await rev.locator('form[data-action=secrecy] input[name=decision][value=return]').check();
		await Promise.all([rev.waitForNavigation(), rev.locator('form[data-action=secrecy] button[type=submit]').click()]);
		alert = await rev.textContent('main');
		ok(alert.includes('写明保密审查意见和理由'), 'returning without a reason is refused');
		ok(sql(`SELECT state FROM docs WHERE id = ${docId}`) === 'review', 'still in review');

		// CSRF: a post without the token is refused, nothing written
		const noCsrf = await rev.request.post(`${docUrl}/action`, {
			form: { action: 'secrecy', decision: 'approve', secrecy_0: '1', secrecy_1: '1', secrecy_2: '1', secrecy_3: '1', secrecy_4: '1' },
		});
		ok(noCsrf.status() === 403, `a post without the CSRF token is refused (${noCsrf.status()})`);
		ok(sql(`SELECT state FROM docs WHERE id = ${docId}`) === 'review', 'and the document stays in review');

		// another agency's reviewer: 404, nothing written
		const octx = await browser.newContext({ locale: 'zh-CN' });
		const other = await octx.newPage();
		await signIn(other, OTHER);
		const op = await other.goto(docUrl);
		ok(op.status() === 404, `another agency's reviewer gets 404 (${op.status()})`);
		await other.goto(`${base}/console`);
		const ocsrf = await other.getAttribute('input[name=_csrf]', 'value').catch(() => null);
		const cross = await other.request.post(`${docUrl}/action`, {
			form: { _csrf: ocsrf || '', action: 'secrecy', decision: 'approve', secrecy_0: '1', secrecy_1: '1', secrecy_2: '1', secrecy_3: '1', secrecy_4: '1' },
		});
		ok(cross.status() === 404, `and its post is refused with 404 (${cross.status()})`);
		ok(sql(`SELECT state FROM docs WHERE id = ${docId}`) === 'review', 'the document stays in review');

		// 暂不公开 with an opinion carrying markup: back to the clerk, shown as text
		const EVIL = '第三段涉及个人住址<script>window.__x=1</script>"><img src=x onerror=alert(1)>';
		await rev.goto(docUrl);
		await rev.locator('form[data-action=secrecy] input[name=secrecy_0]').check();
		await rev.locator('form[data-action=secrecy] input[name=decision][value=return]').check();
		await rev.fill('form[data-action=secrecy] textarea[name=reason]', EVIL);
		await Promise.all([rev.waitForNavigation(), rev.locator('form[data-action=secrecy] button[type=submit]').click()]);
		ok(sql(`SELECT state FROM docs WHERE id = ${docId}`) === 'draft', 'returned: back to the clerk');
		const hist = await rev.textContent('.timeline');
		ok(hist.includes('保密审查意见：暂不公开，退回修改') && hist.includes('已确认：不涉及国家秘密') &&
			hist.includes('未确认：不涉及工作秘密'), 'the history shows the opinion with its checklist');
		ok(hist.includes('<script>window.__x=1</script>') && await rev.locator('.timeline img').count() === 0 &&
			await rev.evaluate(() => window.__x === undefined), 'injected markup is shown as text');

		// the clerk submits again; the reviewer ticks all five: published
		execFileSync(process.env.ZF_BIN, ['doc', 'submit', '--db', process.env.ZF_DB, docId]);
		await rev.goto(docUrl);
		for (let i = 0; i < 5; i++)
			await rev.locator(`form[data-action=secrecy] input[name=secrecy_${i}]`).check();
		await rev.fill('form[data-action=secrecy] textarea[name=reason]', '经审查，同意公开。');
		await Promise.all([rev.waitForNavigation(), rev.locator('form[data-action=secrecy] button[type=submit]').click()]);
		ok((await rev.textContent('.alert.ok')).includes('审查通过'), 'every point confirmed: published');
		const hist2 = await rev.textContent('.timeline');
		ok(hist2.includes('保密审查意见：同意公开') && hist2.includes('内容准确、表述规范'), 'the approving opinion is in the history');
		ok(sql(`SELECT count(*) FROM audit_log WHERE action = 'doc.secrecy' AND object = 'doc:${docId}' AND actor = 'demorev'`) === '2',
			'both opinions are audited with the reviewer');
		await snap(rev, 'secrecy-history');
	} finally {
		await browser.close();
	}
}

main().catch((e) => {
	console.log(`not ok - the walk ran to the end`);
	console.log(`#   ${String(e.stack || e).split('\n').join('\n#   ')}`);
	process.exit(1);
});
