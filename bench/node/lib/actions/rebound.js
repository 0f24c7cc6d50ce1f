'use strict';

// The counterpart of the Go test component's rebound (without its url
// option): one rebound whose reason is body.message, or "try again later".
exports.process = async function process(msg) {
    const body = msg.body || {};
    await this.emit('rebound', new Error(body.message || 'try again later'));
};
