<?php
// The small PHP app badgateway runs under PHP-FPM: it works for a while (usleep), may write a line
// to stderr (error_log), then answers, dies (its worker process is killed), or fails with a fatal
// error, as the pool's environment says.
$delayMs = (int) (getenv('BADGATEWAY_DELAY_MS') ?: 0);
$outcome = getenv('BADGATEWAY_OUTCOME') ?: 'ok';
$stderr = getenv('BADGATEWAY_STDERR');

if ($delayMs > 0) {
    usleep($delayMs * 1000);
}
if ($stderr !== false && $stderr !== '') {
    error_log($stderr);
}
if ($outcome === 'crash') {
    // The worker dies as a segfault or the OOM killer ends it: no response, the connection closes.
    posix_kill(getmypid(), 9);
}
if ($outcome === 'fatal') {
    badgateway_undefined_function();
}
header('Content-Type: text/plain');
header('X-Backend-Instance: ' . (getenv('BADGATEWAY_INSTANCE') ?: 'php'));
echo "ok\n";
