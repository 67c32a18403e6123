#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang + ASan + UBSan) into build-fuzz/ and runs each
# for SECONDS (default 300) on its seed corpus. Fails if any target crashes; the crashing input
# is left in build-fuzz/artifacts/.
#
#   scripts/fuzz.sh [--build-only] [--merge] [SECONDS] [TARGET...]
#
#   --build-only  only build (make test does this before ctest runs the fuzz.* tests)
#   --merge       afterwards, add the new inputs that reach new code to tests/fuzz/corpus/
#   TARGET        form, cookies, routing, dotenv or email (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(form cookies routing dotenv email multipart)
build_only=0 merge=0 seconds=300 targets=()
for arg in "$@"; do
  case "$arg" in
    --build-only) build_only=1 ;;
    --merge) merge=1 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    ''|*[!0-9]*)
      [[ " ${all_targets[*]} " == *" ${arg%_fuzz} "* ]] || { echo "fuzz: unknown argument '$arg'" >&2; exit 2; }
      targets+=("${arg%_fuzz}") ;;
    *) seconds=$arg ;;
  esac
done
((${#targets[@]})) || targets=("${all_targets[@]}")

source scripts/build-lock.sh  # (the working directory is the tree's root now)
locked() {
  if holds_build_lock "$PPID"; then "$@"; else flock "$lock" "$@"; fi
}

if [ ! -f build-fuzz/CMakeCache.txt ]; then
  locked cmake -S tests/fuzz -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ >/dev/null
fi
locked cmake --build build-fuzz -j 2 -- --no-print-directory 2>&1 | grep -vE '^\[ *[0-9]+%\]|^Consolidate compiler' || true
test "${PIPESTATUS[0]}" -eq 0 || { echo "fuzz: build failed" >&2; exit 1; }
((build_only)) && exit 0

mkdir -p build-fuzz/artifacts build-fuzz/logs
work=$(mktemp -d /tmp/matricula-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=()
for name in "${targets[@]}"; do
  corpus=tests/fuzz/corpus/$name
  new=$work/$name
  mkdir -p "$new" "$corpus"
  log=build-fuzz/logs/$name.log
  dict=()
  [ -f "tests/fuzz/$name.dict" ] && dict=("-dict=tests/fuzz/$name.dict")
  # New inputs go to $new (the first corpus directory); the tree's corpus is only read.
  status=0
  build-fuzz/${name}_fuzz -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="build-fuzz/artifacts/${name}-" "${dict[@]}" "$new" "$corpus" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1 || true)
  if [ "$status" -ne 0 ]; then
    failed+=("$name")
    echo "fuzz: $name FAILED (exit $status), log $log:"
    grep -E '^(==[0-9]+==|SUMMARY|.*runtime error|.*invariant broken|    #[0-9]+ |artifact_prefix|Test unit written|Base64)' "$log" | head -n 60 || tail -n 40 "$log"
  else
    echo "fuzz: $name ok: ${execs:-?} runs in ${seconds}s, ${rate:-?} exec/s, $cov, $(ls "$new" | wc -l) new inputs"
  fi
  if ((merge)) && [ "$status" -eq 0 ]; then
    before=$(ls "$corpus" | wc -l)
    build-fuzz/${name}_fuzz -merge=1 "$corpus" "$new" >>"$log" 2>&1
    echo "fuzz: $name merged $(($(ls "$corpus" | wc -l) - before)) inputs into $corpus"
  fi
done

if ((${#failed[@]})); then
  echo "fuzz: crashed: ${failed[*]} (inputs under build-fuzz/artifacts/)" >&2
  exit 1
fi
