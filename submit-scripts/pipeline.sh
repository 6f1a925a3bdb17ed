#!/usr/bin/env bash
# The pipeline job on a schedule (cron, Airflow): one directory per day, resumable, one run at a time.
#
#   pipeline.sh --input F --output-root ROOT [--date YYYY-MM-DD] [--master URL] [pipeline options]
#
# Runs `submit.sh pipeline --resume` into ROOT/<date> (default: today in UTC), so a re-run of the
# same day skips the stages already done. While it runs it holds `flock -n` on the directory
# ROOT/<date> itself, so no lock file stays behind (ROOT must be a local or mounted path): a second
# run of the same date meanwhile exits 75
# (EX_TEMPFAIL, "try again later") with one line and writes nothing. Otherwise the exit code is the
# pipeline's (0 success, 1 other, 2 usage, 3 input data, 4 numerical); a bad argument
# of this script is 2.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly LOCKED=75

usage_error() {
  echo "pipeline.sh: error: $1" >&2
  exit 2
}

input=""
root=""
day="$(date -u +%F)"
pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --input | --output-root | --date)
      [ $# -ge 2 ] || usage_error "$1 needs a value"
      case "$1" in
        --input) input="$2" ;;
        --output-root) root="$2" ;;
        --date) day="$2" ;;
      esac
      shift 2 ;;
    --output) usage_error "the output is ROOT/<date>: give --output-root ROOT, not --output" ;;
    *) pass+=("$1"); shift ;;
  esac
done
[ -n "$input" ] || usage_error "missing required option --input"
[ -n "$root" ] || usage_error "missing required option --output-root"
if ! [[ "$day" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || [ "$(date -u -d "$day" +%F 2>/dev/null)" != "$day" ]; then
  usage_error "--date must be a date YYYY-MM-DD, got '$day'"
fi

output="$root/$day"
mkdir -p "$output"
exec 9<"$output"
if ! flock -n 9; then
  echo "pipeline.sh: error: another run of $day holds the lock on $output; not starting a second one" >&2
  exit "$LOCKED"
fi
# exec keeps descriptor 9, and so the lock, until the pipeline exits, and passes its exit code on
exec "$here/submit.sh" pipeline --input "$input" --output "$output" --resume "${pass[@]}"
