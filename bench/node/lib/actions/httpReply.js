'use strict';

const echo = require('./_echo.js');

// The counterpart of the Go test component's httpReply: a 200 reply whose
// body is the input body as JSON text, then the input echoed as data.
exports.process = async function process(msg) {
    await this.emit('httpReply', {
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(msg.body)
    });
    await this.emit('data', echo(msg));
};
