import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('prepares every feature without errors and shows the guest sign-in', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            // Nothing listens here: the silent guest sign-in fails and the page offers the button.
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    // An app whose features do not fit together renders an error page instead of the sign-in.
    expect(
      await screen.findByRole('button', { name: /enter/i }, { timeout: 15_000 }),
    ).toBeInTheDocument();
  });
});
