/** placeholder; the heap owner replaces this file. */
export {};
