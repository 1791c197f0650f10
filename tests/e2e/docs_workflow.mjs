// docs_workflow.mjs: the publishing workflow of issue #7 in real Chromium: a clerk drafts a
// 规范性文件 (with an attachment), the reviewer returns it with a reason, the clerk fixes it
// and submits again, the reviewer approves (索引号 assigned), the public finds it by search
// (with JavaScript off: the pages need none), the clerk repeals it, and the public page shows
// 废止. axe-core checks the public pages; screenshots go to tests/e2e/artifacts/docs-*.png.
// Prints TAP points without numbers (docs_workflow.sh numbers them). Env: ZF_URL, ZF_TMP.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const CLERK = { login: 'docclerk', password: 'Docs-clerk-2026' };
const REVIEWER = { login: 'docrev', password: 'Docs-review-2026' };
const TITLE = '示例区人民政府关于印发《示例区城市更新试点工作方案》的通知';
const DOC_NO_TYPED = '示政规[2026]77号';
const DOC_NO = '示政规〔2026〕77号';
const REASON = '内容概述未写明试点范围，请补充后再提交。';

function ok(cond, desc, diag) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${desc}`);
	if (!cond && diag !== undefined)
		console.log(String(diag).split('\n').map((l) => `#   ${l}`).join('\n'));
	return cond;
}

let shot = 0;
async function snap(page, name) {
	shot++;
	await page.screenshot({ path: join(artifacts, `docs-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
}

function watch(page, problems) {
	page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() === 'error') problems.push(`console on ${page.url()}: ${m.text().slice(0, 160)}`);
	});
	page.on('response', (r) => {
		if (r.status() >= 500) problems.push(`${r.status()}: ${r.url()}`);
	});
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

// Submits the action form of the document page (data-action=…).
async function act(page, action, fill) {
	const form = page.locator(`form[data-action=${action}]`);
	if (fill)
		await fill(form);
	await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
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
		// ---- 1. the clerk drafts
		const clerkCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
		const clerk = await clerkCtx.newPage();
		watch(clerk, problems);
		await signIn(clerk, CLERK);
		await clerk.goto(`${base}/console/docs`);
		ok((await clerk.textContent('h1')) === '主动公开', 'the clerk opens 主动公开 in the console');
		ok(await clerk.locator('text=待办事项').isVisible(), 'the working list comes first');
		await Promise.all([clerk.waitForNavigation(), clerk.click('text=起草新文件')]);
		await clerk.selectOption('#agency', '1');
		await clerk.fill('#title', TITLE);
		await clerk.fill('#doc_no', DOC_NO_TYPED);
		await clerk.fill('#written_on', chinaDay(-2));
		await clerk.selectOption('#topic', '10.02');
		await clerk.selectOption('#genre', '通知');
		await clerk.selectOption('#kind', 'normative');
		await clerk.fill('#summary', '印发城市更新试点工作方案。');
		await clerk.fill('#body', '各街道办事处：\n现将《示例区城市更新试点工作方案》印发给你们，请认真贯彻执行。\n一、试点范围\n老城区三个街道。');
		await clerk.fill('#valid_until', chinaDay(5 * 365));
		await snap(clerk, 'draft-form');
		await Promise.all([clerk.waitForNavigation(), clerk.click('form.doc-form button[type=submit]')]);
		const docUrl = clerk.url().replace(/\?.*$/, '');
		const docId = Number(docUrl.split('/').pop());
		if (!ok(docId > 0 && (await clerk.textContent('.alert.ok')).includes('已保存草稿'), `the draft is saved (${docUrl})`,
			(await clerk.textContent('main')).slice(0, 300)))
			throw new Error('the draft was not saved');
		ok((await clerk.textContent('.doc-state')).includes('草稿'), 'its state is 草稿');
		ok(/\d{4}-\d{2}-\d{2} 前发布（还剩 \d+ 个工作日）/.test(await clerk.textContent('.doc-state')),
			'the Art. 26 deadline is shown in working days', await clerk.textContent('.doc-state'));
		ok((await clerk.textContent('.doc-meta')).includes(DOC_NO), 'the 文号 typed with [] is stored as 〔〕');

		// an attachment, through the multipart form
		const pdf = join(process.env.ZF_TMP || '/tmp', '方案.pdf');
		writeFileSync(pdf, '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
		await clerk.setInputFiles('#file', pdf);
		await Promise.all([clerk.waitForNavigation(), clerk.click('form[enctype="multipart/form-data"] button[type=submit]')]);
		ok((await clerk.textContent('.alert.ok')).includes('已上传附件') &&
			await clerk.locator('ul.files a', { hasText: '方案.pdf' }).count() === 1, 'a PDF is attached');
		await act(clerk, 'submit');
		ok((await clerk.textContent('.doc-state')).includes('待审查'), 'submitted: 待审查');
		await snap(clerk, 'submitted');

		// ---- 2. the reviewer returns it
		const revCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
		const rev = await revCtx.newPage();
		watch(rev, problems);
		await signIn(rev, REVIEWER);
		await rev.goto(`${base}/console/docs?tab=review`);
		const row = rev.locator('table.queue tr', { hasText: '城市更新试点' });
		ok(await row.count() === 1, 'the reviewer finds it under 待审查');
		await Promise.all([rev.waitForNavigation(), row.locator('a').first().click()]);
		ok(await rev.locator('form[data-action=secrecy]').count() === 1, 'the reviewer may approve or return (保密审查)');
		await act(rev, 'secrecy', async (f) => {
			await f.locator('input[name=decision][value=return]').check();
			await f.locator('textarea[name=reason]').fill(REASON);
		});
		ok((await rev.textContent('.doc-state')).includes('草稿'), 'returned: back to 草稿');
		await snap(rev, 'returned');

		// ---- 3. the clerk sees why, fixes it, submits again
		await clerk.goto(docUrl);
		ok((await clerk.textContent('.return-reason')).includes(REASON), 'the clerk reads the reason');
		await Promise.all([clerk.waitForNavigation(), clerk.click('text=修改草稿')]);
		ok((await clerk.textContent('main')).includes(REASON), 'the reason is shown on the edit form too');
		await clerk.fill('#summary', '印发城市更新试点工作方案，试点范围为老城区三个街道。');
		await Promise.all([clerk.waitForNavigation(), clerk.click('form.doc-form button[type=submit]')]);
		ok((await clerk.textContent('.alert.ok')).includes('已保存修改'), 'the clerk saves the fix');
		await act(clerk, 'submit');
		ok((await clerk.textContent('.doc-state')).includes('待审查'), 'and submits again');

		// a clerk cannot approve: the form is not offered, and a forged post is refused
		ok(await clerk.locator('form[data-action=secrecy]').count() === 0, 'the clerk is not offered approval');
		const csrf = await clerk.getAttribute('form[data-action=withdraw] input[name=_csrf]', 'value');
		const forged = await clerk.request.post(`${docUrl}/action`, { form: { _csrf: csrf, action: 'approve' } });
		ok(forged.status() === 403, 'a clerk posting approve by hand is refused (403)', forged.status());

		// ---- 4. the reviewer approves
		await rev.goto(docUrl);
		await act(rev, 'secrecy', async (f) => {
			for (const box of await f.locator('input[type=checkbox]').all())
				await box.check();
		});
		ok((await rev.textContent('.alert.ok')).includes('审查通过'), 'approved: published');
		const meta = await rev.textContent('.doc-meta');
		const index = (meta.match(/索引号\s*(\S+\/\d{4}-\d{5})/) || [])[1];
		ok(index, `an 索引号 is assigned (${index})`, meta);
		await snap(rev, 'approved');
		const rv = await axe(rev);
		ok(rv.length === 0, 'axe-core: no serious or critical violation on the console page', describe(rv));
		await clerk.goto(`${base}/console/docs/new`);
		const fv = await axe(clerk);
		ok(fv.length === 0, 'axe-core: no serious or critical violation on the draft form', describe(fv));

		// ---- 5. the public finds it by search, JavaScript off
		const pubCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', javaScriptEnabled: false });
		const pub = await pubCtx.newPage();
		watch(pub, problems);
		await pub.goto(`${base}/search`);
		await pub.getByLabel('检索词').fill('城市更新');
		await Promise.all([pub.waitForNavigation(), pub.click('form.search-box button[type=submit]')]);
		ok(pub.url().includes('/search?q='), 'the search form is a plain GET form', pub.url());
		const first = pub.locator('ol.hits li').first();
		ok((await first.locator('.doc-title').textContent()) === TITLE, 'the new document is the first hit');
		ok((await first.locator('.doc-title mark').first().textContent()) === '城市更新', 'with the words marked');
		await snap(pub, 'search');
		await pub.goto(`${base}/search?q=${encodeURIComponent(DOC_NO)}`);
		ok((await pub.textContent('.list-head')).includes('按文号精确查找：找到 1 份文件'), 'the 文号 finds it exactly',
			await pub.textContent('.list-head'));
		await pub.goto(`${base}/search?q=${encodeURIComponent(index || 'x')}`);
		ok((await pub.textContent('.list-head')).includes('按索引号精确查找：找到 1 份文件'), 'so does the 索引号');
		await pub.goto(`${base}/search?q=${encodeURIComponent('税')}`);
		const oneChar = await pub.locator('ol.hits li').count();
		ok(oneChar > 0 && (await pub.locator('ol.hits mark').first().textContent()) === '税',
			`a one-character query finds documents (${oneChar} on the page)`);
		// axe-core needs JavaScript: a second reader, with it on, checks the same pages
		const jsCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
		const js = await jsCtx.newPage();
		watch(js, problems);
		const axeAt = async (path) => { await js.goto(`${base}${path}`); return axe(js); };
		await pub.goto(`${base}/search?q=${encodeURIComponent('城市更新')}`);
		const sv = await axeAt(`/search?q=${encodeURIComponent('城市更新')}`);
		ok(sv.length === 0, 'axe-core: no serious or critical violation on the search page', describe(sv));
		await Promise.all([pub.waitForNavigation(), pub.locator('ol.hits .doc-title a').first().click()]);
		ok((await pub.textContent('h1')) === TITLE, 'the document page opens');
		ok((await pub.textContent('.doc-meta')).includes('有效'), 'its metadata says 有效');
		const file = await pub.request.get(`${base}${await pub.getAttribute('.doc-files a', 'href')}`);
		ok(file.ok() && file.headers()['content-type'] === 'application/pdf', 'the attachment downloads as a PDF',
			`${file.status()} ${file.headers()['content-type']}`);
		const dv = await axeAt(`/docs/${docId}`);
		ok(dv.length === 0, 'axe-core: no serious or critical violation on the document page', describe(dv));
		await snap(pub, 'public-valid');

		// ---- 6. the clerk repeals it
		await clerk.goto(docUrl);
		await act(clerk, 'repeal', (f) => f.locator('textarea[name=reason]').fill('依据《示例区人民政府关于废止部分行政规范性文件的决定》废止'));
		ok((await clerk.textContent('.alert.ok')).includes('已宣布废止'), 'the clerk repeals it');
		await snap(clerk, 'repealed');

		// ---- 7. the page shows 废止
		await pub.goto(`${base}/docs/${docId}`);
		ok((await pub.textContent('.doc-invalid')).includes('本文件已废止'), 'the public page shows 本文件已废止');
		ok((await pub.textContent('.doc-meta')).includes('废止'), 'and 有效性 废止 in its metadata');
		await snap(pub, 'public-repealed');
		await pub.goto(`${base}/docs?validity=repealed`);
		ok(await pub.locator('ol.docs .doc-title', { hasText: '城市更新试点' }).count() === 1,
			'the catalogue lists it under 废止');
		const cv = await axeAt('/docs?validity=repealed');
		ok(cv.length === 0, 'axe-core: no serious or critical violation on the catalogue', describe(cv));
		await snap(pub, 'catalogue');

		// the feed and the sitemap name it
		const feed = await (await pub.request.get(`${base}/docs/feed`)).text();
		ok(feed.includes('城市更新试点') && feed.includes('【已废止】'), 'the Atom feed lists it as 已废止');
		const sitemap = await (await pub.request.get(`${base}/sitemap.xml`)).text();
		ok(sitemap.includes(`/docs/${docId}</loc>`), 'the sitemap lists its page');

		// a phone
		const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
		const ph = await phone.newPage();
		await ph.goto(`${base}/docs`);
		const overflow = await ph.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		ok(overflow <= 0, 'the catalogue fits a 390px-wide phone', `overflow ${overflow}px`);
		await snap(ph, 'phone');
		await phone.close();
		ok(problems.length === 0, 'no script error, CSP violation or server error', problems.join('\n'));
	} finally {
		await browser.close();
	}
}

main().catch((e) => {
	ok(false, 'browser test ran to the end', e && e.stack ? e.stack : e);
	process.exitCode = 1;
});
