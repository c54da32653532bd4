#!/bin/sh
# npm test: the type check and the lint run beside the tests instead of before them, since vitest
# leaves a core idle while it starts. Arguments go to vitest (npm test -- --project unit). The
# exit status is the checks' when they fail, else the tests'.
npm run -s check &
checks=$!
vitest run "$@"
tests=$?
wait "$checks" || exit $?
exit "$tests"
