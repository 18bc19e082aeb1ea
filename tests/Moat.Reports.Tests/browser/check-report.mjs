// Opens a Moat report.html in Debian's Chromium and prints one JSON verdict on stdout.
//   node check-report.mjs --report FILE [--screenshot FILE] [--hostile]
// Checks: the page script finishes, no console error or page error, every chart has drawn content,
// the account table sorts, filters and pages. With --hostile it also drives the page over the injected
// strings (campaign selection, table search, chart tooltips) and records any dialog or alert call.
// The C# test asserts on the verdict; this script only observes.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const arg = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const report = arg('--report');
const screenshot = arg('--screenshot');
const hostile = args.includes('--hostile');
if (!report) { console.error('usage: check-report.mjs --report FILE [--screenshot FILE] [--hostile]'); process.exit(2); }

const candidates = [process.env.MOAT_CHROMIUM, '/usr/bin/chromium', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
const executablePath = candidates.find((p) => existsSync(p));
if (!executablePath) { console.error('no Chromium found (tried ' + candidates.join(', ') + '); run .ci/setup.d/report-browser.sh'); process.exit(3); }

const verdict = { executable: executablePath, ready: false, consoleErrors: [], pageErrors: [], dialogs: [], alerts: [], cspViolations: [], requests: [], charts: [], table: null, injection: null };
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  // Installed before any page script: an injected script that calls alert/confirm/prompt is recorded even if the dialog is suppressed.
  await page.addInitScript(() => {
    window.__moatAlerts = [];
    for (const name of ['alert', 'confirm', 'prompt']) {
      const original = window[name];
      window[name] = function (...a) { window.__moatAlerts.push(name + ':' + String(a[0])); return original.apply(this, a); };
    }
    document.addEventListener('securitypolicyviolation', (e) => {
      (window.__moatCsp = window.__moatCsp || []).push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || ''));
    });
  });
  page.on('console', (m) => { if (m.type() === 'error') verdict.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => verdict.pageErrors.push(String(e && e.stack || e)));
  page.on('dialog', async (d) => { verdict.dialogs.push(d.type() + ':' + d.message()); await d.dismiss().catch(() => {}); });
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) verdict.requests.push(r.url()); });

  await page.goto(pathToFileURL(report).href, { waitUntil: 'load', timeout: 60000 });
  verdict.ready = await page.waitForSelector('html[data-report-ready="true"]', { timeout: 60000 }).then(() => true, () => false);

  verdict.charts = await page.evaluate(inspectCharts);

  verdict.table = await page.evaluate(async () => {
    const rows = () => document.querySelectorAll('#accounts tbody tr').length;
    const firstCell = () => { const td = document.querySelector('#accounts tbody tr td'); return td ? td.textContent : null; };
    const info = () => document.querySelector('#accounts .pager .muted').textContent;
    const result = { initialRows: rows(), initialInfo: info() };
    const headers = document.querySelectorAll('#accounts thead th button');
    const before = firstCell();
    headers[0].click(); // sort by account id ascending
    result.sortChangedFirstRow = firstCell() !== before;
    result.sortState = document.querySelectorAll('#accounts thead th')[0].getAttribute('aria-sort');
    const search = document.getElementById('filter-text');
    const target = firstCell();
    search.value = target;
    search.dispatchEvent(new Event('input'));
    await new Promise((r) => setTimeout(r, 400));
    result.searchRows = rows();
    result.searchFirst = firstCell();
    search.value = '';
    search.dispatchEvent(new Event('input'));
    await new Promise((r) => setTimeout(r, 400));
    const next = [...document.querySelectorAll('#accounts .pager button')].find((b) => b.textContent.startsWith('Next'));
    if (next && !next.disabled) { next.click(); result.page2Info = info(); }
    return result;
  });

  if (hostile) {
    // Drive the page over every hostile string: select each campaign (their ids carry payloads), show
    // chart tooltips (ECharts renders them as HTML) for graph nodes and edges and along the axis charts,
    // and search the table for a payload.
    const cards = await page.$$('.card');
    let tooltips = 0;
    for (const card of cards) {
      await card.click();
      tooltips += await page.evaluate(async () => {
        const pause = () => Promise.resolve();
        let shown = 0;
        const graph = echarts.getInstanceByDom(document.querySelector('[data-chart="campaign-graph"]'));
        if (graph) {
          const series = graph.getOption().series[0];
          for (let i = 0; i < Math.min(series.data.length, 15); i++) { graph.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: i }); shown++; await pause(); }
          for (let i = 0; i < Math.min(series.links.length, 15); i++) { graph.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: i, dataType: 'edge' }); shown++; await pause(); }
        }
        for (const name of ['campaign-traffic', 'campaign-capabilities', 'campaign-hours', 'overview-traffic']) {
          const chart = echarts.getInstanceByDom(document.querySelector(`[data-chart="${name}"]`));
          if (!chart) continue;
          for (let i = 0; i < 4; i++) { chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: i }); shown++; await pause(); }
        }
        return shown;
      });
    }
    const tooltipHtml = await page.evaluate(() => [...document.querySelectorAll('div')]
      .filter((d) => d.style.position === 'absolute' && d.style.display !== 'none' && d.innerHTML.length > 0 && d.closest('[data-chart]')).length);
    await page.fill('#filter-text', '<img');
    await page.waitForTimeout(400);
    verdict.injection = await page.evaluate(() => ({
      scripts: document.scripts.length,
      injectedElements: document.querySelectorAll('img, iframe, object, embed, [onerror], [onload], [srcdoc]').length,
      payloadShownAsText: document.body.innerText.includes('<img src=x onerror=alert(1)>'),
      searchRows: document.querySelectorAll('#accounts tbody tr').length,
    }));
    verdict.injection.tooltipsShown = tooltips;
    verdict.injection.tooltipElements = tooltipHtml;
  }

  verdict.alerts = await page.evaluate(() => window.__moatAlerts || []);
  verdict.cspViolations = await page.evaluate(() => window.__moatCsp || []);
  if (screenshot) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshot, fullPage: true });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(verdict));

// Runs in the page: for every chart host, does it hold drawn content?
function inspectCharts() {
  return [...document.querySelectorAll('[data-chart]')].map((host) => {
    const name = host.getAttribute('data-chart');
    const svg = host.querySelector('svg');
    if (svg) return { name, kind: 'svg', ok: svg.childElementCount > 0, detail: svg.childElementCount + ' children' };
    const canvases = [...host.querySelectorAll('canvas')];
    let painted = 0;
    const colours = new Set();
    for (const c of canvases) {
      if (!c.width || !c.height) continue;
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < data.length; i += 16) {
        if (data[i + 3] > 0) { painted++; if (colours.size < 64) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]); }
      }
    }
    return { name, kind: 'canvas', ok: canvases.length > 0 && painted > 100 && colours.size > 1, detail: `${canvases.length} canvas, ${painted} painted samples, ${colours.size} colours` };
  });
}
