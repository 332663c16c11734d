// A clock for "12 s ago" labels: re-renders its component every `intervalMs`, nothing else.
import { useEffect, useState } from 'react'

export function useNow(intervalMs = 1000): number {
  const [nowMs, setNowMs] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNowMs(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return nowMs
}
