// consult.mjs: 意见征集 and 在线访谈 end to end, in real Chromium.
// 1. A clerk of 住建局 (3) drafts a consultation and opens it; it is listed as open with its
//    days left. A visitor (JavaScript off) comments twice; the comments are not public until
//    the clerk publishes them, then they show with the phone number and the name masked.
// 2. The clerk closes it: a later comment is refused (409, a clear message, nothing stored);
//    the 采纳情况 is refused while comments are pending; each comment is judged; the comments
//    download as .xlsx with their contacts; the 采纳情况 is published and the public page and
//    list show its counts, equal to the comments in the database.
// 3. A clerk of the government (1) announces an interview with a guest; a visitor sends a
//    question; it shows publicly only once approved, with its answer; the interview is held,
//    its publication refused without a transcript, and the transcript published.
// Prints TAP points without numbers. Env: ZF_URL, ZF_DB (an SQLite file or a PostgreSQL URI).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;

const CLERK = { login: 'kclerk', password: 'Kc-clerk-2026' };
const GOV = { login: 'kgov', password: 'Kc-gov-2026' };

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
		path: join(artifacts, `consult-${String(shot).padStart(2, '0')}-${name}.png`),
		fullPage: true,
	});
}

function sql(q) {
	return execFileSync(join(here, 'sql'), [db, q], { encoding: 'utf8' }).trim();
}

function chinaDay(offset = 0) {
	return new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
}

async function axe(page) {
	const v = await page.evaluate(`${axeSource}
		axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] } })
			.then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
				nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) })))`);
	return v.filter((x) => x.impact === 'serious' || x.impact === 'critical')
		.map((x) => `${x.impact} ${x.id}: ${x.help} at ${x.nodes.join(', ')}`).join('\n');
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

async function act(page, action) {
	await Promise.all([page.waitForNavigation(),
		page.click(`form:has(input[name=action][value="${action}"]) button[type=submit]`)]);
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	const tmp = mkdtempSync(join(tmpdir(), 'zf-consult-'));
	try {
		// ---- 1. a consultation opens and collects comments
		const clerk = await newUser(browser, CLERK);
		const c = clerk.page;
		await c.goto(`${base}/console/hdjl/consultations`);
		ok((await c.textContent('main')).includes('既有住宅加装电梯'), 'the console lists the demo consultation of 住建局');
		const title = '关于《示例区物业服务管理办法（征求意见稿）》公开征求意见';
		await c.selectOption('#k-agency', '3');
		await c.fill('#k-title', title);
		await c.fill('#k-opens', chinaDay());
		await c.fill('#k-closes', chinaDay(7));
		await c.fill('#k-draft', '第一条　为规范物业服务活动……\n第二条　本办法适用于本区物业服务。');
		await c.fill('#k-explain', '一、起草背景\n二、主要内容');
		await Promise.all([c.waitForNavigation(), c.click('form[action="/console/hdjl/consultations"] button[type=submit]')]);
		const m = c.url().match(/\/console\/hdjl\/consultations\/(\d+)\?done=added/);
		ok(m !== null, 'the clerk saves a draft consultation', c.url());
		const id = m ? m[1] : '0';
		const pub = await newUser(browser, null, false);
		const v = pub.page;
		let r = await v.goto(`${base}/hdjl/consultations/${id}`);
		ok(r.status() === 404, 'a draft is not public (404)', r.status());
		await act(c, 'open');
		ok((await c.textContent('#status')).includes('征集中'), 'the clerk opens it');
		await v.goto(`${base}/hdjl/consultations`);
		const live = await v.textContent('main');
		ok(live.indexOf(title) > 0 && live.indexOf(title) < live.indexOf('往期征集'), 'the public list shows it among the open ones');
		ok(live.includes('剩余 8 天'), 'with its days left (8, the closing day included)');
		await v.click(`a[href="/hdjl/consultations/${id}"]`);
		ok((await v.textContent('main')).includes('第二条　本办法适用于本区物业服务。'), 'the draft is shown');
		await v.fill('#c-name', '李四');
		await v.fill('#c-contact', 'lisi@example.com');
		await v.fill('#c-body', '建议明确物业费调价程序。如有疑问请拨打13812345678。');
		await Promise.all([v.waitForNavigation(), v.click('form[action^="/hdjl/consultations/"] button[type=submit]')]);
		ok(v.url().endsWith('?sent=1') && (await v.textContent('main')).includes('您的意见已提交'), 'a visitor comments (JavaScript off)');
		await v.fill('#c-body', '希望增加公共收益公示的要求。');
		await Promise.all([v.waitForNavigation(), v.click('form[action^="/hdjl/consultations/"] button[type=submit]')]);
		ok(sql(`SELECT count(*) FROM consultation_comments WHERE consultation_id = ${id}`) === '2', 'two comments stored');
		ok(await v.locator('#comments-title').count() === 0, 'comments are not public by default');
		await snap(v, 'public-open');
		await act(c, 'public');
		await v.goto(`${base}/hdjl/consultations/${id}`);
		const shown = await v.textContent('main');
		ok(shown.includes('138****5678') && !shown.includes('13812345678'), 'once published, the phone number in a comment is masked');
		ok(shown.includes('李*') && !shown.includes('李四') && !shown.includes('lisi@example.com'), 'the name is masked and the contact not shown');

		// ---- 2. closed, judged, 采纳情况 published
		await act(c, 'close');
		ok((await c.textContent('#status')).includes('已截止'), 'the clerk closes it');
		await v.goto(`${base}/hdjl/consultations/${id}`);
		ok((await v.textContent('main')).includes('本次意见征集已结束') && await v.locator('#c-body').count() === 0,
			'the public page says it is closed, without a form');
		await v.goto(`${base}/hdjl/interviews/2`); // an announced interview: a page with the visitor's token
		const vtok = await v.getAttribute('input[name=_csrf]', 'value');
		r = await pub.context.request.post(`${base}/hdjl/consultations/${id}`, { form: { _csrf: vtok, body: '迟到的意见' }, maxRedirects: 0 });
		ok(r.status() === 409 && (await r.text()).includes('本次意见征集已经结束，不再接收意见'), 'a comment after closing is refused with a clear message (409)', r.status());
		ok(sql(`SELECT count(*) FROM consultation_comments WHERE consultation_id = ${id}`) === '2', 'and nothing is stored');
		await c.goto(`${base}/console/hdjl/consultations/${id}`);
		await c.fill('#k-result', '采纳情况说明');
		await Promise.all([c.waitForNavigation(), c.click('form:has(input[name=action][value=result]) button[type=submit]')]);
		ok((await c.textContent('.alert.error')).includes('还有 2 条意见没有处理'), 'the 采纳情况 is refused while comments are pending');
		const cids = sql(`SELECT id FROM consultation_comments WHERE consultation_id = ${id} ORDER BY id`).split('\n');
		const judge = [['adopted', '已在第五条增加调价程序。'], ['rejected', '公共收益公示已由其他规定明确。']];
		for (let i = 0; i < 2; i++) {
			const f = `form[action="/console/hdjl/consultations/${id}/comments/${cids[i]}"]`;
			await c.selectOption(`${f} select[name=outcome]`, judge[i][0]);
			await c.fill(`${f} input[name=reason]`, judge[i][1]);
			await Promise.all([c.waitForNavigation(), c.click(`${f} button[type=submit]`)]);
		}
		ok(sql(`SELECT outcome FROM consultation_comments WHERE consultation_id = ${id} ORDER BY id`) === 'adopted\nrejected', 'each comment judged');
		r = await clerk.context.request.get(`${base}/console/hdjl/consultations/${id}/comments.xlsx`);
		const xlsx = await r.body();
		ok(r.status() === 200 && r.headers()['content-type'].includes('spreadsheetml') && xlsx.subarray(0, 2).toString() === 'PK',
			'the comments download as .xlsx', r.status());
		const file = join(tmp, 'comments.xlsx');
		writeFileSync(file, xlsx);
		const xml = execFileSync('unzip', ['-p', file], { encoding: 'utf8' });
		ok(xml.includes('13812345678') && xml.includes('lisi@example.com') && xml.includes('公共收益公示已由其他规定明确'),
			'the workbook holds each comment, its contact and its reason for the clerk');
		await c.goto(`${base}/console/hdjl/consultations/${id}`);
		await c.fill('#k-result', '本次征集共收到意见 2 条，采纳 1 条，未采纳 1 条。\n未采纳的意见已说明理由。');
		await Promise.all([c.waitForNavigation(), c.click('form:has(input[name=action][value=result]) button[type=submit]')]);
		ok((await c.textContent('#status')).includes('已反馈'), 'the 采纳情况 is published');
		await snap(c, 'console-result');
		await v.goto(`${base}/hdjl/consultations/${id}`);
		const res = await v.textContent('#result');
		const n = sql(`SELECT count(*), count(CASE WHEN outcome = 'adopted' THEN 1 END), count(CASE WHEN outcome = 'partial' THEN 1 END), count(CASE WHEN outcome = 'rejected' THEN 1 END) FROM consultation_comments WHERE consultation_id = ${id}`).split('|');
		ok(res.includes(`收到意见 ${n[0]} 条，采纳 ${n[1]} 条，部分采纳 ${n[2]} 条，未采纳 ${n[3]} 条`) && n[0] === '2',
			'the public page shows the 采纳情况 with counts equal to the comments in the database', res);
		ok((await v.textContent('main')).includes('公共收益公示已由其他规定明确'), 'and the reason given for a comment not adopted');
		await snap(v, 'public-result');
		await v.goto(`${base}/hdjl/consultations`);
		const past = await v.textContent('main');
		ok(past.indexOf(title) > past.indexOf('往期征集') && past.includes('采纳情况：收到意见 2 条，采纳 1 条'), 'the list shows it among the past ones with its 采纳情况');

		// ---- 3. an interview
		const gov = await newUser(browser, GOV);
		const g = gov.page;
		await g.goto(`${base}/console/hdjl/interviews`);
		const ititle = '解读《示例区物业服务管理办法》';
		await g.selectOption('#i-agency', '1');
		await g.fill('#i-title', ititle);
		await g.fill('#i-day', chinaDay(3));
		await g.fill('#i-time', '14:30');
		await g.fill('#i-ann', '本期访谈邀请区住房和城乡建设局负责人解读办法。');
		await Promise.all([g.waitForNavigation(), g.click('form[action="/console/hdjl/interviews"] button[type=submit]')]);
		const im = g.url().match(/\/console\/hdjl\/interviews\/(\d+)\?done=added/);
		ok(im !== null, 'a clerk of the government announces an interview', g.url());
		const iid = im ? im[1] : '0';
		await g.fill('#g-name', '郭某某');
		await g.fill('#g-title', '区住房和城乡建设局局长');
		await Promise.all([g.waitForNavigation(), g.click('form:has(input[name=action][value=guest_add]) button[type=submit]')]);
		await v.goto(`${base}/hdjl/interviews/${iid}`);
		const ann = await v.textContent('main');
		ok(ann.includes('郭某某　区住房和城乡建设局局长') && ann.includes('14:30'), 'the public page shows the guest and the time');
		await v.fill('#q-name', '周五');
		await v.fill('#q-body', '物业费多久可以调整一次？');
		await Promise.all([v.waitForNavigation(), v.click('form[action^="/hdjl/interviews/"] button[type=submit]')]);
		ok(v.url().endsWith('?sent=1'), 'a visitor sends a question (JavaScript off)');
		ok(!(await v.textContent('main')).includes('物业费多久可以调整一次'), 'the question is not public before it is approved');
		const qid = sql(`SELECT id FROM interview_questions WHERE interview_id = ${iid}`);
		const qf = `form[action="/console/hdjl/interviews/${iid}/questions/${qid}"]`;
		await g.goto(`${base}/console/hdjl/interviews/${iid}`);
		await g.selectOption(`${qf} select[name=state]`, 'approved');
		await g.check(`${qf} input[name=answered]`);
		await g.fill(`${qf} textarea[name=answer]`, '物业费调整须经业主大会同意。');
		await Promise.all([g.waitForNavigation(), g.click(`${qf} button[type=submit]`)]);
		await v.goto(`${base}/hdjl/interviews/${iid}`);
		let it = await v.textContent('main');
		ok(it.includes('物业费多久可以调整一次') && it.includes('物业费调整须经业主大会同意') && it.includes('周*'), 'once approved the question shows with its answer, the name masked');
		await act(g, 'live');
		await v.goto(`${base}/hdjl/interviews/${iid}`);
		ok(await v.locator('#q-body').count() === 0, 'once live, no more questions are taken');
		await act(g, 'finish');
		await act(g, 'publish');
		ok((await g.textContent('.alert.error')).includes('请先填写文字实录'), 'publishing without a transcript is refused');
		await g.fill('#i-transcript', '主持人：各位网友大家好。\n郭某某：大家好，今天介绍物业服务管理办法。');
		await act(g, 'transcript');
		await act(g, 'publish');
		ok((await g.textContent('#status')).includes('已公布实录'), 'the transcript is published');
		await v.goto(`${base}/hdjl/interviews/${iid}`);
		it = await v.textContent('#transcript');
		ok(it.includes('郭某某：大家好，今天介绍物业服务管理办法。') && await v.locator('#transcript strong', { hasText: '主持人：' }).count() === 1,
			'the public page shows the transcript, each speaker in bold');
		await snap(v, 'public-transcript');

		// accessibility of the new pages
		const a11y = await newUser(browser, null, true);
		for (const path of ['/hdjl/consultations', `/hdjl/consultations/${id}`, '/hdjl/consultations/2', '/hdjl/interviews', `/hdjl/interviews/${iid}`, '/hdjl/interviews/2']) {
			await a11y.page.goto(`${base}${path}`);
			const av = await axe(a11y.page);
			ok(av === '', `axe-core: no serious or critical violation on ${path}`, av);
		}
		for (const path of ['/console/hdjl/consultations', `/console/hdjl/consultations/${id}`, '/console/hdjl/consultations/2']) {
			await c.goto(`${base}${path}`);
			const av = await axe(c);
			ok(av === '', `axe-core: no serious or critical violation on ${path}`, av);
		}
		for (const path of ['/console/hdjl/interviews', '/console/hdjl/interviews/2']) {
			await g.goto(`${base}${path}`);
			const av = await axe(g);
			ok(av === '', `axe-core: no serious or critical violation on ${path}`, av);
		}
		ok(dialogs.length === 0, 'no dialog opened anywhere', dialogs.join('\n'));
		ok(problems.length === 0, 'no server error anywhere', problems.join('\n'));
	} finally {
		rmSync(tmp, { recursive: true, force: true });
		await browser.close();
	}
}

main().catch((e) => {
	console.log(`not ok - ${e.message.split('\n')[0]}`);
	console.error(e);
	process.exit(1);
});
