// Package settings reads the ELASTICIO_* environment of a sailor process
// into typed values, once, with the defaults and parsing rules of the
// Node.js sailor (sailor-protocol.md §2).
//
// Nothing here calls os.Getenv: Load and LoadService take a lookup
// function, which main sets to os.LookupEnv and tests to a map.
package settings
