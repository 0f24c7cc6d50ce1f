package component

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
)

func TestCreateRegistrantMetaModel(t *testing.T) {
	e := newEnv(t, envOptions{})
	meta := func(t *testing.T, fields map[string]any) (in, out map[string]any) {
		t.Helper()
		m, err := e.comp.createRegistrantMetaModel(context.Background(), &sailor.ServiceRequest{Config: e.config(fields)})
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(m.In, &in))
		require.NoError(t, json.Unmarshal(m.Out, &out))
		return in, out
	}

	t.Run("from the webinar's registration form", func(t *testing.T) {
		w := regQuestionsWebinar(e)
		in, out := meta(t, map[string]any{"webinarKey": keyString(w.Key)})
		props := in["properties"].(map[string]any)
		assert.ElementsMatch(t, []any{"firstName", "lastName", "email", "organization"}, in["required"])
		assert.Equal(t, map[string]any{"title": "Industry", "type": "string", "maxLength": float64(128),
			"enum": []any{"Software", "Manufacturing", "Education", "Healthcare", "Other"}}, props["industry"])
		assert.NotContains(t, props, "city", "only the form's fields")

		questions := props["questions"].(map[string]any)
		qprops := questions["properties"].(map[string]any)
		require.Len(t, qprops, len(w.Questions))
		short, choice := w.Questions[0], w.Questions[1]
		assert.Equal(t, map[string]any{"title": short.Text, "type": "string", "maxLength": float64(short.MaxSize)}, qprops[keyString(short.Key)])
		var texts []any
		for _, a := range choice.Answers {
			texts = append(texts, a.Text)
		}
		assert.Equal(t, map[string]any{"title": choice.Text, "type": "string", "maxLength": float64(choice.MaxSize), "enum": texts},
			qprops[keyString(choice.Key)])
		assert.ElementsMatch(t, []any{keyString(short.Key), keyString(choice.Key)}, questions["required"])
		assert.Contains(t, out["properties"], "alreadyRegistered")
	})
	t.Run("static without a webinar", func(t *testing.T) {
		// The root package's TestCreateRegistrantStaticMetadataMatchesGetMetaModel
		// checks the whole model against component.json.
		in, _ := meta(t, nil)
		assert.Contains(t, in["properties"], "city")
	})
	t.Run("unknown webinar", func(t *testing.T) {
		_, err := e.comp.createRegistrantMetaModel(context.Background(),
			&sailor.ServiceRequest{Config: e.config(map[string]any{"webinarKey": "1234567890123456789"})})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "1234567890123456789")
		assert.Contains(t, err.Error(), "not found")
	})
}
