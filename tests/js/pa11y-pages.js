// Runs pa11y (WCAG 2 AA, HTML_CodeSniffer) on every URL given as an argument, in one
// system Chromium shared by all pages, and prints {url: [issue, ...]} as JSON.
// Usage: node pa11y-pages.js CHROMIUM URL... (the test suite calls it; see
// tests/test_audits.py).
"use strict";
const pa11y = require("pa11y");
const puppeteer = require("puppeteer");

async function main() {
  const [executablePath, ...urls] = process.argv.slice(2);
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--allow-file-access-from-files"],
  });
  const found = {};
  try {
    for (const url of urls) {
      const result = await pa11y(url, {
        browser,
        standard: "WCAG2AA",
        runners: ["htmlcs"],
        includeWarnings: false,
        includeNotices: false,
        timeout: 60000,
      });
      found[url] = result.issues.map((issue) => ({
        code: issue.code,
        type: issue.type,
        selector: issue.selector,
        message: issue.message,
      }));
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(found));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(2);
});
