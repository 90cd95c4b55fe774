import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { useSignalledResource } from './useSignalledResource';

/** A signals API whose test publishes by hand, per channel. */
function fakeSignals() {
  const subscribers = new Map<string, Array<(message: any) => void>>();
  const api: SignalApi = {
    subscribe: (channel, onMessage) => {
      subscribers.set(channel, [
        ...(subscribers.get(channel) ?? []),
        onMessage as any,
      ]);
      return {
        unsubscribe: () =>
          subscribers.set(
            channel,
            (subscribers.get(channel) ?? []).filter(s => s !== onMessage),
          ),
      };
    },
  };
  const publish = (channel: string, message: object) =>
    (subscribers.get(channel) ?? []).forEach(s => s(message));
  return { api, publish, subscribers };
}

describe('useSignalledResource', () => {
  it('re-fetches when its channel signals a change, not for other channels', async () => {
    const signals = fakeSignals();
    let answer = 1;
    const load = jest.fn(async () => answer);
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[signalApiRef, signals.api]]}>
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(
      () =>
        useSignalledResource('dpra-pipelines:inbox', load, () => undefined, []),
      { wrapper },
    );
    await waitFor(() => expect(result.current.value).toBe(1));
    expect(load).toHaveBeenCalledTimes(1);

    answer = 2;
    act(() => signals.publish('dpra-pipelines:other', { reason: 'refresh' }));
    act(() => signals.publish('dpra-pipelines:inbox', { reason: 'decision' }));
    await waitFor(() => expect(result.current.value).toBe(2));
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('polls alone without the signals plugin', async () => {
    let answer = 1;
    const load = jest.fn(async () => answer++);
    const { result } = renderHook(() =>
      useSignalledResource('dpra-pipelines:inbox', load, () => 10, []),
    );
    await waitFor(() => expect(result.current.value).toBeGreaterThan(2));
  });
});
