#!/usr/bin/env bash
# Lands the current worktree's branch on main: rebase, check, fast-forward, one lander at a time.
# Usage (from a worktree): bash scripts/land.sh [--quick [TEST_PATH...]]
#   --quick runs lint, then TEST_PATHs (your domain's tests) and the cross-cutting tests on
#   SQLite (browser tests included) and on PostgreSQL; the default runs `make test`.
set -euo pipefail
# The whole script sits in one block so bash reads it before `git rebase` rewrites this file.
{
branch=$(git rev-parse --abbrev-ref HEAD)
main_tree=$(git worktree list --porcelain | awk '/^worktree /{w=$2} /^branch refs\/heads\/main$/{print w}')
[ "$branch" != "main" ] || { echo "run this from a feature worktree, not main" >&2; exit 2; }
[ -z "$(git status --porcelain)" ] || { echo "commit or stash your changes first" >&2; exit 2; }
exec 9>/tmp/hustings-land.lock
flock 9
git rebase main
if [ "${1:-}" = "--quick" ]; then
    # Five people land on a 2-core machine: the whole suite runs at the end of the day
    # (`make test` on a fresh clone); a landing runs the branch's own tests and the
    # cross-cutting ones (route access, migrations, translations).
    shift
    shared=(tests/auth/test_route_access.py tests/test_migrations.py tests/web/test_translations.py)
    make lint
    .venv/bin/pytest -q -x -n 2 "$@" "${shared[@]}"
    HUSTINGS_TEST_BACKEND=postgresql .venv/bin/pytest -q -x -n 2 -m "not browser" "$@" "${shared[@]}"
else
    make test
fi
(cd "$main_tree" && git merge --ff-only "$branch")
echo "landed $branch on main at $(git rev-parse --short HEAD)"
exit 0
}
