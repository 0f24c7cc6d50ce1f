'use strict';

const { randomUUID } = require('crypto');

// Not an action: the Go test component's echo (internal/sailor/testcomponent),
// shared by the actions that emit the input back as data. body.withId becomes
// the message id (else a fresh one) and body.routeTo the x-eio-routing-key
// header, so a test can make both sailors emit the same message.
module.exports = function echo(msg) {
    const body = msg.body === undefined ? {} : msg.body;
    const opts = body || {};
    const headers = {};
    if (opts.routeTo) {
        headers['x-eio-routing-key'] = opts.routeTo;
    }
    return { id: opts.withId || randomUUID(), attachments: {}, body, headers, metadata: {} };
};
