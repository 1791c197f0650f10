// proxy_security.mjs: finding 3 of #16 in real Chromium (Debian's /usr/bin/chromium driven by
// playwright-core): signing in from /login?next=/%09/evil.example/path (a TAB the browser would
// drop, making "//evil.example/path") must end on this site's /console, never on another
// origin. Prints TAP ("ok - ..." lines, numbered by proxy_security.sh).
import { chromium } from 'playwright-core';

const base = process.env.ZF_URL;
function ok(cond, what, detail) {
	console.log(`${cond ? 'ok' : 'not ok'} - ${what}`);
	if (!cond && detail !== undefined) console.log(`#   ${String(detail).split('\n').join('\n#   ')}`);
}

async function main() {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	try {
		for (const next of ['/%09/evil.example/path', '/%5Cevil.example', '//evil.example', '/%0A/evil.example']) {
			const ctx = await browser.newContext();
			const page = await ctx.newPage();
			const left = [];
			page.on('request', (r) => {
				if (!r.url().startsWith(base)) left.push(r.url());
			});
			await page.goto(`${base}/login?next=${next}`);
			await page.fill('#login', 'chief');
			await page.fill('#password', 'Head-admin-2026');
			await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
			const url = new URL(page.url());
			ok(url.origin === new URL(base).origin && url.pathname === '/console',
				`next=${next}: Chromium ends on this site's /console (${page.url()})`);
			ok(left.length === 0, `next=${next}: no request left the site`, left.join('\n'));
			await ctx.close();
		}
	} finally {
		await browser.close();
	}
}

main().catch((e) => {
	ok(false, 'the browser check ran to the end', e && e.stack ? e.stack : e);
	process.exitCode = 1;
});
