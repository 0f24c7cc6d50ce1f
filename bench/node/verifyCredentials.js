'use strict';

// The counterpart of the Go test component's verifyCredentials, for the
// service comparison (test/wire): the token "bad" is refused.
module.exports = async function verifyCredentials(cfg) {
  if (cfg.token === 'bad') {
    throw new Error('token rejected');
  }
  return { verified: true };
};
