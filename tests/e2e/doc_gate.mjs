// doc_gate.mjs: the check of a draft before 保密审查 (发布前检查) in real Chromium, with
// JavaScript off for the clerk (the pages need none): a draft with the misspelt leader name
// 习进平 is stopped on submission with the word marked in its context, the severity in
// Chinese and the fix; the clerk goes back to the form, writes 习近平 and submits: it goes on
// to review and the reviewer sees it there. A second draft quotes the wrong name on purpose:
// an override without a reason is refused, with a reason it passes; the override shows on
// the document's page. axe-core checks the stop page. Screenshots go to
// tests/e2e/artifacts/gate-*.png. Prints TAP points without numbers (doc_gate.sh numbers
// them). Env: ZF_URL.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const CLERK = { login: 'gateclerk', password: 'Gate-clerk-2026' };
const REVIEWER = { login: 'gaterev', password: 'Gate-review-2026' };
const TITLE1 = '关于深入学习贯彻习进平总书记重要讲话精神的通知';
const BODY1 = '各街道办事处、区政府各部门：\n为深入学习贯彻习进平总书记重要讲话精神，现就有关事项通知如下。';
const TITLE2 = '关于网站错误表述整改情况的报告';
const BODY2 = '经自查，我区网站曾将党和国家领导人姓名误写为“习进平”，现已全部更正。';
const REASON = '报告中引用的是已更正的错误写法，属如实说明';
const OTHER = { login: 'gateother', password: 'Gate-other-2026' }; // a clerk of another agency
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
	await page.screenshot({ path: join(artifacts, `gate-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
}

function watch(page, problems) {
	page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
	page.on('console', (m) => {
		if (m.type() === 'error' && !/status of 422/.test(m.text()))
			problems.push(`console on ${page.url()}: ${m.text().slice(0, 160)}`);
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

async function signIn(page, who) {
	await page.goto(`${base}/login`);
	await page.fill('#login', who.login);
	await page.fill('#password', who.password);
	await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
}

function chinaDay(offsetDays) {
	return new Date(Date.now() + 8 * 3600e3 + offsetDays * 86400e3).toISOString().slice(0, 10);
}

async function draft(page, title, body) {
	await page.goto(`${base}/console/docs/new`);
	await page.selectOption('#agency', '1');
	await page.fill('#title', title);
	await page.fill('#written_on', chinaDay(-1));
	await page.fill('#summary', '');
	await page.fill('#body', body);
	await Promise.all([page.waitForNavigation(), page.click('form.doc-form button[type=submit]')]);
	return page.url().replace(/\?.*$/, '');
}

async function submit(page) {
	const form = page.locator('form[data-action=submit]');
	await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
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
		const clerkCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', javaScriptEnabled: false });
		const clerk = await clerkCtx.newPage();
		watch(clerk, problems);
		await signIn(clerk, CLERK);

		// ---- 1. the misspelt leader name stops the submission
		const url1 = await draft(clerk, TITLE1, BODY1);
		ok(/\/console\/docs\/\d+$/.test(url1), `the draft is saved (${url1})`);
		await submit(clerk);
		const stop = clerk.locator('section.gate-stop');
		if (!ok(await stop.count() === 1, 'submitting it is stopped by 发布前检查',
			(await clerk.textContent('main')).slice(0, 400)))
			throw new Error('not stopped');
		ok((await clerk.textContent('.doc-state')).includes('草稿'), 'it stays a 草稿');
		const marks = await stop.locator('mark').allTextContents();
		ok(marks.length >= 2 && marks.every((m) => m === '习进平'), `the word is marked, in the title and the body (${marks.join(', ')})`);
		const firstHit = stop.locator('li.gate-hit').first();
		const context = await firstHit.locator('.gate-context').textContent();
		ok(context.includes('学习贯彻习进平总书记'), 'in its context', context);
		ok((await firstHit.textContent()).includes('单项否决'), 'the severity in Chinese: 单项否决');
		ok((await firstHit.locator('.gate-fix').textContent()).includes('习近平'), 'the fix: 习近平');
		ok((await stop.textContent()).includes('未提交保密审查'), 'the clerk is told it was not submitted');
		await snap(clerk, 'stopped');
		// the clerk's context runs no script: axe runs on a copy of the page, same origin
		const jsPage = await browser.newPage();
		await jsPage.goto(`${base}/healthz`);
		await jsPage.setContent(await clerk.content(), { waitUntil: 'load' });
		const violations = await axe(jsPage);
		ok(violations.length === 0, 'the stop page passes axe-core (serious, critical)',
			violations.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.join(', ')}`).join('\n'));
		await jsPage.close();

		// ---- 2. 修改: fixed and submitted, it goes on to review
		await Promise.all([clerk.waitForNavigation(), stop.locator('a', { hasText: '修改草稿' }).click()]);
		ok(/\/edit$/.test(clerk.url()), '修改 leads to the edit form');
		await clerk.fill('#title', TITLE1.replace('习进平', '习近平'));
		await clerk.fill('#body', BODY1.replace('习进平', '习近平'));
		await Promise.all([clerk.waitForNavigation(), clerk.click('form.doc-form button[type=submit]')]);
		await submit(clerk);
		ok((await clerk.textContent('.doc-state')).includes('待审查') &&
			(await clerk.textContent('.alert.ok')).includes('已提交保密审查'), 'fixed to 习近平, it is submitted: 待审查');
		const last = clerk.locator('section.gate-last');
		ok(await last.count() === 1 && (await last.textContent()).includes('通过'), 'the page shows the last check: 通过',
			await last.count() ? await last.textContent() : 'none');
		await snap(clerk, 'submitted');

		// ---- 3. a draft that quotes the wrong name: overridden with a reason
		const url2 = await draft(clerk, TITLE2, BODY2);
		await submit(clerk);
		ok(await clerk.locator('section.gate-stop mark', { hasText: '习进平' }).count() === 1, 'the second draft is stopped too');
		await Promise.all([clerk.waitForNavigation(), clerk.click('form.gate-override button[type=submit]')]);
		ok(await clerk.locator('section.gate-stop').count() === 1 &&
			(await clerk.textContent('main')).includes('请写明放行理由'), 'an override without a reason is refused');
		await clerk.fill('#reason_0', REASON);
		await snap(clerk, 'override');
		await Promise.all([clerk.waitForNavigation(), clerk.click('form.gate-override button[type=submit]')]);
		ok((await clerk.textContent('.doc-state')).includes('待审查'), 'with the reason it passes: 待审查',
			(await clerk.textContent('main')).slice(0, 300));
		const overrides = clerk.locator('table.gate-overrides');
		ok(await overrides.count() === 1 && (await overrides.textContent()).includes(REASON) &&
			(await overrides.textContent()).includes('习进平') && (await overrides.textContent()).includes('王经办'),
			'the override is shown on the document page: the word, the reason, who');
		ok((await clerk.locator('section.gate-last li.overridden').textContent()).includes(REASON),
			'the last check shows the hit as let through with its reason');
		await snap(clerk, 'overridden');

		// ---- 4. hostile input: the override form without its token, from another agency, with
		// a hit the check did not find, and markup in the reason and the text
		const id2 = url2.split('/').pop();
		const url3 = await draft(clerk, `习进平${P1}`, `${P2}习进平${P1}`);
		const id3 = url3.split('/').pop();
		const noToken = await clerkCtx.request.post(`${base}/console/docs/${id3}/action`,
			{ form: { action: 'override', rule_0: 'wording.x', snippet_0: '习进平', reason_all: '伪造' }, maxRedirects: 0 });
		ok(noToken.status() === 403, 'the override form without its token: 403', noToken.status());
		await clerk.goto(url3);
		const tok = await clerk.getAttribute('input[name=_csrf]', 'value');
		const forged = await clerkCtx.request.post(`${base}/console/docs/${id3}/action`,
			{ form: { _csrf: tok, action: 'override', rule_0: 'wording.forged', snippet_0: '不存在', reason_all: '伪造' }, maxRedirects: 0 });
		ok(forged.status() === 422 && (await forged.text()).includes('发布前检查未通过'),
			'an override of a hit the check did not find records nothing and stays stopped', forged.status());
		const dialogs = [];
		clerk.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
		await clerk.goto(url3);
		await submit(clerk);
		await clerk.fill('#reason_all', `${P1}${P2}`);
		await Promise.all([clerk.waitForNavigation(), clerk.click('form.gate-override button[type=submit]')]);
		const page3 = await clerk.textContent('section.gate-last');
		ok(page3.includes(P1) && page3.includes(P2) && await clerk.locator('section.gate-last script, section.gate-last img').count() === 0 &&
			dialogs.length === 0, 'markup in the text and the reason comes back as text');
		const otherCtx = await browser.newContext({ locale: 'zh-CN' });
		const other = await otherCtx.newPage();
		await signIn(other, OTHER);
		const seen = await other.goto(`${base}/console/docs/${id2}`);
		ok(seen.status() === 404, "a clerk of another agency gets 404 for the document", seen.status());
		await other.goto(`${base}/console/docs`);
		const otherTok = await other.getAttribute('input[name=_csrf]', 'value');
		const cross = await otherCtx.request.post(`${base}/console/docs/${id2}/action`,
			{ form: { _csrf: otherTok, action: 'override', rule_0: 'wording.leader-name-1', snippet_0: '习进平', reason_all: '伪造' }, maxRedirects: 0 });
		ok(otherTok && cross.status() === 404, "and its forged override (valid token of its own): 404", cross.status());
		await otherCtx.close();

		// ---- 5. the reviewer sees both in review
		const revCtx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
		const rev = await revCtx.newPage();
		watch(rev, problems);
		await signIn(rev, REVIEWER);
		await rev.goto(`${base}/console/docs?tab=review`);
		ok(await rev.locator('table.queue tr', { hasText: '习近平总书记重要讲话' }).count() === 1,
			'the reviewer finds the fixed draft under 待审查');
		ok(await rev.locator('table.queue tr', { hasText: '网站错误表述整改' }).count() === 1,
			'and the overridden one');
		await rev.goto(url2);
		ok((await rev.textContent('section.gate-last')).includes(REASON), 'the reviewer sees the override and its reason');
		await snap(rev, 'reviewer');
	} finally {
		await browser.close();
	}
	ok(problems.length === 0, 'no page errors, console errors or 5xx', problems.join('\n'));
}

main().catch((e) => {
	console.log(`not ok - the walk ran to its end\n#   ${String(e.stack || e).split('\n').join('\n#   ')}`);
	process.exit(1);
});
