import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../../harness/report/html-report.js';
import { buildRunReport } from '../../../harness/report/run-report.js';
import { FAILING_BAR_COUNT, HOSTILE, hostileReport, PASSING_BAR_COUNT, realisticReport } from '../../fixtures/report/run-reports.js';

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** The HTML of one variant section. */
function section(html: string, index: number): string {
  const start = html.indexOf(`<section class="variant`, html.indexOf(`id="variant-${index}"`) - 40);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(realisticReport());

  it('is one self-contained document: no script, no external reference, a CSP that forbids fetching', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).not.toMatch(/<script|<iframe|<object|<embed|@import|url\(/i);
    expect(html).not.toMatch(/\ssrc=/i);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.every((href) => href?.startsWith('#') || href?.startsWith('data:'))).toBe(true);
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
  });

  it('shows the run totals and links every variant from the summary table', () => {
    expect(html).toContain('<div class="tile ok"><b>1</b><span>passed</span></div>');
    expect(html).toContain('<div class="tile bad"><b>1</b><span>failed</span></div>');
    expect(html).toContain('<div class="tile warn"><b>1</b><span>errored</span></div>');
    for (const i of [1, 2, 3]) {
      expect(html).toContain(`href="#variant-${i}"`);
      expect(html).toContain(`id="variant-${i}"`);
    }
  });

  it('draws each measured variant: status bars, latency bars, upstream points, signature bars', () => {
    const failing = section(html, 1);
    expect(count(failing, '<rect class="bar"')).toBe(FAILING_BAR_COUNT);
    expect(count(failing, '<rect class="latency-bar"')).toBe(5);
    expect(count(failing, 'class="point"')).toBe(20);
    expect(count(failing, '<rect class="sig-bar"')).toBe(3);
    const passing = section(html, 2);
    expect(count(passing, '<rect class="bar"')).toBe(PASSING_BAR_COUNT);
    expect(passing).toContain('The error log is empty');
    expect(section(html, 3)).not.toContain('<svg');
  });

  it('marks failing verdict rows and shows expected beside measured', () => {
    const failing = section(html, 1);
    expect(count(failing, '<tr class="verdict fail">')).toBe(2);
    expect(count(failing, '<tr class="verdict pass">')).toBe(3);
    expect(failing).toContain('<td class="mono">status.504</td><td class="mono">&gt;= 99%</td><td class="measured">80.6% (362 of 449)</td>');
    expect(failing).toContain('2 of 5 failed');
  });

  it('shows an error with its hint, and the unknown error-log lines', () => {
    expect(section(html, 3)).toContain('infrastructure error');
    expect(section(html, 3)).toContain('host not found in upstream &quot;app:8080&quot;');
    expect(section(html, 1)).toContain('Error-log lines with no known signature (2)');
    expect(section(html, 1)).toContain('open() &quot;/etc/nginx/html/50x.html&quot; failed');
  });

  it('escapes every text it shows', () => {
    const hostile = renderHtmlReport(hostileReport());
    expect(hostile).not.toContain('<b>&amp;');
    expect(hostile).not.toContain(HOSTILE);
    expect(hostile).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(hostile).toContain('&quot;q&quot; &#39;a&#39; &lt;b&gt;&amp;amp; | `tick` *star* \\x07bell\\x1B[31m\\x00');
    expect(hostile).toContain('data-signature="&quot;q&quot; &#39;a&#39; &lt;b&gt;&amp;amp;');
  });

  it('renders a run without variants', () => {
    const empty = renderHtmlReport(buildRunReport({
      runId: 'r', startedAt: '2026-11-21T10:00:00.000Z', finishedAt: '2026-11-21T10:00:01.000Z', badgateway: '0.1.0',
      host: { platform: 'linux', arch: 'x64', node: 'v20', cpus: 1 }, results: [],
    }));
    expect(empty).toContain('No variants ran.');
    expect(empty).not.toContain('<section');
  });

  it('draws the markers it is given on the status chart', () => {
    const withMarkers = renderHtmlReport(realisticReport(), {
      markers: (result) => (result.variant === 'timeout-too-short' ? [{ atMs: 2000, label: 'kill app' }] : []),
    });
    expect(count(section(withMarkers, 1), '<g class="marker">')).toBe(1);
    expect(count(section(withMarkers, 2), '<g class="marker">')).toBe(0);
  });
});
