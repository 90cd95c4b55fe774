#!/bin/sh
# Smoke test run by the pipeline's Test stage on an instance launched from the new image.
set -eu
test -x /usr/bin/aws || { echo "AWS CLI missing"; exit 1; }
systemctl is-active --quiet amazon-ssm-agent || { echo "SSM agent not running"; exit 1; }
echo "image smoke test passed"
