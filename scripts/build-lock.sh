# Sourced by scripts that build or benchmark. Builds, benchmarks and timing-sensitive runs
# never share this 2-core machine: they take this lock, unless a process above them (e.g.
# `flock /tmp/matricula-build.lock make test`) already holds it, which would deadlock.
lock=/tmp/matricula-build.lock

# True when process $1 (default: this shell) or one of its ancestors holds the lock.
holds_build_lock() {
  local pid=${1:-$$} fd
  while [ -n "$pid" ] && [ "$pid" -gt 1 ]; do
    for fd in /proc/"$pid"/fd/*; do
      [ "$(readlink "$fd" 2>/dev/null)" = "$lock" ] && return 0
    done
    pid=$(ps -o ppid= -p "$pid" | tr -d ' ')
  done
  return 1
}
