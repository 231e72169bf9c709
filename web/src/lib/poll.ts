/** Runs `refresh` now and every `ms` while a view is mounted; use as `onMount(() => poll(refresh, 3_000))`. */
export function poll(refresh: () => Promise<void>, ms: number): () => void {
  void refresh()
  const timer = setInterval(() => void refresh(), ms)
  return () => clearInterval(timer)
}
