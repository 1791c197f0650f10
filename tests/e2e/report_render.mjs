// report_render.mjs: the rendered annual reports in real Chromium and read back from Excel.
// For each seed: the HTML page (rendered by report_render.sh into ZF_OUT) is opened in
// /usr/bin/chromium, its numbers are compared with the seed's expected JSON, its layout
// with the official format (merged headers), axe-core must find nothing serious, the A4
// print must not overflow; a PDF and a screenshot go to tests/e2e/artifacts/report-NNN.*.
// Then the .xlsx is opened with exceljs and must hold the same numbers in the official
// layout. Prints TAP points without numbers; report_render.sh numbers them.
// Usage: ZF_OUT=dir node report_render.mjs SEED.json...
import { chromium } from 'playwright-core';
import ExcelJS from 'exceljs';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const artifacts = join(here, 'artifacts');
const outDir = process.env.ZF_OUT;
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

function ok(cond, desc, diag) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${desc}`);
	if (!cond && diag !== undefined)
		console.log(String(diag).split('\n').map((l) => `#   ${l}`).join('\n'));
	return cond;
}

// The official layouts, written out here independently of the C tables.
const T3_COLS = ['natural_person', 'commercial', 'research', 'social_welfare', 'legal_service', 'other', 'total'];
const T3_ROWS_2021 = ['received_new', 'received_carried_over', 'granted', 'partially_granted',
	'withheld_state_secret', 'withheld_prohibited_by_law', 'withheld_three_safeties',
	'withheld_third_party_rights', 'withheld_internal_affairs', 'withheld_process_info',
	'withheld_enforcement_file', 'withheld_administrative_query', 'unavailable_not_held',
	'unavailable_needs_creation', 'unavailable_still_unclear', 'not_processed_petition',
	'not_processed_repeated', 'not_processed_publication', 'not_processed_excessive',
	'not_processed_confirmation', 'other_no_supplement', 'other_fee_unpaid', 'other_other',
	'results_total', 'carried_forward'];
const T3_ROWS_2019 = T3_ROWS_2021.filter((k) => k !== 'other_no_supplement' && k !== 'other_fee_unpaid');
const T4_GROUPS = ['review', 'litigation_direct', 'litigation_after_review'];
const T4_FIELDS = ['upheld', 'corrected', 'other', 'pending', 'total'];
const T2_ITEMS = {
	'规章': 'regulations', '行政规范性文件': 'normative_documents', '规范性文件': 'normative_documents',
	'行政许可': 'licensing', '其他对外管理服务事项': 'other_services', '行政处罚': 'penalties',
	'行政强制': 'enforcement', '行政事业性收费': 'fees', '政府集中采购': 'procurement',
};
const T2_FIELDS = {
	'本年制发件数': 'issued', '本年废止件数': 'repealed', '现行有效件数': 'in_force',
	'本年新制作数量': 'made', '本年新公开数量': 'published', '对外公开总数量': 'public_total',
	'上一年项目数量': 'prior_items', '本年增/减': 'change', '本年处理决定数量': 'decisions',
	'处理决定数量': 'decisions', '本年收费金额（单位：万元）': 'amount_wan_yuan',
	'采购项目数量': 'projects', '采购总金额（单位：万元）': 'amount_wan_yuan',
};

// Every number of an expected report, by cell path.
function expectedCells(rep) {
	const cells = new Map();
	if (rep.format === 'legacy') {
		rep.legacy.forEach((l, i) => cells.set(`legacy.${i}`, l.value));
		return cells;
	}
	for (const [item, fields] of Object.entries(rep.table2 || {}))
		for (const [f, v] of Object.entries(fields))
			cells.set(`table2.${item}.${f}`, v);
	const rows = rep.format === '2019' ? T3_ROWS_2019 : T3_ROWS_2021;
	for (const row of rows)
		T3_COLS.forEach((c, i) => cells.set(`table3.${row}.${c}`, rep.table3.rows[row][i]));
	for (const g of T4_GROUPS)
		for (const f of T4_FIELDS)
			cells.set(`table4.${g}.${f}`, rep.table4[g][f]);
	return cells;
}

const asText = (v) => (v === null || v === undefined ? '' : String(v));

async function checkHtml(browser, seed, rep, name) {
	const page = await browser.newPage({ viewport: { width: 1100, height: 1400 }, locale: 'zh-CN' });
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));
	page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
	await page.goto(pathToFileURL(join(outDir, `${seed}.html`)).href, { waitUntil: 'load' });

	ok(await page.evaluate(() => document.documentElement.lang) === 'zh-CN', `${name}: <html lang="zh-CN">`);
	const title = await page.title();
	ok(title.includes(`${rep.year}年政府信息公开工作年度报告`), `${name}: title names the year`, title);

	const got = new Map(await page.$$eval('td[data-path]', (tds) => tds.map((td) => [td.dataset.path, td.textContent])));
	const want = expectedCells(rep);
	const wrong = [];
	for (const [path, v] of want)
		if (got.get(path) !== asText(v))
			wrong.push(`${path}: page ${JSON.stringify(got.get(path))}, expected ${JSON.stringify(v)}`);
	ok(wrong.length === 0 && got.size === want.size,
		`${name}: all ${want.size} numbers on the page equal the expected JSON`,
		`${wrong.slice(0, 8).join('\n')}\ncells on page: ${got.size}`);

	if (rep.format !== 'legacy') {
		const tables = await page.$$eval('table', (ts) => ts.map((t) => t.className));
		ok(JSON.stringify(tables) === '["table2","table3","table4"]', `${name}: tables 二、三、四 in order`, tables);
		const h2 = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent));
		ok(h2[1] === '三、收到和处理政府信息公开申请情况', `${name}: table 3 heading as in the format`, h2);
		// the official header: a 3×3 note cell, 申请人情况 over 7 columns, 法人或其他组织 over 5
		const head = await page.$$eval('table.table3 thead th', (ths) => ths.map((th) =>
			[th.textContent, th.rowSpan, th.colSpan]));
		const find = (text) => head.find((h) => h[0].startsWith(text)) || [];
		ok(find('（本列数据的勾稽关系为')[1] === 3 && find('（本列数据的勾稽关系为')[2] === 3,
			`${name}: the 勾稽关系 note spans 3 rows × 3 columns`, JSON.stringify(head));
		ok(find('申请人情况')[2] === 7, `${name}: 申请人情况 spans 7 columns`);
		ok(find('法人或其他组织')[2] === 5, `${name}: 法人或其他组织 spans 5 columns`);
		ok(find('自然人')[1] === 2 && find('总计')[1] === 2, `${name}: 自然人 and 总计 span 2 header rows`);
		const sec = await page.$eval('table.table3 th.sec', (th) => [th.textContent, th.rowSpan]);
		const nres = rep.format === '2019' ? 20 : 22;
		ok(sec[0] === '三、本年度办理结果' && sec[1] === nres,
			`${name}: 三、本年度办理结果 spans its ${nres} rows`, sec);
		const t4 = await page.$$eval('table.table4 thead th', (ths) => ths.map((th) => [th.textContent, th.colSpan]));
		ok(t4.some((h) => h[0] === '行政诉讼' && h[1] === 10) && t4.some((h) => h[0] === '行政复议' && h[1] === 5),
			`${name}: table 4 header 行政复议 (5) and 行政诉讼 (10)`, JSON.stringify(t4));
	} else {
		const heads = await page.$$eval('table.legacy thead th', (ths) => ths.map((t) => t.textContent));
		ok(JSON.stringify(heads) === '["统计指标","单位","统计数"]', `${name}: 统计表 columns 统计指标 | 单位 | 统计数`, heads);
	}

	const violations = (await page.evaluate(`${axeSource}
		axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'best-practice'] } })
			.then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
				.map((v) => v.id + ': ' + v.help + ' at ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')))`));
	ok(violations.length === 0, `${name}: axe-core finds no serious or critical violation`, violations.join('\n'));

	await page.screenshot({ path: join(artifacts, `report-${seed.slice(0, 3)}.png`), fullPage: true });

	// print: A4 portrait, nothing wider than the page
	await page.emulateMedia({ media: 'print' });
	await page.setViewportSize({ width: 680, height: 1000 }); // 210mm − 2×15mm at 96 dpi
	const overflow = await page.$$eval('table', (ts) => ts.filter((t) => t.scrollWidth > t.parentElement.clientWidth + 1)
		.map((t) => `${t.className}: ${t.scrollWidth} > ${t.parentElement.clientWidth}`));
	ok(overflow.length === 0, `${name}: printed tables fit the A4 width`, overflow.join('\n'));
	const pdfPath = join(artifacts, `report-${seed.slice(0, 3)}.pdf`);
	const pdf = await page.pdf({ path: pdfPath, format: 'A4', preferCSSPageSize: true, printBackground: true });
	const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
	ok(pdf.subarray(0, 5).toString() === '%PDF-' && pages >= 1 && pages <= 4,
		`${name}: prints to a ${pages}-page A4 PDF`, `pages=${pages}`);
	ok(errors.length === 0, `${name}: no script or console error`, errors.join('\n'));
	await page.close();
}

// Reads the workbook back: each table sheet in the official layout. The grid starts on
// row 4 (rows 1–3: report title, format, table title).
async function checkXlsx(seed, rep, name) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.readFile(join(outDir, `${seed}.xlsx`));
	const got = new Map();
	const num = (cell) => (cell.value === null || cell.value === undefined || cell.value === '' ? null : cell.value);
	if (rep.format === 'legacy') {
		const ws = wb.getWorksheet('统计表');
		ok(!!ws, `${name}: xlsx has the sheet 统计表`);
		if (!ws)
			return;
		ok(ws.getCell('A4').value === '统计指标', `${name}: xlsx 统计表 header row`);
		rep.legacy.forEach((l, i) => {
			const row = ws.getRow(5 + i);
			got.set(`legacy.${i}`, num(row.getCell(3)));
			if (row.getCell(1).value !== l.label)
				got.set(`label.${i}`, row.getCell(1).value);
		});
	} else {
		const names = wb.worksheets.map((w) => w.name);
		ok(JSON.stringify(names) === '["表二 主动公开","表三 依申请公开","表四 复议诉讼"]',
			`${name}: xlsx has one sheet per table`, names);
		const t2 = wb.getWorksheet('表二 主动公开');
		let fields = [];
		t2.eachRow((row) => {
			const a = row.getCell(1).value;
			if (a === '信息内容') {
				fields = [2, 3, 4].map((c) => T2_FIELDS[row.getCell(c).value]);
			} else if (T2_ITEMS[a]) {
				fields.forEach((f, i) => {
					if (f && !(i > 0 && fields[i - 1] === f))
						got.set(`table2.${T2_ITEMS[a]}.${f}`, num(row.getCell(2 + i)));
				});
			}
		});
		const t3 = wb.getWorksheet('表三 依申请公开');
		const rows = rep.format === '2019' ? T3_ROWS_2019 : T3_ROWS_2021;
		rows.forEach((key, i) => T3_COLS.forEach((c, j) =>
			got.set(`table3.${key}.${c}`, num(t3.getRow(7 + i).getCell(4 + j)))));
		const merges = t3.model.merges || [];
		ok(merges.includes('A4:C6') && merges.includes('D4:J4') && merges.includes('E5:I5'),
			`${name}: xlsx table 3 header cells are merged as in the format`, merges.slice(0, 8).join(' '));
		const t4 = wb.getWorksheet('表四 复议诉讼');
		T4_GROUPS.forEach((g, gi) => T4_FIELDS.forEach((f, fi) =>
			got.set(`table4.${g}.${f}`, num(t4.getRow(7).getCell(1 + 5 * gi + fi)))));
		ok(t4.pageSetup.paperSize === 9 && t4.pageSetup.orientation === 'landscape',
			`${name}: xlsx table 4 prints on A4 landscape`, JSON.stringify(t4.pageSetup));
		ok(t3.getRow(7).getCell(4).numFmt === '0', `${name}: xlsx counts have number format 0`, t3.getRow(7).getCell(4).numFmt);
	}
	const want = expectedCells(rep);
	const wrong = [];
	for (const [path, v] of want)
		if (got.get(path) !== v)
			wrong.push(`${path}: xlsx ${JSON.stringify(got.get(path))}, expected ${JSON.stringify(v)}`);
	for (const [path, v] of got)
		if (path.startsWith('label.'))
			wrong.push(`${path}: label ${v}`);
	ok(wrong.length === 0, `${name}: xlsx holds the same ${want.size} numbers`, wrong.slice(0, 8).join('\n'));
}

async function main() {
	mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	try {
		for (const file of process.argv.slice(2)) {
			const seed = basename(file, '.json');
			const rep = JSON.parse(readFileSync(file, 'utf8'));
			const name = seed.slice(0, 3);
			await checkHtml(browser, seed, rep, name);
			await checkXlsx(seed, rep, name);
			ok(statSync(join(artifacts, `report-${name}.png`)).size > 10000,
				`${name}: screenshot tests/e2e/artifacts/report-${name}.png`);
		}
	} finally {
		await browser.close();
	}
}

main().catch((e) => {
	ok(false, 'the browser test ran to the end', e.stack || e);
	process.exit(1);
});
