// public_portal.mjs: the public site as 国办发〔2017〕47号 expects it, in real Chromium.
// 1. The site's administrator (of the root agency 1) sets the footer items and the
//    党政机关网站标识 number on /console/site; every public page shows the site's name and the
//    root agency in the masthead, the badge linking to conac.cn's verification, the footer
//    items, 政府信息公开制度, 网站地图 and 联系我们; no version string, no link to JSON.
// 2. 政府信息公开制度: the default text; the administrator rewrites it (script typed in comes
//    back as text), resets it; CSRF, a clerk (403) and the administrator of another agency
//    (404) are refused and the database is unchanged.
// 3. 法定主动公开内容: the 15 items of 条例 Art. 20 with documents under each; 更多 opens the
//    catalogue filtered by the item, with as many documents as the database files there.
// 4. The home page lists the latest documents, 政策解读 and 通知公告, each with dates and 更多.
// 5. The catalogue: numbered pages (首页 上一页 1 2 … 下一页 尾页) and a jump, orders by
//    发布日期, 成文日期, 标题 (checked against the database), filters kept.
// 6. At 375 px, JavaScript off: no horizontal scroll, the filters folded behind 筛选, which
//    opens them. Screenshots at desktop and phone widths; axe-core on every page.
// Prints TAP points without numbers. Env: ZF_URL, ZF_DB (an SQLite file or a PostgreSQL URI).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const db = process.env.ZF_DB;

const ADMIN = { login: 'portaladmin', password: 'Portal-admin-2026' };
const CLERK = { login: 'portalclerk', password: 'Portal-clerk-2026' };
const ADMIN3 = { login: 'portaladmin3', password: 'Portal-admin3-2026' };

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
	await page.screenshot({
		path: join(artifacts, `portal-${String(shot).padStart(2, '0')}-${name}.png`),
		fullPage: true,
	});
}

function sql(q) {
	return execFileSync(join(here, 'sql'), [db, q], { encoding: 'utf8' }).trim();
}

function snapshot() {
	return sql('SELECT key, value FROM site_settings ORDER BY key; SELECT key, body, updated_by FROM site_texts ORDER BY key;' +
		" SELECT count(*) FROM audit_log WHERE action LIKE 'site.%';");
}

async function injected(page) {
	return page.evaluate(() => ({
		imgs: document.querySelectorAll('img[src="x"], img[onerror], [onerror]').length,
		inline: [...document.scripts].filter((s) => !s.src).length,
	}));
}

// Serious or critical accessibility violations of the page (axe-core; needs JavaScript).
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
async function newUser(browser, who, { js = true, width = 1280, height = 900 } = {}) {
	const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', javaScriptEnabled: js });
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

const SETTINGS = {
	site_name: '示例区政府信息公开专栏',
	host_org: '示例区人民政府办公室',
	operator_org: '示例区大数据发展中心',
	site_code: '9999000042',
	icp: '示ICP备20269999号',
	psb: '示公网安备 99010102009999号',
	psb_code: '99010102009999',
	conac_code: 'A1B2C3D4E5F60718293A4B5C6D7E8F90',
};

// The hrefs of the documents listed on a catalogue page, as ids.
async function listedIds(page) {
	return page.$$eval('ol.docs a[href^="/docs/"]', (as) => as.map((a) => Number(a.getAttribute('href').split('/')[2])));
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	try {
		// ---- 1. identity and footer, set through /console/site
		const adm = await newUser(browser, ADMIN);
		const p = adm.page;
		await p.goto(`${base}/console/site`);
		for (const [k, v] of Object.entries(SETTINGS))
			await p.fill(`#site-${k}`, v);
		await Promise.all([p.waitForNavigation(), p.click('form[action="/console/site"] button[type=submit]')]);
		ok((await p.textContent('.alert.ok')).includes('已保存'), 'the administrator saves the site settings with a 党政机关网站标识 number');
		ok(sql("SELECT value FROM site_settings WHERE key = 'conac_code'") === SETTINGS.conac_code, 'the number is stored');
		let before = snapshot();
		await p.fill('#site-conac_code', P2);
		await p.click('form[action="/console/site"] button[type=submit]');
		ok((await p.textContent('.alert.error')).includes('党政机关网站标识编号只能由字母和数字组成'),
			'a number with markup is refused in Chinese');
		ok((await injected(p)).imgs === 0, 'and the refused value comes back as text');
		ok(snapshot() === before, 'the database is unchanged');

		const pub = await newUser(browser, null, { js: false });
		const v = pub.page;
		for (const path of ['/', '/docs', '/guide', '/reports', '/rules', '/docs/statutory', '/sitemap']) {
			await v.goto(`${base}${path}`);
			const brand = await v.textContent('header.masthead');
			const badge = v.locator('header.masthead a.conac-badge');
			const foot = await v.textContent('footer.footer');
			const good = brand.includes(SETTINGS.site_name) && brand.includes('示例区人民政府') &&
				await badge.count() === 1 &&
				(await badge.getAttribute('href')) === `https://bszs.conac.cn/sitename?method=show&id=${SETTINGS.conac_code}` &&
				foot.includes(`主办单位：${SETTINGS.host_org}`) && foot.includes(`承办单位：${SETTINGS.operator_org}`) &&
				foot.includes(`网站标识码：${SETTINGS.site_code}`) && foot.includes(SETTINGS.icp) && foot.includes(SETTINGS.psb) &&
				foot.includes('党政机关网站标识') && foot.includes('网站地图') && foot.includes('联系我们') &&
				foot.includes('政府信息公开制度');
			ok(good, `${path}: masthead names the site and 示例区人民政府 with the badge; the footer has every item`, `${brand}\n${foot}`);
			const leaks = await v.evaluate(() => ({
				json: document.querySelectorAll('footer a[href*="json"], footer a[href="/healthz"]').length,
				version: /zfxxgk\s*\d+\.\d+/.test(document.querySelector('footer').textContent),
			}));
			ok(leaks.json === 0 && !leaks.version, `${path}: no JSON link and no version string in the footer`, JSON.stringify(leaks));
		}
		ok(await v.locator('footer a[href^="https://beian.miit.gov.cn/"]').count() === 1 &&
			await v.locator(`footer a[href="https://beian.mps.gov.cn/#/query/webSearch?code=${SETTINGS.psb_code}"]`).count() === 1,
			'the ICP and 公安 numbers link to their registers');

		// ---- 2. 政府信息公开制度
		await v.goto(`${base}/rules`);
		let rules = await v.textContent('main');
		ok(rules.includes('《中华人民共和国政府信息公开条例》') && rules.includes('国务院令第711号') &&
			await v.locator('main article h2').count() >= 5, 'the 制度 page shows the default: the 条例 and the agency\'s work rules, with headings');
		await v.goto(`${base}/sitemap`);
		ok(await v.locator('main a[href="/rules"]').count() === 1 && await v.locator('main a[href="/docs/statutory"]').count() === 1,
			'the site map links the 制度 page and the Art. 20 tree');
		await p.goto(`${base}/console/site`);
		await Promise.all([p.waitForNavigation(), p.click('a[href="/console/site/rules"]')]);
		ok((await p.inputValue('#rules-body')).includes('政府信息公开条例'), 'the console form starts from the default text');
		await snap(p, 'console-rules');
		let av = await axe(p);
		ok(av === '', 'axe-core: no serious or critical violation on /console/site/rules', av);
		const mine = `一、本机关的制度\n本机关依照《条例》办理政府信息公开。${P1}\n二、联系方式${P2}\n电话：000-8766 0000。`;
		await p.fill('#rules-body', mine);
		await Promise.all([p.waitForNavigation(), p.click('button[name=action][value=save]')]);
		ok((await p.textContent('.alert.ok')).includes('已保存'), 'the administrator saves a text of its own');
		ok((await injected(p)).imgs === 0 && (await p.textContent('main')).includes(P1), 'the console preview shows the script as text');
		ok(sql(`SELECT updated_by FROM site_texts WHERE key = 'disclosure_rules'`) === ADMIN.login &&
			sql(`SELECT count(*) FROM audit_log WHERE action = 'site.text' AND actor = '${ADMIN.login}'`) === '1',
			'stored with its author, and audited');
		await v.goto(`${base}/rules`);
		rules = await v.textContent('main');
		ok(rules.includes(P1) && rules.includes(P2) && (await injected(v)).imgs === 0 && (await injected(v)).inline === 0,
			'the public page shows the typed script as text');
		ok((await v.textContent('main article h2')) === '一、本机关的制度' && rules.includes('最近修订日期：') &&
			!/\d{4}-\d\d-\d\dT/.test(rules), 'its lines starting with 一、 are headings; the revision date is a Beijing date');
		await snap(v, 'rules');

		// refusals: CSRF, a clerk, another agency's administrator; a text too long
		const tok = await p.getAttribute('form[action="/console/site/rules"] input[name=_csrf]', 'value');
		before = snapshot();
		let r = await adm.context.request.post(`${base}/console/site/rules`, { form: { action: 'save', body: '篡改' }, maxRedirects: 0 });
		ok(r.status() === 403 && (await r.text()).includes('表单已失效'), 'POST /console/site/rules without its token: 403', r.status());
		r = await adm.context.request.post(`${base}/console/site/rules`, { form: { _csrf: 'a'.repeat(64), action: 'save', body: '篡改' }, maxRedirects: 0 });
		ok(r.status() === 403, 'with a wrong token: 403', r.status());
		r = await adm.context.request.post(`${base}/console/site/rules`, { form: { _csrf: tok, action: 'save', body: '长'.repeat(20001) }, maxRedirects: 0 });
		ok(r.status() === 422 && (await r.text()).includes('不能超过 20000 个字'), 'a text over 20000 characters is refused in Chinese (422)', r.status());
		const clerk = await newUser(browser, CLERK);
		r = await clerk.page.goto(`${base}/console/site/rules`);
		ok(r.status() === 403, 'a clerk of the root agency cannot open the form (403)', r.status());
		const ctok = await clerk.page.evaluate(() => document.querySelector('input[name=_csrf]')?.value);
		r = await clerk.context.request.post(`${base}/console/site/rules`, { form: { _csrf: ctok, action: 'save', body: '篡改' }, maxRedirects: 0 });
		ok(r.status() === 403, 'nor post it (403)', r.status());
		const a3 = await newUser(browser, ADMIN3);
		r = await a3.page.goto(`${base}/console/site/rules`);
		ok(r.status() === 404, 'the administrator of 住建局 (3) gets 404 for the site\'s text', r.status());
		await a3.page.goto(`${base}/console`);
		const a3tok = await a3.page.getAttribute('input[name=_csrf]', 'value');
		r = await a3.context.request.post(`${base}/console/site/rules`, { form: { _csrf: a3tok, action: 'save', body: '篡改' }, maxRedirects: 0 });
		ok(r.status() === 404, 'and 404 for a forged post with a valid token', r.status());
		ok(snapshot() === before, 'the database is unchanged after every refusal');
		await p.goto(`${base}/console/site/rules`);
		await Promise.all([p.waitForNavigation(), p.click('button[name=action][value=reset]')]);
		ok(sql(`SELECT count(*) FROM site_texts`) === '0', 'reset removes the text');
		await v.goto(`${base}/rules`);
		ok((await v.textContent('main')).includes('国务院令第711号'), 'and the public page shows the default again');

		// ---- 3. the Art. 20 tree with documents
		await v.goto(`${base}/docs/statutory`);
		ok(await v.locator('.statutory-item h2').count() === 15, 'the Art. 20 page lists the 15 items');
		ok((await v.textContent('#item-1')).includes('（一）法规文件'), 'numbered as in the statute, with the column names');
		const filed = (item) => sql(`SELECT count(DISTINCT d.id) FROM docs d JOIN doc_columns dc ON dc.doc_id = d.id JOIN columns c ON c.id = dc.column_id WHERE c.statutory_item = ${item} AND c.hidden = 0 AND d.state = 'published' AND d.id NOT IN (SELECT doc_id FROM doc_takedowns WHERE attachment_id IS NULL)`);
		const n1 = Number(filed(1));
		const items1 = await v.locator('.statutory-item:has(#item-1) ul.latest-docs li').count();
		ok(n1 > 0 && items1 === Math.min(5, n1), `item 一 shows its latest documents (${items1} of ${n1})`);
		ok(await v.locator('.statutory-item:has(#item-1) time').count() === items1, 'each with its date');
		await snap(v, 'statutory');
		await Promise.all([v.waitForNavigation(), v.click('.statutory-item:has(#item-1) .more a')]);
		ok(v.url().endsWith('/docs?item=1') && (await v.textContent('#list-title')) === `共 ${n1} 份文件`,
			'更多 opens the catalogue filtered by the item, with every document filed there', `${v.url()} ${await v.textContent('#list-title')}`);
		ok(await v.locator('.facet a[href*="item=1"][aria-current="true"]').count() === 1, 'the catalogue\'s facet 法定主动公开内容 marks the item');

		// ---- 4. the home page's lists
		await v.goto(`${base}/`);
		for (const [id, more] of [['latest-title', '/docs'], ['interp-title', '/docs?genre=%E6%94%BF%E7%AD%96%E8%A7%A3%E8%AF%BB'], ['notices-title', '/docs?column=notices']]) {
			const sec = v.locator(`section[aria-labelledby="${id}"]`);
			const n = await sec.locator('ul.latest-docs li').count();
			const dated = await sec.locator('ul.latest-docs li time').count();
			ok(n >= 3 && dated === n && await sec.locator(`a.more[href="${more}"]`).count() === 1,
				`home: ${await sec.locator('h2').evaluate((h) => h.firstChild.textContent)} lists ${n} documents with dates and a 更多 link`);
		}
		const interp = await v.$$eval('section[aria-labelledby="interp-title"] li a', (as) => as.map((a) => a.getAttribute('href')));
		const interpDb = sql(`SELECT id FROM docs WHERE state = 'published' AND genre = '政策解读' ORDER BY published_on DESC, id DESC LIMIT 6`).split('\n').map((x) => `/docs/${x}`);
		ok(JSON.stringify(interp) === JSON.stringify(interpDb), 'the 政策解读 list is the newest six of the database', `${interp}\n${interpDb}`);
		await snap(v, 'home');
		await Promise.all([v.waitForNavigation(), v.click('section[aria-labelledby="notices-title"] a.more')]);
		ok((await v.textContent('.filter-note')).includes('通知公告'), '通知公告 更多 opens the catalogue on that column');

		// ---- 5. pages and orders
		const total = Number(sql(`SELECT count(*) FROM docs WHERE state = 'published' AND id NOT IN (SELECT doc_id FROM doc_takedowns WHERE attachment_id IS NULL)`));
		const pages = Math.ceil(total / 20);
		await v.goto(`${base}/docs`);
		const pager = v.locator('nav.pager');
		ok(pages > 5 && (await pager.textContent()).includes('首页') && (await pager.textContent()).includes('尾页') &&
			await pager.locator('a[aria-label="第 2 页"]').count() === 1 && await pager.locator(`a[aria-label="第 ${pages} 页"]`).count() === 1 &&
			(await pager.locator('[aria-current="page"]').textContent()) === '1', `the pager on page 1 of ${pages}: 首页, numbers, 尾页`);
		await Promise.all([v.waitForNavigation(), pager.locator('a[aria-label="第 2 页"]').click()]);
		ok(new URL(v.url()).searchParams.get('page') === '2' && (await v.locator('nav.pager [aria-current="page"]').textContent()) === '2', 'a number opens its page');
		await Promise.all([v.waitForNavigation(), v.locator('nav.pager a', { hasText: '尾页' }).click()]);
		ok((await v.locator('nav.pager [aria-current="page"]').textContent()) === String(pages) &&
			await v.locator('ol.docs li').count() === total - (pages - 1) * 20, '尾页 opens the last page with the rest');
		await v.goto(`${base}/docs?item=1&sort=title`);
		const t1 = n1 > 20 ? 2 : 1;
		await v.fill('nav.pager input[name=page]', String(t1)).catch(() => {});
		if (n1 > 20) {
			await Promise.all([v.waitForNavigation(), v.click('nav.pager form button')]);
			const u = new URL(v.url()).searchParams;
			ok(u.get('page') === '2' && u.get('item') === '1' && u.get('sort') === 'title', 'the jump goes to the page typed, keeping filter and order', v.url());
		} else {
			ok(true, 'item 一 fits one page: no jump needed');
		}
		const orders = {
			'': 'ORDER BY published_on DESC, id DESC',
			written: 'ORDER BY written_on DESC, published_on DESC, id DESC',
			title: 'ORDER BY title, id DESC',
		};
		for (const [key, order] of Object.entries(orders)) {
			await v.goto(`${base}/docs?page=2${key ? `&sort=${key}` : ''}`);
			const got = await listedIds(v);
			const want = sql(`SELECT id FROM docs WHERE state = 'published' AND id NOT IN (SELECT doc_id FROM doc_takedowns WHERE attachment_id IS NULL) ${order} LIMIT 20 OFFSET 20`).split('\n').map(Number);
			ok(JSON.stringify(got) === JSON.stringify(want), `sorted by ${key || 'published'}: page 2 is the database's`, `${got}\n${want}`);
			ok((await v.textContent('.sort-bar [aria-current="true"]')) === { '': '发布日期', written: '成文日期', title: '标题' }[key],
				'the sort bar marks the order');
		}
		const titles = await v.$$eval('ol.docs .doc-title a', (as) => as.map((a) => a.textContent));
		const byCode = [...titles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
		ok(JSON.stringify(titles) === JSON.stringify(byCode), 'titles are in code point order on the page');
		await v.goto(`${base}/docs?sort=written&item=1`);
		ok(await v.locator('.sort-bar a[href="/docs?item=1&sort=title"]').count() === 1 ||
			await v.locator('.sort-bar a[href*="sort=title"][href*="item=1"]').count() === 1, 'the order links keep the filters');
		r = await v.goto(`${base}/docs?page=9999`);
		ok(r.status() === 200 && (await v.locator('nav.pager [aria-current="page"]').textContent()) === String(pages) &&
			await v.locator('ol.docs li').count() > 0, 'a page beyond the end shows the last page');
		await v.goto(`${base}/docs?page=2&sort=title`);
		await snap(v, 'docs-desktop');
		// axe on every page touched (JavaScript on)
		const ax = await newUser(browser, null);
		for (const path of ['/', '/docs', '/docs?page=3&sort=written', '/docs?item=1', '/docs?column=notices', '/docs/statutory', '/rules', '/sitemap', '/contact', '/search?q=%E9%80%9A%E7%9F%A5&page=2']) {
			await ax.page.goto(`${base}${path}`);
			av = await axe(ax.page);
			ok(av === '', `axe-core: no serious or critical violation on ${path}`, av);
		}

		// ---- 6. a phone: 375 px, JavaScript off
		const phone = await newUser(browser, null, { js: false, width: 375, height: 740 });
		const ph = phone.page;
		for (const path of ['/', '/docs', '/docs/statutory', '/rules', '/docs?page=4&sort=title']) {
			await ph.goto(`${base}${path}`);
			const sw = await ph.evaluate(() => document.documentElement.scrollWidth);
			ok(sw <= 375, `${path} at 375 px: no horizontal scroll (${sw} px)`);
		}
		await ph.goto(`${base}/docs`);
		ok(await ph.locator('label.filters-button').isVisible() && !(await ph.locator('aside.facets').isVisible()),
			'the filters fold behind 筛选 on a phone');
		await snap(ph, 'docs-phone-folded');
		await ph.click('label.filters-button');
		ok(await ph.locator('aside.facets').isVisible(), '筛选 opens them without JavaScript');
		await snap(ph, 'docs-phone-open');
		await ph.goto(`${base}/`);
		await snap(ph, 'home-phone');
		const deskp = await newUser(browser, null, { js: false });
		await deskp.page.goto(`${base}/docs`);
		ok(!(await deskp.page.locator('label.filters-button').isVisible()) && await deskp.page.locator('aside.facets').isVisible(),
			'on a desktop the filters show and 筛选 is not needed');
		const phoneAx = await newUser(browser, null, { width: 375, height: 740 });
		await phoneAx.page.goto(`${base}/docs`);
		await phoneAx.page.click('label.filters-button');
		av = await axe(phoneAx.page);
		ok(av === '', 'axe-core: no serious or critical violation on /docs at 375 px, filters open', av);
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
