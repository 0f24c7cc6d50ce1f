// Package bunyan renders logrus entries as bunyan JSON records, the log
// format the elastic.io platform reads from a component's stdout.
//
// Each record is one JSON object on one line with the bunyan core fields
// (name, hostname, pid, level, msg, time, v) and every entry field, so the
// output can be piped through the bunyan CLI and is understood by the
// platform's log collector exactly like the Node.js sailor's logs.
package bunyan
