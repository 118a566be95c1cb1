/**
 * `badgateway --help` and each command's own `--help` (diagnose keeps its own, in
 * commands/diagnose.ts, loaded only when diagnose runs).
 */

const MATRIX_OPTIONS = `  --out <dir>               where reports go: <dir>/<run-id>/ (default: reports)
  --format <list>           report formats: json,junit,markdown,html (default: all four)
  --scenario <glob>         only scenarios whose name matches (repeatable)
  --variant <glob>          only variants whose name matches (repeatable; for gate, the name of
                            the scenario's reproducing variant)
  --shard <i/n>             only the i-th of n shards of the scenarios (parallel CI jobs;
                            badgateway merge makes one report of them)
  --repeat <n>              run everything n times and report verdicts that changed (flakes)
  --jobs <n>                up to n scenarios at once, each on its own network, nginx and
                            backends (default 1); scenarios with an open-model load or engine
                            chaos still run alone (1 to 8)
  --confidence <0.95>       level of the interval shares are decided on (inconclusive inside it)
  --nginx-image <image>     nginx image (default: $BADGATEWAY_NGINX_IMAGE, setup's choice, nginx:1.27)
  --nginx-version <1.30>    run on these nginx version lines instead (comma list or repeated;
                            replaces a scenario's nginx.versions): nginx:<line>, or where no
                            registry answers one built from Debian on first use (1.22 bookworm,
                            1.26 trixie, 1.30 sid; about a minute each, once)
  --node-image <image>      Node image for the fake backends (default: $BADGATEWAY_NODE_IMAGE,
                            setup's choice, node:20-slim)
  --load-from <where>       auto, host or container: where the load runs (default auto: from a
                            container on the run's network when DOCKER_HOST or the context is
                            tcp:// to another machine, else from this machine)
`;

const EXIT_CODES = `exit codes: 0 all expectations held, 1 an expectation failed or was inconclusive, 2 invalid input,
            3 infrastructure fault (Docker, image, port, nginx -t), 4 internal fault, 130 interrupted
`;

export const COMMAND_HELP = {
  run: `usage: badgateway run <file-or-dir>... [options]
Runs scenarios (files, or folders of them) against real nginx and backends in Docker and checks
their expectations.

${MATRIX_OPTIONS}  --port <n>                publish nginx on 127.0.0.1:<n> (default: a free port)

${EXIT_CODES}`,

  gate: `usage: badgateway gate --nginx-config <file> [options] [<file-or-dir>...]
Runs the catalog's failure modes against your nginx config and says, per mode: handled, not
handled (with the nginx fix), or not fixable in nginx.

  --nginx-config <file>     your nginx.conf, or a server or location snippet (required)
  --budget <failed<=1%>     error budget every failure mode must meet (repeatable; default
                            failed<=1%: 5xx plus requests without a complete response; also
                            5xx<=0.1%, 502<=5, errors<=0)
  --baseline <file>         fail only where your config is worse than this one
  --baseline-version <1.26> the baseline is the config (or --baseline's) on this nginx version:
                            with --nginx-version 1.30, does the upgrade make a mode worse?
  --strict                  modes nginx cannot fix fail the gate too
  --upstream <name=backend[,backend]>
                            which backends an upstream block of your config gets (default: all)
  --path </api/x>           where the load goes in your config (default: /)
  --header <"Host: x">      a request header of the load (repeatable)
  <file-or-dir>...          other scenarios instead of the built-in catalog
${MATRIX_OPTIONS}
exit codes: 0 the gate passed, 1 it did not (a mode not handled or inconclusive; with --baseline,
            worse than the baseline), 2 invalid input, 3 infrastructure fault, 130 interrupted
`,

  tune: `usage: badgateway tune [scenario] [--nginx-config <file>] --sweep <[context: ]param=values> [options]
What each value of an nginx parameter (or each pair of a grid) does to the failed share under
load, each point with its interval and its result under the budget, and the cheapest value or
pair within the budget that keeps the rule, with what it rests on. Every point runs its own nginx
and backends. With --nginx-config, the parameter is a directive of your config, swept where it
stands, and the recommendation is printed as a diff of your file.

  --sweep <p=200ms..2s/10>  values as a list (a,b,c) or a range/steps; give it twice for a grid
                            with --nginx-config, optionally after a context and ": ": http,
                            server [name], location [mod] match, upstream name, or file:line
                            (e.g. 'location /api/: proxy_read_timeout=1s,5s')
  --nginx-config <file>     your nginx.conf (or a server or location snippet)
  --budget <failed<=1%>     the gate's budgets (repeatable; default failed<=1%); with only
                            status budgets, requests without a response are held to them too
  --requests <n>            requests per point (default: what the budget needs to be decided)
  --backend-p50 <d>         the backend's median latency without a scenario (default 200ms)
  --backend-p99 <d>         the backend's p99 latency without a scenario (default 800ms)
  --backend-timeout <d>     the backend's own request timeout, for the read-timeout rule
  --backend-idle-timeout <d> the backend's keep-alive idle timeout, for the keepalive_timeout
                            rule (default: the scenario backend's, when it declares one)
  --connections <n>         concurrent connections of the load (default 16)
  --duration <d>            load per point, when the budget needs no count (default 3s)
  --out <dir>               where tune.json, tune.svg and tune.diff go: <dir>/<run-id>/ (default: reports)
  --nginx-version <1.30>    the nginx version line to tune on (as for run)
  --nginx-image <image>  --node-image <image>   as for run

exit codes: 0 a value is recommended, 1 none is, 2 invalid input, 3 infrastructure fault
`,

  validate: `usage: badgateway validate <file-or-dir>...
Checks scenarios (schema, rules, rendering the nginx config) without running them; lists each
scenario and its variants.

exit codes: 0 all valid, 2 a problem, listed as file:line:col path: what is wrong
`,

  schema: `usage: badgateway schema
Prints the JSON Schema of the scenario format (for editors: yaml-language-server).
`,

  clean: `usage: badgateway clean [--all]
Removes containers and networks that crashed runs left behind (their process is gone).

  --all                     also those of runs still going
`,

  merge: `usage: badgateway merge <report.json or folder>... [options]
One report, in every format, from the report.json files of a matrix's shards (folders are
searched for report.json): the verdicts an unsharded run would give, the gate's too. Refuses
(exit 2) reports of another schema version or badgateway version, shards that overlap, a missing
shard, and gate shards of different settings.

  --out <dir>               where the merged report goes: <dir>/<run-id>/ (default: reports)
  --format <list>           report formats: json,junit,markdown,html (default: all four)

exit codes: the merged run's, as for run: 0 every expectation held, 1 one failed, 3 (or 2, for
            invalid input) a variant errored; 2 also when the reports cannot be merged
`,

  signatures: `usage: badgateway signatures [--json]
Lists the nginx error-log signatures badgateway knows: each id (for error_log expectations) with
the level nginx logs it at, the status the client gets, what it means, and an example line.

  --json                    print them as JSON
`,

  setup: `usage: badgateway setup
Makes this machine ready to run badgateway: a Docker Engine that answers (on Debian as root it
installs and starts one), and the nginx and Node images (present, pulled, or, where no registry
answers, built offline from Debian packages). Records the images chosen in the package's
.badgateway/images.json, the default of every command; BADGATEWAY_NGINX_IMAGE,
BADGATEWAY_NODE_IMAGE and the image options of run, gate and tune still win.

exit codes: 0 ready, 3 no engine or no image could be had (the message says what to do)
`,
} as const;

export type CommandName = keyof typeof COMMAND_HELP;

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMAND_HELP, name);
}

export const HELP = `badgateway: reproduce nginx 502/504 incidents with real nginx and failing backends

usage: badgateway <command> [options]
       badgateway <command> --help (or badgateway help <command>): that command's options

commands:
  run <file-or-dir>...          run scenarios and check their expectations
  gate --nginx-config <file>    run the catalog's failure modes against your nginx config
  tune --sweep <param=values>   what each value of an nginx parameter does to the error rate
  diagnose --error-log <file>   find the likely cause of 502/504s in your nginx logs
  merge <report.json>...        one report from the shards of a CI matrix
  validate <file-or-dir>...     check scenarios without running them
  schema                        print the JSON Schema of the scenario format
  signatures                    list the nginx error-log signatures and what they mean
  clean [--all]                 remove containers and networks left by crashed runs
  setup                         make this machine ready (Docker Engine, images)

options: --help (-h)  --version (-V)

${EXIT_CODES}`;
