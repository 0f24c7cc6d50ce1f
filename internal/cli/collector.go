package cli

import (
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// workerGCPercent is the collector's GOGC for a worker. A worker's live
// heap is small (about 3 MiB) and what it allocates per message is large
// next to it (two to three times the body: the decrypted text, the
// encrypted output), so at Go's default of 100 it collects every few
// messages of 100 KB, and the collections cost more than the messages'
// own work (BENCHMARKS.md, "The collector"). 200 lets the heap grow to
// three times the live data between collections, about 4 MiB more RSS;
// 400 gained no more throughput and took RSS to 25 MiB.
const workerGCPercent = 200

// memoryLimitShare is the part of the container's memory the Go heap may
// use before the collector works harder whatever GOGC says, so that a
// component with a large live heap is not pushed into an OOM kill by
// workerGCPercent.
const memoryLimitShare = 0.75

// defaultContainerMiB is the platform's default container memory
// (sailor-protocol.md section 11), used when neither the cgroup nor
// EIO_REQUIRED_RAM_MB tells.
const defaultContainerMiB = 1024

// gcPolicy is the collector setting of a worker process.
type gcPolicy struct {
	// Percent is the GOGC value to set; 0 leaves it as it is.
	Percent int
	// Limit is the soft memory limit in bytes to set; 0 leaves it.
	Limit int64
}

// workerGCPolicy chooses the collector setting of a worker: GOGC and
// GOMEMLIMIT, when set, are the operator's and are left alone; otherwise
// workerGCPercent, under a soft limit of memoryLimitShare of the
// container's memory (cgroupLimit bytes, or EIO_REQUIRED_RAM_MB, or the
// platform default).
func workerGCPolicy(env Env, cgroupLimit int64) gcPolicy {
	var p gcPolicy
	if _, set := env("GOGC"); !set {
		p.Percent = workerGCPercent
	}
	if _, set := env("GOMEMLIMIT"); set {
		return p
	}
	container := cgroupLimit
	if container <= 0 {
		container = defaultContainerMiB << 20
		if v, ok := env("EIO_REQUIRED_RAM_MB"); ok {
			if mb, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && mb > 0 && mb < 1<<40 {
				container = mb << 20
			}
		}
	}
	p.Limit = int64(float64(container) * memoryLimitShare)
	return p
}

// apply sets the policy on the running process.
func (p gcPolicy) apply() {
	if p.Percent > 0 {
		debug.SetGCPercent(p.Percent)
	}
	if p.Limit > 0 {
		debug.SetMemoryLimit(p.Limit)
	}
}

// cgroupMemoryLimit is the memory limit of this process's cgroup in bytes
// (v2 memory.max, else v1 memory.limit_in_bytes), or 0 when there is none.
func cgroupMemoryLimit() int64 {
	for _, path := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
		// "max" (v2) and a page-rounded MaxInt64 (v1) mean unlimited.
		if err != nil || n <= 0 || n >= 1<<60 {
			return 0
		}
		return n
	}
	return 0
}
