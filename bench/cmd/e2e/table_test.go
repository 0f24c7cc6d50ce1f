package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func runsOf(tput ...float64) []result {
	rs := make([]result, len(tput))
	for i, t := range tput {
		rs[i] = result{Throughput: t}
	}
	return rs
}

// A slow stretch of the machine hits both workers of a run alike: the
// ratio of each run's pair is what the table reports, not the ratio of
// two medians taken from different runs.
func TestPairedRatioComparesRunByRun(t *testing.T) {
	goRuns := runsOf(900, 500, 1000)
	floorRuns := runsOf(1000, 550, 1250)
	med, lo, hi, ok := paired(goRuns, floorRuns, throughput)
	assert.True(t, ok)
	assert.InDelta(t, 0.9, med, 1e-9)
	assert.InDelta(t, 0.8, lo, 1e-9)
	assert.InDelta(t, 500.0/550, hi, 1e-9)

	_, _, _, ok = paired(goRuns, nil, throughput)
	assert.False(t, ok, "no pairs, no ratio")
}

func TestTargetsSayWhenNodeRatioIsBeyondTheFloor(t *testing.T) {
	sc := scenario{Name: "64B-p1"}
	rows := []row{
		{scenario: sc, impl: "go", runs: runsOf(1300, 1400, 1350)},
		{scenario: sc, impl: "floor", runs: runsOf(1600, 1650, 1700)},
		{scenario: sc, impl: "node", runs: runsOf(650, 660, 640)},
	}
	// Run ratios 0.81, 0.85, 0.79: the median run, not 1350/1650.
	var out bytes.Buffer
	printTargets(&out, rows)
	assert.Contains(t, out.String(), "| 64B-p1 throughput ≥ 80% of floor | 81% (runs 79–85%) | yes |")
	assert.Contains(t, out.String(), "out of reach here: the floor itself is below 3.5×")

	rows[2].runs = runsOf(300, 320, 310)
	out.Reset()
	printTargets(&out, rows)
	assert.Contains(t, out.String(), "| 64B-p1 throughput ≥ 3.5× Node | 4.35× (floor / Node: 5.33×) | yes |")
}

// The figures keep as many messages in flight as the prefetch
// (its Node sailor's 27 msg/s at 100 KB is one 40 ms stall per message);
// -window overrides that for every scenario.
func TestScenariosKeepThePrefetchInFlight(t *testing.T) {
	all := scenarios(options{n: 10, nLarge: 5, nThrottled: 3})
	assert.Len(t, all, 4)
	for _, sc := range all {
		assert.Equal(t, sc.Prefetch, sc.Window, sc.Name)
	}
	deeper := scenarios(options{n: 10, window: 7, scenarios: "64B-p10,100KB-p1"})
	assert.Len(t, deeper, 2)
	for _, sc := range deeper {
		assert.Equal(t, 7, sc.Window, sc.Name)
	}
}

// Without a local broker to read, the broker column says so rather than
// showing a zero cost.
func TestScenarioTableShowsBrokerCPUOnlyWhenMeasured(t *testing.T) {
	sc := scenario{Name: "64B-p1", Size: 64, Prefetch: 1, N: 10, Window: 1}
	impls := []impl{{Name: "go"}, {Name: "floor"}}
	results := map[string][]result{
		"go":    {{Throughput: 900, Done: 10, CPUPerMsg: 170 * time.Microsecond, BrokerCPU: 190 * time.Microsecond}},
		"floor": {{Throughput: 1000, Done: 10, CPUPerMsg: 120 * time.Microsecond}},
	}
	var out bytes.Buffer
	printScenario(&out, sc, impls, results)
	assert.Contains(t, out.String(), "up to 10 messages, 1 in flight")
	assert.Contains(t, out.String(), "| go | 900 | 10 |")
	assert.Contains(t, out.String(), "| 170 | 190 |")
	assert.Contains(t, out.String(), "| 120 | – |")
}

// The hypervisor's share of the CPU during the load phases is shown, as
// the median and the worst run, so that a reader can tell a slow run from
// a slow worker; machines that do not report it show "–".
func TestScenarioTableShowsStolenTime(t *testing.T) {
	sc := scenario{Name: "64B-p10", Size: 64, Prefetch: 10, N: 10, Window: 10}
	impls := []impl{{Name: "go"}, {Name: "floor"}}
	results := map[string][]result{
		"go":    {{Throughput: 900, Done: 10, Steal: 0.004}, {Throughput: 500, Done: 10, Steal: 0.21}, {Throughput: 950, Done: 10, Steal: 0.01}},
		"floor": {{Throughput: 1000, Done: 10, Steal: -1}},
	}
	var out bytes.Buffer
	printScenario(&out, sc, impls, results)
	assert.Contains(t, out.String(), "| steal % (worst run) |")
	assert.Contains(t, out.String(), "| 1.0 (21.0) |")
	assert.Contains(t, out.String(), "| 0 | – |")
}
