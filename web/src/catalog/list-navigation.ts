/** Keyboard movement in a list (the catalog's tables): arrows step, Home/End jump, PageUp/PageDown move by a page; undefined for other keys. */
export function nextIndex(current: number, key: string, length: number, page = 10): number | undefined {
  if (length === 0) return undefined
  const clamp = (i: number) => Math.max(0, Math.min(length - 1, i))
  switch (key) {
    case 'ArrowDown':
      return current < 0 ? 0 : clamp(current + 1)
    case 'ArrowUp':
      return current < 0 ? length - 1 : clamp(current - 1)
    case 'Home':
      return 0
    case 'End':
      return length - 1
    case 'PageDown':
      return clamp(current + page)
    case 'PageUp':
      return clamp(current - page)
    default:
      return undefined
  }
}
