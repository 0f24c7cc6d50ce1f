package sailor

import (
	"context"
	"fmt"
)

// Snapshot implements Emitter: the container's snapshot is replaced and the
// whole of it published, as plain JSON (sailor-protocol.md 5.7).
func (r *run) Snapshot(ctx context.Context, snapshot map[string]any) error {
	if err := r.begin(); err != nil {
		return err
	}
	defer r.emits.Done()
	if snapshot == nil {
		snapshot = map[string]any{}
	}
	body, err := marshalJSON(snapshot)
	if err != nil {
		return fmt.Errorf("sailor: snapshot: %w", err)
	}
	r.s.snapMu.Lock()
	r.s.snapshot = deepCopyMap(snapshot)
	r.s.snapMu.Unlock()
	if err := r.s.snapshotThrottle.Wait(ctx); err != nil {
		r.failed(err)
		return err
	}
	return r.publishSnapshot(ctx, "snapshot", body)
}

// UpdateSnapshot implements Emitter: the delta is merged into the
// container's snapshot (top level only) and published alone. A delta in
// MongoDB style ({"$set": ...}) is ignored, as the Node sailor does.
func (r *run) UpdateSnapshot(ctx context.Context, delta map[string]any) error {
	if err := r.begin(); err != nil {
		return err
	}
	defer r.emits.Done()
	if _, ok := delta["$set"]; ok {
		r.log.Warn("updateSnapshot with $set is not supported; ignored")
		return nil
	}
	if delta == nil {
		delta = map[string]any{}
	}
	body, err := marshalJSON(delta)
	if err != nil {
		return fmt.Errorf("sailor: updateSnapshot: %w", err)
	}
	r.s.snapMu.Lock()
	for k, v := range delta {
		r.s.snapshot[k] = deepCopy(v)
	}
	r.s.snapMu.Unlock()
	return r.publishSnapshot(ctx, "updateSnapshot", body)
}

func (r *run) publishSnapshot(ctx context.Context, event string, body []byte) error {
	st := r.s.settings
	h := r.eventHeaders(1)
	h[hdrSnapshotEvent] = event
	err := r.s.publish(ctx, &Publishing{
		Exchange: st.PublishMessagesTo, RoutingKey: st.SnapshotRoutingKey,
		Headers: h, Properties: r.props(), Body: body,
	})
	if err != nil {
		r.failed(err)
	}
	return err
}
