/**
 * Is NCALayer running on this computer? One quiet probe per page load (shared by every
 * component that asks), repeated only when the person presses "Check again".
 */
import { useCallback, useEffect, useState } from 'react';
import { probeNcaLayer } from './ncalayer.ts';

export type NcaLayerState = { status: 'checking' } | { status: 'available'; version: string } | { status: 'unavailable' };

let probe: Promise<string | null> | null = null;

export function useNcaLayer(): NcaLayerState & { recheck: () => void } {
  const [state, setState] = useState<NcaLayerState>({ status: 'checking' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    probe ??= probeNcaLayer();
    void probe.then((v) => {
      if (live) setState(v === null ? { status: 'unavailable' } : { status: 'available', version: v });
    });
    return () => {
      live = false;
    };
  }, [tick]);
  const recheck = useCallback(() => {
    probe = null;
    setState({ status: 'checking' });
    setTick((n) => n + 1);
  }, []);
  return { ...state, recheck };
}
