import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The test machine is shared and often saturated: give async queries room before failing.
configure({ asyncUtilTimeout: 10_000 });
