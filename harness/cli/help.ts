/** `badgateway --help`. */
export const HELP = `badgateway: reproduce nginx 502/504 incidents with real nginx and failing backends

usage:
  badgateway run <file-or-dir>...         run scenarios and check their expectations
  badgateway gate --nginx-config <file>   run the catalog's failure modes against your nginx config:
                                            handled, not handled (with the nginx fix), or not fixable
                                            in nginx, per mode
      --budget <failed<=1%>                 error budget every failure mode must meet (repeatable;
                                            default failed<=1%: 5xx plus requests without a complete
                                            response; also 5xx<=0.1%, 502<=5, errors<=0)
      --baseline <file>                     fail only where your config is worse than this one
      --strict                              modes nginx cannot fix fail the gate too
      --upstream <name=backend[,backend]>   which backends an upstream block of your config gets
                                            (default: all of them)
      --path </api/x>  --header <"Host: x"> where the load goes in your config
      [<file-or-dir>...]                    other scenarios instead of the built-in catalog
  badgateway tune [scenario] --sweep <param=values>
                                          what each value of an nginx parameter does to the error rate,
                                          and the smallest that meets the budget and the timeout rule
      --sweep <p=200ms..2s/10>              values as a list (a,b,c) or a range/steps; twice for a grid
      --backend-p50 200ms --backend-p99 800ms   the backend's latency (without a scenario)
      --backend-timeout <d>                 the backend's own request timeout, for the rule
      --budget <5xx<=1%>  --connections 16  --duration 3s
  badgateway diagnose --error-log <file>  find the likely cause of 502/504s in your nginx logs
                                            (badgateway diagnose --help for its options)
  badgateway validate <file-or-dir>...    check scenarios without running them
  badgateway schema                       print the JSON Schema of the scenario format
  badgateway clean [--all]                remove containers and networks left by crashed runs
                                            (--all: also those of runs still going)

options of run and gate:
  --out <dir>               where reports go (default: reports)
  --format <list>           report formats: json,junit,markdown,html (default: all four)
  --scenario <glob>         only scenarios whose name matches (repeatable)
  --variant <glob>          only variants whose name matches (repeatable; run only)
  --shard <i/n>             only the i-th of n shards of the scenarios (parallel CI jobs)
  --repeat <n>              run everything n times and report verdicts that changed (flakes)
  --confidence <0.95>       level of the interval shares are decided on (inconclusive inside it)
  --port <n>                publish nginx on 127.0.0.1:<n> (run only; default: a free port)
  --nginx-image <image>     nginx image (default: $BADGATEWAY_NGINX_IMAGE, setup's choice, nginx:1.27)
  --node-image <image>      Node image for the fake backends (default: $BADGATEWAY_NODE_IMAGE,
                            setup's choice, node:20-slim)

exit codes: 0 all expectations held, 1 an expectation failed or was inconclusive, 2 invalid input,
            3 infrastructure fault (Docker, image, port, nginx -t), 4 internal fault, 130 interrupted
`;
