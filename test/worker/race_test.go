//go:build race

package worker_test

// The test component is built with the race detector too when the tests
// are: a data race in the worker then fails the test that triggered it.
func init() { buildFlags = append(buildFlags, "-race") }
