package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"time"
)

func numCPU() int { return runtime.NumCPU() }

// row is a scenario's medians for one worker, with the runs they come from.
type row struct {
	scenario scenario
	impl     string
	med      result
	runs     []result
}

// paired compares two workers run by run: run i of a against run i of b,
// taken back to back, so a drift of the machine's speed during the
// invocation moves both sides of each ratio alike. It returns the median
// ratio and the smallest and largest.
func paired(a, b []result, f func(result) float64) (med, lo, hi float64, ok bool) {
	var rs []float64
	for i := range min(len(a), len(b)) {
		if d := f(b[i]); d != 0 {
			rs = append(rs, f(a[i])/d)
		}
	}
	if len(rs) == 0 {
		return 0, 0, 0, false
	}
	slices.Sort(rs)
	return rs[len(rs)/2], rs[0], rs[len(rs)-1], true
}

func throughput(r result) float64 { return r.Throughput }
func seqP50(r result) float64     { return float64(r.SeqP50) }

func median[T int | int64 | float64 | time.Duration](rs []result, f func(result) T) T {
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
		Done:        median(rs, func(r result) int { return r.Done }),
		LoadP50:     median(rs, func(r result) time.Duration { return r.LoadP50 }),
		LoadP99:     median(rs, func(r result) time.Duration { return r.LoadP99 }),
		SeqP50:      median(rs, func(r result) time.Duration { return r.SeqP50 }),
		SeqP99:      median(rs, func(r result) time.Duration { return r.SeqP99 }),
		PeakRSS:     median(rs, func(r result) int64 { return r.PeakRSS }),
		CPUPerMsg:   median(rs, func(r result) time.Duration { return r.CPUPerMsg }),
		BrokerCPU:   median(rs, func(r result) time.Duration { return r.BrokerCPU }),
		Steal:       median(rs, func(r result) float64 { return r.Steal }),
		Attach:      median(rs, func(r result) time.Duration { return r.Attach }),
		FirstOutput: median(rs, func(r result) time.Duration { return r.FirstOutput }),
		Errors:      median(rs, func(r result) int64 { return r.Errors }),
	}
}

// stealText is the median and the worst share of CPU time the hypervisor
// took during the runs' load phases, in percent, or "–" where /proc/stat
// does not tell. A run with much steal was slowed by other machines on the
// host: its ratio says little about the workers.
func stealText(rs []result) string {
	worst := -1.0
	for _, r := range rs {
		worst = max(worst, r.Steal)
	}
	if worst < 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f (%.1f)", 100*median(rs, func(r result) float64 { return r.Steal }), 100*worst)
}

// micros is d in µs, or "–" for no measurement.
func micros(d time.Duration) string {
	if d == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f", float64(d)/float64(time.Microsecond))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }

func printScenario(w io.Writer, sc scenario, impls []impl, results map[string][]result) []row {
	throttle := "throttles lifted"
	if sc.Throttle {
		throttle = "default throttles (10 data per 100 ms)"
	}
	fmt.Fprintf(w, "## %s: %d B bodies, prefetch %d, %s, up to %d messages, %d in flight\n\n",
		sc.Name, sc.Size, sc.Prefetch, throttle, sc.N, sc.Window)
	fmt.Fprintln(w, "| worker | msg/s | messages | load p50 ms | load p99 ms | 1-at-a-time p50 ms | p99 ms | peak RSS MiB | CPU µs/msg | broker CPU µs/msg | start→consuming ms | start→first output ms | errors | steal % (worst run) |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	var rows []row
	byName := map[string]result{}
	for _, im := range impls {
		rs := results[im.Name]
		if len(rs) == 0 {
			continue
		}
		m := medians(rs)
		byName[im.Name] = m
		rows = append(rows, row{scenario: sc, impl: im.Name, med: m, runs: rs})
		fmt.Fprintf(w, "| %s | %.0f | %d | %s | %s | %s | %s | %.1f | %.0f | %s | %s | %s | %d | %s |\n",
			im.Name, m.Throughput, m.Done, ms(m.LoadP50), ms(m.LoadP99), ms(m.SeqP50), ms(m.SeqP99),
			float64(m.PeakRSS)/(1<<20), float64(m.CPUPerMsg)/float64(time.Microsecond), micros(m.BrokerCPU),
			ms(m.Attach), ms(m.FirstOutput), m.Errors, stealText(rs))
	}
	fmt.Fprintln(w)
	g, okG := byName["go"]
	for _, other := range []string{"floor", "node"} {
		o, ok := byName[other]
		if !okG || !ok {
			continue
		}
		tr, lo, hi, _ := paired(results["go"], results[other], throughput)
		fmt.Fprintf(w, "- go / %s: throughput %.2f× (runs %.2f–%.2f), load p50 %.2f×, 1-at-a-time p50 %.2f×, RSS %.2f×, CPU/msg %.2f×, start→consuming %.2f×\n",
			other, tr, lo, hi, ratio(g.LoadP50, o.LoadP50), ratio(g.SeqP50, o.SeqP50),
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

// printTargets checks the targets against this invocation. The
// ratios are medians of run-by-run ratios (see paired), the same figures
// as the scenario tables' "go / floor" lines.
func printTargets(w io.Writer, rows []row) {
	get := func(sc, im string) ([]result, bool) {
		for _, r := range rows {
			if r.scenario.Name == sc && r.impl == im {
				return r.runs, true
			}
		}
		return nil, false
	}
	fmt.Fprintln(w, "## Targets (issue 8)")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| target | measured | holds |")
	fmt.Fprintln(w, "|---|---:|:---:|")
	// lineMark prints a target's row; mark, when set, replaces yes/no.
	lineMark := func(name, measured string, ok bool, mark string) {
		if mark == "" {
			mark = "no"
			if ok {
				mark = "yes"
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s |\n", name, measured, mark)
	}
	line := func(name, measured string, ok bool) { lineMark(name, measured, ok, "") }
	for _, t := range []struct {
		sc   string
		want float64
	}{{"64B-p1", 0.80}, {"64B-p10", 0.75}, {"100KB-p1", 0.70}} {
		g, ok1 := get(t.sc, "go")
		f, ok2 := get(t.sc, "floor")
		if !ok1 || !ok2 {
			continue
		}
		if r, lo, hi, ok := paired(g, f, throughput); ok {
			line(fmt.Sprintf("%s throughput ≥ %.0f%% of floor", t.sc, t.want*100),
				fmt.Sprintf("%.0f%% (runs %.0f–%.0f%%)", r*100, lo*100, hi*100), r >= t.want)
		}
	}
	g, okG := get("64B-p1", "go")
	f, okF := get("64B-p1", "floor")
	if n, ok := get("64B-p1", "node"); ok && okG {
		r, _, _, _ := paired(g, n, throughput)
		measured, holds := fmt.Sprintf("%.2f×", r), r >= 3.5
		mark := ""
		if okF {
			// The issue derives 3.5× from its own machine, where the floor
			// was 4.5× the Node sailor. Where the floor itself is below
			// 3.5× Node, no sailor doing more than the floor can reach it:
			// say so rather than print a bare "no".
			fr, _, _, _ := paired(f, n, throughput)
			measured += fmt.Sprintf(" (floor / Node: %.2f×)", fr)
			if !holds && fr < 3.5 {
				mark = "out of reach here: the floor itself is below 3.5×"
			}
		}
		lineMark("64B-p1 throughput ≥ 3.5× Node", measured, holds, mark)
	}
	if okG && okF {
		if r, _, _, ok := paired(g, f, seqP50); ok {
			line("1-at-a-time p50 ≤ 1.5× floor", fmt.Sprintf("%.2f×", r), r <= 1.5)
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
		line("peak RSS ≤ 25 MiB (worst scenario)", fmt.Sprintf("%.1f MiB", float64(rss)/(1<<20)), rss <= 25<<20)
		line("start→consuming ≤ 80 ms (worst scenario)", fmt.Sprintf("%.1f ms", float64(attach)/float64(time.Millisecond)), attach <= 80*time.Millisecond)
	}
	fmt.Fprintln(w)
}
