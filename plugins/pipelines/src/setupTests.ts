import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The test machine is shared and often saturated: give async queries room before failing.
configure({ asyncUtilTimeout: 10_000 });

// Times are rendered in the viewer's zone: make the viewer's zone the same on every machine.
process.env.TZ = 'UTC';
