package platform

import (
	"encoding/base64"
	"slices"
	"strings"
)

// redactedMark replaces a secret in error and log text.
const redactedMark = "[REDACTED]"

// redactor removes known secrets from text taken from outside (response
// bodies, transport errors). A server that echoes the Authorization header
// would otherwise leak the API key into our errors, so the base64 form of
// Basic credentials is a secret too.
type redactor struct {
	replacer *strings.Replacer
}

// newRedactor builds a redactor for the given secrets; empty ones are
// ignored. strings.Replacer tries candidates in argument order, so the
// longest secrets go first and a secret containing another is removed whole.
func newRedactor(secrets ...string) redactor {
	secrets = slices.DeleteFunc(slices.Clone(secrets), func(s string) bool { return s == "" })
	if len(secrets) == 0 {
		return redactor{}
	}
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	pairs := make([]string, 0, 2*len(secrets))
	for _, s := range secrets {
		pairs = append(pairs, s, redactedMark)
	}
	return redactor{replacer: strings.NewReplacer(pairs...)}
}

// basicSecrets returns the secrets a Basic-auth header exposes: the
// password itself and the encoded "user:password".
func basicSecrets(user, password string) []string {
	if password == "" {
		return nil
	}
	encoded := base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
	return []string{password, encoded}
}

// apply returns s with every secret replaced.
func (r redactor) apply(s string) string {
	if r.replacer == nil {
		return s
	}
	return r.replacer.Replace(s)
}
