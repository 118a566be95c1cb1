import { describe, expect, it } from 'vitest';
import { parseBudgets, parseUpstreamMap } from '../../../harness/matrix/budget.js';

describe('parseBudgets', () => {
  it('turns status budgets into status expectations and "errors" into transport_errors', () => {
    expect(parseBudgets(['5xx<=0.1%', '502<5', 'errors<=0'])).toEqual({
      ok: true,
      value: { status: { '5xx': '<= 0.1%', '502': '< 5' }, transport_errors: '<= 0' },
    });
  });

  it('accepts spaces around the parts, and == or = for an exact budget', () => {
    expect(parseBudgets([' 504 <= 1% ', '503==0', '4xx=2'])).toEqual({
      ok: true,
      value: { status: { '504': '<= 1%', '503': '== 0', '4xx': '= 2' } },
    });
  });

  it('lets a later budget for the same status replace the earlier one', () => {
    expect(parseBudgets(['5xx<=1%', '5xx<=0.5%'])).toEqual({ ok: true, value: { status: { '5xx': '<= 0.5%' } } });
  });

  it('turns "failed" into the failed expectation: 5xx plus requests without a complete response', () => {
    expect(parseBudgets(['failed<=1%'])).toEqual({ ok: true, value: { failed: '<= 1%' } });
    expect(parseBudgets(['failed<=1%', '502<=0'])).toEqual({ ok: true, value: { status: { '502': '<= 0' }, failed: '<= 1%' } });
  });

  it('gives no expectations for no budgets', () => {
    expect(parseBudgets([])).toEqual({ ok: true, value: {} });
    expect(parseBudgets(['errors<1'])).toEqual({ ok: true, value: { transport_errors: '< 1' } });
  });

  it('refuses what is not status-or-errors, operator, value; every problem reported', () => {
    const usage = (text: string) => `--budget ${text}: write "failed", "errors", or a status code or class, then <= or <, then a share or count (e.g. failed<=1%, 5xx<=0.1%, 502<=5, errors<=0)`;
    expect(parseBudgets(['5xx>=1%', '6xx<=1%', 'timeouts<=0', '5xx 1%', '5xx<=0.1%'])).toEqual({
      ok: false,
      error: [usage('5xx>=1%'), usage('6xx<=1%'), usage('timeouts<=0'), usage('5xx 1%')],
    });
    // With nothing after "<=", the pattern backtracks to operator "<" and value "=": still refused.
    expect(parseBudgets(['5xx<='])).toEqual({ ok: false, error: [usage('5xx<=')] });
  });

  it('refuses a duration, a fraction, a share above 100% and words as the value', () => {
    expect(parseBudgets(['5xx<=1s', '502<1.5', '5xx<=200%', 'errors<=few'])).toEqual({
      ok: false,
      error: [
        '--budget 5xx<=1s: "1s" must be a share (0.1%) or a whole count (5)',
        '--budget 502<1.5: "1.5" must be a share (0.1%) or a whole count (5)',
        '--budget 5xx<=200%: "200%" must be a share (0.1%) or a whole count (5)',
        '--budget errors<=few: write "failed", "errors", or a status code or class, then <= or <, then a share or count (e.g. failed<=1%, 5xx<=0.1%, 502<=5, errors<=0)',
      ],
    });
  });
});

describe('parseUpstreamMap', () => {
  it('maps each upstream name to its backends', () => {
    expect(parseUpstreamMap(['api=app,app2', 'auth.v2=login', 'static_files=cdn-1'])).toEqual({
      ok: true,
      value: { api: ['app', 'app2'], 'auth.v2': ['login'], static_files: ['cdn-1'] },
    });
    expect(parseUpstreamMap([])).toEqual({ ok: true, value: {} });
  });

  it('lets a later mapping of the same upstream replace the earlier one', () => {
    expect(parseUpstreamMap(['api=a', 'api=b'])).toEqual({ ok: true, value: { api: ['b'] } });
  });

  it('refuses anything but NAME=backend[,backend], reporting each', () => {
    const usage = (text: string) => `--upstream ${text}: write NAME=backend[,backend] (e.g. api=app)`;
    expect(parseUpstreamMap(['api', 'api=', '=app', 'api=App', 'api=app,', 'api=app, b', 'a pi=app', 'ok=app'])).toEqual({
      ok: false,
      error: ['api', 'api=', '=app', 'api=App', 'api=app,', 'api=app, b', 'a pi=app'].map(usage),
    });
  });
});
