// assessment.mjs: 考核, 培训 and the quarterly 通报 in real Chromium, on the demo tree
// (示例区人民政府 1 is the 主管部门; 办公室 2 and 住房和城乡建设局 3 are below it).
// 1. The reviewer of 1 computes the current quarter's scores (their count equals the agencies
//    below 1), enters a manual item with script in its note (stored as typed, shown as text),
//    writes the 通报's lists, downloads the draft .docx and .xlsx (read back by
//    bulletin_check.py: figures equal direct SQL), issues it (第N期, the next number), cannot
//    issue it again (409), downloads the issued files (checked again).
// 2. Training recorded with JavaScript off (attendance rows), shown, exported as .xlsx.
// 3. The access matrix: viewer, clerk and administrator of 3 (a department), clerk of 1 (the
//    parent, not a reviewer), administrator of 1: what each may read and do; refusals 403/404
//    with the database unchanged.
// 4. Hostile input: oversize, invalid UTF-8, bad points, traversal, no CSRF token: refused with
//    one Chinese message, nothing stored.
// Prints TAP points without numbers. Env: ZF_URL, ZF_DB (an SQLite file or a PostgreSQL URI).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;
const work = mkdtempSync(join(tmpdir(), 'zf-assess-'));

const ADMIN = { login: 'asadmin', password: 'As-admin-2026' };
const REV = { login: 'asrev', password: 'As-review-2026' };
const CLERK = { login: 'asclerk', password: 'As-clerk-2026' };
const DVIEW = { login: 'asdview', password: 'As-dview-2026' };
const DCLERK = { login: 'asdclerk', password: 'As-dclerk-2026' };
const DADMIN = { login: 'asdadmin', password: 'As-dadmin-2026' };

const P1 = '<script>alert(1)</script>';

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
		path: join(artifacts, `assessment-${String(shot).padStart(2, '0')}-${name}.png`),
		fullPage: true,
	});
}

function sql(q) {
	return execFileSync(join(here, 'sql'), [db, q], { encoding: 'utf8' }).trim();
}

function snapshot() {
	return sql('SELECT * FROM assess_schemes ORDER BY id; SELECT * FROM assess_manual ORDER BY 1, 2, 3;' +
		' SELECT quarter, agency_id, total, place FROM assess_scores ORDER BY 1, 2;' +
		' SELECT * FROM assess_bulletin_notes ORDER BY 1, 2;' +
		' SELECT id, quarter, number, title FROM assess_bulletins ORDER BY id;' +
		' SELECT * FROM training_sessions ORDER BY id; SELECT * FROM training_attendance ORDER BY 1, 2;');
}

// the bulletin read back and checked against SQL by bulletin_check.py; its points relayed
function check(quarter, docx, xlsx, number, label) {
	const d = join(work, `${label}.docx`), x = join(work, `${label}.xlsx`);
	writeFileSync(d, docx);
	writeFileSync(x, xlsx);
	let out;
	try {
		out = execFileSync('python3', [join(here, 'bulletin_check.py'), db, '1', String(quarter), d, x,
			String(number)], { encoding: 'utf8' });
	} catch (e) {
		ok(false, `${label}: bulletin_check.py runs`, `${e.stdout || ''}${e.stderr || ''}`);
		return;
	}
	for (const line of out.split('\n')) {
		if (line.startsWith('ok - ')) console.log(`ok - ${label}: ${line.slice(5)}`);
		else if (line.startsWith('not ok - ')) console.log(`not ok - ${label}: ${line.slice(9)}`);
		else if (line) console.log(line);
	}
}

const dialogs = [];
const problems = [];
async function newUser(browser, who, js = true) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', javaScriptEnabled: js, acceptDownloads: true });
	const page = await context.newPage();
	page.on('dialog', (d) => { dialogs.push(`${who.login}: ${d.message()}`); d.dismiss(); });
	page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()}: ${r.url()}`); });
	await page.goto(`${base}/login`);
	await page.fill('#login', who.login);
	await page.fill('#password', who.password);
	await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
	return { context, page };
}

async function token(u, path) {
	await u.page.goto(`${base}${path}`);
	return u.page.getAttribute('input[name=_csrf]', 'value');
}

function today() {
	const d = new Date(Date.now() + 8 * 3600 * 1000); // Beijing
	return d.toISOString().slice(0, 10);
}
const [y, m] = today().split('-').map(Number);
const QUARTER = y * 10 + Math.floor((m - 1) / 3) + 1;
const QKEY = `${y}Q${QUARTER % 10}`;

mkdirSync(artifacts, { recursive: true });
const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	headless: true,
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
	// ---- 1. the 主管部门's reviewer
	const rev = await newUser(browser, REV);
	const p = rev.page;
	await p.goto(`${base}/console/oversight/assessment?quarter=${QKEY}`);
	ok(await p.isVisible('h1:has-text("考核得分和排名")'), 'the scores page opens for the reviewer of 1');
	await Promise.all([p.waitForNavigation(), p.click('form[action$="/compute"] button[type=submit]')]);
	// the agencies below 1 (every demo agency has 1 as its root), open
	const below = Number(sql('SELECT count(*) FROM agencies a WHERE a.parent_id IS NOT NULL AND NOT EXISTS' +
		' (SELECT 1 FROM agency_details d WHERE d.agency_id = a.id AND d.closed_on IS NOT NULL)'));
	const computed = Number(sql(`SELECT count(*) FROM assess_scores WHERE quarter = ${QUARTER} AND root_id = 1`));
	ok(await p.isVisible('.alert.ok:has-text("已计算本季度得分和排名")'), 'computed, said so',
		await p.textContent('main'));
	ok(computed > 0 && computed === below, `scores stored for every open agency below 1 (${computed} of ${below})`);
	const rowsShown = await p.locator('table.assess-scores tbody tr').count();
	ok(rowsShown === computed, `the table shows ${rowsShown} ranked agencies`);
	await snap(p, 'scores');

	await p.selectOption('#m-agency', '3');
	await p.selectOption('#m-code', 'leadership');
	await p.fill('#m-points', '3.5');
	await p.fill('#m-note', `培训缺勤${P1}`);
	await Promise.all([p.waitForNavigation(), p.click('form[action$="/manual"] button[type=submit]')]);
	ok(await p.isVisible('.alert.ok:has-text("已保存人工评分")'), 'a manual item saved');
	ok(sql(`SELECT points || '|' || note FROM assess_manual WHERE quarter = ${QUARTER} AND agency_id = 3 AND code = 'leadership'`) ===
		`35|培训缺勤${P1}`, 'stored as typed: 3.5 points, the note with its script');
	ok((await p.textContent('main')).includes(`培训缺勤${P1}`), 'the note is shown as text');
	const total3 = Number(sql(`SELECT total FROM assess_scores WHERE quarter = ${QUARTER} AND agency_id = 3`));
	const sum3 = Number(sql(`SELECT item_sum FROM assess_scores WHERE quarter = ${QUARTER} AND agency_id = 3`));
	ok(sum3 <= 1000 - 15, `the manual item took 1.5 points off 3's sum (${sum3})`);
	ok(total3 === 0 || total3 === sum3, 'the total is the sum or 0 when vetoed');

	await p.goto(`${base}/console/oversight/assessment/3?quarter=${QKEY}`);
	ok(await p.isVisible('td:has-text("组织领导和培训")'), 'one agency\'s score item by item');

	await p.goto(`${base}/console/oversight/bulletins?root=1&quarter=${QKEY}`);
	await p.fill('#b-interviews', '示例区人民政府办公室（留言办理不及时）');
	await p.fill('#b-criticised', `示例区住房和城乡建设局（逾期未答复）\n${P1}`);
	await Promise.all([p.waitForNavigation(), p.click('form[action$="/notes"] button[type=submit]')]);
	ok(await p.isVisible('.alert.ok:has-text("已保存通报内容")'), 'the 通报\'s lists saved');
	ok((await p.inputValue('#b-criticised')).includes(P1), 'the lists come back as typed');
	await snap(p, 'bulletin-draft');
	const dd = await rev.context.request.get(`${base}/console/oversight/bulletins/draft/docx?root=1&quarter=${QKEY}`);
	const dx = await rev.context.request.get(`${base}/console/oversight/bulletins/draft/xlsx?root=1&quarter=${QKEY}`);
	ok(dd.status() === 200 && dd.headers()['content-type'].includes('wordprocessingml'), 'the draft .docx downloads');
	ok(dx.status() === 200 && dx.headers()['content-type'].includes('spreadsheetml'), 'the draft .xlsx downloads');
	check(QUARTER, await dd.body(), await dx.body(), 0, 'draft');

	const nextNumber = Number(sql('SELECT coalesce(max(number), 0) + 1 FROM assess_bulletins WHERE root_id = 1'));
	await Promise.all([p.waitForNavigation(), p.click('form[action$="/issue"] button[type=submit]')]);
	ok(await p.isVisible('.alert.ok:has-text("通报已印发")'), 'issued, said so');
	ok(sql(`SELECT number FROM assess_bulletins WHERE root_id = 1 AND quarter = ${QUARTER}`) === String(nextNumber),
		`stored as 第${nextNumber}期`);
	ok(!(await p.isVisible('form[action$="/issue"]')) && (await p.textContent('main')).includes(`印发（第${nextNumber}期）`),
		'the issue button gives way to the issued number');
	const tok = await p.getAttribute('form[action$="/notes"] input[name=_csrf]', 'value');
	let r = await rev.context.request.post(`${base}/console/oversight/bulletins/issue`,
		{ form: { _csrf: tok, root: '1', quarter: QKEY }, maxRedirects: 0 });
	ok(r.status() === 409 && (await r.text()).includes('已经印发'), 'issuing the same quarter again: 409, 已经印发');
	const id = sql(`SELECT id FROM assess_bulletins WHERE root_id = 1 AND quarter = ${QUARTER}`);
	const [download] = await Promise.all([p.waitForEvent('download'),
		p.click(`a[href="/console/oversight/bulletins/${id}/docx"]`)]);
	ok(download.suggestedFilename().includes('通报') && download.suggestedFilename().endsWith('.docx'),
		`the issued .docx downloads as ${download.suggestedFilename()}`);
	const idocx = execFileSync('cat', [await download.path()]);
	const ix = await rev.context.request.get(`${base}/console/oversight/bulletins/${id}/xlsx`);
	check(QUARTER, idocx, await ix.body(), nextNumber, 'issued');
	await snap(p, 'bulletins');

	// ---- 2. training with JavaScript off
	const clerk = await newUser(browser, CLERK, false);
	const c = clerk.page;
	await c.goto(`${base}/console/oversight/training?quarter=${QKEY}`);
	await c.fill('#t-date', today());
	await c.fill('#t-title', `季度业务培训${P1}`);
	await c.selectOption('#t-org', '1');
	await c.fill('#t-hours', '2.5');
	await c.selectOption('select[name=att_agency_0]', '3');
	await c.fill('input[name=att_persons_0]', '4');
	await c.fill('input[name=att_names_0]', '甲某、乙某');
	await c.selectOption('select[name=att_agency_1]', '2');
	await c.fill('input[name=att_persons_1]', '1');
	await Promise.all([c.waitForNavigation(), c.click('form[action$="/training/new"] button[value=save]')]);
	ok(await c.isVisible('.alert.ok:has-text("已保存培训记录")'), 'training recorded without JavaScript');
	const sid = sql(`SELECT id FROM training_sessions WHERE title = '季度业务培训${P1}'`);
	ok(sql(`SELECT sum(persons) FROM training_attendance WHERE session_id = ${sid}`) === '5' &&
		sql(`SELECT hours FROM training_sessions WHERE id = ${sid}`) === '25', 'stored: 5 persons, 2.5 hours');
	ok((await c.textContent('main')).includes(`季度业务培训${P1}`), 'the title shown as text');
	const ex = await clerk.context.request.get(`${base}/console/oversight/training/export?quarter=${QKEY}`);
	ok(ex.status() === 200 && ex.headers()['content-type'].includes('spreadsheetml') && (await ex.body()).length > 1000,
		'the quarter\'s training exports as .xlsx');
	await snap(c, 'training');

	// ---- 3. the access matrix
	const before = snapshot();
	const dview = await newUser(browser, DVIEW);
	await dview.page.goto(`${base}/console/oversight/assessment?quarter=${QKEY}`);
	const dtext = await dview.page.textContent('main');
	ok(dtext.includes('本单位得分') && !(await dview.page.isVisible('form[action$="/compute"]')),
		'a viewer of 3 reads its own score, without the compute button');
	ok(!dtext.includes('示例区人民政府办公室'), 'and not the other agencies\' scores');
	r = await dview.context.request.get(`${base}/console/oversight/assessment/2?quarter=${QKEY}`);
	ok(r.status() === 404, 'viewer of 3: agency 2\'s score is 404');
	r = await dview.context.request.get(`${base}/console/oversight/assessment/3?quarter=${QKEY}`);
	ok(r.status() === 200, 'viewer of 3: its own score item by item');
	r = await dview.context.request.get(`${base}/console/oversight/bulletins/${id}/docx`);
	ok(r.status() === 200, 'viewer of 3: the issued 通报 of the 主管部门 downloads');
	r = await dview.context.request.get(`${base}/console/oversight/bulletins/draft/docx?root=1&quarter=${QKEY}`);
	ok(r.status() === 403, 'viewer of 3: the draft is 403 (role)');
	const vtok = await token(dview, '/console/oversight/assessment');
	r = await dview.context.request.post(`${base}/console/oversight/assessment/compute`,
		{ form: { _csrf: vtok, root: '1', quarter: QKEY }, maxRedirects: 0 });
	ok(r.status() === 403, 'viewer of 3: compute is 403 (role)');

	const dclerk = await newUser(browser, DCLERK);
	const dtok = await token(dclerk, `/console/oversight/training?quarter=${QKEY}`);
	const forged = [
		['/console/oversight/assessment/compute', { root: '1', quarter: QKEY }, 404, 'compute for 1'],
		['/console/oversight/assessment/compute', { root: '3', quarter: QKEY }, 404, 'compute for itself (no subordinates)'],
		['/console/oversight/assessment/manual', { root: '1', agency: '3', quarter: QKEY, code: 'leadership', points: '5' }, 404, 'score itself'],
		['/console/oversight/assessment/manual', { root: '1', agency: '2', quarter: QKEY, code: 'leadership', points: '5' }, 404, 'score agency 2'],
		['/console/oversight/bulletins/notes', { root: '1', quarter: QKEY, criticised: 'x' }, 404, 'write 1\'s 通报'],
		['/console/oversight/bulletins/issue', { root: '1', quarter: QKEY }, 403, 'issue (role)'],
		['/console/oversight/assessment/scheme', { text: 'x' }, 403, 'save the scheme (role)'],
		[`/console/oversight/training/${sid}`, { action: 'delete' }, 404, 'delete 1\'s training'],
		['/console/oversight/training/new', { held_on: today(), title: 'x', organiser: '1', hours: '1' }, 400, 'record training as organised by 1'],
	];
	for (const [path, form, want, what] of forged) {
		r = await dclerk.context.request.post(`${base}${path}`, { form: { ...form, _csrf: dtok }, maxRedirects: 0 });
		ok(r.status() === want, `clerk of 3: ${what}: ${want}`, `got ${r.status()}`);
	}
	r = await dclerk.context.request.get(`${base}/console/oversight/bulletins/draft/xlsx?root=1&quarter=${QKEY}`);
	ok(r.status() === 404, 'clerk of 3: 1\'s draft is 404');
	r = await dclerk.context.request.get(`${base}/console/oversight/training/${sid}`);
	ok(r.status() === 200 && !(await r.text()).includes('修改培训记录'), 'clerk of 3 reads a session it attended, without the edit form');

	const dadmin = await newUser(browser, DADMIN);
	const atok = await token(dadmin, '/console/oversight/assessment/scheme');
	r = await dadmin.context.request.post(`${base}/console/oversight/assessment/scheme`,
		{ form: { _csrf: atok, text: 'x\t名\tveto\tmsg_stale\t5\n' }, maxRedirects: 0 });
	ok(r.status() === 404, 'administrator of 3: the scheme is not his to change (404)');

	const pclerk = await newUser(browser, CLERK);
	const ptok = await token(pclerk, `/console/oversight/bulletins?quarter=${QKEY}`);
	r = await pclerk.context.request.post(`${base}/console/oversight/bulletins/issue`,
		{ form: { _csrf: ptok, root: '1', quarter: QKEY }, maxRedirects: 0 });
	ok(r.status() === 403, 'clerk of 1 (the parent): issuing needs a reviewer (403)');
	r = await pclerk.context.request.get(`${base}/console/oversight/assessment/3?quarter=${QKEY}`);
	ok(r.status() === 200, 'clerk of 1 reads the score of 3 below it');

	// ---- 4. hostile input, each refused with nothing stored
	const rtok = await token(rev, `/console/oversight/assessment?quarter=${QKEY}`);
	const hostile = [
		['/console/oversight/assessment/manual', { root: '1', agency: '3', quarter: QKEY, code: 'leadership', points: '3', note: '长'.repeat(201) }, 400, '评分说明不超过200个字', 'an oversize note'],
		['/console/oversight/assessment/manual', { root: '1', agency: '3', quarter: QKEY, code: 'leadership', points: '1e9' }, 400, '得分', 'points 1e9'],
		['/console/oversight/assessment/manual', { root: '1', agency: '3', quarter: QKEY, code: P1, points: '3' }, 400, '不是考核方案中的人工评分指标', 'script as the code'],
		['/console/oversight/assessment/manual', { root: '1', agency: '3', quarter: '2026Q9', code: 'leadership', points: '3' }, 400, '季度', 'a bad quarter'],
		['/console/oversight/assessment/manual', { root: '1', agency: '../../etc/passwd', quarter: QKEY, code: 'leadership', points: '3' }, 404, '', 'traversal as the agency'],
		['/console/oversight/bulletins/notes', { root: '1', quarter: QKEY, criticised: 'x'.repeat(4001) }, 400, '通报批评名单', 'an oversize list'],
		['/console/oversight/training/new', { held_on: today(), title: '长'.repeat(101), organiser: '1', hours: '1' }, 400, '培训名称', 'an oversize title'],
		['/console/oversight/training/new', { held_on: '2026-02-30', title: 'x', organiser: '1', hours: '1' }, 400, '培训日期', 'a bad date'],
	];
	for (const [path, form, want, text, what] of hostile) {
		r = await rev.context.request.post(`${base}${path}`, { form: { ...form, _csrf: rtok }, maxRedirects: 0 });
		const body = await r.text();
		ok(r.status() === want && body.includes(text) && !body.includes(`${P1}</`), `${what}: ${want}`, `got ${r.status()}`);
	}
	r = await rev.context.request.fetch(`${base}/console/oversight/assessment/manual`, {
		method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
		data: Buffer.concat([Buffer.from(`_csrf=${rtok}&root=1&agency=3&quarter=${QKEY}&code=leadership&points=3&note=`), Buffer.from('%FF%FE')]),
		maxRedirects: 0,
	});
	ok(r.status() === 400, 'invalid UTF-8 in a note: 400', `got ${r.status()}`);
	r = await rev.context.request.post(`${base}/console/oversight/assessment/manual`,
		{ form: { root: '1', agency: '3', quarter: QKEY, code: 'leadership', points: '3' }, maxRedirects: 0 });
	ok(r.status() === 403, 'no CSRF token: 403');
	for (const path of ['/console/oversight/bulletins/..%2F..%2Fetc%2Fpasswd/docx',
		'/console/oversight/bulletins/1/..%2Fdocx', `/console/oversight/bulletins/${id}/pdf`,
		'/console/oversight/training/99999999']) {
		r = await rev.context.request.get(`${base}${path}`);
		ok(r.status() === 404, `${path}: 404`, `got ${r.status()}`);
	}
	ok(snapshot() === before, 'the refused requests stored nothing');

	// the administrator of 1 edits the scheme: a bad text refused with its line, a good one saved
	const admin = await newUser(browser, ADMIN);
	await admin.page.goto(`${base}/console/oversight/assessment/scheme`);
	const text = await admin.page.inputValue('#s-text');
	await admin.page.fill('#s-text', `${text}bad\t坏\tveto\treq_on_time\t5\n`);
	await Promise.all([admin.page.waitForNavigation(), admin.page.click('form[action$="/scheme"] button[type=submit]')]);
	ok((await admin.page.textContent('.alert.error')).includes('按项扣分或单项否决，数据项须为计数'), 'a bad scheme refused with its reason');
	ok(snapshot() === before, 'and nothing stored');
	await admin.page.fill('#s-text', text.replace(/^方案\t.*$/m, '方案\t示例区2027年政务公开考核方案'));
	await Promise.all([admin.page.waitForNavigation(), admin.page.click('form[action$="/scheme"] button[type=submit]')]);
	ok(await admin.page.isVisible('h2:has-text("示例区2027年政务公开考核方案")'), 'a new version of the scheme saved and in force');
	await snap(admin.page, 'scheme');

	ok(dialogs.length === 0, 'no script ran (no dialogs)', dialogs.join('\n'));
	ok(problems.length === 0, 'no 5xx answer', problems.join('\n'));
} finally {
	await browser.close();
	rmSync(work, { recursive: true, force: true });
}
