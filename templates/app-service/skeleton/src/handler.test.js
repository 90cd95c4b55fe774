'use strict';

const test = require('node:test');
const assert = require('node:assert');
const { handler } = require('./handler');

test('health check answers ok', async () => {
  const response = await handler({ rawPath: '/health' });
  assert.strictEqual(response.statusCode, 200);
  assert.deepStrictEqual(JSON.parse(response.body), { status: 'ok' });
});

test('other paths report the region', async () => {
  process.env.AWS_REGION = 'us-east-1';
  const response = await handler({ rawPath: '/' });
  assert.strictEqual(JSON.parse(response.body).region, 'us-east-1');
});
