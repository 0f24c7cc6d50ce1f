package testcomponent

import _ "embed"

// ComponentJSON is the test component's component.json: the functions
// NewRegistry handles, embedded for cmd/testcomponent and the benchmark's
// profworker.
//
//go:embed component.json
var ComponentJSON []byte
