package sailor

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/elasticio/gotowebinar-component/internal/sailor/cipher"
	"github.com/elasticio/gotowebinar-component/internal/sailor/settings"
)

// ReportStartupError publishes err as an error event of the step, without
// errorInput (there is no input yet), and waits for the broker's confirm:
// the platform then shows why the container failed to start
// (sailor-protocol.md 3.7). The caller exits 1 afterwards.
func ReportStartupError(ctx context.Context, st *settings.Settings, t Transport, cause error) error {
	c, err := cipher.New(st.CryptoPassword, st.CryptoIV)
	if err != nil {
		return fmt.Errorf("sailor: report startup error: %w", err)
	}
	h := make(map[string]any, 10+len(st.AdditionalHeaders))
	for _, ah := range st.AdditionalHeaders {
		h[ah.Name] = ah.Value
	}
	h["execId"] = st.ExecID
	h["taskId"] = st.FlowID
	h["workspaceId"] = st.WorkspaceID
	h["containerId"] = st.ContainerID
	h["userId"] = st.UserID
	h[hdrStepID] = st.StepID
	h["compId"] = st.CompID
	h["function"] = st.Function
	h[hdrMessageID] = NewUUID()
	body, _ := json.Marshal(map[string]string{"error": c.EncryptToBase64(newErrorPayload(cause).json())})
	props := Properties{ContentType: contentType, ContentEncoding: contentEncoding, DeliveryMode: 1}
	if st.PersistentMessages {
		props.DeliveryMode = 2
	}
	if err := t.Publish(ctx, &Publishing{
		Exchange: st.PublishMessagesTo, RoutingKey: st.ErrorRoutingKey,
		Headers: h, Properties: props, Body: body,
	}); err != nil {
		return fmt.Errorf("sailor: report startup error: %w", err)
	}
	return nil
}
