// Command cronexpr-oracle runs cron expressions through the real cronexpr, for stsbackup's
// differential test (crates/stsbackup/tests/cronexpr_differential.rs), which builds it.
//
// It links two packages: gorhill/cronexpr as Debian ships it (golang-github-gorhill-cronexpr-dev)
// and, under the import path supercronic/cronexpr, a copy of it that the test patches into
// supercronic's in-tree fork (ParseStrict, backward ranges refused, months 01-09). The crontab
// functions below are stsbackup's own rendering of supercronic's crontab/crontab.go
// (ParseCrontab for one line, parseJobLine), written for this oracle.
//
// Input: a first line with a JSON object {"starts": [RFC 3339 times], "count": N}, then one JSON
// string per line, an expression. Output, for each expression, two JSON lines: first
// {"supercronic": R, "line": L, "whole": L}, then {"gorhill": R}, where R is {"error": "..."} or
// {"runs": [[times after each start]], "ends": ["count" | "zero" | "panic"]} and L is what
// supercronic does with a crontab line: the expression followed by " /backup.sh" ("line") and
// the expression alone ("whole"). gorhill's Next can recurse until the Go stack overflows, which
// kills the process after the first line: the test then records that and starts the oracle again
// on the expressions left.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	gorhill "github.com/gorhill/cronexpr"
	supercronic "supercronic/cronexpr"
)

type request struct {
	Starts []string `json:"starts"`
	Count  int      `json:"count"`
}

type nexter interface {
	Next(time.Time) time.Time
}

type result struct {
	Error string     `json:"error,omitempty"`
	Runs  [][]string `json:"runs,omitempty"`
	Ends  []string   `json:"ends,omitempty"`
}

type lineResult struct {
	Kind     string `json:"kind"`
	Error    string `json:"error,omitempty"`
	Words    int    `json:"words,omitempty"`
	Schedule string `json:"schedule,omitempty"`
	Command  string `json:"command,omitempty"`
}

// next calls Next and turns a panic (an empty field list) into ok == false.
func next(expr nexter, from time.Time) (t time.Time, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return expr.Next(from), true
}

// runs asks Next again from each run, as supercronic's scheduling loop does.
func runs(expr nexter, starts []time.Time, count int) result {
	var r result
	for _, start := range starts {
		times := []string{}
		end := "count"
		from := start
		for len(times) < count {
			t, ok := next(expr, from)
			if !ok {
				end = "panic"
				break
			}
			if t.IsZero() {
				end = "zero"
				break
			}
			times = append(times, t.UTC().Format(time.RFC3339))
			from = t
		}
		r.Runs = append(r.Runs, times)
		r.Ends = append(r.Ends, end)
	}
	return r
}

var (
	jobWords   = regexp.MustCompile(`\S+`)
	envMatcher = regexp.MustCompile(`^([^\s=]+)\s*=\s*(.*)$`)
)

// jobLine tries 7, 6, 5 and then 1 words as the schedule, the first that parses wins.
func jobLine(line string) lineResult {
	words := jobWords.FindAllStringIndex(line, -1)
	for _, count := range []int{7, 6, 5, 1} {
		if len(words) <= count {
			continue
		}
		end := words[count-1][1]
		if _, err := supercronic.ParseStrict(line[:end]); err == nil {
			return lineResult{Kind: "job", Words: count, Schedule: line[:end], Command: line[words[count][0]:]}
		}
	}
	return lineResult{Kind: "error", Error: fmt.Sprintf("bad crontab line: '%s' (use -debug for details)", line)}
}

// crontabLine is what ParseCrontab does with one line of a crontab.
func crontabLine(line string) lineResult {
	line = strings.TrimLeft(line, " \t")
	switch {
	case line == "":
		return lineResult{Kind: "empty"}
	case line[0] == '#':
		return lineResult{Kind: "comment"}
	case len(envMatcher.FindAllStringSubmatch(line, -1)) == 1:
		return lineResult{Kind: "env"}
	}
	return jobLine(line)
}

func evaluate(parse func(string) (nexter, error), expr string, starts []time.Time, count int) result {
	parsed, err := parse(expr)
	if err != nil {
		return result{Error: err.Error()}
	}
	return runs(parsed, starts, count)
}

func main() {
	// gorhill's month-0 recursion never ends: fail fast rather than at 1 GB.
	debug.SetMaxStack(64 << 20)
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	out := bufio.NewWriter(os.Stdout)
	emit := func(v interface{}) {
		data, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		out.Write(data)
		out.WriteByte('\n')
		out.Flush()
	}

	if !in.Scan() {
		fmt.Fprintln(os.Stderr, "no request")
		os.Exit(2)
	}
	var req request
	if err := json.Unmarshal(in.Bytes(), &req); err != nil {
		fmt.Fprintln(os.Stderr, "bad request:", err)
		os.Exit(2)
	}
	var starts []time.Time
	for _, s := range req.Starts {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bad start:", err)
			os.Exit(2)
		}
		starts = append(starts, t.UTC())
	}

	parseStrict := func(s string) (nexter, error) { return supercronic.ParseStrict(s) }
	parseGorhill := func(s string) (nexter, error) { return gorhill.Parse(s) }
	for in.Scan() {
		var expr string
		if err := json.Unmarshal(in.Bytes(), &expr); err != nil {
			fmt.Fprintln(os.Stderr, "bad expression:", err)
			os.Exit(2)
		}
		emit(map[string]interface{}{
			"supercronic": evaluate(parseStrict, expr, starts, req.Count),
			"line":        crontabLine(expr + " /backup.sh"),
			"whole":       crontabLine(expr),
		})
		emit(map[string]interface{}{"gorhill": evaluate(parseGorhill, expr, starts, req.Count)})
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "reading:", err)
		os.Exit(2)
	}
}
