// install_walk.mjs: from an empty database to a public site, in real Chromium (see
// install_walk.sh): /setup with the code; 示例县人民政府办公室 added by hand; the sheet imported
// (its root row refused, as this site has its own root with that 机构代码; 教育局 > 第一中学
// and 卫生健康局 in: three levels); the site settings; the public masthead, footer, 网站地图 and
// 联系我们; the root agency's guide written and seen on its page; a notice drafted, filed under
// the column 通知公告, reviewed and published, and listed there. Prints TAP points without numbers. Env: ZF_URL, ZF_DB, ZF_SETUP_CODE, ZF_SHEET.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const base = process.env.ZF_URL;
const ADMIN = { login: 'wangli', password: 'Wang-li-pass-2026' };

function ok(cond, desc, diag) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${desc}`);
	if (!cond && diag !== undefined)
		console.log(String(diag).split('\n').map((l) => `#   ${l}`).join('\n'));
	return cond;
}
let shot = 0;
async function snap(page, name) {
	shot++;
	await page.screenshot({ path: join(artifacts, `install-walk-${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
}
function sql(q) {
	return execFileSync(join(here, 'sql'), [process.env.ZF_DB, q], { encoding: 'utf8' }).trim();
}
async function submit(page, selector) {
	const [res] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
	return res;
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
	try {
		const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
		const page = await context.newPage();
		await page.goto(`${base}/setup`);
		await page.fill('#setup-code', process.env.ZF_SETUP_CODE);
		await page.fill('#setup-agency', '示例县人民政府');
		await page.fill('#setup-org_code', '113702009');
		await page.fill('#setup-site_name', '示例县人民政府信息公开');
		await page.fill('#setup-login', ADMIN.login);
		await page.fill('#setup-name', '王立');
		await page.fill('#setup-password', ADMIN.password);
		await page.fill('#setup-password2', ADMIN.password);
		await snap(page, 'setup');
		await submit(page, 'form[action="/setup"] button');
		ok(page.url().includes('/login'), 'setup done, on to sign-in', page.url());
		await page.fill('#login', ADMIN.login);
		await page.fill('#password', ADMIN.password);
		await submit(page, 'button[type=submit]');
		ok(page.url().includes('/console/agencies'), 'the administrator lands on 机构管理', page.url());

		// one agency by hand
		await page.fill('#na-name', '示例县人民政府办公室');
		await page.fill('#na-short', '示政办');
		await page.fill('#na-phone', '0000-1234567');
		await submit(page, 'form[action="/console/agencies"] button[type=submit]');
		ok(page.url().includes('done=add'), 'an agency added by hand');

		// the rest from the sheet
		await page.setInputFiles('#imp-file', process.env.ZF_SHEET);
		await submit(page, 'form[action="/console/agencies/import"] button');
		const alert = await page.textContent('.alert');
		ok(alert.includes('已导入 3 个机构') && alert.includes('1 行有误'), 'the sheet imports three agencies, one row refused', alert);
		const rows = await page.$$eval('table.import-report tbody tr', (t) => t.map((x) => x.innerText));
		ok(rows.length === 1 && rows[0].startsWith('2') && rows[0].includes('已被现有机构'), 'the refused row is the sheet\'s root, named by row number', rows.join(' / '));
		await snap(page, 'import');
		await page.goto(`${base}/console/agencies`);
		const names = await page.$$eval('table.agencies tbody tr td:first-child', (t) => t.map((x) => x.innerText.replace(/\u3000/g, '. ')));
		ok(names.some((x) => x.startsWith('. . 示例县第一中学')), 'a three-level tree (第一中学 under 教育局)', names.join(' | '));
		ok(names.length === 5, 'five agencies in all', names.length);
		ok(sql("SELECT d.unit_kind, v.name FROM agency_details d JOIN agencies a ON a.id = d.agency_id JOIN agencies v ON v.id = d.supervisor_id WHERE a.name = '示例县第一中学'") === 'public_unit|示例县教育局',
			'the school is a 公共企事业单位 under its 主管部门 (its parent)');
		ok((await page.textContent('main')).includes('网站设置'), 'the root administrator finds 网站设置 on the page');
		ok(sql("SELECT count(*) FROM doc_settings s JOIN agencies a ON a.id = s.agency_id WHERE a.name = '示例县卫生健康局' AND s.org_code = '113702017'") === '1',
			'an imported 机构代码 lets the agency publish (doc_settings)');
		await snap(page, 'tree');

		// the site settings
		await page.goto(`${base}/console/site`);
		await page.fill('#site-host_org', '示例县人民政府办公室');
		await page.fill('#site-operator_org', '示例县大数据中心');
		await page.fill('#site-site_code', '3707000001');
		await page.fill('#site-icp', '鲁ICP备05000001号');
		await page.fill('#site-psb', '鲁公网安备 37070202000001号');
		await page.fill('#site-psb_code', '37070202000001');
		await page.fill('#site-contact_phone', '0000-1234567');
		await page.fill('#site-contact_email', 'gk@example.gov.cn');
		await submit(page, 'form[action="/console/site"] button');
		ok(page.url().includes('done='), 'site settings saved');

		// the guide of the root agency: the draft the 条例 gives, with the agency's own particulars
		const rootId = sql("SELECT id FROM agencies WHERE parent_id IS NULL");
		await page.goto(`${base}/console/guide`);
		if (await page.locator('#g-agency').count() === 1) {
			await page.selectOption('#g-agency', rootId);
			await submit(page, 'form[method=get] button[type=submit]');
		}
		ok((await page.inputValue('#g-apply_body')).includes('示例县人民政府'), 'the guide draft names the agency');
		await page.fill('#g-office', '示例县人民政府办公室');
		await page.fill('#g-address', '示例县人民路 1 号');
		await page.fill('#g-phone', '0000-1234567');
		await page.fill('#g-extra', '本指南由示例县人民政府办公室负责解释。');
		await submit(page, 'form.guide-form button[value=save]');
		ok(sql(`SELECT count(*) FROM guide_revisions WHERE agency_id = ${rootId}`) === '1', 'the guide is saved as its first revision');
		await snap(page, 'guide');

		// a document drafted, filed under 通知公告, reviewed and published
		const notices = sql(`SELECT id FROM columns WHERE agency_id = ${rootId} AND code = 'notices'`);
		ok(Number(notices) > 0, 'the root agency was given its column tree (通知公告 among it)');
		const statutory = sql(`SELECT count(*) FROM columns WHERE agency_id = ${rootId} AND statutory_item > 0`);
		ok(statutory === '15', 'with the 15 items of 条例 Art. 20', statutory);
		await page.goto(`${base}/console/docs/new`);
		if (await page.locator('#agency').count() === 1)
			await page.selectOption('#agency', rootId);
		const title = '示例县人民政府关于启用政府信息公开平台的通知';
		await page.fill('#title', title);
		const d = new Date(Date.now() + 8 * 3600e3);
		const today = d.toISOString().slice(0, 10);
		await page.fill('#written_on', today);
		await page.check(`#col-${notices}`);
		await submit(page, 'form.doc-form button[type=submit]');
		const docUrl = page.url().replace(/\?.*$/, '');
		ok(/\/console\/docs\/\d+$/.test(docUrl), 'the draft is saved', docUrl);
		for (const action of ['submit', 'secrecy']) {
			const form = page.locator(`form[data-action=${action}]`);
			if (action === 'secrecy') // 保密审查: every point confirmed
				for (const box of await form.locator('input[type=checkbox]').all())
					await box.check();
			await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
		}
		ok((await page.textContent('.alert.ok')).includes('审查通过'), 'submitted for 保密审查 and approved: published', await page.textContent('main'));

		// the public site, as a visitor
		const v = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
		await v.goto(`${base}/agency/${rootId}`);
		const guide = await v.textContent('main');
		ok(guide.includes('示例县人民路 1 号') && guide.includes('本指南由示例县人民政府办公室负责解释。'), 'the public guide shows what was written');
		ok(guide.includes('最近修订日期'), 'with its revision date');
		ok(await v.locator('a[href$="/form.docx"]').count() >= 1 && await v.locator('svg').count() >= 1,
			'with the application form to download and the flowchart');
		await snap(v, 'public-guide');
		await v.goto(`${base}/column/${notices}`);
		const first = v.locator('table.column-docs tbody tr').first();
		ok((await first.locator('a').textContent()) === title, 'the column 通知公告 lists the publication', await v.textContent('main'));
		await Promise.all([v.waitForNavigation(), first.locator('a').click()]);
		ok((await v.textContent('h1')).includes(title), 'and its page opens');
		await v.goto(`${base}/columns/${rootId}`);
		ok((await v.textContent('main')).includes('法定主动公开内容'), 'the public column tree shows 法定主动公开内容');
		await snap(v, 'public-columns');

		await v.goto(`${base}/`);
		ok((await v.textContent('.brand-name')) === '示例县人民政府信息公开', 'the masthead shows the site name');
		const footer = await v.textContent('footer');
		for (const s of ['主办单位：示例县人民政府办公室', '承办单位：示例县大数据中心', '网站标识码：3707000001', '鲁ICP备05000001号', '鲁公网安备 37070202000001号'])
			ok(footer.includes(s), `the footer shows ${s}`);
		ok(await v.getAttribute('footer a:has-text("鲁ICP备")', 'href') === 'https://beian.miit.gov.cn/', 'the ICP record links to beian.miit.gov.cn');
		ok((await v.getAttribute('footer a:has-text("公网安备")', 'href')).includes('code=37070202000001'), 'the 公安 record links with its number');
		await snap(v, 'home');
		await v.click('footer >> text=网站地图');
		const map = await v.textContent('main');
		ok(['示例县人民政府', '示例县人民政府办公室', '示例县教育局', '示例县第一中学', '示例县卫生健康局'].every((x) => map.includes(x)), '网站地图 lists every agency', map);
		await v.goto(`${base}/`);
		await v.click('footer >> text=联系我们');
		const contact = await v.textContent('main');
		ok(contact.includes('0000-1234567') && contact.includes('gk@example.gov.cn'), '联系我们 shows the phone and e-mail');
		await snap(v, 'contact');
		const r = await v.goto(`${base}/setup`);
		ok(r.status() === 404, '/setup is gone');
	} finally {
		await browser.close();
	}
}
main().catch((e) => { console.log('not ok - the walk ran to the end'); console.log(`# ${String(e.stack || e).split('\n').join('\n# ')}`); process.exit(1); });
