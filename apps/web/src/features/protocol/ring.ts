/** A fixed-capacity queue: `push` is O(1) and, when full, drops and returns the oldest item. */
export class Ring<T> {
  readonly #items: (T | undefined)[];
  #head = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity ${capacity}`);
    this.#items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  push(item: T): T | undefined {
    let dropped: T | undefined;
    if (this.#size === this.capacity) {
      dropped = this.#items[this.#head];
      this.#head = (this.#head + 1) % this.capacity;
      this.#size--;
    }
    this.#items[(this.#head + this.#size) % this.capacity] = item;
    this.#size++;
    return dropped;
  }

  clear(): void {
    this.#items.fill(undefined);
    this.#head = 0;
    this.#size = 0;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.#size; i++) yield this.#items[(this.#head + i) % this.capacity] as T;
  }
}
