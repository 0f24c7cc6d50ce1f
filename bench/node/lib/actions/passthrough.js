'use strict';

// The counterpart of the Go test component's passthrough: one data message
// whose body is the input body, then end. Its id is the input's, or, for
// an input without one (an error handler step's), the body's withId, the
// option the Go passthrough reads.
exports.process = function process(msg) {
  const id = msg.id || (msg.body && msg.body.withId);
  this.emit('data', { id, attachments: {}, body: msg.body, headers: {}, metadata: {} });
  this.emit('end');
};
