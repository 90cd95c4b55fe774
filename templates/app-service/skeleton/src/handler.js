'use strict';

/**
 * Lambda handler behind a function URL. It answers health checks and echoes the region, which is
 * enough for the pipeline's one-box, integration and synthetic tests to tell deployments apart.
 */
exports.handler = async event => {
  const path = event?.rawPath ?? '/';
  if (path === '/health') {
    return { statusCode: 200, body: JSON.stringify({ status: 'ok' }) };
  }
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ service: process.env.SERVICE_NAME, region: process.env.AWS_REGION }),
  };
};
