package gotowebinarcomponent

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// No Docker engine runs in CI, so the image is checked by reading the
// Dockerfile: its build step must be `make build`'s.

type makefile struct {
	vars    map[string]string
	targets map[string][]string // recipe lines
	text    string
}

func readMakefile(t *testing.T) makefile {
	t.Helper()
	data, err := os.ReadFile("Makefile")
	require.NoError(t, err)
	mf := makefile{vars: map[string]string{}, targets: map[string][]string{}, text: string(data)}
	assign := regexp.MustCompile(`^(?:export\s+)?([A-Z_]+)\s*(?:\?=|:=|=)\s*(.*)$`)
	rule := regexp.MustCompile(`^([a-z][a-z0-9-]*):`)
	target := ""
	for _, line := range strings.Split(mf.text, "\n") {
		switch {
		case strings.HasPrefix(line, "\t") && target != "":
			mf.targets[target] = append(mf.targets[target], strings.TrimSpace(line))
		case assign.MatchString(line):
			m := assign.FindStringSubmatch(line)
			mf.vars[m[1]] = strings.TrimSpace(m[2])
			target = ""
		case rule.MatchString(line) && !strings.HasPrefix(line, ".PHONY"):
			target = rule.FindStringSubmatch(line)[1]
		default:
			target = ""
		}
	}
	return mf
}

// expand replaces $(VAR) by its Makefile value, recursively; variables
// computed by the shell (VERSION, COMMIT) become ${VAR}, as the
// Dockerfile's build arguments spell them.
func (mf makefile) expand(s string) string {
	ref := regexp.MustCompile(`\$\(([A-Z_]+)\)`)
	for range 10 {
		s = ref.ReplaceAllStringFunc(s, func(m string) string {
			name := ref.FindStringSubmatch(m)[1]
			v, ok := mf.vars[name]
			if !ok || strings.Contains(v, "$(shell") {
				return "${" + name + "}"
			}
			return v
		})
	}
	return s
}

type goBuild struct {
	cgo, flags, out, pkg string
}

// parseGoBuild splits `[CGO_ENABLED=0] go build FLAGS -o OUT PKG`.
func parseGoBuild(t *testing.T, line string) goBuild {
	t.Helper()
	m := regexp.MustCompile(`^(?:CGO_ENABLED=(\d)\s+)?(?:go|\$\{GO\}|\$\(GO\))\s+build\s+(.*?)\s+-o\s+(\S+)\s+(\S+)$`).FindStringSubmatch(strings.TrimSpace(line))
	require.NotNil(t, m, "a go build line: %s", line)
	return goBuild{cgo: m[1], flags: m[2], out: m[3], pkg: m[4]}
}

type dockerfile struct {
	stages []dockerStage
}

type dockerStage struct {
	from  string
	lines []string // instructions after FROM, continuation lines joined
}

func readDockerfile(t *testing.T) dockerfile {
	t.Helper()
	data, err := os.ReadFile("Dockerfile")
	require.NoError(t, err)
	var df dockerfile
	text := strings.ReplaceAll(string(data), "\\\n", " ")
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "FROM ") {
			df.stages = append(df.stages, dockerStage{from: strings.TrimPrefix(line, "FROM ")})
			continue
		}
		require.NotEmpty(t, df.stages, "instruction before FROM: %s", line)
		last := &df.stages[len(df.stages)-1]
		last.lines = append(last.lines, line)
	}
	return df
}

func (s dockerStage) find(prefix string) []string {
	var out []string
	for _, l := range s.lines {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return out
}

// TestDockerfileBuildsLikeMakeBuild: same flags, cgo off, same package.
func TestDockerfileBuildsLikeMakeBuild(t *testing.T) {
	mf := readMakefile(t)
	df := readDockerfile(t)
	require.GreaterOrEqual(t, len(df.stages), 2, "a multi-stage build")

	var makeLine string
	for _, l := range mf.targets["build"] {
		if strings.HasSuffix(l, "./cmd/gotowebinar") {
			makeLine = l
		}
	}
	require.NotEmpty(t, makeLine, "make build builds ./cmd/gotowebinar")
	want := parseGoBuild(t, mf.expand(makeLine))
	assert.Equal(t, "0", mf.vars["CGO_ENABLED"], "make build is static (export CGO_ENABLED = 0)")
	assert.Contains(t, mf.text, "export CGO_ENABLED")

	var runs []string
	for _, st := range df.stages {
		for _, l := range st.find("RUN ") {
			if strings.Contains(l, " build ") {
				runs = append(runs, strings.TrimPrefix(l, "RUN "))
			}
		}
	}
	require.Len(t, runs, 1, "one go build in the Dockerfile")
	got := parseGoBuild(t, runs[0])
	assert.Equal(t, "0", got.cgo, "CGO_ENABLED=0 go build: a static binary for scratch")
	assert.Equal(t, want.flags, got.flags, "the Dockerfile's go build flags are make build's")
	assert.Equal(t, want.pkg, got.pkg)
	assert.Contains(t, want.flags, "-trimpath")

	for _, arg := range regexp.MustCompile(`\$\{([A-Z_]+)\}`).FindAllStringSubmatch(got.flags, -1) {
		assert.NotEmpty(t, df.stages[0].find("ARG "+arg[1]), "the build stage declares ARG %s", arg[1])
		assert.Contains(t, strings.Join(mf.targets["docker"], "\n"), "--build-arg "+arg[1]+"=$("+arg[1]+")", "make docker passes %s", arg[1])
	}

	final := df.stages[len(df.stages)-1]
	assert.Equal(t, "scratch", final.from, "a minimal final image")
	binary := ""
	for _, c := range final.find("COPY --from=") {
		if strings.Contains(c, got.out+" ") {
			binary = strings.Fields(c)[3]
		}
	}
	require.NotEmpty(t, binary, "the final stage copies %s", got.out)
	assert.NotEmpty(t, final.find("COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/"), "CA certificates for amqps:// and GoTo")
	assert.NotEmpty(t, final.find("COPY component.json "), "component.json in the image")

	users := final.find("USER ")
	require.Len(t, users, 1)
	user := strings.Fields(users[0])[1]
	assert.NotContains(t, []string{"0", "root", "0:0"}, user, "a non-root user")
	assert.NotEqual(t, "0", strings.SplitN(user, ":", 2)[0], "a non-root uid")

	assert.Equal(t, []string{`ENTRYPOINT ["` + binary + `"]`}, final.find("ENTRYPOINT "), "the binary is the entry point")
	assert.Equal(t, []string{`CMD ["run"]`}, final.find("CMD "), "message processing by default")
}

// TestNoRegistryHosts: images and tools come from whatever registry the
// builder is configured with; no file names one.
func TestNoRegistryHosts(t *testing.T) {
	df := readDockerfile(t)
	for _, st := range df.stages {
		image := strings.Fields(st.from)[0]
		if first, _, ok := strings.Cut(image, "/"); ok {
			assert.False(t, strings.ContainsAny(first, ".:") || first == "localhost", "FROM %s names a registry host", image)
		}
	}
	hosts := regexp.MustCompile(`(?i)\b(docker\.io|index\.docker|registry-1|gcr\.io|ghcr\.io|quay\.io|ecr\.[a-z0-9-]+\.amazonaws|azurecr\.io|mcr\.microsoft|proxy\.golang\.org|registry\.npmjs|pypi\.org)\b`)
	files := []string{"Dockerfile", "Makefile", "README.md", "BENCHMARKS.md", "component.json"}
	for _, glob := range []string{"scripts/*", "examples/*/*"} {
		more, err := filepath.Glob(glob)
		require.NoError(t, err)
		files = append(files, more...)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		assert.Empty(t, hosts.FindAllString(string(data), -1), "%s names a registry host", f)
	}
}
