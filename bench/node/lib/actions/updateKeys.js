'use strict';

const echo = require('./_echo.js');

// The counterpart of the Go test component's updateKeys: updateKeys with
// body.keys (or {token: "refreshed"}), then the input echoed as data.
exports.process = async function process(msg) {
    const body = msg.body || {};
    await this.emit('updateKeys', body.keys || { token: 'refreshed' });
    await this.emit('data', echo(msg));
};
