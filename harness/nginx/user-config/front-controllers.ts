/**
 * The files a server that passes PHP to FastCGI needs under its root before nginx hands a request
 * on (pure): `try_files $fastcgi_script_name =404` and `index index.php` check that the script
 * exists on nginx's side, as the app's volume provides it in production. Found from the server's
 * and its locations' `root`, their `index` names, and the PHP scripts that `try_files`, `rewrite`
 * and `fastcgi_index` send requests to (e.g. `/index.php$request_uri` -> <root>/index.php). Each
 * becomes an empty placeholder: nginx only checks that it is there; the backend answers for it.
 */
import type { Directive } from './nginx-conf-parser.js';

export interface NeededFile {
  path: string;
  content: string;
}

const PLACEHOLDER = '<?php\n// Placeholder put here by badgateway: nginx checks that the script exists; the FastCGI backend answers for it.\n';
const SCRIPT = /^\/?[A-Za-z0-9._/-]+\.php$/;

export function frontControllerFiles(server: Directive): NeededFile[] {
  if (!passesFastcgi(server.block ?? [])) return [];
  const found = new Set<string>();
  const walk = (block: readonly Directive[], root: string | undefined) => {
    const own = block.find((d) => d.name === 'root')?.args[0];
    const here = own !== undefined && own.startsWith('/') && !own.includes('$') ? own.replace(/\/+$/, '') : root;
    for (const d of block) {
      if (here !== undefined) for (const script of scriptsOf(d)) found.add(`${here}/${script.replace(/^\//, '')}`);
      if (d.block) walk(d.block, here);
    }
  };
  walk(server.block ?? [], undefined);
  return [...found].sort().map((path) => ({ path, content: PLACEHOLDER }));
}

/** The PHP scripts a directive names, without the variables and query that follow them. */
function scriptsOf(d: Directive): string[] {
  const candidates = d.name === 'index' || d.name === 'fastcgi_index' ? d.args : d.name === 'try_files' ? d.args.slice(-1) : d.name === 'rewrite' ? d.args.slice(1, 2) : [];
  return candidates.map((arg) => arg.split(/[$?]/)[0]!).filter((name) => SCRIPT.test(name) && !name.includes('..'));
}

function passesFastcgi(block: readonly Directive[]): boolean {
  return block.some((d) => d.name === 'fastcgi_pass' || (d.block !== undefined && passesFastcgi(d.block)));
}
