'use strict';

// The counterpart of the Go test component's fail: the function itself
// fails (body.message, or "test failure"), so the sailor reports the error
// and rejects the input. Async so that the failure takes the same path as
// an awaited component's would: a rejected promise.
exports.process = async function process(msg) {
    const body = msg.body || {};
    throw new Error(body.message || 'test failure');
};
