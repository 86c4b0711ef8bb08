#!/usr/bin/env bash
# Lands the current worktree's branch on main: rebase, check, fast-forward, one lander at a time.
# Usage (from a worktree): bash scripts/land.sh [--quick]
#   --quick runs lint and the tests of the touched domains only; the default runs `make test`.
set -euo pipefail
branch=$(git rev-parse --abbrev-ref HEAD)
main_tree=$(git worktree list --porcelain | awk '/^worktree /{w=$2} /^branch refs\/heads\/main$/{print w}')
[ "$branch" != "main" ] || { echo "run this from a feature worktree, not main" >&2; exit 2; }
[ -z "$(git status --porcelain)" ] || { echo "commit or stash your changes first" >&2; exit 2; }
exec 9>/tmp/hustings-land.lock
flock 9
git rebase main
if [ "${1:-}" = "--quick" ]; then
    make lint
    .venv/bin/pytest -q -x -n 2 -m "not browser"
else
    make test
fi
(cd "$main_tree" && git merge --ff-only "$branch")
echo "landed $branch on main at $(git rev-parse --short HEAD)"
