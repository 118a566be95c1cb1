import { describe, expect, it } from 'vitest';
import { lineOf, localImage, officialImage, parseNginxVersions } from '../../../harness/config/nginx-versions.js';

describe('nginx version lines', () => {
  it('parses a comma list or repeats, distinct, in the order given', () => {
    expect(parseNginxVersions(['1.26,1.30', '1.26'])).toEqual({ ok: true, value: ['1.26', '1.30'] });
    expect(parseNginxVersions([])).toEqual({ ok: true, value: [] });
  });

  it('refuses what is not major.minor, saying what to give', () => {
    const parsed = parseNginxVersions(['1.30.6']);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain('--nginx-version 1.30.6 is not an nginx version line; give major.minor');
    expect(parseNginxVersions(['latest']).ok).toBe(false);
  });

  it('names the official image and the Debian-built one of each offline line', () => {
    expect(officialImage('1.30')).toBe('nginx:1.30');
    expect([localImage('1.22'), localImage('1.26'), localImage('1.30'), localImage('1.27')]).toEqual(['badgateway-local/nginx:bookworm', 'badgateway-local/nginx:trixie', 'badgateway-local/nginx:sid', undefined]);
    expect([lineOf('1.30.6'), lineOf('1.22'), lineOf('nginx')]).toEqual(['1.30', '1.22', undefined]);
  });
});
