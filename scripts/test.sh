#!/bin/sh
# npm test: the type check and the lint run beside the tests instead of before them, since vitest
# leaves a core idle while it starts and again at the end, when the files left mostly wait. At the
# lowest priority, so that they take the time the tests leave idle rather than share the cores
# while the fuzzer computes (back to back, wall time over a CPU benchmark's time run around each:
# 0.078/0.070 at normal priority, 0.071/0.067 niced). Arguments go to vitest
# (npm test -- --project unit). The exit status is the checks' when they fail, else the tests'.
nice -n 19 npm run -s check &
checks=$!
vitest run "$@"
tests=$?
wait "$checks" || exit $?
exit "$tests"
