package sailor_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/cipher"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

// Messages are encoded into reused buffers: every output of a handler that
// emits many, of different sizes, still carries its own body, in both
// protocol versions.
func TestEveryOutputKeepsItsOwnBody(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		env  map[string]string
	}{
		{"v1", nil},
		{"v2", map[string]string{"ELASTICIO_PROTOCOL_VERSION": "2"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			const n = 20
			h := newHarness(t, func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
				for i := range n {
					body := fmt.Sprintf(`{"i":%d,"text":%q}`, i, strings.Repeat("x", 1+i*i*300))
					if err := out.Data(ctx, &sailor.Message{Body: json.RawMessage(body)}); err != nil {
						return err
					}
				}
				return nil
			}, harnessOptions{env: c.env})
			outcome, _ := h.send(`{"body":{}}`, nil)
			require.Equal(t, membus.Acked, outcome)

			pubs := byKey(h.bus.Published(), "data-key")
			require.Len(t, pubs, n)
			for i, p := range pubs {
				var m struct {
					Body struct {
						I    int    `json:"i"`
						Text string `json:"text"`
					} `json:"body"`
				}
				plain, err := h.cipher.DecodeBody(p.Body, cipher.ProtocolVersion(p.Headers["protocolVersion"]))
				require.NoError(t, err)
				require.NoError(t, json.Unmarshal(plain, &m), "output %d", i)
				assert.Equal(t, i, m.Body.I)
				assert.Len(t, m.Body.Text, 1+i*i*300)
			}
		})
	}
}

// A Message read by json.Unmarshal keeps its own bytes: the input buffer
// may be reused afterwards (a line scanner does), as json.Unmarshaler
// requires.
func TestUnmarshalledMessageOwnsItsBytes(t *testing.T) {
	t.Parallel()
	buf := []byte(`{"id":"m1","body":{"text":"hello"},"headers":{"h":"v"},"metadata":{"k":1},"extra":[1]}`)
	var m sailor.Message
	require.NoError(t, json.Unmarshal(buf, &m))
	for i := range buf {
		buf[i] = ' '
	}
	assert.Equal(t, "m1", m.ID)
	assert.JSONEq(t, `{"text":"hello"}`, string(m.Body))
	assert.JSONEq(t, `{"k":1}`, string(m.Metadata))
	assert.JSONEq(t, `[1]`, string(m.Extra["extra"]))
	assert.Equal(t, map[string]any{"h": "v"}, m.Headers)
}

// Bad input is refused with what is wrong and where.
func TestMessageThatIsNotAnObject(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`null`:            "null",
		`[{"body":{}}]`:   "array",
		`{"body":{}`:      "offset",
		`{"body":{}} x`:   "offset",
		`{"body":"\x01"}`: "offset",
	} {
		var m sailor.Message
		err := json.Unmarshal([]byte(in), &m)
		if !assert.Error(t, err, in) {
			continue
		}
		var direct sailor.Message
		err = direct.UnmarshalJSON([]byte(in))
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), "not a JSON object", in)
		assert.Contains(t, err.Error(), want, in)
	}
}

// A handler can read the step configuration as the platform stores it now,
// where the sailor was given a way to; elsewhere it is told it cannot.
func TestKeysReadTheStoredConfig(t *testing.T) {
	t.Parallel()
	var got map[string]any
	var gotErr error
	h := newHarness(t, func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		got, gotErr = req.Keys.(sailor.KeysReader).StoredConfig(ctx)
		return nil
	}, harnessOptions{})
	outcome, _ := h.send(`{"body":{}}`, nil)
	require.Equal(t, membus.Acked, outcome)
	assert.ErrorIs(t, gotErr, sailor.ErrNoStoredConfig)
	assert.Nil(t, got)
}

// Ids and member names are written without an encoder when they are plain
// ASCII; anything else is escaped as JSON requires, and reads back as it
// was.
func TestMessageJSONEscapesWhatNeedsIt(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"plain-id_1", `quote"and\backslash`, "tab\there", "ünïcode ✓", "<b>&</b>"} {
		m := sailor.Message{
			ID: id, Body: json.RawMessage(`{}`),
			Passthrough: map[string]json.RawMessage{id: json.RawMessage(`{"body":{}}`)},
			Extra:       map[string]json.RawMessage{"x-" + id: json.RawMessage(`1`)},
		}
		raw, err := m.MarshalJSON()
		require.NoError(t, err, id)
		var back map[string]any
		require.NoError(t, json.Unmarshal(raw, &back), "%q gives valid JSON: %s", id, raw)
		assert.Equal(t, id, back["id"])
		assert.Contains(t, back["passthrough"], id)
		assert.Equal(t, float64(1), back["x-"+id])
	}
	raw, _ := sailor.Message{ID: "<b>&</b>"}.MarshalJSON()
	assert.Contains(t, string(raw), `"<b>&</b>"`, "no HTML escapes, as in JSON.stringify")
}
