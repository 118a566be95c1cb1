import { describe, expect, it } from 'vitest';
import {
  escapeHtml, escapeMarkdown, escapeXmlAttr, escapeXmlText, markdownCode, showControls,
} from '../../../harness/report/text-escape.js';
import { parseXml } from '../../fixtures/report/parse-xml.js';

const NASTY = `a "b" 'c' <d> & e\u0007\u001b\u0000\u007f\u0085\uffff\ttab\nline`;

describe('showControls', () => {
  it('makes control characters visible and keeps tab, line feed and ordinary text', () => {
    expect(showControls(NASTY)).toBe(`a "b" 'c' <d> & e\\x07\\x1B\\x00\\x7F\\x85\\uFFFF\ttab\nline`);
    expect(showControls('µ ✔ 日本')).toBe('µ ✔ 日本');
  });
});

describe('XML escaping', () => {
  it('reads back through a strict parser as the visible text, in text and in attributes', () => {
    const xml = `<r a="${escapeXmlAttr(NASTY)}" b='${escapeXmlAttr(NASTY)}'>${escapeXmlText(NASTY)}</r>`;
    const root = parseXml(xml);
    expect(root.text).toBe(showControls(NASTY));
    expect(root.attributes.a).toBe(showControls(NASTY));
    expect(root.attributes.b).toBe(showControls(NASTY));
  });

  it('escapes "]]>" in text', () => {
    expect(escapeXmlText('a]]>b')).toBe('a]]&gt;b');
  });

  it('uses a parser that would catch a mistake', () => {
    expect(() => parseXml('<r>a < b</r>')).toThrow(/expected a name/);
    expect(() => parseXml('<r>a & b</r>')).toThrow(/unknown entity|unterminated/);
    expect(() => parseXml('<r a="x"y"/>')).toThrow();
    expect(() => parseXml('<r>\u0007</r>')).toThrow(/not allowed/);
    expect(() => parseXml('<r><s></r>')).toThrow(/closes/);
    expect(() => parseXml('<r a="1" a="2"/>')).toThrow(/duplicate/);
  });
});

describe('escapeHtml', () => {
  it('escapes markup, both quotes and ampersands (an entity stays literal text)', () => {
    expect(escapeHtml(`<script>alert("x")</script> it's &amp;`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; it&#39;s &amp;amp;',
    );
    expect(escapeHtml('\u0000')).toBe('\\x00');
  });
});

describe('Markdown escaping', () => {
  it('backslash-escapes what Markdown or inline HTML would act on, and joins lines', () => {
    expect(escapeMarkdown('a|b *c* _d_ `e` <f> &g; [h](i) ~j~ #k !l\nm')).toBe(
      'a\\|b \\*c\\* \\_d\\_ \\`e\\` \\<f\\> \\&g; \\[h\\](i) \\~j\\~ \\#k \\!l m',
    );
  });

  it('fences code spans longer than any backtick run inside, and escapes pipes only in tables', () => {
    expect(markdownCode('status.504')).toBe('`status.504`');
    expect(markdownCode('a `b` c')).toBe('``a `b` c``');
    expect(markdownCode('`x`')).toBe('`` `x` ``');
    expect(markdownCode('a|b')).toBe('`a|b`');
    expect(markdownCode('a|b', true)).toBe('`a\\|b`');
    expect(markdownCode('')).toBe('');
  });
});
