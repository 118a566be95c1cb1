/**
 * Escaping for the text reports. Report text comes from scenarios, nginx logs and backends, so it
 * may hold quotes, markup and control characters; each format gets a function that makes any such
 * text safe and still readable.
 */

/**
 * C0 controls other than tab, LF and CR, DEL, the C1 controls, and U+FFFE/U+FFFF: none may appear
 * in XML 1.0 (not even as character references), and none reads well in HTML or Markdown.
 */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;

/** Replaces control characters by a visible escape: BEL becomes `\x07`, U+FFFF becomes `\uFFFF`. */
export function showControls(text: string): string {
  return text.replace(INVISIBLE, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff
      ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`
      : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  });
}

const XML_TEXT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const XML_ATTR: Record<string, string> = {
  ...XML_TEXT, '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;',
};

/** For XML character data (between tags). */
export function escapeXmlText(text: string): string {
  return showControls(text).replace(/[&<>]/g, (char) => XML_TEXT[char] ?? char);
}

/** For an XML attribute value in double or single quotes; tabs and line breaks survive parsing. */
export function escapeXmlAttr(text: string): string {
  return showControls(text).replace(/[&<>"'\t\n\r]/g, (char) => XML_ATTR[char] ?? char);
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For HTML and inline SVG, in text and in quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return showControls(text).replace(/[&<>"']/g, (char) => HTML[char] ?? char);
}

/**
 * Plain text in Markdown (GitHub flavoured), also inside a table cell: every character Markdown
 * or inline HTML could act on is backslash-escaped, and line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  return showControls(text)
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*_{}[\]<>&|~#!]/g, (char) => `\\${char}`);
}

/**
 * Text as a Markdown code span: the fence outgrows any run of backticks inside. In a table cell
 * (inTable) pipes are escaped as `\|`, which GitHub reads as a pipe inside the cell; elsewhere
 * the backslash would show, so they are left alone.
 */
export function markdownCode(text: string, inTable = false): string {
  const oneLine = showControls(text).replace(/\r\n|\r|\n/g, ' ');
  const safe = inTable ? oneLine.replace(/\|/g, '\\|') : oneLine;
  if (safe === '') return '';
  const longestRun = Math.max(0, ...(safe.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = safe.startsWith('`') || safe.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${safe}${pad}${fence}`;
}
