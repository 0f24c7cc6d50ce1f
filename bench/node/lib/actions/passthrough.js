'use strict';

// The counterpart of the Go test component's passthrough: one data message
// whose body is the input body, then end.
exports.process = function process(msg) {
  this.emit('data', { id: msg.id, attachments: {}, body: msg.body, headers: {}, metadata: {} });
  this.emit('end');
};
