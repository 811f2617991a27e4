#!/usr/bin/env bash
# Coverage-guided fuzzing of every reader family with libFuzzer (docs/fuzzing.md).
#
#   scripts/fuzz.sh [--seconds N] [--build-only] [--reuse-modules] [--pending] [TARGET...]
#
# Builds GridSettleCore, GridSettleExamples, GridSettleFormats, GridSettleReports and Fuzz/Support as modules with
# -sanitize=fuzzer,address (outside SwiftPM, into .build-fuzz/, so `swift build` and `swift test` are untouched),
# links one executable per Fuzz/Targets/<target>.swift, replays the committed regression inputs
# (Fuzz/Regressions/<target>/*) and then fuzzes each target for N seconds (default 20) from a fresh seed corpus:
# the repository's fixtures, Fuzz/Seeds/<target>/, the generated examples and, when present, the public fixtures
# in $GRIDSETTLE_PUBLIC_FIXTURES (default ../shared/fixtures/public beside the repository; read in place, never copied into the
# repository). Inputs in Fuzz/Pending/<target>/ are known, not-yet-fixed crashes and are skipped; --pending runs
# only those and says which still crash and which now pass (move those to Fuzz/Regressions/<target>/).
#
# Exits non-zero if any regression input or any fuzzing run crashes, traps, times out (-timeout=10) or runs out
# of memory (-rss_limit_mb=2048); each failure prints the crashing input's path and the end of its log (the stack).
# Extra libFuzzer flags for the fuzzing runs go in $GRIDSETTLE_FUZZ_FLAGS (e.g. "-detect_leaks=0" where ptrace is
# not allowed, or "-fork=2 -ignore_crashes=1" to keep going past findings).
# Modules are rebuilt only when their sources are newer than the built library (--reuse-modules: never, when
# built once; handy while iterating on Fuzz/ alone); nothing outside .build-fuzz/ and a temporary directory is written.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(dataset portfolio readings site urdb espi greenbutton-csv cmep oasis pjm-dataminer openadr2b openadr3 dso interval-csv report-figures statement-coding)
seconds=20
build_only=0
pending=0
reuse_modules=0
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --build-only) build_only=1; shift ;;
        --pending) pending=1; shift ;;
        --reuse-modules) reuse_modules=1; shift ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
    [ -f "Fuzz/Targets/$t.swift" ] || { echo "fuzz.sh: no target '$t' (have: ${all_targets[*]})" >&2; exit 2; }
done

swiftc=${SWIFTC:-swiftc}
out=.build-fuzz
public_fixtures=${GRIDSETTLE_PUBLIC_FIXTURES:-$(cd .. && pwd)/shared/fixtures/public}
mkdir -p "$out/modules" "$out/bin"
# release with the sanitizers, plus line tables so stacks name file:line
flags=(-swift-version 6 -enable-upcoming-feature ExistentialAny -enable-upcoming-feature MemberImportVisibility
       -sanitize=fuzzer,address -O -g -I "$out/modules")

# build_module NAME SOURCE_DIR [DEPENDENCY...]: a static library and its .swiftmodule, rebuilt when stale
build_module() {
    local name=$1 dir=$2; shift 2
    local lib="$out/modules/lib$name.a" stale=0 dep
    if [ ! -f "$lib" ] || [ -n "$(find "$dir" -name '*.swift' -newer "$lib" -print -quit)" ]; then stale=1; fi
    for dep in "$@"; do [ "$out/modules/lib$dep.a" -nt "$lib" ] && stale=1; done
    [ "$reuse_modules" -eq 1 ] && [ -f "$lib" ] && [ "$dir" != Fuzz/Support ] && stale=0
    [ "$stale" -eq 1 ] || return 0
    echo "fuzz.sh: building $name"
    local sources=()
    mapfile -t sources < <(find "$dir" -name '*.swift' | sort)
    "$swiftc" "${flags[@]}" -parse-as-library -wmo -num-threads 2 -module-name "$name" \
        -emit-module -emit-module-path "$out/modules/$name.swiftmodule" -emit-library -static -o "$lib" "${sources[@]}" \
        || { rm -f "$lib"; echo "fuzz.sh: $name did not build" >&2; exit 1; }   # never leave a fresh-looking stale library
}
build_module GridSettleCore Sources/GridSettleCore
build_module GridSettleExamples Sources/GridSettleExamples GridSettleCore
build_module GridSettleFormats Sources/GridSettleFormats GridSettleCore
build_module GridSettleReports Sources/GridSettleReports GridSettleCore
build_module GridSettleFuzzSupport Fuzz/Support GridSettleCore GridSettleExamples GridSettleFormats

for t in "${targets[@]}"; do
    bin="$out/bin/$t"
    if [ ! -x "$bin" ] || [ "Fuzz/Targets/$t.swift" -nt "$bin" ] || [ "$out/modules/libGridSettleFuzzSupport.a" -nt "$bin" ] \
        || [ "$out/modules/libGridSettleFormats.a" -nt "$bin" ] || [ "$out/modules/libGridSettleReports.a" -nt "$bin" ]; then
        echo "fuzz.sh: linking $t"
        # gold warns once per ASan helper symbol ("Cannot export local symbol"); only real problems are shown
        if ! "$swiftc" "${flags[@]}" -parse-as-library -module-name fuzz_target "Fuzz/Targets/$t.swift" -o "$bin" \
            -L "$out/modules" -lGridSettleFuzzSupport -lGridSettleReports -lGridSettleFormats -lGridSettleExamples -lGridSettleCore \
            -lFoundationXML -lFoundationNetworking -lFoundation > "$out/link-$t.log" 2>&1; then
            grep -v 'Cannot export local symbol' "$out/link-$t.log" >&2
            exit 1
        fi
    fi
done
[ "$build_only" -eq 0 ] || exit 0

symbolizer=$(dirname "$(command -v "$swiftc")")/llvm-symbolizer
[ -x "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH="$symbolizer"
# the Swift runtime's own crash backtracer reads memory ASan has poisoned and hides the real report; libFuzzer
# prints the stack instead
export SWIFT_BACKTRACE=enable=no
export LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan-suppressions.txt${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ "$pending" -eq 1 ]; then
    for t in "${targets[@]}"; do
        [ -d "Fuzz/Pending/$t" ] || continue
        for p in $(find "Fuzz/Pending/$t" -type f | sort); do
            if "$out/bin/$t" -timeout=10 -rss_limit_mb=2048 "$p" > "$work/pending.log" 2>&1; then
                echo "fuzz.sh: $t: now passes: $p (move it to Fuzz/Regressions/$t/)"
            else
                echo "fuzz.sh: $t: still crashes: $p"
                grep -m1 -E 'SUMMARY|Fatal error' "$work/pending.log" || true
            fi
        done
    done
    exit 0
fi

# seeds TARGET: fixture files that the target's reader takes, one path a line
seeds() {
    local f=Tests/GridSettleFormatsTests/Fixtures p=$public_fixtures
    case "$1" in
        urdb) ls $f/urdb/*.json $f/urdb-synthetic/*.json $p/urdb/*.json ;;
        espi) ls $f/greenbutton/*/*.xml $p/greenbutton-*/*.xml $p/realworld-interop/espi_*.xml ;;
        greenbutton-csv) ls $f/greenbutton-csv/*.csv $p/realworld-interop/gbcsv_*.csv ;;
        cmep) ls $f/cmep/*.dat $p/cmep-cmepparser/*.dat $p/realworld-interop/cmep_* ;;
        oasis) ls $f/oasis/*.csv $p/realworld-interop/oasis_*.csv ;;
        pjm-dataminer) ls $f/pjm-dataminer/*.csv $p/realworld-interop/pjm_*.csv ;;
        openadr2b) ls $f/openadr/*.xml $p/openadr2b-openleadr/*.xml $p/realworld-interop/oadr2b_*.xml ;;
        openadr3) ls $p/realworld-interop/oadr3_*.json ;;
        interval-csv) ls Tests/GridSettleEndToEndTests/Fixtures/eemeter/readings.csv ;;
    esac 2>/dev/null || true
}

dictionary() {
    case "$1" in
        espi|openadr2b) echo Fuzz/Dictionaries/xml.dict ;;
        urdb|openadr3|site) echo Fuzz/Dictionaries/json.dict ;;
        *) echo Fuzz/Dictionaries/csv.dict ;;
    esac
}

failed=()
for t in "${targets[@]}"; do
    bin="$out/bin/$t"
    # 1. the committed regressions, each run once as a plain input
    regressions=()
    [ -d "Fuzz/Regressions/$t" ] && mapfile -t regressions < <(find "Fuzz/Regressions/$t" -type f | sort)
    if [ ${#regressions[@]} -gt 0 ]; then
        echo "fuzz.sh: $t: ${#regressions[@]} regression input(s)"
        for r in "${regressions[@]}"; do
            if ! "$bin" -timeout=10 -rss_limit_mb=2048 "$r" > "$work/$t-regression.log" 2>&1; then
                echo "fuzz.sh: $t: REGRESSION FAILS: $r"
                grep -E '^ +#[0-9]+ |ERROR|Fatal error|SUMMARY' "$work/$t-regression.log" | head -30
                failed+=("$t:$r")
            fi
        done
    fi

    # 2. a fresh corpus: fixtures (no larger than 512 KiB, so mutation stays fast), Fuzz/Seeds, generated examples
    corpus="$work/corpus-$t"
    mkdir -p "$corpus" "$work/artifacts-$t"
    while IFS= read -r s; do
        [ -f "$s" ] && [ "$(stat -c %s "$s")" -le 524288 ] && cp "$s" "$corpus/$(basename "$(dirname "$s")")-$(basename "$s")"
    done < <(seeds "$t")
    [ -d "Fuzz/Seeds/$t" ] && cp Fuzz/Seeds/"$t"/* "$corpus/"
    GRIDSETTLE_FUZZ_SEEDS="$corpus" "$bin" -runs=0 > /dev/null 2>&1 || true
    echo "fuzz.sh: $t: fuzzing ${seconds}s from $(find "$corpus" -type f | wc -l) seed(s)"

    # 3. fuzz
    log="$work/$t.log"
    if "$bin" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -dict="$(dictionary "$t")" \
        -artifact_prefix="$work/artifacts-$t/" -print_final_stats=1 ${GRIDSETTLE_FUZZ_FLAGS:-} > "$log" 2>&1; then
        grep -E '^stat::number_of_executed_units|^stat::new_units_added|cov: ' "$log" | tail -3 | sed "s/^/fuzz.sh: $t: /"
    else
        crash=$(find "$work/artifacts-$t" -type f | head -1)
        saved="$out/artifacts/$t"
        mkdir -p "$saved"
        [ -n "$crash" ] && cp "$crash" "$saved/" && crash="$saved/$(basename "$crash")"
        echo "fuzz.sh: $t: CRASH, input saved as ${crash:-(none written)}"
        grep -E '^ +#[0-9]+ |ERROR|Fatal error|SUMMARY|Test unit written' "$log" | head -40
        failed+=("$t:${crash:-?}")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: FAILED: ${failed[*]}"
    echo "fuzz.sh: minimise with: SWIFT_BACKTRACE=enable=no $out/bin/TARGET -minimize_crash=1 -max_total_time=60 -exact_artifact_path=OUT INPUT (docs/fuzzing.md)"
    exit 1
fi
echo "fuzz.sh: all ${#targets[@]} target(s) clean"
