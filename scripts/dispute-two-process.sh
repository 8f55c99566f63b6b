#!/bin/sh
# Two processes play the bisection game through a game file (docs/disputes.md, "Commands"):
# each turn is a separate `cairn dispute move` run that replays the file through its own referee
# and appends its side's move. Usage: scripts/dispute-two-process.sh CAIRN PROGRAM INPUT LEVELS [SOLVER LIE OPTIONS...]
set -eu
cairn=$1 program=$2 input=$3 levels=$4
shift 4
dir=$(mktemp -d)
"$cairn" dispute claim "$program" --input "$input" --levels "$levels" "$@" -o "$dir/claim.json"
for turn in $(seq 1 400); do
    for role in solver challenger; do
        if [ "$role" = solver ]; then lie="$*"; else lie=""; fi
        out=$("$cairn" dispute move "$program" --input "$input" --levels "$levels" $lie --role $role --claim "$dir/claim.json" --log "$dir/game.cdg")
        echo "$out"
        case "$out" in *winner:*) "$cairn" dispute check "$dir/game.cdg"; rm -r "$dir"; exit 0 ;; esac
    done
done
echo "no winner after 400 turns" >&2
exit 1
