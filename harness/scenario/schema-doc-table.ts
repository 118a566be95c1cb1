/** Markdown tables of the fields of a schema's JSON form, for generated docs (pure). */

interface JsonField {
  type?: string;
  default?: unknown;
  description?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
}

export interface JsonObject {
  properties?: Record<string, JsonField & { const?: string }>;
  required?: string[];
  description?: string;
}

/** The object's fields (its `kind` left out): default, meaning, values. */
export function fieldTable(object: JsonObject): string[] {
  const rows = ['| field | default | meaning |', '|---|---|---|'];
  for (const [field, spec] of Object.entries(object.properties ?? {})) {
    if (field === 'kind') continue;
    const fallback = spec.default === undefined ? ((object.required ?? []).includes(field) ? 'required' : '—') : `\`${JSON.stringify(spec.default)}\``;
    const range = spec.enum ? ` One of ${spec.enum.map((v) => `\`${String(v)}\``).join(', ')}.` : '';
    rows.push(`| \`${field}\` | ${fallback} | ${(spec.description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ')}${range} |`);
  }
  return rows;
}
