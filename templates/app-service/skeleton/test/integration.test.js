'use strict';

const test = require('node:test');
const assert = require('node:assert');

// The pipeline runs this suite against each environment with SERVICE_URL set to its function URL.
test('the deployed service is healthy', { skip: !process.env.SERVICE_URL }, async () => {
  const response = await fetch(new URL('/health', process.env.SERVICE_URL));
  assert.strictEqual(response.status, 200);
});
