// cluster.mjs: the walk of tests/e2e/cluster.sh, in real Chromium, through nginx in front of
// two zfxxgk servers on one PostgreSQL. Every answer carries X-Upstream (the server nginx
// chose); the points check that both servers served the citizen and the clerk, that the
// clerk stays signed in and her forms stay valid whichever server answers, and that 50
// replies posted at once through both servers take distinct, consecutive letter numbers.
// Prints TAP points without numbers (the .sh numbers them). Env: ZF_URL, ZF_CLERK_PASSWORD,
// ZF_PORTS ("portA portB").
import { chromium } from 'playwright-core';

const base = process.env.ZF_URL;
const ports = (process.env.ZF_PORTS || '').split(' ').filter(Boolean);

function ok(cond, desc, diag) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${desc}`);
	if (!cond && diag !== undefined)
		console.log(String(diag).split('\n').map((l) => `#   ${l}`).join('\n'));
	return cond;
}

// Records which server answered each document request of a page.
function track(page, seen) {
	page.on('response', (r) => {
		if (r.request().resourceType() !== 'document') return;
		const up = r.headers()['x-upstream'];
		if (up) seen.push(up.split(':').pop());
	});
}

// The request pages of the open requests of agency 1 whose row holds text, over every page
// of the queue (50 rows a page, by due date).
async function queueLinks(page, text) {
	const links = [];
	for (let p = 1; p <= 40; p++) {
		await page.goto(`${base}/console/requests?agency=1&state=open&page=${p}`);
		const rows = await page.$$eval('table.queue tr', (trs, t) => trs
			.filter((tr) => tr.textContent.includes(t) && tr.querySelector('a'))
			.map((tr) => tr.querySelector('a').getAttribute('href').replace(/[?#].*$/, '')), text);
		links.push(...rows);
		if (await page.locator('table.queue tr').count() <= 1) break;
	}
	return [...new Set(links)];
}

const both = (seen) => ports.every((p) => seen.includes(p));

const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium', headless: true,
	args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
	// ---- a citizen applies through nginx
	const citizen = await browser.newContext({ locale: 'zh-CN' });
	const cp = await citizen.newPage();
	const citizenSeen = [];
	track(cp, citizenSeen);
	// a few visits first, so that the form and its POST land on different servers at times
	for (const p of ['/', '/guide', '/apply']) await cp.goto(`${base}${p}`);
	await cp.check('input[name=applicant_kind][value=person]');
	await cp.fill('#f-name', '司马集群');
	await cp.fill('#f-id_no', '11010519491231002X');
	await cp.fill('#f-phone', '13812345678');
	await cp.selectOption('#f-agency', '1');
	await cp.fill('#f-description', '请公开示例区2026年集群部署测试项目的批复文件。');
	await cp.check('input[name=form][value=electronic]');
	await cp.check('input[name=delivery][value=email]');
	await cp.fill('#f-email', 'sima@example.com');
	await cp.check('#f-confirm');
	await Promise.all([cp.waitForNavigation(), cp.click('form.apply-form button[type=submit]')]);
	ok(cp.url().endsWith('/apply/receipt'), 'the citizen applies through nginx and gets the receipt',
		`${cp.url()} ${(await cp.textContent('main')).slice(0, 300)}`);
	const receipt = await cp.textContent('main');
	const m = receipt.match(/[2-9A-HJKMNP-Z]{4}[- ]?[2-9A-HJKMNP-Z]{4}[- ]?[2-9A-HJKMNP-Z]{4}/);
	ok(m, 'with a query code');
	const code = m ? m[0].replace(/[- ]/g, '') : '';

	// ---- the clerk signs in through nginx and works the request
	const staff = await browser.newContext({ locale: 'zh-CN' });
	const page = await staff.newPage();
	const clerkSeen = [];
	track(page, clerkSeen);
	await page.goto(`${base}/login`);
	await page.fill('#login', 'clerk');
	await page.fill('#password', process.env.ZF_CLERK_PASSWORD);
	await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
	ok(page.url().endsWith('/console'), 'the clerk signs in through nginx', page.url());
	let signedOut = 0;
	for (let i = 0; i < 6; i++) { // the session, made by one server, holds on both
		await page.goto(`${base}/console/requests`);
		if (page.url().includes('/login') || !(await page.content()).includes('退出')) signedOut++;
	}
	ok(signedOut === 0, 'six queue pages in a row: still signed in whichever server answers', signedOut);
	const mine = await queueLinks(page, '司马集群');
	ok(mine.length === 1, 'the queue lists the citizen\'s application', mine.join(' '));
	await page.goto(`${base}${mine[0]}`);
	ok((await page.textContent('#query-code')) === code, 'the clerk sees the same query code');
	// a supplement notice, then the reply: forms made by one server, posted to either
	const sup = page.locator('form[data-kind=supplement_requested]');
	if (await sup.count()) {
		await sup.locator('textarea[name=notice]').fill('请补充所需文件的年份。');
		await Promise.all([page.waitForNavigation(), sup.locator('button[type=submit]').click()]);
		ok((await page.textContent('#state')).includes('补正'), 'the supplement notice is recorded',
			await page.textContent('#state'));
		const rec = page.locator('form[data-kind=supplement_received]');
		await Promise.all([page.waitForNavigation(), rec.locator('button[type=submit]').click()]);
	}
	const reqUrl = page.url().replace(/\?.*$/, '');
	const reply = page.locator('form[data-kind=reply]');
	await reply.locator('select[name=decision]').selectOption('granted');
	await reply.locator('textarea[name=detail]').fill('现向您提供所申请的批复文件。');
	await Promise.all([page.waitForNavigation(), reply.locator('button[type=submit]').click()]);
	ok((await page.textContent('#letter-status')).includes('待签发'), 'the clerk drafts the reply');
	const draftUrl = page.url().replace(/\?.*$/, '');
	// the reviewer, served by either server too, signs it after the confirmation of the number
	const rev = await browser.newContext({ locale: 'zh-CN' });
	const rp = await rev.newPage();
	await rp.goto(`${base}/login`);
	await rp.fill('#login', 'reviewer');
	await rp.fill('#password', process.env.ZF_REVIEWER_PASSWORD);
	await Promise.all([rp.waitForNavigation(), rp.click('button[type=submit]')]);
	await rp.goto(`${draftUrl}/sign`);
	await Promise.all([rp.waitForNavigation(), rp.click('#confirm-sign')]);
	ok((await rp.textContent('#letter-status')).includes('已签发'), 'the reviewer signs the reply');
	const first = (await rp.textContent('#letter-number')).trim();
	ok(/^示政信复〔\d{4}〕第\d+号$/.test(first), `the letter has its number (${first})`);
	await page.goto(reqUrl);
	ok((await page.textContent('#state')).includes('已答复'), 'the signed reply closes the request');
	ok(both(citizenSeen), `the citizen was served by both servers (${[...new Set(citizenSeen)]})`);
	ok(both(clerkSeen), `the clerk was served by both servers (${[...new Set(clerkSeen)]})`);

	// the citizen looks it up: the query code made on one server works on the other
	await cp.goto(`${base}/query`);
	await cp.fill('#f-code', code);
	await cp.fill('#f-phone', '13812345678');
	await Promise.all([cp.waitForNavigation(), cp.click('form.query-form button[type=submit]')]);
	ok((await cp.textContent('main')).includes('已答复'), 'the citizen sees the reply on /query');

	// ---- 50 replies at once through nginx
	const links = await queueLinks(page, '集群测试申请');
	const targets = [...new Set(links)].slice(0, 50);
	ok(targets.length === 50, `50 open paper applications in the queue (${targets.length})`);
	const api = staff.request;
	const forms = await Promise.all(targets.map(async (href) => {
		const html = await (await api.get(`${base}${href}`)).text();
		const f = html.match(/<form[^>]*action="([^"]*)"[^>]*data-kind="reply"[^>]*>([\s\S]*?)<\/form>/) ||
			html.match(/<form[^>]*data-kind="reply"[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/);
		if (!f) return null;
		const fields = {};
		for (const tag of f[2].matchAll(/<input\b[^>]*>/g)) { // hidden fields and prefilled ones (the date)
			const name = tag[0].match(/\bname="([^"]+)"/), value = tag[0].match(/\bvalue="([^"]*)"/);
			if (name && value && !/type="(submit|checkbox|radio)"/.test(tag[0])) fields[name[1]] = value[1];
		}
		return { action: f[1].replace(/&amp;/g, '&'), fields };
	}));
	ok(forms.every(Boolean), 'each request page has its reply form');
	const replySeen = [];
	const failures = [];
	// 50 drafts at once (no number is taken by a draft) ...
	const drafts = await Promise.all(forms.filter(Boolean).map(async (f) => {
		const r = await api.post(`${base}${f.action}`, {
			form: { ...f.fields, decision: 'granted', detail: '现向您提供所申请的文件。' },
		});
		const up = r.headers()['x-upstream'];
		if (up) replySeen.push(up.split(':').pop());
		const m = r.url().match(/\/console\/letters\/(\d+)/);
		if (!m) failures.push(`${r.status()} ${f.action} ${(await r.text()).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').slice(0, 300)}`);
		return m ? m[1] : null;
	}));
	ok(drafts.every(Boolean), '50 replies drafted at once', failures.slice(0, 2).join('\n'));
	// ... then 50 signings at once by the reviewer through both servers: each confirms the
	// number it was shown; one that another signing took meanwhile is refused and confirmed
	// again, so every number is taken once and none is lost
	const signSeen = [];
	let refusals = 0;
	const results = await Promise.all(drafts.filter(Boolean).map(async (id) => {
		for (let attempt = 0; attempt < 200; attempt++) {
			const html = await (await rev.request.get(`${base}/console/letters/${id}/sign`)).text();
			const form = html.match(/<form[^>]*action="([^"]*\/sign)"[^>]*>([\s\S]*?)<\/form>/);
			if (!form) break;
			const fields = {};
			for (const tag of form[2].matchAll(/<input\b[^>]*>/g)) {
				const name = tag[0].match(/\bname="([^"]+)"/), value = tag[0].match(/\bvalue="([^"]*)"/);
				if (name && value) fields[name[1]] = value[1];
			}
			const r = await rev.request.post(`${base}${form[1].replace(/&amp;/g, '&')}`, { form: fields });
			const up = r.headers()['x-upstream'];
			if (up) signSeen.push(up.split(':').pop());
			const body = await r.text();
			const no = body.match(/id="letter-number"[^>]*>\s*([^<]*?)\s*</);
			if (r.ok() && body.includes('已签发') && no && /第\d+号/.test(no[1])) return no[1];
			refusals++;
		}
		return null;
	}));
	ok(both(signSeen), `the signings went through both servers (${signSeen.filter((p) => p === ports[0]).length} + ${signSeen.filter((p) => p === ports[1]).length}; ${refusals} confirmations refused as taken meanwhile)`);
	const numbers = results.filter(Boolean).map((s) => Number(s.match(/第(\d+)号/)[1]));
	ok(numbers.length === 50, `50 replies signed (${numbers.length})`);
	const sorted = [...numbers].sort((a, b) => a - b);
	const distinct = new Set(numbers).size === numbers.length;
	ok(distinct, 'the 50 letter numbers are distinct', sorted.join(' '));
	ok(sorted.length === 50 && sorted[49] - sorted[0] === 49, `and consecutive (${sorted[0]}…${sorted[49]})`,
		sorted.join(' '));
	const firstNo = Number(first.match(/第(\d+)号/)[1]);
	ok(sorted[0] === firstNo + 1, `no gap after the clerk's letter (${firstNo} then ${sorted[0]})`);
	ok(both(replySeen), `the replies went through both servers (${replySeen.filter((p) => p === ports[0]).length} + ${replySeen.filter((p) => p === ports[1]).length})`);
} catch (e) {
	ok(false, 'the walk runs to the end', e.stack);
} finally {
	await browser.close();
}
