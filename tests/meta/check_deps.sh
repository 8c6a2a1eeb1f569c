#!/bin/sh
# Dependencies point one way (docs/architecture.md):
#   emu <- devices;  emu <- replay <- debugger, trace;  tools/as and
#   tools/objdump use emu's ISA only. This fails if an #include points
#   backwards, naming the file and line.
set -u
SRC=${1:-${E2K_SRC:-.}}
cd "$SRC" || exit 2
status=0
check() { # folder, forbidden include prefixes...
    dir=$1; shift
    [ -d "$dir" ] || return 0
    for bad in "$@"; do
        hits=$(grep -rn --include='*.c' --include='*.h' --include='*.def' \
            "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"$bad/" "$dir" 2>/dev/null)
        if [ -n "$hits" ]; then
            echo "backward dependency: $dir must not include $bad/:"
            echo "$hits"
            status=1
        fi
    done
}
check emu replay debugger trace devices tools tests
check devices replay debugger trace tools
check replay debugger trace devices tools
check debugger trace tools
check trace debugger tools
check tools/as replay debugger trace devices
check tools/objdump replay debugger trace devices
[ $status = 0 ] && echo "dependency check: ok"
exit $status
