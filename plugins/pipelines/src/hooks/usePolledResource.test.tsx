import { act, renderHook, waitFor } from '@testing-library/react';
import { usePolledResource, type RememberedAt } from './usePolledResource';

/** A load whose answers the test releases one at a time. */
function controlledLoad<T>() {
  const pending: Array<(value: T) => void> = [];
  const load = jest.fn(() => new Promise<T>(resolve => pending.push(resolve)));
  const answer = async (value: T) => {
    await waitFor(() => expect(pending.length).toBeGreaterThan(0));
    await act(async () => pending.shift()!(value));
  };
  return { load, answer };
}

describe('usePolledResource', () => {
  it('shows the remembered answer at once when mounted again, then the current one', async () => {
    const store = {};
    const at: RememberedAt = { store, key: 'pipelines component:default/a' };
    const first = controlledLoad<string>();
    const view1 = renderHook(() =>
      usePolledResource(first.load, () => undefined, [], at),
    );
    expect(view1.result.current).toMatchObject({ loading: true });
    expect(view1.result.current.value).toBeUndefined();
    await first.answer('answer 1');
    expect(view1.result.current).toMatchObject({
      value: 'answer 1',
      loading: false,
    });
    view1.unmount();

    const second = controlledLoad<string>();
    const view2 = renderHook(() =>
      usePolledResource(second.load, () => undefined, [], at),
    );
    // Before any answer: the last one, marked as still loading.
    expect(view2.result.current).toMatchObject({
      value: 'answer 1',
      loading: true,
    });
    expect(second.load).toHaveBeenCalledTimes(1);
    await second.answer('answer 2');
    expect(view2.result.current).toMatchObject({
      value: 'answer 2',
      loading: false,
    });
  });

  it('remembers per store and key, and not a failed fetch', async () => {
    const store = {};
    const failing = jest.fn(async (): Promise<string> => {
      throw new Error('throttled');
    });
    const view = renderHook(() =>
      usePolledResource(failing, () => undefined, [], { store, key: 'a' }),
    );
    await waitFor(() => expect(view.result.current.error).toBeDefined());
    view.unmount();

    const ok = controlledLoad<string>();
    const again = renderHook(() =>
      usePolledResource(ok.load, () => undefined, [], { store, key: 'a' }),
    );
    expect(again.result.current.value).toBeUndefined();
    await ok.answer('fine');
    again.unmount();

    for (const other of [
      { store, key: 'b' },
      { store: {}, key: 'a' },
      undefined,
    ]) {
      const o = renderHook(() =>
        usePolledResource(ok.load, () => undefined, [], other),
      );
      expect(o.result.current.value).toBeUndefined();
      o.unmount();
    }
  });

  it('starts from the new key’s memory when its parameters change', async () => {
    const store = {};
    const a = controlledLoad<string>();
    const viewA = renderHook(() =>
      usePolledResource(a.load, () => undefined, [], { store, key: 'b' }),
    );
    await a.answer('of b');
    viewA.unmount();

    const load = controlledLoad<string>();
    const view = renderHook(
      ({ key }) =>
        usePolledResource(load.load, () => undefined, [key], { store, key }),
      { initialProps: { key: 'a' } },
    );
    await load.answer('of a');
    expect(view.result.current.value).toBe('of a');
    view.rerender({ key: 'b' });
    await waitFor(() =>
      expect(view.result.current).toMatchObject({
        value: 'of b',
        loading: true,
      }),
    );
    await load.answer('of b, now');
    expect(view.result.current.value).toBe('of b, now');
  });
});
