#!/usr/bin/env python3
"""croniter's reading of cron expressions, as the oracle of stsbackup's differential cron test.

Reads one JSON request on standard input:

    {"after": "2026-11-25T10:00:00Z", "count": 5, "expressions": ["0 3 * * *", ...]}

`after` may also be a list of such times (UTC, RFC 3339). Prints {"croniter": "<version>",
"results": [...]}, one result per expression:

    {"valid": true, "day_or": <bool>, "runs": {"<after>": ["2026-11-26T03:00:00Z", ...], ...}}
    {"valid": false, "error": "<exception class>: <message>"}

`runs` holds, for each `after`, croniter's first `count` run times strictly after it, in UTC;
a shorter list means croniter found no further run (it gives up after 50 years). `day_or`
says whether croniter combines the day-of-month and day-of-week fields with OR (a day matching
either) rather than AND.

An expression may also be an object {"expr": "...", "times_expr": "...", "day_or": <bool>},
for the documented differences that change only the times (fixtures/cron/README.md). The
result then also has `adjusted_runs`, computed with three adjustments applied one after the
other, and `adjusted_by`, the adjustments that changed the runs:

- "times_expr": the runs of `times_expr` instead of `expr`;
- "day_or": the day fields combined as `day_or` says: AND is croniter's `day_or=False`; OR
  is the earlier of two croniter schedules, one with each day field replaced by `*`;
- "month_restart": croniter restarted at the first minute of every month up to its answer,
  keeping the earliest run (croniter skips the first days of a month when it jumps from the
  end of February to a day-of-month 30 or 31 that February lacks; from the 1st it cannot).

Apart from those, nothing here interprets a schedule: verdicts and times are croniter's.
"""

import datetime
import importlib.metadata
import json
import sys

from croniter import croniter
from croniter.croniter import DAY_FIELD, DOW_FIELD, CroniterBadDateError

UTC = datetime.timezone.utc
MINUTE = datetime.timedelta(minutes=1)


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def format_time(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def error_text(error):
    # croniter wraps some errors in the whole traceback: its last line says what went wrong.
    lines = str(error).strip().splitlines()
    return "{}: {}".format(type(error).__name__, lines[-1] if lines else "")


def plain_runs(expr, start, count):
    """croniter's next `count` runs of `expr` after `start`, used as croniter's docs show."""
    schedule = croniter(expr, start)
    times = []
    try:
        while len(times) < count:
            times.append(schedule.get_next(datetime.datetime))
    except CroniterBadDateError:
        pass
    return times


def croniter_next(expr, day_or, after):
    try:
        return croniter(expr, after, day_or=day_or).get_next(datetime.datetime)
    except CroniterBadDateError:
        return None


def next_month(moment):
    first = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return (first + datetime.timedelta(days=32)).replace(day=1)


def next_restarted(expr, day_or, after):
    """croniter's next run, restarted at every month start before its answer."""
    best = croniter_next(expr, day_or, after)
    month = next_month(after + MINUTE)
    while best is not None and month <= best:
        # From one minute before the 1st, croniter starts looking at the 1st, 00:00.
        candidate = croniter_next(expr, day_or, month - MINUTE)
        if candidate is not None and candidate < best:
            best = candidate
        month = next_month(month)
    return best


def next_adjusted(expr, day_or, restart, after):
    next_one = next_restarted if restart else croniter_next
    if day_or is None:
        return next_one(expr, True, after)
    if not day_or:
        return next_one(expr, False, after)
    fields = expr.split()
    halves = [" ".join(fields[:4] + ["*"]), " ".join(fields[:2] + ["*"] + fields[3:])]
    found = [run for run in (next_one(half, False, after) for half in halves) if run is not None]
    return min(found) if found else None


def adjusted_runs(expr, day_or, restart, start, count):
    times = []
    after = start
    while len(times) < count:
        run = next_adjusted(expr, day_or, restart, after)
        if run is None:
            break
        times.append(run)
        after = run
    return times


def result(item, starts, count):
    if isinstance(item, str):
        item = {"expr": item}
    expr = item["expr"]
    try:
        expanded, _ = croniter.expand(expr)
    except Exception as error:  # croniter raises more than CroniterError on odd input
        return {"valid": False, "error": error_text(error)}
    own_day_or = expanded[DAY_FIELD][0] != "*" and expanded[DOW_FIELD][0] != "*"
    answer = {"valid": True, "day_or": own_day_or}
    try:
        runs = {text: plain_runs(expr, start, count) for text, start in starts}
        answer["runs"] = {text: [format_time(t) for t in times] for text, times in runs.items()}
        if "times_expr" not in item and "day_or" not in item:
            return answer
        times_expr = item.get("times_expr", expr)
        steps = [
            ("times_expr", (times_expr, None, False)),
            ("day_or", (times_expr, item.get("day_or"), False)),
            ("month_restart", (times_expr, item.get("day_or"), True)),
        ]
        answer["adjusted_by"] = []
        for name, (text, day_or, restart) in steps:
            if (name == "times_expr" and text == expr) or (name == "day_or" and day_or is None):
                continue
            adjusted = {
                label: adjusted_runs(text, day_or, restart, start, count) for label, start in starts
            }
            if adjusted != runs:
                answer["adjusted_by"].append(name)
                runs = adjusted
        answer["adjusted_runs"] = {
            text: [format_time(t) for t in times] for text, times in runs.items()
        }
    except Exception as error:
        answer["runs_error"] = error_text(error)
    return answer


def main():
    request = json.load(sys.stdin)
    after = request["after"]
    starts = [(text, parse_time(text)) for text in ([after] if isinstance(after, str) else after)]
    count = int(request.get("count", 5))
    results = [result(item, starts, count) for item in request["expressions"]]
    json.dump({"croniter": importlib.metadata.version("croniter"), "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
