'use strict';

const fs = require('fs');
const echo = require('./_echo.js');

// The counterpart of the Go test component's slow: wait body.sleepMs
// (default 1000) or until the file body.untilFile exists, then echo the
// input as data. The wire test uses it for an echo that honours routeTo,
// which passthrough (kept as the benchmark has it) does not.
exports.process = async function process(msg) {
    const body = msg.body || {};
    const sleepMs = body.sleepMs > 0 ? body.sleepMs : 1000;
    const deadline = Date.now() + sleepMs;
    while (Date.now() < deadline) {
        if (body.untilFile && fs.existsSync(body.untilFile)) {
            break;
        }
        await new Promise(resolve => setTimeout(resolve, Math.min(20, Math.max(deadline - Date.now(), 0))));
    }
    await this.emit('data', echo(msg));
};
