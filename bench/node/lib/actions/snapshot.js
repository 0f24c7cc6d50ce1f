'use strict';

const { randomUUID } = require('crypto');

// The counterpart of the Go test component's snapshot trigger: data with
// the snapshot it was given, then snapshot {counter: counter + 1}, then
// updateSnapshot {updated: true}, each awaited so that they are published
// in this order.
exports.process = async function process(msg, cfg, snapshot) {
    const seen = snapshot || {};
    await this.emit('data', {
        id: randomUUID(), attachments: {}, body: { snapshot: seen }, headers: {}, metadata: {}
    });
    // Go reads the counter as an integer and starts from 0 without one.
    const counter = typeof seen.counter === 'number' ? Math.trunc(seen.counter) : 0;
    await this.emit('snapshot', { counter: counter + 1 });
    await this.emit('updateSnapshot', { updated: true });
};
