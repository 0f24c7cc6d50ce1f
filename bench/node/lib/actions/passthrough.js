'use strict';

// The counterpart of the Go test component's passthrough: one data message
// whose body is the input body, then end; body.log is logged first. Its id is the input's, or, for
// an input without one (an error handler step's), the body's withId, the
// option the Go passthrough reads.
exports.process = function process(msg) {
  if (msg.body && typeof msg.body.log === 'string') {
    this.logger.info(msg.body.log);
  }
  const id = msg.id || (msg.body && msg.body.withId);
  this.emit('data', { id, attachments: {}, body: msg.body, headers: {}, metadata: {} });
  this.emit('end');
};

// The service methods, as the Go test component has them: getMetaModel
// fails when cfg.failMeta is true and stores cfg.newKeys first when set.
exports.getMetaModel = async function getMetaModel(cfg) {
  if (cfg.failMeta === true || cfg.failMeta === 'true') {
    throw new Error('metadata unavailable');
  }
  if (cfg.newKeys && typeof cfg.newKeys === 'object') {
    this.emit('updateKeys', cfg.newKeys);
  }
  return {
    in: { type: 'object', properties: { message: { type: 'string' } } },
    out: { type: 'object' },
  };
};

exports.listChoices = async function listChoices() {
  return { a: 'Choice A', b: 'Choice B' };
};

// The hooks, as the Go test component has them: startup returns
// cfg.startupState, init fails when cfg.failInit is true, shutdown does
// nothing but is there to be called.
exports.startup = async function startup(cfg) {
  return cfg.startupState;
};

exports.init = async function init(cfg) {
  if (cfg.failInit === true || cfg.failInit === 'true') {
    throw new Error('init failed on purpose');
  }
};

exports.shutdown = async function shutdown() {};
