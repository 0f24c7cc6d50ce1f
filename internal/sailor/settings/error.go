package settings

import (
	"slices"
	"strings"
)

// Error lists every problem found in the environment at once, so an
// operator fixes a deployment in one round. It never holds a variable's
// value: several of them are secrets.
type Error struct {
	// Missing are required variables that are unset or empty, sorted.
	Missing []string
	// Invalid are variables whose value cannot be used, sorted.
	Invalid []string

	reasons map[string]string // Invalid name -> why, without the value
}

// Error renders the problems like
// "settings: missing A, B; invalid C (must be 16 bytes)".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("settings:")
	if len(e.Missing) > 0 {
		b.WriteString(" missing ")
		b.WriteString(strings.Join(e.Missing, ", "))
	}
	if len(e.Invalid) > 0 {
		if len(e.Missing) > 0 {
			b.WriteByte(';')
		}
		b.WriteString(" invalid ")
		for i, name := range e.Invalid {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(name)
			if why := e.reasons[name]; why != "" {
				b.WriteString(" (" + why + ")")
			}
		}
	}
	return b.String()
}

// Reason says why the variable name is invalid, or "" when it is not.
func (e *Error) Reason(name string) string {
	return e.reasons[name]
}

// problems collects missing and invalid variables while reading.
type problems struct {
	missing []string
	invalid map[string]string
}

func (p *problems) addMissing(name string) {
	p.missing = append(p.missing, name)
}

func (p *problems) addInvalid(name, why string) {
	if p.invalid == nil {
		p.invalid = make(map[string]string)
	}
	p.invalid[name] = why
}

// err returns nil when nothing was collected, else an *Error with both
// lists sorted and de-duplicated.
func (p *problems) err() error {
	if len(p.missing) == 0 && len(p.invalid) == 0 {
		return nil
	}
	missing := slices.Clone(p.missing)
	slices.Sort(missing)
	missing = slices.Compact(missing)
	var invalid []string
	for name := range p.invalid {
		invalid = append(invalid, name)
	}
	slices.Sort(invalid)
	return &Error{Missing: missing, Invalid: invalid, reasons: p.invalid}
}
