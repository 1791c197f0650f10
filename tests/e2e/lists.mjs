// lists.mjs: 撤稿, 重大建设项目 and versioned lists in real Chromium (run by lists.sh).
// 1. Links: the citing document's body links the 文号 it cites (while that is public) and its
//    URL (rel nofollow noopener noreferrer); its <script> is text.
// 2. 撤稿: refused without the CSRF token and for a reviewer of another agency (404), the
//    database unchanged; the agency's reviewer takes the document down with a reason typed
//    with markup; its page then says 该信息已于…撤回 with the reason as text and no body;
//    search, the catalogue, the feed and the sitemap no longer have it; the 文号 link is gone.
//    The document removed by the CLI answers 410 without its title.
// 3. A project with stages: created and filled in the console, shown in stage order with
//    暂无 for the empty ones; another agency's reviewer gets 404 and changes nothing.
// 4. A list: created, items added, published, edited and published again; the first version
//    stays readable; the .xlsx downloads and holds the items.
// Prints TAP points without numbers. Env: ZF_URL, ZF_DB, ZF_TMP, ZF_TAKE, ZF_GONE, ZF_CITE.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;
const take = process.env.ZF_TAKE;
const gone = process.env.ZF_GONE;
const cite = process.env.ZF_CITE;

const REV = { login: 'lrev', password: 'Lists-review-2026' };
const REVB = { login: 'lrevb', password: 'Lists-reviewb-2026' };
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
	await page.screenshot({
		path: join(artifacts, `lists-${String(shot).padStart(2, '0')}-${name}.png`),
		fullPage: true,
	});
}

function sql(q) {
	return execFileSync(join(here, 'sql'), [db, q], { encoding: 'utf8' });
}

// What the forms of this area write.
function snapshot() {
	return sql('SELECT * FROM doc_takedowns ORDER BY id; SELECT * FROM projects ORDER BY id;' +
		' SELECT * FROM project_docs ORDER BY 1, 2, 3; SELECT * FROM lists ORDER BY id;' +
		' SELECT * FROM list_items ORDER BY id; SELECT * FROM list_versions ORDER BY id;');
}

const dialogs = [];
async function newUser(browser, who) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
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

async function injected(page) {
	return page.evaluate(() => ({
		imgs: document.querySelectorAll('img[src="x"], img[onerror], [onerror]').length,
		inline: [...document.scripts].filter((s) => !s.src).length,
	}));
}

async function expectText(page, what, needles) {
	const dom = await injected(page);
	const text = await page.evaluate(() => document.body.innerText);
	ok(dom.imgs === 0 && dom.inline === 0, `${what}: no injected element or script`, JSON.stringify(dom));
	for (const n of needles)
		ok(text.includes(n), `${what}: ${JSON.stringify(n)} is shown as text`, text.slice(0, 400));
}

function today() {
	return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}

async function searchCount(page, q) {
	await page.goto(`${base}/search?q=${encodeURIComponent(q)}`);
	const head = await page.textContent('#results-title');
	const m = /找到 (\d+) 份文件/.exec(head || '');
	return m ? Number(m[1]) : -1;
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	try {
		const pub = await newUser(browser, null);
		const p = pub.page;

		// ---- 1. links in the citing document
		await p.goto(`${base}/docs/${cite}`);
		const docLink = await p.getAttribute('.doc-body a.docno-link', 'href');
		ok(docLink === `/docs/${take}`, 'the cited 文号 links to its document', docLink);
		const ext = p.locator('.doc-body a[href^="https://example.org"]');
		ok(await ext.count() === 1, 'the URL in the body is a link');
		ok(await ext.getAttribute('rel') === 'nofollow noopener noreferrer', 'an external link is nofollow noopener noreferrer');
		ok(await ext.getAttribute('href') === 'https://example.org/plan?a=1&b=2', 'with its whole query', await ext.getAttribute('href'));
		await expectText(p, 'citing document', [P1]);
		await snap(p, 'autolinks');

		ok(await searchCount(p, '撤稿测试甲') === 1, 'before: search finds the document to take down');

		// ---- 2. 撤稿: refusals first
		const rev = await newUser(browser, REV);
		const revb = await newUser(browser, REVB);
		const before = snapshot();
		let res = await rev.context.request.post(`${base}/console/docs/${take}/takedown`,
			{ form: { mode: 'withdrawn', reason: 'x' }, maxRedirects: 0 });
		ok(res.status() === 403, `takedown without the CSRF token: ${res.status()}`);
		res = await rev.context.request.post(`${base}/console/docs/${take}/takedown`,
			{ form: { _csrf: 'a'.repeat(64), mode: 'withdrawn', reason: 'x' }, maxRedirects: 0 });
		ok(res.status() === 403, `takedown with a wrong CSRF token: ${res.status()}`);
		await revb.page.goto(`${base}/console/lists`);
		const bToken = await revb.page.getAttribute('input[name=_csrf]', 'value');
		res = await revb.context.request.post(`${base}/console/docs/${take}/takedown`,
			{ form: { _csrf: bToken, mode: 'removed', reason: 'x' }, maxRedirects: 0 });
		ok(res.status() === 404, `another agency's reviewer gets 404 with a valid token: ${res.status()}`);
		const g = await revb.page.goto(`${base}/console/docs/${take}`);
		ok(g.status() === 404, `nor can see the document: ${g.status()}`);
		ok(snapshot() === before, 'the database is unchanged by the refused takedowns');

		// the agency's reviewer takes it down
		await rev.page.goto(`${base}/console/docs/${take}`);
		ok(await rev.page.locator('#td-reason').count() === 1, 'the 撤稿 form is on the published document');
		await rev.page.check('input[name=mode][value=withdrawn]');
		await rev.page.fill('#td-reason', `方案调整${BOTH}`);
		await Promise.all([rev.page.waitForNavigation(), rev.page.click('form:has(#td-reason) button[type=submit]')]);
		await expectText(rev.page, 'console after 撤稿', ['本文件已撤稿', `方案调整${BOTH}`]);
		await snap(rev.page, 'console-takedown');

		res = await p.goto(`${base}/docs/${take}`);
		ok(res.status() === 200, 'the withdrawn document\'s page stays');
		await expectText(p, 'withdrawn page', ['该信息已于', '撤回', `方案调整${BOTH}`]);
		const body = await p.textContent('body');
		ok(!body.includes('补偿名单正文'), 'the body is no longer shown');
		await snap(p, 'withdrawn');
		// the phrase in quotes (no fallback to its words), and the plain query, which may
		// fall back to documents holding 撤稿/测试/甲 apart, never lists the document
		ok(await searchCount(p, '"撤稿测试甲"') === 0, 'search no longer finds it');
		await searchCount(p, '撤稿测试甲');
		ok(await p.locator(`a[href="/docs/${take}"]`).count() === 0,
			'nor does the plain query, fallback included, list it');
		await searchCount(p, '示政发〔2025〕77号');
		ok(!(await p.textContent('main')).includes('撤稿测试甲'), 'nor by its 文号 (only the citing document is found)');
		const cat = await (await pub.context.request.get(`${base}/docs`)).text();
		ok(!cat.includes('撤稿测试甲'), 'the catalogue no longer lists it');
		const feed = await (await pub.context.request.get(`${base}/docs/feed`)).text();
		ok(!feed.includes('撤稿测试甲') && !feed.includes(`/docs/${take}<`), 'nor the feed');
		const map = await (await pub.context.request.get(`${base}/sitemap.xml`)).text();
		ok(!map.includes(`/docs/${take}<`) && map.includes(`/docs/${cite}<`), 'nor the sitemap');
		await p.goto(`${base}/docs/${cite}`);
		ok(await p.locator('.doc-body a.docno-link').count() === 0, 'the 文号 is no longer a link once taken down');

		// personal data found later: the withdrawn document is removed, its name goes too
		await rev.page.goto(`${base}/console/docs/${take}`);
		await rev.page.fill('#td-reason', '发现名单含有个人信息');
		await Promise.all([rev.page.waitForNavigation(), rev.page.click('form:has(#td-reason) button[type=submit]')]);
		ok((await rev.page.textContent('body')).includes('删除（涉及个人信息）'), 'the withdrawn document is then removed');
		res = await p.goto(`${base}/docs/${take}`);
		ok(res.status() === 410 && !(await p.textContent('body')).includes('撤稿测试甲'),
			`its page now answers 410 without its name: ${res.status()}`);

		res = await p.goto(`${base}/docs/${gone}`);
		ok(res.status() === 410, `the removed document answers 410: ${res.status()}`);
		const goneText = await p.textContent('body');
		ok(goneText.includes('该信息已删除') && !goneText.includes('删除测试乙'), 'with a notice and without its title');
		ok(!(await (await pub.context.request.get(`${base}/docs`)).text()).includes('删除测试乙'), 'its title is in no listing');
		await snap(p, 'removed');

		// ---- 3. a project
		await rev.page.goto(`${base}/console/projects`);
		await rev.page.fill('#p-name', `城区供水工程${BOTH}`);
		await rev.page.fill('#p-code', '2025-330100-46-01-000001');
		await rev.page.fill('#p-location', BOTH);
		await rev.page.fill('#p-investment', '3.2亿元');
		await rev.page.selectOption('#p-state', 'building');
		await Promise.all([rev.page.waitForNavigation(), rev.page.click('form:has(#p-name) button[type=submit]')]);
		const project = rev.page.url().replace(/\?.*$/, '').split('/').pop();
		ok(Number(project) > 0, `the project is created (${project})`);
		await rev.page.selectOption('#p-stage', 'approval_result');
		await rev.page.fill('#p-doc', cite);
		await Promise.all([rev.page.waitForNavigation(), rev.page.click('form:has(#p-doc) button[type=submit]')]);
		await rev.page.selectOption('#p-stage', 'tender');
		await rev.page.fill('#p-doc', take);
		await Promise.all([rev.page.waitForNavigation(), rev.page.click('form:has(#p-doc) button[type=submit]')]);
		ok(rev.page.url().includes(`/console/projects/${project}`) && (await rev.page.textContent('body')).includes('已撤稿'),
			'a taken-down document cannot be filed under a stage');
		await expectText(rev.page, 'project console', [`城区供水工程${BOTH}`]);
		const projBefore = snapshot();
		res = await revb.page.goto(`${base}/console/projects/${project}`);
		ok(res.status() === 404, `another agency's reviewer cannot see the project: ${res.status()}`);
		res = await revb.context.request.post(`${base}/console/projects/${project}`,
			{ form: { _csrf: bToken, action: 'edit', name: 'x', state: 'completed' }, maxRedirects: 0 });
		ok(res.status() === 404, `nor change it by a forged form: ${res.status()}`);
		res = await revb.context.request.post(`${base}/console/projects`,
			{ form: { _csrf: bToken, agency: '1', name: 'x', state: 'building' }, maxRedirects: 0 });
		ok(res.status() === 404, `nor create one for agency 1: ${res.status()}`);
		res = await rev.context.request.post(`${base}/console/projects/${project}`,
			{ form: { action: 'edit', name: 'x', state: 'completed' }, maxRedirects: 0 });
		ok(res.status() === 403, `a project form without the CSRF token is refused: ${res.status()}`);
		ok(snapshot() === projBefore, 'the database is unchanged by the refused project forms');

		await p.goto(`${base}/project/${project}`);
		const stages = await p.$$eval('.project-stage h2', (h) => h.map((x) => x.textContent));
		ok(stages.length === 8 && stages[0].includes('批准服务信息') && stages[7].includes('竣工有关信息'),
			'the project page shows the eight stages in order', stages.join(' / '));
		const result = await p.textContent('.project-stage:nth-of-type(2)');
		ok(result.includes('引用测试丙'), 'the approval document is under 批准结果信息', result);
		const empties = await p.$$eval('.project-stage p.muted', (x) => x.filter((e) => e.textContent === '暂无').length);
		ok(empties === 7, `the seven empty stages say 暂无 (${empties})`);
		await expectText(p, 'public project', [`城区供水工程${BOTH}`]);
		await p.goto(`${base}/projects`);
		ok((await p.textContent('body')).includes('城区供水工程'), 'the project is listed under its agency');
		await snap(p, 'project');

		// ---- 4. a list
		await rev.page.goto(`${base}/console/lists`);
		await rev.page.fill('#l-name', `行政事业性收费目录清单${P2}`);
		await rev.page.selectOption('#l-kind', 'fee');
		await Promise.all([rev.page.waitForNavigation(), rev.page.click('form:has(#l-name) button[type=submit]')]);
		const list = rev.page.url().replace(/\?.*$/, '').split('/').pop();
		ok(Number(list) > 0, `the list is created (${list})`);
		await rev.page.fill('#new-name', `不动产登记费${P1}`);
		await rev.page.fill('#new-basis', '《不动产登记暂行条例》');
		await rev.page.fill('#new-detail', '住宅类每件80元');
		await Promise.all([rev.page.waitForNavigation(), rev.page.click('form:has(#new-name) button[type=submit]')]);
		await rev.page.fill('#new-name', '工本费');
		await rev.page.fill('#new-sort', '2');
		await Promise.all([rev.page.waitForNavigation(), rev.page.click('form:has(#new-name) button[type=submit]')]);
		await rev.page.fill('#l-revised', today());
		await Promise.all([rev.page.waitForNavigation(), rev.page.click('form:has(#l-revised) button[type=submit]')]);
		ok((await rev.page.textContent('body')).includes('已发布新版本'), 'version 1 is published');
		const listBefore = snapshot();
		res = await revb.context.request.post(`${base}/console/lists/${list}`,
			{ form: { _csrf: bToken, action: 'publish', revised_on: today() }, maxRedirects: 0 });
		ok(res.status() === 404, `another agency's reviewer cannot publish the list: ${res.status()}`);
		res = await rev.context.request.post(`${base}/console/lists/${list}`,
			{ form: { action: 'add', name: 'x' }, maxRedirects: 0 });
		ok(res.status() === 403, `a list form without the CSRF token is refused: ${res.status()}`);
		ok(snapshot() === listBefore, 'the database is unchanged by the refused list forms');
		// edit the draft and publish version 2
		const item = rev.page.locator('ol.list-draft li').first();
		await item.locator('summary').click();
		await item.locator('input[name=name]').fill('不动产登记费（调整）');
		await Promise.all([rev.page.waitForNavigation(), item.locator('form:has(input[name=name]) button[type=submit]').click()]);
		await rev.page.fill('#l-revised', today());
		await rev.page.fill('#l-vnote', '调整名称');
		await Promise.all([rev.page.waitForNavigation(), rev.page.click('form:has(#l-revised) button[type=submit]')]);
		await p.goto(`${base}/list/${list}`);
		await expectText(p, 'list version 2', ['第 2 版', '不动产登记费（调整）', `行政事业性收费目录清单${P2}`]);
		await snap(p, 'list');
		await p.goto(`${base}/list/${list}/v/1`);
		await expectText(p, 'list version 1', ['这是历史版本', `不动产登记费${P1}`]);
		const xl = await pub.context.request.get(`${base}/list/${list}/v/1/xlsx`);
		const buf = await xl.body();
		ok(xl.status() === 200 && xl.headers()['content-type'].includes('spreadsheetml') &&
			buf.subarray(0, 2).toString() === 'PK', 'version 1 downloads as .xlsx');
		const path = join(process.env.ZF_TMP, 'list.xlsx');
		writeFileSync(path, buf);
		const strings = execFileSync('python3', ['-c',
			'import zipfile,sys; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read("xl/sharedStrings.xml").decode())',
			path], { encoding: 'utf8' });
		ok(strings.includes('不动产登记费&lt;script&gt;') && strings.includes('工本费') && !strings.includes('（调整）'),
			'the workbook opens and holds version 1\'s items');
		await p.goto(`${base}/lists`);
		ok((await p.textContent('body')).includes('行政事业性收费目录清单'), 'the list is on /lists');
		ok(dialogs.length === 0, 'no script ran (no dialog)', dialogs.join('\n'));
	} finally {
		await browser.close();
	}
}

main().catch((e) => {
	console.log(`not ok - the walk failed: ${e.message.split('\n')[0]}`);
	process.exit(1);
});
