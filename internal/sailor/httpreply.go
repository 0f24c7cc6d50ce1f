package sailor

import (
	"context"
	"fmt"
	"strings"
)

// HTTPReply implements Emitter (sailor-protocol.md 5.8): always protocol
// version 1, to the reply_to routing key of the input. Without reply_to
// the emit fails; the handler decides whether that ends the message.
func (r *run) HTTPReply(ctx context.Context, reply HTTPReply) error {
	if err := r.begin(); err != nil {
		return err
	}
	defer r.emits.Done()
	if r.in.replyTo == "" {
		return nodeErrorf(nil, "Component emitted 'httpReply' event but 'reply_to' was not found in AMQP headers")
	}
	if reply.Headers != nil {
		hs := make(map[string]string, len(reply.Headers))
		for k, v := range reply.Headers {
			if !strings.EqualFold(k, hdrRoutingKey) {
				hs[k] = v
			}
		}
		reply.Headers = hs
	}
	plain, err := marshalJSON(reply)
	if err != nil {
		return fmt.Errorf("sailor: httpReply: %w", err)
	}
	body := r.s.cipher.EncodeBody(plain, 1)
	if err := r.checkSize(len(body)); err != nil {
		return err
	}
	h := r.eventHeaders(1)
	h[hdrProtocolVersion] = intHeader(1)
	err = r.s.publish(ctx, &Publishing{
		Exchange: r.s.settings.PublishMessagesTo, RoutingKey: r.in.replyTo,
		Headers: h, Properties: r.props(), Body: body,
	})
	if err != nil {
		r.failed(err)
	}
	return err
}
