package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"time"
)

func numCPU() int { return runtime.NumCPU() }

// row is a scenario's medians for one worker.
type row struct {
	scenario scenario
	impl     string
	med      result
}

func median[T int64 | float64 | time.Duration](rs []result, f func(result) T) T {
	v := make([]T, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	return v[len(v)/2]
}

func medians(rs []result) result {
	return result{
		Throughput:  median(rs, func(r result) float64 { return r.Throughput }),
		LoadP50:     median(rs, func(r result) time.Duration { return r.LoadP50 }),
		LoadP99:     median(rs, func(r result) time.Duration { return r.LoadP99 }),
		SeqP50:      median(rs, func(r result) time.Duration { return r.SeqP50 }),
		SeqP99:      median(rs, func(r result) time.Duration { return r.SeqP99 }),
		PeakRSS:     median(rs, func(r result) int64 { return r.PeakRSS }),
		CPUPerMsg:   median(rs, func(r result) time.Duration { return r.CPUPerMsg }),
		Attach:      median(rs, func(r result) time.Duration { return r.Attach }),
		FirstOutput: median(rs, func(r result) time.Duration { return r.FirstOutput }),
		Errors:      median(rs, func(r result) int64 { return r.Errors }),
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }

func printScenario(w io.Writer, sc scenario, impls []impl, results map[string][]result) []row {
	throttle := "throttles lifted"
	if sc.Throttle {
		throttle = "default throttles (10 data per 100 ms)"
	}
	fmt.Fprintf(w, "## %s: %d B bodies, prefetch %d, %s, n=%d\n\n", sc.Name, sc.Size, sc.Prefetch, throttle, sc.N)
	fmt.Fprintln(w, "| worker | msg/s | load p50 ms | load p99 ms | 1-at-a-time p50 ms | p99 ms | peak RSS MiB | CPU µs/msg | start→consuming ms | start→first output ms | errors |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	var rows []row
	byName := map[string]result{}
	for _, im := range impls {
		rs := results[im.Name]
		if len(rs) == 0 {
			continue
		}
		m := medians(rs)
		byName[im.Name] = m
		rows = append(rows, row{scenario: sc, impl: im.Name, med: m})
		fmt.Fprintf(w, "| %s | %.0f | %s | %s | %s | %s | %.1f | %.0f | %s | %s | %d |\n",
			im.Name, m.Throughput, ms(m.LoadP50), ms(m.LoadP99), ms(m.SeqP50), ms(m.SeqP99),
			float64(m.PeakRSS)/(1<<20), float64(m.CPUPerMsg)/float64(time.Microsecond),
			ms(m.Attach), ms(m.FirstOutput), m.Errors)
	}
	fmt.Fprintln(w)
	g, okG := byName["go"]
	for _, other := range []string{"floor", "node"} {
		o, ok := byName[other]
		if !okG || !ok {
			continue
		}
		fmt.Fprintf(w, "- go / %s: throughput %.2f×, load p50 %.2f×, 1-at-a-time p50 %.2f×, RSS %.2f×, CPU/msg %.2f×, start→consuming %.2f×\n",
			other, g.Throughput/o.Throughput, ratio(g.LoadP50, o.LoadP50), ratio(g.SeqP50, o.SeqP50),
			float64(g.PeakRSS)/float64(o.PeakRSS), ratio(g.CPUPerMsg, o.CPUPerMsg), ratio(g.Attach, o.Attach))
	}
	fmt.Fprintln(w)
	return rows
}

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// printTargets checks the targets against this invocation's medians.
func printTargets(w io.Writer, rows []row) {
	get := func(sc, im string) (result, bool) {
		for _, r := range rows {
			if r.scenario.Name == sc && r.impl == im {
				return r.med, true
			}
		}
		return result{}, false
	}
	fmt.Fprintln(w, "## Targets (issue 8)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| target | measured | holds |")
	fmt.Fprintln(w, "|---|---:|:---:|")
	line := func(name string, v float64, format string, ok bool) {
		mark := "no"
		if ok {
			mark = "yes"
		}
		fmt.Fprintf(w, "| %s | "+format+" | %s |\n", name, v, mark)
	}
	for _, t := range []struct {
		sc   string
		want float64
	}{{"64B-p1", 0.80}, {"64B-p10", 0.75}, {"100KB-p1", 0.70}} {
		g, ok1 := get(t.sc, "go")
		f, ok2 := get(t.sc, "floor")
		if ok1 && ok2 {
			r := g.Throughput / f.Throughput
			line(fmt.Sprintf("%s throughput ≥ %.0f%% of floor", t.sc, t.want*100), r*100, "%.0f%%", r >= t.want)
		}
	}
	if g, ok := get("64B-p1", "go"); ok {
		if n, ok := get("64B-p1", "node"); ok {
			r := g.Throughput / n.Throughput
			line("64B-p1 throughput ≥ 3.5× Node", r, "%.2f×", r >= 3.5)
		}
		if f, ok := get("64B-p1", "floor"); ok {
			r := ratio(g.SeqP50, f.SeqP50)
			line("1-at-a-time p50 ≤ 1.5× floor", r, "%.2f×", r <= 1.5)
		}
	}
	var rss int64
	var attach time.Duration
	for _, r := range rows {
		if r.impl == "go" {
			rss = max(rss, r.med.PeakRSS)
			attach = max(attach, r.med.Attach)
		}
	}
	if rss > 0 {
		line("peak RSS ≤ 25 MiB (worst scenario)", float64(rss)/(1<<20), "%.1f MiB", rss <= 25<<20)
		line("start→consuming ≤ 80 ms (worst scenario)", float64(attach)/float64(time.Millisecond), "%.1f ms", attach <= 80*time.Millisecond)
	}
	fmt.Fprintln(w)
}
