// Runs Lighthouse on every URL given as an argument, in one system Chromium, and prints
// {url: {audit id: {score, numericValue, items}}} as JSON for the audits named in AUDITS.
// Usage: node lighthouse-pages.mjs CHROMIUM URL... (the test suite calls it; see
// tests/test_audits.py).
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const AUDITS = ["meta-description", "errors-in-console", "cumulative-layout-shift", "document-title"];

const [chromePath, ...urls] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
});
const found = {};
try {
  for (const url of urls) {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["seo", "best-practices", "performance"],
    });
    const audits = result.lhr.audits;
    found[url] = { runtimeError: result.lhr.runtimeError || null };
    for (const id of AUDITS) {
      const audit = audits[id];
      found[url][id] = {
        score: audit.score,
        numericValue: audit.numericValue ?? null,
        items: audit.details && audit.details.items ? audit.details.items : [],
      };
    }
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(found));
