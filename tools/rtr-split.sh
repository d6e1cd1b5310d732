#!/bin/sh
# Splits a RentTheRunway-format CSV(.gz) into train and test files for
# `atelier-cli bench fit-feedback` and `bench style-rec`, by a hash of the
# row number (Knuth's multiplicative hash), so the split is reproducible
# and independent of the row order's meaning.
#   tools/rtr-split.sh IN.csv.gz OUTDIR [TEST_PERCENT]   (default 10)
# writes OUTDIR/rtr_train.csv.gz and OUTDIR/rtr_test.csv.gz.
set -eu
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 IN.csv.gz OUTDIR [TEST_PERCENT]" >&2
  exit 2
fi
in=$1
out=$2
pct=${3:-10}
case $pct in
  ''|*[!0-9]*) echo "$0: TEST_PERCENT must be an integer 1-99" >&2; exit 2 ;;
esac
if [ "$pct" -lt 1 ] || [ "$pct" -gt 99 ]; then
  echo "$0: TEST_PERCENT must be an integer 1-99" >&2
  exit 2
fi
[ -r "$in" ] || { echo "$0: $in: cannot read" >&2; exit 1; }
mkdir -p "$out"
tmp=$(mktemp -d "$out/.rtr-split.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
gzip -dc -f "$in" | awk -v pct="$pct" -v tr="$tmp/train.csv" -v te="$tmp/test.csv" '
  NR == 1 { print > tr; print > te; next }
  {
    # (row * 2654435761) mod 2^32, exact in doubles for files under 2^21 rows
    h = ((NR - 1) * 2654435761) % 4294967296
    # the high bits of a multiplicative hash are the well-mixed ones
    if (int(h * 100 / 4294967296) < pct) print > te; else print > tr
  }'
gzip -n -c "$tmp/train.csv" > "$tmp/train.csv.gz"
gzip -n -c "$tmp/test.csv" > "$tmp/test.csv.gz"
mv "$tmp/train.csv.gz" "$out/rtr_train.csv.gz"
mv "$tmp/test.csv.gz" "$out/rtr_test.csv.gz"
echo "$out/rtr_train.csv.gz: $(($(gzip -dc "$out/rtr_train.csv.gz" | wc -l) - 1)) rows"
echo "$out/rtr_test.csv.gz: $(($(gzip -dc "$out/rtr_test.csv.gz" | wc -l) - 1)) rows"
