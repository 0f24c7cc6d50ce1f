package sailor

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// hdrObjectID marks a message (or passthrough entry) whose body lives in the
// platform's object storage (sailor-protocol.md 5.10).
const hdrObjectID = "x-ipaas-object-storage-id"

// ObjectStore keeps the bodies of lightweight messages. The bytes are the
// AES ciphertext of the body's JSON (raw, not base64); the sailor encrypts
// before Put and decrypts after Get. platform.ObjectStorage implements it.
type ObjectStore interface {
	Put(ctx context.Context, ciphertext []byte) (string, error)
	Get(ctx context.Context, id string) ([]byte, error)
}

// resolveObjects replaces the body of msg, and of every passthrough entry,
// that references an object with the object's content, before the handler
// runs. The reference header is left in place, as the Node sailor does.
func (r *run) resolveObjects(ctx context.Context, msg *Message) error {
	if id := headerString(msg.Headers[hdrObjectID]); id != "" {
		body, err := r.fetchObject(ctx, id)
		if err != nil {
			return err
		}
		msg.Body = body
	}
	return r.fetchPassthrough(ctx, msg.Passthrough, false)
}

func (r *run) fetchObject(ctx context.Context, id string) (json.RawMessage, error) {
	fail := func(err error) error {
		return nodeErrorf(err, "Failed to get message body with id=%s", id)
	}
	if r.s.objects == nil {
		return nil, fail(fmt.Errorf("ELASTICIO_OBJECT_STORAGE_URI is not set"))
	}
	ciphertext, err := r.s.objects.Get(ctx, id)
	if err != nil {
		return nil, fail(err)
	}
	plain, err := r.s.cipher.DecodeBody(ciphertext, 2)
	if err != nil {
		return nil, fail(err)
	}
	plain = bytes.TrimSpace(plain)
	if !json.Valid(plain) {
		return nil, fail(fmt.Errorf("object is not JSON"))
	}
	return json.RawMessage(plain), nil
}

// decodeEntry reads a passthrough entry as an object with raw values.
func decodeEntry(raw json.RawMessage) (map[string]json.RawMessage, error) {
	var entry map[string]json.RawMessage
	if err := json.Unmarshal(raw, &entry); err != nil || entry == nil {
		return nil, fmt.Errorf("not an object")
	}
	return entry, nil
}

// entryObjectID is the object reference in a passthrough entry's headers.
func entryObjectID(entry map[string]json.RawMessage) string {
	var headers map[string]any
	if json.Unmarshal(entry["headers"], &headers) != nil {
		return ""
	}
	return headerString(headers[hdrObjectID])
}

// rehydrate fetches back the bodies of outgoing passthrough entries that
// were left in object storage, when this step does not emit lightweight
// messages, so that what it sends is self-contained (sailor-protocol.md
// 5.10, as the Node sailor does). Only entries with an empty body and an
// object reference are fetched: with autoResolveObjectReferences on, the
// input's entries were resolved before the handler ran.
func (r *run) rehydrate(ctx context.Context, passthrough map[string]json.RawMessage) error {
	if r.s.settings.EmitLightweightMessage {
		return nil
	}
	return r.fetchPassthrough(ctx, passthrough, true)
}

// fetchPassthrough replaces the body of every passthrough entry that
// references an object (only those with an empty body when onlyEmpty)
// with the object's content; the reference header stays, as the Node
// sailor leaves it.
func (r *run) fetchPassthrough(ctx context.Context, passthrough map[string]json.RawMessage, onlyEmpty bool) error {
	// Most entries carry no reference: not worth decoding, nor sorting, on
	// every message. The rest go in step order, so a failure is repeatable.
	var referencing []string
	for step, raw := range passthrough {
		if bytes.Contains(raw, []byte(hdrObjectID)) {
			referencing = append(referencing, step)
		}
	}
	slices.Sort(referencing)
	for _, step := range referencing {
		entry, err := decodeEntry(passthrough[step])
		if err != nil || (onlyEmpty && !emptyJSON(entry["body"])) {
			continue // not an object: nothing the sailor can resolve
		}
		id := entryObjectID(entry)
		if id == "" {
			continue
		}
		body, err := r.fetchObject(ctx, id)
		if err != nil {
			return err
		}
		entry["body"] = body
		passthrough[step] = appendRawObject(nil, entry)
	}
	return nil
}

// emptyJSON is lodash's isEmpty for a raw JSON value, which the Node
// sailor applies to a passthrough body: absent, null, {}, [] or "".
func emptyJSON(raw json.RawMessage) bool {
	v := bytes.TrimSpace(raw)
	if len(v) >= 2 && (v[0] == '{' && v[len(v)-1] == '}' || v[0] == '[' && v[len(v)-1] == ']') {
		return len(bytes.TrimSpace(v[1:len(v)-1])) == 0
	}
	return len(v) == 0 || string(v) == "null" || string(v) == `""`
}

// externalise uploads the body of out, and the bodies of the passthrough
// entries not yet in object storage, when lightweight messages are on and
// their total size is above the threshold; each uploaded body is replaced
// by {} and its id put in the x-ipaas-object-storage-id header.
func (r *run) externalise(ctx context.Context, out *Message, passthrough map[string]json.RawMessage) error {
	st := r.s.settings
	if !st.EmitLightweightMessage || r.s.objects == nil {
		return nil
	}
	total := len(out.Body)
	entries := map[string]map[string]json.RawMessage{}
	for step, raw := range passthrough {
		entry, err := decodeEntry(raw)
		if err != nil {
			continue
		}
		entries[step] = entry
		total += len(entry["body"])
	}
	if total <= st.ObjectStorageSizeThreshold {
		return nil
	}
	uploadErr := func(err error) error {
		return nodeErrorf(err, "Lightweight message/passthrough body upload error: %v", err)
	}
	if headerString(out.Headers[hdrObjectID]) == "" {
		id, err := r.upload(ctx, out.Body)
		if err != nil {
			return uploadErr(err)
		}
		out.Body = json.RawMessage(`{}`)
		out.Headers[hdrObjectID] = id
	}
	for _, step := range slices.Sorted(maps.Keys(entries)) {
		entry := entries[step]
		if entryObjectID(entry) != "" || len(entry["body"]) == 0 {
			continue
		}
		id, err := r.upload(ctx, entry["body"])
		if err != nil {
			return uploadErr(err)
		}
		var headers map[string]any
		_ = json.Unmarshal(entry["headers"], &headers)
		if headers == nil {
			headers = map[string]any{}
		}
		headers[hdrObjectID] = id
		hraw, err := marshalJSON(headers)
		if err != nil {
			return uploadErr(err)
		}
		entry["headers"] = hraw
		entry["body"] = json.RawMessage(`{}`)
		passthrough[step] = appendRawObject(nil, entry)
	}
	return nil
}

func (r *run) upload(ctx context.Context, body json.RawMessage) (string, error) {
	if len(body) == 0 {
		body = json.RawMessage(`null`)
	}
	return r.s.objects.Put(ctx, r.s.cipher.Encrypt(body))
}
