import { describe, expect, it } from 'vitest';
import { parseNginxConf, writeNginxConf, type Directive } from '../../../../harness/nginx/user-config/nginx-conf-parser.js';

function parse(text: string, file = 'nginx.conf'): Directive[] {
  const parsed = parseNginxConf(text, file);
  if (!parsed.ok) throw new Error(`did not parse: ${parsed.error}`);
  return parsed.value;
}

function parseError(text: string, file = 'nginx.conf'): string {
  const parsed = parseNginxConf(text, file);
  if (parsed.ok) throw new Error(`parsed, but it should not: ${JSON.stringify(parsed.value)}`);
  return parsed.error;
}

/** The directives without their positions, to compare structure only. */
function shape(directives: readonly Directive[]): unknown[] {
  return directives.map((d) => (d.block ? { name: d.name, args: d.args, block: shape(d.block) } : { name: d.name, args: d.args }));
}

const CONF = `# a small but real nginx.conf
worker_processes 2;
events {
    worker_connections 1024;
}
http {
    log_format main '$remote_addr "$request"'
                    ' $status';
    upstream api {
        server 10.0.0.1:3000 max_fails=3;   # trailing comment; with { braces }
        keepalive 16;
    }
    server {
        listen 80;
        location ~ ^/api/(.*)$ {
            proxy_pass http://api/$1;
            add_header X-Note "two words; and a brace }";
        }
    }
}
`;

describe('parseNginxConf', () => {
  it('reads directives and nested blocks, each with its file and line', () => {
    const f = 'nginx.conf';
    expect(parse(CONF)).toEqual([
      { name: 'worker_processes', args: ['2'], line: 2, file: f },
      { name: 'events', args: [], line: 3, file: f, block: [{ name: 'worker_connections', args: ['1024'], line: 4, file: f }] },
      {
        name: 'http', args: [], line: 6, file: f, block: [
          { name: 'log_format', args: ['main', `'$remote_addr "$request"'`, `' $status'`], line: 7, file: f },
          {
            name: 'upstream', args: ['api'], line: 9, file: f, block: [
              { name: 'server', args: ['10.0.0.1:3000', 'max_fails=3'], line: 10, file: f },
              { name: 'keepalive', args: ['16'], line: 11, file: f },
            ],
          },
          {
            name: 'server', args: [], line: 13, file: f, block: [
              { name: 'listen', args: ['80'], line: 14, file: f },
              {
                name: 'location', args: ['~', '^/api/(.*)$'], line: 15, file: f, block: [
                  { name: 'proxy_pass', args: ['http://api/$1'], line: 16, file: f },
                  { name: 'add_header', args: ['X-Note', '"two words; and a brace }"'], line: 17, file: f },
                ],
              },
            ],
          },
        ],
      },
    ]);
  });

  it('keeps quoted arguments whole, spaces, semicolons, escaped quotes and their quotes included', () => {
    expect(shape(parse(`return 200 "a b; c";\nset $x 'single; {quoted}';\nadd_header X "say \\"hi\\"";\n`))).toEqual([
      { name: 'return', args: ['200', '"a b; c"'] },
      { name: 'set', args: ['$x', "'single; {quoted}'"] },
      { name: 'add_header', args: ['X', '"say \\"hi\\""'] },
    ]);
  });

  it('keeps the braces of ${var} inside the word, and counts lines inside a quoted argument', () => {
    const directives = parse('set $a "${host}x";\nproxy_pass http://${upstream_name}/path;\nreturn 200 "one\ntwo";\nlisten 80;\n');
    expect(directives.map((d) => [d.name, d.args, d.line])).toEqual([
      ['set', ['$a', '"${host}x"'], 1],
      ['proxy_pass', ['http://${upstream_name}/path'], 2],
      ['return', ['200', '"one\ntwo"'], 3],
      ['listen', ['80'], 5],
    ]);
  });

  it('ignores comments, blank lines, CRLF line ends and a # inside a word', () => {
    const text = '# only a comment {\r\n\r\n  listen 80; # after ; { }\r\nadd_header X a#b;\r\n# last line without newline';
    expect(parse(text).map((d) => [d.name, d.args, d.line])).toEqual([
      ['listen', ['80'], 3],
      ['add_header', ['X', 'a#b'], 4],
    ]);
  });

  it('reads an empty text, or comments only, as no directives', () => {
    expect(parse('')).toEqual([]);
    expect(parse('# nothing\n   \n')).toEqual([]);
  });

  it('reads an empty block as a block with no directives', () => {
    expect(parse('events {}\n')).toEqual([{ name: 'events', args: [], block: [], line: 1, file: 'nginx.conf' }]);
  });

  describe('errors, as file:line: what', () => {
    it('an unterminated quoted string, at the line where it opened', () => {
      expect(parseError('listen 80;\nreturn 200 "never\nclosed;\n}\n', 'site.conf')).toBe('site.conf:2: unterminated quoted string');
      expect(parseError("add_header X 'open;")).toBe('nginx.conf:1: unterminated quoted string');
    });

    it('a directive without ";" at the end of the text, at the directive', () => {
      expect(parseError('listen 80;\nserver_name example.com\n')).toBe('nginx.conf:2: "server_name" is not terminated by ";" or a block');
    });

    it('a directive cut by "}", at the "}"', () => {
      expect(parseError('server {\n    listen 80\n}\n')).toBe('nginx.conf:3: unexpected "}" after "listen"');
    });

    it('a stray "}" at the top level', () => {
      expect(parseError('events {}\n}\n')).toBe('nginx.conf:2: unexpected "}"');
      expect(parseError('http {\n  server { }\n}\n}\n')).toBe('nginx.conf:4: unexpected "}"');
    });

    it('a ";" or "{" where a directive name should be', () => {
      expect(parseError('listen 80;;\n')).toBe('nginx.conf:1: unexpected ";"');
      expect(parseError('\n{ listen 80; }\n')).toBe('nginx.conf:2: unexpected "{"');
    });

    it('a block that is never closed, at the line that opened it', () => {
      expect(parseError('http {\n    server {\n        listen 80;\n    }\n', 'main.conf')).toBe('main.conf:1: this block is not closed ("}" missing)');
    });
  });
});

describe('writeNginxConf', () => {
  it('writes one directive per line, blocks indented by four spaces', () => {
    expect(writeNginxConf(parse('events { worker_connections 8; } http { server { listen 80; location / { return 200 "a b"; } } }'))).toBe(
      'events {\n    worker_connections 8;\n}\nhttp {\n    server {\n        listen 80;\n        location / {\n            return 200 "a b";\n        }\n    }\n}\n',
    );
  });

  it('writes an empty block as an empty pair of braces, and nothing for no directives', () => {
    expect(writeNginxConf(parse('events {}'))).toBe('events {\n}\n');
    expect(writeNginxConf([])).toBe('');
  });

  it('round-trips: what it writes parses back to the same directives', () => {
    const first = parse(CONF);
    const written = writeNginxConf(first);
    const second = parse(written, 'nginx.conf');
    expect(shape(second)).toEqual(shape(first));
    expect(writeNginxConf(second)).toBe(written);
  });
});

describe('Lua blocks (OpenResty)', () => {
  const LUA = `http {
    server {
        location /t {
            content_by_lua_block {
                local t = { a = "}", b = '{' }  -- a comment with } and {
                --[[ a long
                   comment } ]]
                local s = [==[ raw ]] } ]==]
                ngx.say(t.a, s)
            }
            add_header X-After yes;
        }
        set_by_lua_block $x { return "1;2" }
    }
}
`;

  it('keeps a *_lua_block body verbatim: braces, quotes and semicolons inside Lua are not nginx syntax', () => {
    const [http] = parse(LUA);
    const server = http!.block![0]!;
    const location = server.block![0]!;
    expect(location.block!.map((d) => d.name)).toEqual(['content_by_lua_block', 'add_header']);
    expect(location.block![0]!.raw).toContain('local t = { a = "}", b = \'{\' }');
    expect(location.block![0]!.raw).toContain('local s = [==[ raw ]] } ]==]');
    expect(location.block![1]!.line).toBe(11);
    expect(server.block![1]).toMatchObject({ name: 'set_by_lua_block', args: ['$x'], raw: ' return "1;2" ' });
  });

  it('writes the body back as it was, and says where an unclosed one starts', () => {
    const written = writeNginxConf(parse(LUA));
    expect(written).toContain('content_by_lua_block {\n                local t = { a = "}", b = \'{\' }');
    expect(written).toContain('set_by_lua_block $x { return "1;2" }');
    expect(parse(written)).toHaveLength(1);
    expect(parseError('http {\n  init_by_lua_block {\n  local x = "}"\n')).toBe('nginx.conf:2: this Lua block is not closed ("}" missing)');
  });
});
