// Package gotowebinarcomponent holds the files of the repository root that
// the elastic.io platform reads, so that the binary carries the same
// component.json the platform shows users and the runtime can check its
// handlers against it.
package gotowebinarcomponent

import _ "embed"

// ComponentJSON is component.json: the component's functions, fields,
// metadata and credentials as the platform sees them.
//
//go:embed component.json
var ComponentJSON []byte
