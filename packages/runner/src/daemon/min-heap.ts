/** A binary min-heap keyed by a number: O(log n) push/pop, O(1) peek. */
export class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly key: (item: T) => number) {}

  /** Number of items. */
  get size(): number {
    return this.items.length;
  }

  /** The smallest item, without removing it. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** Adds an item. */
  push(item: T): void {
    const items = this.items;
    items.push(item);
    let index = items.length - 1;
    const value = this.key(item);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.key(items[parent]!) <= value) break;
      items[index] = items[parent]!;
      index = parent;
    }
    items[index] = item;
  }

  /** Removes and returns the smallest item. */
  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      let index = 0;
      const value = this.key(last);
      for (;;) {
        const left = index * 2 + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child = right < items.length && this.key(items[right]!) < this.key(items[left]!) ? right : left;
        if (this.key(items[child]!) >= value) break;
        items[index] = items[child]!;
        index = child;
      }
      items[index] = last;
    }
    return top;
  }
}
